/**
 * Floating-point classification and manipulation: isfinite/isinf/isnan/isposinf/isneginf,
 * nanToNum, signbit, copysign, nextafter, frexp, ldexp, trunc, rint, heaviside, fmax and fmin,
 * with JAX's dtypes (integer inputs are never NaN or infinite; trunc and fmax keep integers).
 */
import { ArgumentError, DTypeError, describeValue } from "../errors.js";
import * as ops from "../primitives/ops.js";
import { isFloat } from "../tensor/dtype.js";
import { Tensor, type TensorLike } from "../tensor/tensor.js";
import { broadcastOperands, prepareOperands, tensorArg } from "./coerce.js";
import { and, eq, floatArg, floatOperands, ge, gt, isNan, konst, lt, or } from "./math-common.js";
import { optionalArgs } from "./options.js";

/** All-false (or all-true) bool tensor shaped like `x`, still computed from x so it traces. */
const allFalse = (x: Tensor): Tensor => ops.binaryOp("ne", x, x);
const allTrue = (x: Tensor): Tensor => ops.binaryOp("eq", x, x);

/** Whether each element is finite (not ±∞, not NaN); integers always are. @example `np.isfinite([1, Infinity, NaN])` // [true, false, false] */
export function isfinite(x: TensorLike): Tensor {
  const t = tensorArg("isfinite", x);
  return isFloat(t.dtype) ? ops.unaryOp("is_finite", t) : allTrue(t);
}

/** Whether each element is +∞ or −∞. @example `np.isinf([1, -Infinity])` // [false, true] */
export function isinf(x: TensorLike): Tensor {
  const t = tensorArg("isinf", x);
  return isFloat(t.dtype) ? eq(ops.unaryOp("abs", t), konst(Infinity, t)) : allFalse(t);
}

/** Whether each element is NaN. @example `np.isnan([1, NaN])` // [false, true] */
export function isnan(x: TensorLike): Tensor {
  return isNan(tensorArg("isnan", x));
}

/** Whether each element is +∞. @example `np.isposinf([Infinity, -Infinity])` // [true, false] */
export function isposinf(x: TensorLike): Tensor {
  const t = tensorArg("isposinf", x);
  return isFloat(t.dtype) ? eq(t, konst(Infinity, t)) : allFalse(t);
}

/** Whether each element is −∞. @example `np.isneginf([Infinity, -Infinity])` // [false, true] */
export function isneginf(x: TensorLike): Tensor {
  const t = tensorArg("isneginf", x);
  return isFloat(t.dtype) ? eq(t, konst(-Infinity, t)) : allFalse(t);
}

const FLOAT_MAX = { float32: 3.4028234663852886e38, float64: Number.MAX_VALUE } as const;

function replacement(value: unknown, name: string, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== "number") {
    throw new ArgumentError(`np.nanToNum: "${name}" must be a number; got ${describeValue(value)}.`);
  }
  return value;
}

/**
 * NaN → `nan` (default 0), +∞ → `posinf`, −∞ → `neginf` (defaults: the dtype's largest and most
 * negative finite values, finfo.max and finfo.min). Integer and bool arrays are returned as
 * they are. Options in JAX's order: `copy` (ignored: arrays are immutable), `nan`, `posinf`,
 * `neginf`. The gradient is 1 where x is kept and 0 where it was replaced.
 * @example `np.nanToNum([NaN, Infinity], { posinf: 9 })` // [0, 9]
 */
export function nanToNum(x: TensorLike, ...options: unknown[]): Tensor {
  const o = optionalArgs("np.nanToNum", ["copy", "nan", "posinf", "neginf"], options);
  const nan = replacement(o.nan, "nan", 0);
  const t = tensorArg("nanToNum", x);
  if (!isFloat(t.dtype)) return t;
  const max = FLOAT_MAX[t.dtype as "float32" | "float64"];
  const posinf = replacement(o.posinf, "posinf", max);
  const neginf = replacement(o.neginf, "neginf", -max);
  let out = ops.select(isNan(t), konst(nan, t), t);
  out = ops.select(eq(out, konst(Infinity, t)), konst(posinf, t), out);
  return ops.select(eq(out, konst(-Infinity, t)), konst(neginf, t), out);
}

