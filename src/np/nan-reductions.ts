/**
 * The reductions that ignore NaN, as JAX defines them: nansum, nanprod (NaN read as 0 or 1),
 * nanmax, nanmin (NaN where a whole slice is NaN), nanmean, nanvar, nanstd (over the non-NaN
 * count; NaN when it is ≤ ddof), nanargmax, nanargmin (−1 where a whole slice is NaN). Integer
 * and bool inputs hold no NaN: they reduce as the plain functions do.
 */
import { DTypeError, inContext } from "../errors.js";
import { reduceAnd } from "../primitives/cumulative/ops.js";
import * as ops from "../primitives/ops.js";
import { isFloat } from "../tensor/dtype.js";
import { scalar } from "../tensor/from-js.js";
import type { AxisArg, Tensor, TensorLike } from "../tensor/tensor.js";
import { tensorArg } from "./coerce.js";
import { axesArg, boolArg, dtypeOpt, keepDims, masked, reductionArgs, refuseOut, whereArg } from "./reduce-args.js";
import { type ArgExtremeOptions, type ExtremeOptions, type MeanOptions, type SumOptions, argmax, argmin, max, min, prod, sum } from "./reduce.js";

/** True where x is NaN. */
const isNan = (x: Tensor): Tensor => ops.binaryOp("ne", x, x);

/** x with NaN replaced by `fill` (integers and bools unchanged). */
function fillNan(x: Tensor, fill: number): Tensor {
  return isFloat(x.dtype) ? ops.select(isNan(x), scalar(fill, x.dtype), x) : x;
}

/**
 * Sum treating NaN as 0 (options as `np.sum`).
 *
 * @example
 * ```ts
 * np.nansum([1, NaN, 3]).item(); // 4
 * ```
 */
export function nansum(a: TensorLike, axis?: AxisArg | null | SumOptions, ...rest: unknown[]): Tensor {
  return inContext("np.nansum", () => {
    return sum(fillNan(tensorArg("nansum", a), 0), axis, ...rest);
  });
}

/**
 * Product treating NaN as 1 (options as `np.prod`).
 *
 * @example
 * ```ts
 * np.nanprod([2, NaN, 3]).item(); // 6
 * ```
 */
export function nanprod(a: TensorLike, axis?: AxisArg | null | SumOptions, ...rest: unknown[]): Tensor {
  return inContext("np.nanprod", () => {
    return prod(fillNan(tensorArg("nanprod", a), 1), axis, ...rest);
  });
}

function nanExtreme(op: "max" | "min", a: TensorLike, args: readonly unknown[]): Tensor {
  const name = `np.nan${op}`;
  const t = tensorArg(`nan${op}`, a);
  if (!isFloat(t.dtype)) return (op === "max" ? max : min)(t, ...(args as [AxisArg]));
  const o = reductionArgs(name, ["axis", "out", "keepdims", "initial", "where"] as const, args);
  const filled = fillNan(t, op === "max" ? -Infinity : Infinity);
  const out = (op === "max" ? max : min)(filled, o as ExtremeOptions);
  // A slice with nothing but NaN (inside the mask) stays NaN.
  const axes = axesArg(name, o.axis, t.ndim);
  const mask = whereArg(name, o.where, t.shape);
  const allNan = keepDims(t.shape, reduceAnd(masked(isNan(t), mask, 1), axes), axes, boolArg(name, "keepdims", o.keepdims, false));
  return ops.select(allNan, scalar(NaN, t.dtype), out);
}

/**
 * Maximum ignoring NaN; NaN where every element of a slice is NaN (options as `np.max`).
 *
 * @example
 * ```ts
 * np.nanmax([1, NaN, 3]).item(); // 3
 * ```
 */
export function nanmax(a: TensorLike, axis?: AxisArg | null | ExtremeOptions, ...rest: unknown[]): Tensor {
  return inContext("np.nanmax", () => {
    return nanExtreme("max", a, [axis, ...rest]);
  });
}

/**
 * Minimum ignoring NaN; NaN where every element of a slice is NaN (options as `np.min`).
 *
 * @example
 * ```ts
 * np.nanmin([1, NaN, 3]).item(); // 1
 * ```
 */
export function nanmin(a: TensorLike, axis?: AxisArg | null | ExtremeOptions, ...rest: unknown[]): Tensor {
  return inContext("np.nanmin", () => {
    return nanExtreme("min", a, [axis, ...rest]);
  });
}

/**
 * Mean of the non-NaN elements (NaN where there are none; options as `np.mean`).
 *
 * @example
 * ```ts
 * np.nanmean([1, NaN, 3]).item(); // 2
 * ```
 */
export function nanmean(a: TensorLike, axis?: AxisArg | null | MeanOptions, ...rest: unknown[]): Tensor {
  const name = "np.nanmean";
  const o = reductionArgs(name, ["axis", "dtype", "out", "keepdims", "where"] as const, [axis, ...rest]);
  refuseOut(name, o.out);
  const raw = tensorArg("nanmean", a);
  const dtype = dtypeOpt(name, o.dtype) ?? (isFloat(raw.dtype) ? raw.dtype : "float32");
  const t = ops.convert(raw, dtype);
  const axes = axesArg(name, o.axis, t.ndim);
  const keepdims = boolArg(name, "keepdims", o.keepdims, false);
  const mask = whereArg(name, o.where, t.shape);
  const counted = masked(ops.convert(ops.unaryOp("not", isNan(t)), dtype), mask, 0);
  const total = ops.reduceSum(masked(fillNan(t, 0), mask, 0), axes);
  return keepDims(t.shape, ops.div(total, ops.reduceSum(counted, axes)), axes, keepdims);
}

