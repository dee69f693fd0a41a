/**
 * Division with integer results and remainders, as JAX computes them: floorDivide, remainder
 * (the divisor's sign), fmod (the dividend's sign), divmod and modf. On int32 the values at a zero
 * divisor are JAX's (XLA's x / 0 = −1 and x % 0 = x, then numpy's floor correction); remainder and
 * fmod by 0 are 0 on integers and NaN on floats.
 */
import * as ops from "../primitives/ops.js";
import { isInteger } from "../tensor/dtype.js";
import type { Tensor, TensorLike } from "../tensor/tensor.js";
import { prepareOperands, requireNumeric } from "./coerce.js";
import { and, eq, floatArg, ge, konst, lt, ne } from "./math-common.js";

/** Promoted, broadcast numeric operands (bool is refused, as numpy's integer division refuses it). */
function numericOperands(op: string, x1: TensorLike, x2: TensorLike): [Tensor, Tensor] {
  const [a, b] = prepareOperands(op, [x1, x2]);
  requireNumeric(op, a!);
  return [a!, b!];
}

const sign = (x: Tensor): Tensor => ops.unaryOp("sign", x);
const rem = (x: Tensor, y: Tensor): Tensor => ops.binaryOp("rem", x, y);

/** An integer divisor with 0 replaced by 1 (JAX's guard before `rem`, so x % 0 is 0). */
const nonZeroDivisor = (y: Tensor): Tensor => (isInteger(y.dtype) ? ops.select(eq(y, konst(0, y)), konst(1, y), y) : y);

/** CPython's float divmod (JAX's `_float_divmod`): the quotient rounded down, the remainder with the divisor's sign. */
function floatDivmod(x1: Tensor, x2: Tensor): [Tensor, Tensor] {
  const zero = konst(0, x1);
  let mod = rem(x1, x2);
  const corrected = ops.select(eq(x2, zero), x1, ops.sub(x1, mod));
  let div = ops.div(corrected, x2);
  const wrongSign = and(ne(mod, zero), ne(sign(x2), sign(mod)));
  mod = ops.select(wrongSign, ops.add(mod, x2), mod);
  div = ops.select(wrongSign, ops.sub(div, konst(1, div)), div);
  return [ops.unaryOp("round", div), mod];
}

/** Integer floor division as JAX: truncating division, one less where the signs differ and it was inexact. */
function intFloorDivide(x1: Tensor, x2: Tensor): Tensor {
  if (x1.dtype === "uint32") return ops.div(x1, x2);
  const zero = konst(0, x2);
  const byZero = eq(x2, zero);
  // XLA's integer division by zero: quotient −1, remainder the dividend.
  const q = ops.select(byZero, konst(-1, x1), ops.div(x1, x2));
  const r = ops.select(byZero, x1, rem(x1, x2));
  const inexactAcrossSigns = and(ne(sign(x1), sign(x2)), ne(r, zero));
  return ops.select(inexactAcrossSigns, ops.sub(q, konst(1, q)), q);
}

/**
 * ⌊x1 / x2⌋ (Python's `//`), broadcasting; integer inputs give integers. Float: x / 0 is ±∞ (NaN
 * for 0 / 0); int32 by 0 follows JAX (−2 for x ≠ 0, −1 for 0). Its derivative is 0.
 * @example `np.floorDivide([7, -7], 2)` // [3, -4]
 */
export function floorDivide(x1: TensorLike, x2: TensorLike): Tensor {
  const [a, b] = numericOperands("floorDivide", x1, x2);
  return isInteger(a.dtype) ? intFloorDivide(a, b) : floatDivmod(a, b)[0];
}

/**
 * The remainder of x1 / x2 with the sign of x2 (Python's `%`, same as `np.mod`), broadcasting.
 * An integer divisor 0 gives 0; a float one NaN.
 * @example `np.remainder([-5, 5], 3)` // [1, 2]
 */
export function remainder(x1: TensorLike, x2: TensorLike): Tensor {
  const [a, b0] = numericOperands("remainder", x1, x2);
  const b = nonZeroDivisor(b0);
  const zero = konst(0, a);
  const r = rem(a, b);
  const shift = and(ne(lt(r, zero), lt(b, zero)), ne(r, zero));
  return ops.select(shift, ops.add(r, b), r);
}

/**
 * The remainder of x1 / x2 with the sign of x1 (C's `fmod`), broadcasting. An integer divisor 0
 * gives 0; a float one NaN.
 * @example `np.fmod([-5, 5], 3)` // [-2, 2]
 */
export function fmod(x1: TensorLike, x2: TensorLike): Tensor {
  const [a, b] = numericOperands("fmod", x1, x2);
  return rem(a, nonZeroDivisor(b));
}

/**
 * `[floorDivide(x1, x2), remainder(x1, x2)]`, computed together. Floats: as Python's `divmod`.
 * @example
 * ```ts
 * const [q, r] = np.divmod([7, -7], 3); // q = [2, -3], r = [1, 2]
 * ```
 */
export function divmod(x1: TensorLike, x2: TensorLike): [Tensor, Tensor] {
  const [a, b] = numericOperands("divmod", x1, x2);
  if (isInteger(a.dtype)) return [floorDivide(a, b), remainder(a, b)];
  return floatDivmod(a, b);
}

/**
 * `[fractional, integral]` parts of x, both with x's sign (ints become float32). As JAX:
 * modf(±∞) = [NaN, ±∞].
 * @example
 * ```ts
 * const [frac, whole] = np.modf(-2.5); // frac = -0.5, whole = -2
 * ```
 */
export function modf(x: TensorLike): [Tensor, Tensor] {
  const t = floatArg("modf", x);
  const whole = ops.select(ge(t, konst(0, t)), ops.unaryOp("floor", t), ops.unaryOp("ceil", t));
  return [ops.sub(t, whole), whole];
}