/** Sign bit of floats (−0 → true) from comparisons: x < 0, or x = 0 with 1/x = −∞. */
function signBitOfFloat(t: Tensor): Tensor {
  const zero = konst(0, t);
  return or(lt(t, zero), and(eq(t, zero), lt(ops.div(konst(1, t), t), zero)));
}

/**
 * Whether the sign bit is set: true for negative numbers and −0; false for integers ≥ 0 and bool.
 * The sign of a NaN is not observable here (no bit casts), so NaN gives false.
 * @example `np.signbit([-0, 0, -2])` // [true, false, true]
 */
export function signbit(x: TensorLike): Tensor {
  const t = tensorArg("signbit", x);
  if (t.dtype === "bool") return allFalse(t);
  return isFloat(t.dtype) ? signBitOfFloat(t) : lt(t, konst(0, t));
}

/**
 * |x1| with the sign of x2 (including −0), broadcasting; ints become float32.
 * Gradient: ±1 for x1 (abs′(0) = 1, as JAX), 0 for x2.
 * @example `np.copysign(3, -0).item()` // -3
 */
export function copysign(x1: TensorLike, x2: TensorLike): Tensor {
  const [a, b] = floatOperands("copysign", x1, x2);
  const mag = ops.unaryOp("abs", a);
  const [neg, m] = broadcastOperands("copysign", [signBitOfFloat(b), mag]);
  return ops.select(neg!, ops.neg(m!), m!);
}

/**
 * The next representable float after x1 towards x2 (float32 steps by float32 ulps), broadcasting.
 * Differentiates as x1 (∂x1 = 1, ∂x2 = 0: it moves x1 by one ulp); JAX defines no derivative.
 * @example `np.nextafter(1, 2).item()` // 1.0000001192092896
 */
export function nextafter(x1: TensorLike, x2: TensorLike): Tensor {
  const [a, b] = floatOperands("nextafter", x1, x2);
  return ops.binaryOp("nextafter", a, b);
}

/**
 * Splits x into mantissa and exponent, x = m · 2^e with 0.5 ≤ |m| < 1: returns `[m, e]`, e int32.
 * 0, ±∞ and NaN give `[x, 0]`. Subnormals are exact (as numpy). Gradient of m: 2^−e.
 * @example
 * ```ts
 * const [m, e] = np.frexp(8); // m = 0.5, e = 4
 * ```
 */
export function frexp(x: TensorLike): [Tensor, Tensor] {
  return frexpOf(floatArg("frexp", x));
}

function frexpOf(t: Tensor): [Tensor, Tensor] {
  const one = konst(1, t);
  const special = or(ops.unaryOp("not", ops.unaryOp("is_finite", t)), eq(t, konst(0, t)));
  const safe = ops.select(special, one, t);
  // log2|x| can be off by one next to a power of two; the two corrections below fix that.
  let e = ops.add(ops.unaryOp("floor", ops.div(ops.log(ops.unaryOp("abs", safe)), konst(Math.LN2, t))), one);
  // 2^−e in two factors, so neither overflows for subnormal x (e down to −1073).
  const half = ops.unaryOp("floor", ops.mul(e, konst(0.5, t)));
  const exp2 = (p: Tensor): Tensor => ops.unaryOp("exp2", ops.neg(p));
  let m = ops.mul(ops.mul(safe, exp2(half)), exp2(ops.sub(e, half)));
  const tooBig = ge(ops.unaryOp("abs", m), one);
  m = ops.select(tooBig, ops.mul(m, konst(0.5, t)), m);
  e = ops.select(tooBig, ops.add(e, one), e);
  const tooSmall = lt(ops.unaryOp("abs", m), konst(0.5, t));
  m = ops.select(tooSmall, ops.mul(m, konst(2, t)), m);
  e = ops.select(tooSmall, ops.sub(e, one), e);
  return [ops.select(special, t, m), ops.convert(ops.select(special, konst(0, t), e), "int32")];
}

/** The exponent of ldexp: an integer tensor, or JS integers. */
function exponentArg(x2: TensorLike): Tensor {
  const t = tensorArg("ldexp", x2, "args[1]");
  if (isFloat(t.dtype)) {
    const integral = !(x2 instanceof Tensor) && Array.from(t.concreteData()).every((v) => Number.isInteger(v));
    if (!integral) {
      throw new DTypeError(`np.ldexp: args[1] (the exponent) has dtype ${t.dtype}; it must be an integer array. Round it and cast with np.astype(e, "int32").`);
    }
    return ops.convert(t, "int32");
  }
  return t;
}

