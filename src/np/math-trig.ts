/**
 * Inverse trigonometric and hyperbolic functions (with JAX's short aliases), arctan2, hypot,
 * sinc and angle conversions. Integer and bool inputs become float32, as in JAX.
 */
import * as ops from "../primitives/ops.js";
import type { Tensor, TensorLike } from "../tensor/tensor.js";
import { broadcastOperands } from "./coerce.js";
import { eq, floatArg, floatOperands, floatUnary, ge, konst, or, withJvpRule } from "./math-common.js";

/** Elementwise arcsine, in [−π/2, π/2] (NaN outside [−1, 1]). @example `np.arcsin(1).item()` // 1.5707963705062866 */
export const arcsin = (x: TensorLike): Tensor => floatUnary("arcsin", "asin", x);
/** Elementwise arccosine, in [0, π] (NaN outside [−1, 1]). @example `np.arccos(1).item()` // 0 */
export const arccos = (x: TensorLike): Tensor => floatUnary("arccos", "acos", x);
/** Elementwise arctangent, in (−π/2, π/2). @example `np.arctan(0).item()` // 0 */
export const arctan = (x: TensorLike): Tensor => floatUnary("arctan", "atan", x);
/** Elementwise hyperbolic sine. @example `np.sinh(0).item()` // 0 */
export const sinh = (x: TensorLike): Tensor => floatUnary("sinh", "sinh", x);
/** Elementwise hyperbolic cosine. @example `np.cosh(0).item()` // 1 */
export const cosh = (x: TensorLike): Tensor => floatUnary("cosh", "cosh", x);
/** Elementwise inverse hyperbolic sine. @example `np.arcsinh(0).item()` // 0 */
export const arcsinh = (x: TensorLike): Tensor => floatUnary("arcsinh", "asinh", x);
/** Elementwise inverse hyperbolic cosine (NaN below 1). @example `np.arccosh(1).item()` // 0 */
export const arccosh = (x: TensorLike): Tensor => floatUnary("arccosh", "acosh", x);
/** Elementwise inverse hyperbolic tangent (±∞ at ±1, NaN beyond). @example `np.arctanh(0).item()` // 0 */
export const arctanh = (x: TensorLike): Tensor => floatUnary("arctanh", "atanh", x);

/** Alias of {@link arcsin}. @example `np.asin(0).item()` // 0 */
export const asin = (x: TensorLike): Tensor => floatUnary("asin", "asin", x);
/** Alias of {@link arccos}. @example `np.acos(1).item()` // 0 */
export const acos = (x: TensorLike): Tensor => floatUnary("acos", "acos", x);
/** Alias of {@link arctan}. @example `np.atan(0).item()` // 0 */
export const atan = (x: TensorLike): Tensor => floatUnary("atan", "atan", x);
/** Alias of {@link arcsinh}. @example `np.asinh(0).item()` // 0 */
export const asinh = (x: TensorLike): Tensor => floatUnary("asinh", "asinh", x);
/** Alias of {@link arccosh}. @example `np.acosh(1).item()` // 0 */
export const acosh = (x: TensorLike): Tensor => floatUnary("acosh", "acosh", x);
/** Alias of {@link arctanh}. @example `np.atanh(0).item()` // 0 */
export const atanh = (x: TensorLike): Tensor => floatUnary("atanh", "atanh", x);

/**
 * The angle of the point (x2, x1) in (−π, π], broadcasting: the quadrant-aware arctan(x1 / x2).
 * Signed zeros choose the half-plane (arctan2(0, −0) = π, arctan2(−0, −1) = −π). Its gradient at
 * the origin is NaN, as in JAX.
 * @example `np.arctan2(1, -1).item()` // 2.356194496154785
 */
export function arctan2(x1: TensorLike, x2: TensorLike): Tensor {
  const [a, b] = floatOperands("arctan2", x1, x2);
  return ops.binaryOp("atan2", a, b);
}
/** Alias of {@link arctan2}. @example `np.atan2(0, -1).item()` // 3.1415927410125732 */
export function atan2(x1: TensorLike, x2: TensorLike): Tensor {
  const [a, b] = floatOperands("atan2", x1, x2);
  return ops.binaryOp("atan2", a, b);
}

