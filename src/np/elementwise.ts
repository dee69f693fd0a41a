/**
 * numpy-style elementwise functions: they accept tensors, numbers and nested arrays, promote
 * dtypes, broadcast, and bind primitives. Float-only math casts int/bool input to float32 first.
 */
import * as ops from "../primitives/ops.js";
import { isFloat } from "../tensor/dtype.js";
import { scalar } from "../tensor/from-js.js";
import { Tensor, type TensorLike } from "../tensor/tensor.js";
import { prepareOperands, promoteOperands, requireNumeric, tensorArg, toBool, toFloat, broadcastOperands } from "./coerce.js";

type FloatUnary = "sin" | "cos" | "tan" | "tanh" | "exp" | "log" | "log1p" | "expm1" | "sqrt" | "floor" | "ceil" | "round";

function floatUnary(name: FloatUnary, x: TensorLike): Tensor {
  return ops.unaryOp(name, toFloat(tensorArg(name, x)));
}

/** Elementwise sine. @example `np.sin(np.array([0, Math.PI / 2]))` // [0, 1] */
export const sin = (x: TensorLike): Tensor => floatUnary("sin", x);
/** Elementwise cosine. @example `np.cos(0).item()` // 1 */
export const cos = (x: TensorLike): Tensor => floatUnary("cos", x);
/** Elementwise tangent. @example `np.tan(0).item()` // 0 */
export const tan = (x: TensorLike): Tensor => floatUnary("tan", x);
/** Elementwise hyperbolic tangent. @example `np.tanh(0).item()` // 0 */
export const tanh = (x: TensorLike): Tensor => floatUnary("tanh", x);
/** Elementwise eˣ. @example `np.exp(0).item()` // 1 */
export const exp = (x: TensorLike): Tensor => floatUnary("exp", x);
/** Elementwise natural log (−inf at 0, NaN below). @example `np.log(1).item()` // 0 */
export const log = (x: TensorLike): Tensor => floatUnary("log", x);
/** ln(1 + x), accurate for small x. @example `np.log1p(1e-10).item()` // 1e-10 */
export const log1p = (x: TensorLike): Tensor => floatUnary("log1p", x);
/** eˣ − 1, accurate for small x. @example `np.expm1(1e-10).item()` // 1e-10 */
export const expm1 = (x: TensorLike): Tensor => floatUnary("expm1", x);
/** Elementwise square root. @example `np.sqrt(4).item()` // 2 */
export const sqrt = (x: TensorLike): Tensor => floatUnary("sqrt", x);
/** Round down. @example `np.floor(-1.5).item()` // -2 */
export const floor = (x: TensorLike): Tensor => (isIntLike(x) ? tensorArg("floor", x) : floatUnary("floor", x));
/** Round up. @example `np.ceil(1.2).item()` // 2 */
export const ceil = (x: TensorLike): Tensor => (isIntLike(x) ? tensorArg("ceil", x) : floatUnary("ceil", x));
/** Round half to even, as numpy. @example `np.round(2.5).item()` // 2 */
export const round = (x: TensorLike): Tensor => (isIntLike(x) ? tensorArg("round", x) : floatUnary("round", x));

/** An integer tensor: floor/ceil/round return it unchanged, in its dtype, as JAX does. */
function isIntLike(x: TensorLike): boolean {
  if (typeof x !== "object" || x === null || !("dtype" in x)) return false;
  const dtype = (x as Tensor).dtype;
  return dtype === "int32" || dtype === "uint32";
}

/** −x. @example `np.neg(np.array([1, -2]))` // [-1, 2] */
export function neg(x: TensorLike): Tensor {
  const t = tensorArg("neg", x);
  requireNumeric("neg", t);
  return ops.neg(t);
}

/** |x|. @example `np.abs(-3).item()` // 3 */
export function abs(x: TensorLike): Tensor {
  const t = tensorArg("abs", x);
  requireNumeric("abs", t);
  return ops.unaryOp("abs", t);
}

/** −1, 0 or 1 by sign (NaN stays NaN). @example `np.sign(-2).item()` // -1 */
export function sign(x: TensorLike): Tensor {
  const t = tensorArg("sign", x);
  requireNumeric("sign", t);
  return ops.unaryOp("sign", t);
}

/** x². @example `np.square(3).item()` // 9 */
export function square(x: TensorLike): Tensor {
  const t = tensorArg("square", x);
  requireNumeric("square", t);
  return ops.integerPow(t, 2);
}