/**
 * x1 · 2^x2 for an integer exponent x2, broadcasting, without intermediate overflow: float32
 * ldexp(0.75, 128) is 2.55e38 although 2^128 is not finite. 0, ±∞ and NaN stay as they are.
 * A float exponent tensor is a DTypeError, as in JAX.
 * @example `np.ldexp(0.75, 4).item()` // 12
 */
export function ldexp(x1: TensorLike, x2: TensorLike): Tensor {
  const a0 = floatArg("ldexp", x1);
  const [a, b] = broadcastOperands("ldexp", [a0, ops.convert(exponentArg(x2), a0.dtype)]);
  const [m0, e0] = frexpOf(a!);
  const one = konst(1, a!);
  let e = ops.add(ops.convert(e0, a!.dtype), b!);
  // The exponent may overflow by one while the product is still finite: take a factor 2 into m.
  const positive = gt(e, konst(0, e));
  const m = ops.select(positive, ops.mul(m0, konst(2, m0)), m0);
  e = ops.select(positive, ops.sub(e, one), e);
  const x = ops.mul(m, ops.unaryOp("exp2", e));
  const keep = or(eq(ops.unaryOp("abs", a!), konst(Infinity, a!)), eq(a!, konst(0, a!)));
  return ops.select(keep, a!, x);
}

/** Rounds towards zero; integers are returned as they are. @example `np.trunc([-1.7, 1.7])` // [-1, 1] */
export function trunc(x: TensorLike): Tensor {
  const t = tensorArg("trunc", x);
  if (t.dtype === "int32" || t.dtype === "uint32") return t;
  const f = floatArg("trunc", t);
  return ops.select(lt(f, konst(0, f)), ops.unaryOp("ceil", f), ops.unaryOp("floor", f));
}

/** Rounds to the nearest integer, ties to even; integer and bool inputs become float32 (as JAX). @example `np.rint([0.5, 1.5, 2.5])` // [0, 2, 2] */
export function rint(x: TensorLike): Tensor {
  const t = tensorArg("rint", x);
  return isFloat(t.dtype) ? ops.unaryOp("round", t) : ops.convert(t, "float32");
}

/**
 * The Heaviside step: 0 for x1 < 0, 1 for x1 > 0, x2 at x1 = 0 (NaN stays NaN), broadcasting;
 * float output.
 * @example `np.heaviside([-1, 0, 2], 0.5)` // [0, 0.5, 1]
 */
export function heaviside(x1: TensorLike, x2: TensorLike): Tensor {
  const [a, b] = floatOperands("heaviside", x1, x2);
  const [x, h] = broadcastOperands("heaviside", [a, b]);
  const zero = konst(0, x!);
  return ops.select(lt(x!, zero), zero, ops.select(gt(x!, zero), konst(1, x!), ops.select(isNan(x!), x!, h!)));
}

function nanIgnoring(op: string, pick: (x: Tensor, y: Tensor) => Tensor, x1: TensorLike, x2: TensorLike): Tensor {
  const [a, b] = prepareOperands(op, [x1, x2]);
  const [pa, pb] = broadcastOperands(op, [a!, b!]);
  return ops.select(or(pick(a!, b!), isNan(b!)), pa!, pb!);
}

/**
 * Elementwise maximum that ignores NaN (NaN only where both are NaN), broadcasting; keeps integer
 * dtypes. The gradient goes to the chosen operand (x2 at ties).
 * @example `np.fmax([1, NaN], [NaN, 2])` // [1, 2]
 */
export const fmax = (x1: TensorLike, x2: TensorLike): Tensor => nanIgnoring("fmax", gt, x1, x2);

/**
 * Elementwise minimum that ignores NaN (NaN only where both are NaN), broadcasting; keeps integer
 * dtypes. The gradient goes to the chosen operand (x2 at ties).
 * @example `np.fmin([1, NaN], [NaN, 2])` // [1, 2]
 */
export const fmin = (x1: TensorLike, x2: TensorLike): Tensor => nanIgnoring("fmin", lt, x1, x2);
