/**
 * Functional random numbers: a key is an int32[2] tensor, never mutated; `split` derives new
 * keys. Bits come from Threefry-2x32 (the `random_bits` primitive), so sampling traces, jits and
 * gives the same numbers eagerly and traced. Uniform float32 draws match JAX's bit recipe.
 */
import { ArgumentError, DTypeError, ShapeError, describeValue, fmtValue, inContext, optionsArg } from "../errors.js";
import * as ops from "../primitives/ops.js";
import type { DType } from "../tensor/dtype.js";
import { fromData, scalar } from "../tensor/from-js.js";
import { keyFromSeed } from "../tensor/kernels/threefry.js";
import { checkShape } from "../tensor/shape.js";
import type { Tensor, TensorLike } from "../tensor/tensor.js";
import { tensorArg } from "../np/coerce.js";
import * as np from "../np/index.js";

/** A key from an integer seed (JAX's `random.key` / `PRNGKey`). @example `random.key(0)` */
export function key(seed: number): Tensor {
  if (!Number.isSafeInteger(seed)) throw new ShapeError(`random.key: the seed must be a safe integer; got ${fmtValue(seed)}.`);
  return fromData([2], "int32", keyFromSeed(seed));
}

function checkKey(k: TensorLike, where: string): Tensor {
  const t = tensorArg(where, k);
  if (t.dtype !== "int32" || t.shape.length !== 1 || t.shape[0] !== 2) {
    throw new ShapeError(`${where}: expected a key (int32[2] from random.key or random.split); got ${t.dtype}[${t.shape.join(",")}].`);
  }
  return t;
}

/**
 * `n` new independent keys, as an int32[n, 2] tensor (index it with `.get(i)`).
 * @example `const [k1, k2] = [0, 1].map((i) => random.split(key).get(i));`
 */
export function split(k: TensorLike, n = 2): Tensor {
  const t = checkKey(k, "random.split");
  checkShape([n], "random.split");
  return ops.randomBits(t, [n, 2]);
}

/**
 * Uniform samples in [minval, maxval) (default [0, 1)).
 * @example `random.uniform(random.key(0), [3])`
 */
export function uniform(k: TensorLike, shape: readonly number[] = [], opts?: { dtype?: DType; minval?: number; maxval?: number }): Tensor {
  const o = optionsArg(opts, "random.uniform", ["dtype", "minval", "maxval"]);
  const t = checkKey(k, "random.uniform");
  const dtype = floatDTypeOption(o.dtype, "random.uniform");
  const lo = boundOption(o.minval, 0, "random.uniform", "minval");
  const hi = boundOption(o.maxval, 1, "random.uniform", "maxval");
  const unit = unitUniform(t, checkShape(shape, "random.uniform"), dtype);
  if (lo === 0 && hi === 1) return unit;
  return np.maximum(np.add(np.mul(unit, hi - lo), lo), lo);
}

/** Uniform samples in [0, 1) of a checked shape and float dtype. */
function unitUniform(key: Tensor, shape: readonly number[], dtype: DType): Tensor {
  const bits = ops.randomBits(key, shape);
  // float32: the top 23 bits as a mantissa (JAX's recipe); float64: the top 31 bits.
  const shift = dtype === "float32" ? 9 : 1;
  const mantissa = ops.binaryOp("shift_right_logical", bits, scalar(shift, "int32"));
  return ops.mul(ops.convert(mantissa, dtype), scalar(2 ** -(32 - shift), dtype));
}

/** The `dtype` option of a sampler: float32 when absent, else float32 or float64. */
function floatDTypeOption(dtype: unknown, where: string): DType {
  if (dtype === undefined) return "float32";
  if (dtype !== "float32" && dtype !== "float64") {
    throw new DTypeError(`${where}: option dtype must be "float32" or "float64"; got ${describeValue(dtype)}.`);
  }
  return dtype;
}

/** A `minval`/`maxval` option: absent (its default) or a finite number. */
function boundOption(value: unknown, fallback: number, where: string, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new ArgumentError(`${where}: option ${name} must be a finite number; got ${describeValue(value)}.`);
  }
  return value;
}

/**
 * Standard normal samples (Box–Muller on two uniform streams).
 * @example `random.normal(random.key(0), [2, 2])`
 */
export function normal(k: TensorLike, shape: readonly number[] = [], opts?: { dtype?: DType }): Tensor {
  const o = optionsArg(opts, "random.normal", ["dtype"]);
  const keys = split(checkKey(k, "random.normal"), 2);
  const dtype = floatDTypeOption(o.dtype, "random.normal");
  const s = checkShape(shape, "random.normal");
  const u1 = np.sub(1, unitUniform(keys.get(0), s, dtype)); // (0, 1]: log stays finite
  const u2 = unitUniform(keys.get(1), s, dtype);
  return np.mul(np.sqrt(np.mul(-2, np.log(u1))), np.cos(np.mul(2 * Math.PI, u2)));
}

/** Bernoulli(p) samples as bool. @example `random.bernoulli(random.key(0), 0.5, [4])` */
export function bernoulli(k: TensorLike, p: TensorLike = 0.5, shape: readonly number[] = []): Tensor {
  const u = unitUniform(checkKey(k, "random.bernoulli"), checkShape(shape, "random.bernoulli"), "float32");
  return inContext("random.bernoulli", () => np.less(u, p));
}

/** A random permutation of 0…n−1 (int32). @example `random.permutation(random.key(0), 5)` */
export function permutation(k: TensorLike, n: number): Tensor {
  const t = checkKey(k, "random.permutation");
  checkShape([n], "random.permutation");
  return ops.argsort(ops.randomBits(t, [n]), 0);
}