/** 1/x (ints become float32). @example `np.reciprocal(4).item()` // 0.25 */
export function reciprocal(x: TensorLike): Tensor {
  return ops.integerPow(toFloat(tensorArg("reciprocal", x)), -1);
}

/** x + y, broadcasting. @example `np.add([1, 2], 1)` // [2, 3] */
export function add(x: TensorLike, y: TensorLike): Tensor {
  const [a, b] = prepareOperands("add", [x, y]);
  if (a!.dtype === "bool") return ops.binaryOp("or", a!, b!);
  return ops.add(a!, b!);
}

/** x − y, broadcasting. @example `np.sub(3, [1, 2])` // [2, 1] */
export function sub(x: TensorLike, y: TensorLike): Tensor {
  const [a, b] = prepareOperands("sub", [x, y]);
  requireNumeric("sub", a!);
  return ops.sub(a!, b!);
}

/** x · y, broadcasting. @example `np.mul([1, 2], [3, 4])` // [3, 8] */
export function mul(x: TensorLike, y: TensorLike): Tensor {
  const [a, b] = prepareOperands("mul", [x, y]);
  if (a!.dtype === "bool") return ops.binaryOp("and", a!, b!);
  return ops.mul(a!, b!);
}

/** True division x / y (int inputs give float32, as jnp.divide). @example `np.div(1, 4).item()` // 0.25 */
export function div(x: TensorLike, y: TensorLike): Tensor {
  const [a, b] = prepareOperands("div", [x, y]);
  return ops.div(toFloat(a!), toFloat(b!));
}

/**
 * xʸ. A JS integer exponent uses `integer_pow` (exact, and its derivative at 0 is defined);
 * otherwise `pow`. Derivatives follow JAX: ∂x of x⁰ is 0 for a JS integer 0 and for an int32
 * exponent tensor (x⁰ = 1 for every x), but NaN at x = 0 for a float exponent 0 (0 · 0⁻¹).
 * @example `np.pow(2, 10).item()` // 1024
 */
export function pow(x: TensorLike, y: TensorLike): Tensor {
  if (typeof y === "number" && Number.isInteger(y) && Math.abs(y) <= 2 ** 31) {
    const t = tensorArg("pow", x);
    requireNumeric("pow", t);
    return ops.integerPow(y < 0 ? toFloat(t) : t, y);
  }
  const [a, b] = prepareOperands("pow", [x, y]);
  requireNumeric("pow", a!);
  if (y instanceof Tensor && y.dtype === "int32" && isFloat(a!.dtype)) return powIntegerExponent(a!, b!);
  return ops.binaryOp("pow", a!, b!);
}

/**
 * xʸ for a float base and an integer exponent tensor (already cast to the base's dtype): JAX's
 * pow rule for an integer y selects ∂x = 0 where y = 0. Written as a select on y = 0 around a pow
 * whose exponent is 1 there, so the unchosen branch's derivative (1 · x⁰ = 1) is finite and the
 * zero cotangent stays zero (the "double where" form).
 */
function powIntegerExponent(x: Tensor, y: Tensor): Tensor {
  const zeroExponent = ops.binaryOp("eq", y, scalar(0, y.dtype));
  const one = scalar(1, x.dtype);
  return ops.select(zeroExponent, one, ops.binaryOp("pow", x, ops.select(zeroExponent, one, y)));
}

/** Remainder with the sign of the divisor (numpy/Python `%`). @example `np.mod(-1, 3).item()` // 2 */
export function mod(x: TensorLike, y: TensorLike): Tensor {
  const [a, b] = prepareOperands("mod", [x, y]);
  requireNumeric("mod", a!);
  const r = ops.binaryOp("rem", a!, b!);
  const zero = scalar(0, r.dtype);
  // C remainder has the dividend's sign; shift by the divisor where the signs disagree.
  const fix = ops.binaryOp(
    "and",
    ops.binaryOp("ne", r, zero),
    ops.binaryOp("ne", ops.binaryOp("lt", r, zero), ops.binaryOp("lt", b!, zero)),
  );
  const [bf, rf] = broadcastOperands("mod", [b!, r]);
  return ops.select(fix, ops.add(rf!, bf!), r);
}

