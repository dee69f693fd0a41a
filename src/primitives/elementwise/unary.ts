/**
 * Elementwise unary primitives. Each states its math on one line; the kind (kinds.ts) supplies
 * the shape rule, kernel and batching, ad.ts the shape of the jvp rule.
 */
import { constant, elementwiseJvp, instantiate, zeroJvp } from "../ad.js";
import { unaryElementwise } from "../kinds.js";
import * as ops from "../ops.js";
import { definePrimitive } from "../rule-types.js";

const u = ops.unaryOp;
const sq = (x: Parameters<typeof ops.mul>[0]) => ops.mul(x, x);

/** −x. Linear: d(−x) = −dx; transpose −ct. */
export const neg = definePrimitive({
  name: "neg",
  ...unaryElementwise("neg", "neg", "numeric"),
  jvpRule: elementwiseJvp((x) => u("neg", x), (x) => constant(-1, x)),
  transposeRule: ([ct]) => [ops.neg(instantiate(ct!))],
});
/** d sin x = cos x · dx. */
export const sin = definePrimitive({ name: "sin", ...unaryElementwise("sin", "sin", "float"), jvpRule: elementwiseJvp((x) => u("sin", x), (x) => u("cos", x)), transposeRule: "nonlinear" });
/** d cos x = −sin x · dx. */
export const cos = definePrimitive({ name: "cos", ...unaryElementwise("cos", "cos", "float"), jvpRule: elementwiseJvp((x) => u("cos", x), (x) => ops.neg(u("sin", x))), transposeRule: "nonlinear" });
/** d tan x = (1 + tan² x) · dx. */
export const tan = definePrimitive({ name: "tan", ...unaryElementwise("tan", "tan", "float"), jvpRule: elementwiseJvp((x) => u("tan", x), (x, y) => ops.add(constant(1, x), sq(y))), transposeRule: "nonlinear" });
/** d tanh x = (1 − tanh² x) · dx (exactly 0 where tanh saturates to ±1). */
export const tanh = definePrimitive({ name: "tanh", ...unaryElementwise("tanh", "tanh", "float"), jvpRule: elementwiseJvp((x) => u("tanh", x), (x, y) => ops.sub(constant(1, x), sq(y))), transposeRule: "nonlinear" });
/** d eˣ = eˣ · dx. */
export const exp = definePrimitive({ name: "exp", ...unaryElementwise("exp", "exp", "float"), jvpRule: elementwiseJvp((x) => u("exp", x), (_x, y) => y), transposeRule: "nonlinear" });
/** d ln x = dx / x (+∞ at 0). */
export const log = definePrimitive({ name: "log", ...unaryElementwise("log", "log", "float"), jvpRule: elementwiseJvp((x) => u("log", x), (x) => ops.integerPow(x, -1)), transposeRule: "nonlinear" });
/** d ln(1 + x) = dx / (1 + x). */
export const log1p = definePrimitive({ name: "log1p", ...unaryElementwise("log1p", "log1p", "float"), jvpRule: elementwiseJvp((x) => u("log1p", x), (x) => ops.integerPow(ops.add(x, constant(1, x)), -1)), transposeRule: "nonlinear" });
/** d (eˣ − 1) = eˣ · dx. */
export const expm1 = definePrimitive({ name: "expm1", ...unaryElementwise("expm1", "expm1", "float"), jvpRule: elementwiseJvp((x) => u("expm1", x), (x, y) => ops.add(y, constant(1, x))), transposeRule: "nonlinear" });
/** d √x = dx / (2√x) (+∞ at 0). */
export const sqrt = definePrimitive({ name: "sqrt", ...unaryElementwise("sqrt", "sqrt", "float"), jvpRule: elementwiseJvp((x) => u("sqrt", x), (x, y) => ops.div(constant(0.5, x), y)), transposeRule: "nonlinear" });
/** d x^(−1/2) = −½ · x^(−1/2) / x · dx. */
export const rsqrt = definePrimitive({ name: "rsqrt", ...unaryElementwise("rsqrt", "rsqrt", "float"), jvpRule: elementwiseJvp((x) => u("rsqrt", x), (x, y) => ops.mul(constant(-0.5, x), ops.div(y, x))), transposeRule: "nonlinear" });
/** d erf x = (2/√π) e^(−x²) · dx. */
export const erf = definePrimitive({
  name: "erf",
  ...unaryElementwise("erf", "erf", "float"),
  jvpRule: elementwiseJvp((x) => u("erf", x), (x) => ops.mul(constant(2 / Math.sqrt(Math.PI), x), ops.exp(ops.neg(sq(x))))),
  transposeRule: "nonlinear",
});
/** d σ(x) = σ(x)(1 − σ(x)) · dx. */
export const logistic = definePrimitive({ name: "logistic", ...unaryElementwise("logistic", "logistic", "float"), jvpRule: elementwiseJvp((x) => u("logistic", x), (x, y) => ops.mul(y, ops.sub(constant(1, x), y))), transposeRule: "nonlinear" });
/** d|x| = sign · dx, with abs'(0) = 1 (as JAX). */
export const abs = definePrimitive({
  name: "abs",
  ...unaryElementwise("abs", "abs", "numeric"),
  jvpRule: elementwiseJvp((x) => u("abs", x), (x) => ops.select(ops.binaryOp("ge", x, constant(0, x)), constant(1, x), constant(-1, x))),
  transposeRule: "nonlinear",
});
/** sign x ∈ {−1, 0, 1}; derivative 0. */
export const sign = definePrimitive({ name: "sign", ...unaryElementwise("sign", "sign", "numeric"), jvpRule: zeroJvp(([x]) => [u("sign", x!)]), transposeRule: "nonlinear" });
/** ⌊x⌋; derivative 0. */
export const floor = definePrimitive({ name: "floor", ...unaryElementwise("floor", "floor", "float"), jvpRule: zeroJvp(([x]) => [u("floor", x!)]), transposeRule: "nonlinear" });
/** ⌈x⌉; derivative 0. */
export const ceil = definePrimitive({ name: "ceil", ...unaryElementwise("ceil", "ceil", "float"), jvpRule: zeroJvp(([x]) => [u("ceil", x!)]), transposeRule: "nonlinear" });
/** x rounded half to even (as numpy); derivative 0. */
export const round = definePrimitive({ name: "round", ...unaryElementwise("round", "round", "float"), jvpRule: zeroJvp(([x]) => [u("round", x!)]), transposeRule: "nonlinear" });
/** Logical not of bool, bitwise not of int32/uint32; no tangent. */
export const not = definePrimitive({ name: "not", ...unaryElementwise("not", "not", "bitwise"), jvpRule: zeroJvp(([x]) => [u("not", x!)]), transposeRule: "nonlinear" });