/** JAX's keyword arguments of `np.nanvar` and `np.nanstd`. */
export interface NanVarOptions {
  readonly axis?: AxisArg | null;
  readonly dtype?: "float32" | "float64";
  readonly out?: null;
  readonly ddof?: number;
  readonly keepdims?: boolean;
  readonly where?: TensorLike;
}

function nanVariance(name: string, a: TensorLike, args: readonly unknown[]): Tensor {
  const o = reductionArgs(name, ["axis", "dtype", "out", "ddof", "keepdims", "where"] as const, args);
  refuseOut(name, o.out);
  const ddof = o.ddof === undefined || o.ddof === null ? 0 : o.ddof;
  if (typeof ddof !== "number" || !Number.isFinite(ddof)) throw new DTypeError(`${name}: ddof must be a finite number; got ${typeof ddof}.`);
  const raw = tensorArg(name.slice(3), a);
  const dtype = dtypeOpt(name, o.dtype) ?? (isFloat(raw.dtype) ? raw.dtype : "float32");
  if (!isFloat(dtype)) throw new DTypeError(`${name}: dtype ${dtype} cannot hold a variance; use "float32" or "float64".`);
  const t = ops.convert(raw, dtype);
  const axes = axesArg(name, o.axis, t.ndim);
  const keepdims = boolArg(name, "keepdims", o.keepdims, false);
  const mask = whereArg(name, o.where, t.shape);
  const center = nanmean(t, { axis: axes, keepdims: true, where: mask });
  const nan = isNan(t);
  const centered = ops.select(nan, scalar(0, dtype), ops.sub(t, ops.broadcastInDim(center, t.shape, t.shape.map((_, i) => i))));
  const squares = masked(ops.mul(centered, centered), mask, 0);
  const count = ops.reduceSum(masked(ops.convert(ops.unaryOp("not", nan), dtype), mask, 0), axes);
  const normalizer = ops.sub(count, scalar(ddof, dtype));
  const empty = ops.binaryOp("le", normalizer, scalar(0, dtype));
  const divisor = ops.select(empty, scalar(1, dtype), normalizer);
  const result = ops.select(empty, scalar(NaN, dtype), ops.div(ops.reduceSum(squares, axes), divisor));
  return keepDims(t.shape, result, axes, keepdims);
}

/**
 * Variance of the non-NaN elements (NaN where their count is ≤ ddof; options as `np.var`
 * without `mean` and `correction`).
 *
 * @example
 * ```ts
 * np.nanvar([1, NaN, 3]).item(); // 1
 * ```
 */
export function nanvar(a: TensorLike, axis?: AxisArg | null | NanVarOptions, ...rest: unknown[]): Tensor {
  return nanVariance("np.nanvar", a, [axis, ...rest]);
}

/**
 * Standard deviation of the non-NaN elements: √nanvar.
 *
 * @example
 * ```ts
 * np.nanstd([1, NaN, 3]).item(); // 1
 * ```
 */
export function nanstd(a: TensorLike, axis?: AxisArg | null | NanVarOptions, ...rest: unknown[]): Tensor {
  return ops.unaryOp("sqrt", nanVariance("np.nanstd", a, [axis, ...rest]));
}

function nanArgExtreme(op: "argmax" | "argmin", a: TensorLike, args: readonly unknown[]): Tensor {
  const name = `np.nan${op}`;
  const t = tensorArg(`nan${op}`, a);
  const arg = op === "argmax" ? argmax : argmin;
  if (!isFloat(t.dtype)) return arg(t, ...(args as [number]));
  const o = reductionArgs(name, ["axis", "out", "keepdims"] as const, args);
  refuseOut(name, o.out);
  const nan = isNan(t);
  const res = arg(ops.select(nan, scalar(op === "argmax" ? -Infinity : Infinity, t.dtype), t), o as ArgExtremeOptions);
  const keepdims = boolArg(name, "keepdims", o.keepdims, false);
  const axes = o.axis === undefined || o.axis === null ? t.shape.map((_, i) => i) : axesArg(name, o.axis, t.ndim);
  let allNan = reduceAnd(nan, axes);
  if (keepdims) allNan = ops.reshape(allNan, res.shape);
  return ops.select(allNan, scalar(-1, "int32"), res);
}

/**
 * Index of the first maximum ignoring NaN; −1 where a slice is all NaN (as JAX).
 *
 * @example
 * ```ts
 * np.nanargmax([1, NaN, 3]).item(); // 2
 * ```
 */
export function nanargmax(a: TensorLike, axis?: number | null | ArgExtremeOptions, ...rest: unknown[]): Tensor {
  return inContext("np.nanargmax", () => {
    return nanArgExtreme("argmax", a, [axis, ...rest]);
  });
}

/**
 * Index of the first minimum ignoring NaN; −1 where a slice is all NaN (as JAX).
 *
 * @example
 * ```ts
 * np.nanargmin([4, NaN, 3]).item(); // 2
 * ```
 */
export function nanargmin(a: TensorLike, axis?: number | null | ArgExtremeOptions, ...rest: unknown[]): Tensor {
  return inContext("np.nanargmin", () => {
    return nanArgExtreme("argmin", a, [axis, ...rest]);
  });
}
