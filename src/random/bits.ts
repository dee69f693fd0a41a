/**
 * Random bits and uniform floats, bit for bit as JAX makes them: `bits` is Threefry of each
 * element's counter; `uniform` puts the top mantissa bits of those words under the exponent of
 * 1.0 and subtracts 1 (float32 from one 32-bit word, float64 from JAX's 64-bit word, the two
 * halves of the counter's hash).
 */
import { ArgumentError, DTypeError, describeValue, inContext } from "../errors.js";
import { tensorArg } from "../np/coerce.js";
import * as np from "../np/index.js";
import * as ops from "../primitives/ops.js";
import { randomBits, randomSplit } from "../primitives/random/ops.js";
import { WORD_DTYPE } from "../primitives/random/words.js";
import { scalar } from "../tensor/from-js.js";
import type { Tensor, TensorLike } from "../tensor/tensor.js";
import { checkKey } from "./keys.js";
import { checkParamShapes, floatDType, optionalArgs, shapeOption } from "./options.js";

/**
 * Uniform random 32-bit words of `shape` (JAX's `random.bits` with dtype uint32).
 *
 * @example
 * ```ts
 * random.bits(random.key(0), [3]).shape; // [3]
 * ```
 */
export function bits(k: TensorLike, ...rest: unknown[]): Tensor {
  const o = optionalArgs("random.bits", ["shape", "dtype"], rest);
  const t = checkKey("random.bits", k);
  if (o.dtype !== undefined && o.dtype !== "uint32" && o.dtype !== WORD_DTYPE) {
    throw new DTypeError(`random.bits: option dtype must be "uint32" (fluxion's only unsigned dtype); got ${describeValue(o.dtype)}.`);
  }
  return randomBits(t, shapeOption("random.bits", o.shape, []));
}

/** A word tensor's unsigned values as float64 (exact: every uint32 is a float64). */
export function unsignedFloat64(words: Tensor): Tensor {
  // (w >>> 1) · 2 + (w & 1): independent of whether the words are stored signed or unsigned.
  const half = ops.convert(ops.binaryOp("shift_right_logical", words, scalar(1, words.dtype)), "float64");
  const low = ops.convert(ops.binaryOp("and", words, scalar(1, words.dtype)), "float64");
  return ops.add(ops.mul(half, scalar(2, "float64")), low);
}

/**
 * Uniform floats in [0, 1) of `shape`, exactly as JAX's `uniform` makes them before scaling:
 * float32 is the top 23 bits of a 32-bit word over 2^23; float64 the top 52 bits of the 64-bit
 * word `(hi << 32) | lo` over 2^52 (`hi`, `lo` the two halves of each counter's hash, which are
 * also the words of `split`).
 */
export function unitUniform(key: Tensor, shape: readonly number[], dtype: "float32" | "float64"): Tensor {
  if (dtype === "float32") {
    const words = randomBits(key, shape);
    const mantissa = ops.binaryOp("shift_right_logical", words, scalar(9, words.dtype));
    return ops.mul(ops.convert(mantissa, "float32"), scalar(2 ** -23, "float32"));
  }
  const pairs = randomSplit(key, shape);
  const half = (i: number): Tensor =>
    ops.reshape(ops.slice(pairs, [...shape.map(() => 0), i], [...shape, i + 1], pairs.shape.map(() => 1)), shape);
  const hi = unsignedFloat64(half(0));
  const lo = ops.convert(ops.binaryOp("shift_right_logical", half(1), scalar(12, pairs.dtype)), "float64");
  // hi · 2^20 + (lo >>> 12) < 2^52 is an exact integer; scaling by 2^-52 is exact too.
  return ops.mul(ops.add(ops.mul(hi, scalar(2 ** 20, "float64")), lo), scalar(2 ** -52, "float64"));
}

/**
 * JAX's `_uniform`: unit draws scaled to [minval, maxval) in `dtype` — `max(minval, u · (maxval −
 * minval) + minval)` with the bounds converted to `dtype` first — so the result is
 * differentiable in the bounds.
 */