/**
 * √(x1² + x2²) without overflow or underflow (the larger leg is factored out), broadcasting; ∞ if
 * either leg is infinite, even beside a NaN. Gradient: x / hypot, and (0.5, 0.5) at the origin,
 * JAX's value there.
 * @example `np.hypot(3, 4).item()` // 5
 */
export function hypot(x1: TensorLike, x2: TensorLike): Tensor {
  const [a0, b0] = floatOperands("hypot", x1, x2);
  const [a, b] = broadcastOperands("hypot", [ops.unaryOp("abs", a0), ops.unaryOp("abs", b0)]);
  const inf = konst(Infinity, a!);
  const anyInf = or(eq(a!, inf), eq(b!, inf));
  // A select (not max/min) orders the legs, so at a tie each leg's derivative is the true one (1/√2).
  const aBigger = ge(a!, b!);
  const big = ops.select(aBigger, a!, b!);
  const small = ops.select(aBigger, b!, a!);
  const zero = eq(big, konst(0, big));
  const safeBig = ops.select(zero, konst(1, big), big);
  const ratio = ops.div(small, safeBig);
  const scaled = ops.mul(big, ops.unaryOp("sqrt", ops.add(konst(1, big), ops.mul(ratio, ratio))));
  // At the origin both legs are 0: their mean (0) carries the gradient (0.5, 0.5), as JAX's max does.
  const origin = ops.mul(konst(0.5, big), ops.add(a!, b!));
  return ops.select(anyInf, inf, ops.select(zero, origin, scaled));
}

/** The k-th derivative of sin(x)/x at 0, as a value shaped like x with JAX's derivative rule (the next term). */
function sincMaclaurin(k: number, x: Tensor): Tensor {
  const value = (t: Tensor): Tensor => ops.add(ops.mul(t, konst(0, t)), konst(k % 2 === 1 ? 0 : (-1) ** (k / 2) / (k + 1), t));
  return withJvpRule(
    `sinc_maclaurin_${k}`,
    ([t]) => [value(t!)],
    ([t], [dt]) => [[value(t!)], [ops.mul(sincMaclaurin(k + 1, t!), dt!)]],
    [x],
  )[0]!;
}

/**
 * The normalised sinc, sin(πx)/(πx), with sinc(0) = 1. Smooth at 0 to any order, as JAX defines
 * it: sinc′(0) = 0, sinc″(0) = −π²/3.
 * @example `np.sinc(0).item()` // 1
 */
export function sinc(x: TensorLike): Tensor {
  const t = floatArg("sinc", x);
  const isZero = eq(t, konst(0, t));
  const piX = ops.mul(konst(Math.PI, t), t);
  const safe = ops.select(isZero, konst(1, t), piX);
  return ops.select(isZero, sincMaclaurin(0, piX), ops.div(ops.sin(safe), safe));
}

function scaled(op: string, x: TensorLike, factor: number): Tensor {
  const t = floatArg(op, x);
  return ops.mul(t, konst(factor, t));
}
/** Radians to degrees. @example `np.rad2deg(Math.PI).item()` // 180 */
export const rad2deg = (x: TensorLike): Tensor => scaled("rad2deg", x, 180 / Math.PI);
/** Degrees to radians. @example `np.deg2rad(180).item()` // 3.1415927410125732 */
export const deg2rad = (x: TensorLike): Tensor => scaled("deg2rad", x, Math.PI / 180);
/** Alias of {@link rad2deg}. @example `np.degrees(Math.PI / 2).item()` // 90 */
export const degrees = (x: TensorLike): Tensor => scaled("degrees", x, 180 / Math.PI);
/** Alias of {@link deg2rad}. @example `np.radians(90).item()` // 1.5707963705062866 */
export const radians = (x: TensorLike): Tensor => scaled("radians", x, Math.PI / 180);