/** Elementwise maximum (NaN-propagating). @example `np.maximum([1, 5], 3)` // [3, 5] */
export function maximum(x: TensorLike, y: TensorLike): Tensor {
  const [a, b] = prepareOperands("maximum", [x, y]);
  return a!.dtype === "bool" ? ops.binaryOp("or", a!, b!) : ops.binaryOp("max", a!, b!);
}

/** Elementwise minimum (NaN-propagating). @example `np.minimum([1, 5], 3)` // [1, 3] */
export function minimum(x: TensorLike, y: TensorLike): Tensor {
  const [a, b] = prepareOperands("minimum", [x, y]);
  return a!.dtype === "bool" ? ops.binaryOp("and", a!, b!) : ops.binaryOp("min", a!, b!);
}

function compare(name: "lt" | "le" | "gt" | "ge" | "eq" | "ne", label: string, x: TensorLike, y: TensorLike): Tensor {
  const [a, b] = prepareOperands(label, [x, y]);
  return ops.binaryOp(name, a!, b!);
}

/** x < y (bool). @example `np.less([1, 3], 2)` // [true, false] */
export const less = (x: TensorLike, y: TensorLike): Tensor => compare("lt", "less", x, y);
/** x ≤ y (bool). @example `np.lessEqual([1, 2], 1)` // [true, false] */
export const lessEqual = (x: TensorLike, y: TensorLike): Tensor => compare("le", "lessEqual", x, y);
/** x > y (bool). @example `np.greater([1, 3], 2)` // [false, true] */
export const greater = (x: TensorLike, y: TensorLike): Tensor => compare("gt", "greater", x, y);
/** x ≥ y (bool). @example `np.greaterEqual([1, 2], 2)` // [false, true] */
export const greaterEqual = (x: TensorLike, y: TensorLike): Tensor => compare("ge", "greaterEqual", x, y);
/** x = y (bool). @example `np.equal([1, 2], 2)` // [false, true] */
export const equal = (x: TensorLike, y: TensorLike): Tensor => compare("eq", "equal", x, y);
/** x ≠ y (bool). @example `np.notEqual([1, 2], 2)` // [true, false] */
export const notEqual = (x: TensorLike, y: TensorLike): Tensor => compare("ne", "notEqual", x, y);

/** Logical and (non-bool inputs are tested against 0). @example `np.logicalAnd([true, false], true)` // [true, false] */
export function logicalAnd(x: TensorLike, y: TensorLike): Tensor {
  const [a, b] = broadcastOperands("logicalAnd", [toBool(tensorArg("logicalAnd", x)), toBool(tensorArg("logicalAnd", y, "args[1]"))]);
  return ops.binaryOp("and", a!, b!);
}

/** Logical or. @example `np.logicalOr([true, false], false)` // [true, false] */
export function logicalOr(x: TensorLike, y: TensorLike): Tensor {
  const [a, b] = broadcastOperands("logicalOr", [toBool(tensorArg("logicalOr", x)), toBool(tensorArg("logicalOr", y, "args[1]"))]);
  return ops.binaryOp("or", a!, b!);
}

/** Logical not. @example `np.logicalNot([true, false])` // [false, true] */
export function logicalNot(x: TensorLike): Tensor {
  return ops.unaryOp("not", toBool(tensorArg("logicalNot", x)));
}

/**
 * Elementwise choice: `cond ? a : b`, broadcasting all three. Note for gradients: both branches
 * are computed, so `where(x > 0, log(x), 0)` has a NaN gradient at 0; use the "double where"
 * form `where(x > 0, log(where(x > 0, x, 1)), 0)` to get 0.
 *
 * @example
 * ```ts
 * np.where(np.greater(x, 0), x, 0); // relu
 * ```
 */
export function where(cond: TensorLike, a: TensorLike, b: TensorLike): Tensor {
  const c = toBool(tensorArg("where", cond));
  const [ta, tb] = promoteOperands("where", [a, b]);
  const [bc, ba, bb] = broadcastOperands("where", [c, ta!, tb!]);
  return ops.select(bc!, ba!, bb!);
}

/** Clamps into [lo, hi]. @example `np.clip([-1, 0.5, 2], 0, 1)` // [0, 0.5, 1] */
export function clip(x: TensorLike, lo: TensorLike, hi: TensorLike): Tensor {
  // Converted and broadcast together first, so a bad bound is reported as clip's args[1] or args[2].
  const [tx, tlo, thi] = prepareOperands("clip", [x, lo, hi]);
  return minimum(maximum(tx!, tlo!), thi!);
}