export function uniformIn(key: Tensor, shape: readonly number[], dtype: "float32" | "float64", minval: TensorLike, maxval: TensorLike): Tensor {
  const lo = asDType(minval, dtype, "minval");
  const hi = asDType(maxval, dtype, "maxval");
  const u = unitUniform(key, shape, dtype);
  return np.maximum(lo, fusedMulAdd(u, np.sub(hi, lo), lo));
}

/**
 * `a·b + c` rounded once, as XLA's CPU code computes JAX's `u · (maxval − minval) + minval` (it
 * fuses the two into a multiply-add). float32: the product of two float32 values is exact in
 * float64, so only the sum rounds (to float64, then float32: the same as one rounding except on
 * exact float32 midpoints). float64: Dekker's exact product and Knuth's exact sum supply the
 * rounding errors, added back before the last rounding. The error terms have zero derivative, so
 * gradients are those of `a·b + c`.
 */
export function fusedMulAdd(a: Tensor, b: Tensor, c: Tensor): Tensor {
  if (a.dtype === "float32") {
    const w = (t: Tensor): Tensor => ops.convert(t, "float64");
    return ops.convert(np.add(np.mul(w(a), w(b)), w(c)), "float32");
  }
  const [ah, al] = veltkampSplit(a);
  const [bh, bl] = veltkampSplit(b);
  const p = np.mul(a, b);
  const productError = np.add(np.add(np.add(np.sub(np.mul(ah, bh), p), np.mul(ah, bl)), np.mul(al, bh)), np.mul(al, bl));
  const sum = np.add(p, c);
  const cPart = np.sub(sum, p);
  const sumError = np.add(np.sub(p, np.sub(sum, cPart)), np.sub(c, cPart));
  return np.add(sum, np.add(sumError, productError));
}

/** Veltkamp's split of float64 values into high and low halves of 26 bits each (exact). */
function veltkampSplit(x: Tensor): [Tensor, Tensor] {
  const scaled = np.mul(x, 134217729); // 2^27 + 1
  const high = np.sub(scaled, np.sub(scaled, x));
  return [high, np.sub(x, high)];
}

/**
 * Uniform samples in [minval, maxval) (default [0, 1)), as JAX's `random.uniform(key, shape,
 * dtype, minval, maxval)`; `minval`/`maxval` may be arrays that broadcast to `shape`, and the
 * samples are differentiable in them.
 *
 * @example
 * ```ts
 * random.uniform(random.key(0)).item(); // 0.947667… as in JAX
 * random.uniform(random.key(1), [2, 3], { minval: -1, maxval: 1 }).shape; // [2, 3]
 * ```
 */
export function uniform(k: TensorLike, ...rest: unknown[]): Tensor {
  const op = "random.uniform";
  const o = optionalArgs(op, ["shape", "dtype", "minval", "maxval"], rest);
  const t = checkKey(op, k);
  const shape = shapeOption(op, o.shape, []);
  const dtype = floatDType(op, o.dtype);
  const lo = boundArg(op, "minval", o.minval, 0);
  const hi = boundArg(op, "maxval", o.maxval, 1);
  checkParamShapes(op, shape, shapeOf(lo), shapeOf(hi));
  return inContext(op, () => uniformIn(t, shape, dtype, lo, hi));
}

/**
 * A parameter converted to `dtype` as JAX's `convert_element_type` does: a JS number goes straight
 * to `dtype` (0.1 stays the float64 0.1 for a float64 sampler), an array is converted.
 */
export function asDType(value: TensorLike, dtype: "float32" | "float64", name = "args"): Tensor {
  if (typeof value === "number") return scalar(value, dtype);
  return ops.convert(tensorArg("random", value, name), dtype);
}

/** A `minval`/`maxval` argument: its default when absent; a number must be finite. */
export function boundArg(op: string, name: string, value: unknown, fallback: number): TensorLike {
  if (value === undefined) return fallback;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new ArgumentError(`${op}: option ${name} must be a finite number; got ${describeValue(value)}.`);
    return value;
  }
  return tensorArg(op, value as TensorLike, name);
}

/** The shape of a parameter (a number is a scalar). */
export function shapeOf(value: TensorLike): readonly number[] {
  return typeof value === "number" ? [] : tensorArg("random", value).shape;
}
