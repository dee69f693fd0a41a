/** Normalisation helpers: standardize, oneHot. */
import { ArgumentError, describeValue, inContext } from "../errors.js";
import * as ops from "../primitives/ops.js";
import { type DType, dtypeArg } from "../tensor/dtype.js";
import { normalizeAxis, reductionAxes } from "../tensor/shape.js";
import type { AxisArg, Tensor, TensorLike } from "../tensor/tensor.js";
import { tensorArg, toBool, toFloat } from "../np/coerce.js";
import * as np from "../np/index.js";
import { optionalArgs } from "../np/options.js";

/** `nn.standardize`'s options (JAX's keyword arguments). */
export interface StandardizeOptions {
  axis?: AxisArg;
  mean?: TensorLike;
  variance?: TensorLike;
  epsilon?: TensorLike;
  where?: TensorLike;
  /** "fast" (JAX's default: E[x²] − E[x]², clipped at 0) or "stable" (E[(x − mean)²]). */
  algorithm?: "fast" | "stable";
}

/**
 * (x − mean) / √(variance + epsilon) over `axis` (default −1; `null` is every axis). `mean` and
 * `variance` default to the statistics of x over `axis` (kept as size-1 axes), counting only
 * the elements where `where` is true when it is given; `epsilon` defaults to 1e-5. The variance
 * is JAX's "fast" E[x²] − E[x]² clipped at 0 unless `algorithm: "stable"`.
 * @example `nn.standardize([1, 3]).toArray()` // [-0.999995, 0.999995]
 */
export function standardize(x: TensorLike, ...rest: [axis?: AxisArg, mean?: TensorLike, variance?: TensorLike, epsilon?: TensorLike, where?: TensorLike, options?: StandardizeOptions] | [options: StandardizeOptions]): Tensor {
  return inContext("nn.standardize", () => {
    const o = optionalArgs("nn.standardize", ["axis", "mean", "variance", "epsilon", "where", "algorithm"], rest);
    const t = toFloat(tensorArg("standardize", x));
    const axes = reductionAxes(o.axis === undefined ? -1 : o.axis, t.ndim, "nn.standardize");
    const algorithm = o.algorithm ?? "fast";
    if (algorithm !== "fast" && algorithm !== "stable") {
      throw new ArgumentError(`nn.standardize: algorithm must be "fast" or "stable"; got ${describeValue(algorithm)}.`);
    }
    const w = o.where === undefined ? undefined : np.broadcastTo(toBool(tensorArg("standardize", o.where as TensorLike, "where")), t.shape);
    // The mean over `axes` (of the elements where w is true), kept as size-1 axes.
    const average = (v: Tensor): Tensor => {
      if (w === undefined) return np.mean(v, axes, true);
      return np.div(np.sum(np.where(w, v, 0), axes, true), np.sum(ops.convert(w, v.dtype), axes, true));
    };
    const mean = o.mean === undefined ? average(t) : tensorArg("standardize", o.mean as TensorLike, "mean");
    let variance: Tensor;
    if (o.variance !== undefined) variance = tensorArg("standardize", o.variance as TensorLike, "variance");
    else if (algorithm === "stable") variance = average(np.square(np.sub(t, mean)));
    else variance = np.maximum(np.sub(average(np.square(t)), np.square(mean)), 0);
    const epsilon = o.epsilon === undefined ? 1e-5 : (o.epsilon as TensorLike);
    const denom = np.add(variance, epsilon);
    return np.mul(np.sub(t, mean), ops.unaryOp("rsqrt", toFloat(denom)));
  });
}

/** `nn.oneHot`'s options. */
export interface OneHotOptions {
  dtype?: DType;
  axis?: number;
}

/**
 * One-hot encoding: a new axis `axis` (default −1, the last) of size `numClasses` holding 1 at
 * index x and 0 elsewhere (all 0 for an x outside [0, numClasses)). float32 unless `dtype`.
 * @example `nn.oneHot([0, 2], 3).toArray()` // [[1, 0, 0], [0, 0, 1]]
 */
export function oneHot(x: TensorLike, numClasses: number, ...rest: [options?: OneHotOptions]): Tensor {
  return inContext("nn.oneHot", () => {
    const o = optionalArgs("nn.oneHot", ["dtype", "axis"], rest);
    const t = tensorArg("oneHot", x);
    if (typeof numClasses !== "number" || !Number.isInteger(numClasses) || numClasses < 0) {
      throw new ArgumentError(`nn.oneHot: numClasses must be a non-negative integer; got ${describeValue(numClasses)}.`);
    }
    const dtype = o.dtype === undefined ? "float32" : dtypeArg(o.dtype, "nn.oneHot");
    const axis = normalizeAxis((o.axis ?? -1) as number, t.ndim + 1, "nn.oneHot");
    const shape = [...t.shape];
    shape.splice(axis, 0, numClasses);
    const value = t.dtype === "bool" ? ops.convert(t, "int32") : t;
    const classes = ops.iota(value.dtype, shape, axis);
    const expanded = np.broadcastTo(np.expandDims(value, axis), shape);
    return ops.convert(np.equal(expanded, classes), dtype);
  });
}
