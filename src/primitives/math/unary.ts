/**
 * Elementwise unary math primitives beyond the basics: inverse trig, hyperbolic and inverse
 * hyperbolic functions, cube root, 2ˣ and the finiteness test. Each derivative is JAX's formula
 * (jax/_src/lax/lax.py), so values at the edges of the domain (±∞ at |x| = 1 for asin, NaN
 * outside it) are JAX's too.
 */
import { constant, elementwiseJvp, zeroJvp } from "../ad.js";
import { unaryElementwise } from "../kinds.js";
import * as ops from "../ops.js";
import { definePrimitive } from "../rule-types.js";
import type { Tensor } from "../../tensor/tensor.js";

const u = ops.unaryOp;
const sq = (x: Tensor): Tensor => ops.mul(x, x);
/** 1/√(1 − x²), the derivative of asin (−acos′). */
const invSqrtOneMinusSq = (x: Tensor): Tensor => u("rsqrt", ops.sub(constant(1, x), sq(x)));

/** d asin x = dx / √(1 − x²) (+∞ at ±1, NaN beyond). */
export const asin = definePrimitive({ name: "asin", ...unaryElementwise("asin", "asin", "float"), jvpRule: elementwiseJvp((x) => u("asin", x), invSqrtOneMinusSq), transposeRule: "nonlinear" });
/** d acos x = −dx / √(1 − x²). */
export const acos = definePrimitive({ name: "acos", ...unaryElementwise("acos", "acos", "float"), jvpRule: elementwiseJvp((x) => u("acos", x), (x) => ops.neg(invSqrtOneMinusSq(x))), transposeRule: "nonlinear" });
/** d atan x = dx / (1 + x²) (0 at ±∞). */
export const atan = definePrimitive({ name: "atan", ...unaryElementwise("atan", "atan", "float"), jvpRule: elementwiseJvp((x) => u("atan", x), (x) => ops.integerPow(ops.add(constant(1, x), sq(x)), -1)), transposeRule: "nonlinear" });
/** d sinh x = cosh x · dx. */
export const sinh = definePrimitive({ name: "sinh", ...unaryElementwise("sinh", "sinh", "float"), jvpRule: elementwiseJvp((x) => u("sinh", x), (x) => u("cosh", x)), transposeRule: "nonlinear" });
/** d cosh x = sinh x · dx. */
export const cosh = definePrimitive({ name: "cosh", ...unaryElementwise("cosh", "cosh", "float"), jvpRule: elementwiseJvp((x) => u("cosh", x), (x) => u("sinh", x)), transposeRule: "nonlinear" });
/** d asinh x = dx / √(x² + 1). */
export const asinh = definePrimitive({ name: "asinh", ...unaryElementwise("asinh", "asinh", "float"), jvpRule: elementwiseJvp((x) => u("asinh", x), (x) => u("rsqrt", ops.add(sq(x), constant(1, x)))), transposeRule: "nonlinear" });
/** d acosh x = dx / √(x² − 1) (JAX's form: the domain is x ≥ 1, +∞ at 1). */
export const acosh = definePrimitive({ name: "acosh", ...unaryElementwise("acosh", "acosh", "float"), jvpRule: elementwiseJvp((x) => u("acosh", x), (x) => u("rsqrt", ops.sub(sq(x), constant(1, x)))), transposeRule: "nonlinear" });
/** d atanh x = dx / ((1 + x)(1 − x)) (+∞ at ±1). */
export const atanh = definePrimitive({
  name: "atanh",
  ...unaryElementwise("atanh", "atanh", "float"),
  jvpRule: elementwiseJvp((x) => u("atanh", x), (x) => ops.div(ops.integerPow(ops.add(constant(1, x), x), -1), ops.sub(constant(1, x), x))),
  transposeRule: "nonlinear",
});
/** d ∛x = dx / (3 ∛x²) (+∞ at 0). */
export const cbrt = definePrimitive({ name: "cbrt", ...unaryElementwise("cbrt", "cbrt", "float"), jvpRule: elementwiseJvp((x) => u("cbrt", x), (x, y) => ops.mul(constant(1 / 3, x), ops.integerPow(y, -2))), transposeRule: "nonlinear" });
/** d 2ˣ = ln 2 · 2ˣ · dx. */
export const exp2 = definePrimitive({ name: "exp2", ...unaryElementwise("exp2", "exp2", "float"), jvpRule: elementwiseJvp((x) => u("exp2", x), (x, y) => ops.mul(constant(Math.LN2, x), y)), transposeRule: "nonlinear" });
/** x is neither ±∞ nor NaN (a bool output: no tangent). */
export const isFinite = definePrimitive({ name: "is_finite", ...unaryElementwise("is_finite", "is_finite", "float", "bool"), jvpRule: zeroJvp(([x]) => [u("is_finite", x!)]), transposeRule: "nonlinear" });
