/**
 * Elementwise unary primitives. Each states its math on one line; the kind (kinds.ts) supplies
 * the shape rule, kernel and batching, ad.ts the shape of the jvp rule.
 */
import { isComplex } from "../../tensor/dtype.js";
import { cexp, cexpm1, clog, clog1p, clogistic, ccos, cneg, crsqrt, csign, csin, csqrt, ctan, ctanh } from "../../tensor/kernels/complex-math.js";
import { constant, elementwiseJvp, instantiate, isZero, zeroJvp, zeroLike } from "../ad.js";
import * as cops from "../complex/ops.js";
import { withComplexUnary } from "../complex-support.js";
import { unaryElementwise } from "../kinds.js";
import * as ops from "../ops.js";
import { definePrimitive } from "../rule-types.js";

const u = ops.unaryOp;
const sq = (x: Parameters<typeof ops.mul>[0]) => ops.mul(x, x);

/** −x. Linear: d(−x) = −dx; transpose −ct. */
export const neg = definePrimitive({
  name: "neg",
  ...withComplexUnary(unaryElementwise("neg", "neg", "numeric"), cneg),
  jvpRule: elementwiseJvp((x) => u("neg", x), (x) => constant(-1, x)),
  transposeRule: ([ct]) => [ops.neg(instantiate(ct!))],
});
/** d sin x = cos x · dx. */
export const sin = definePrimitive({ name: "sin", ...withComplexUnary(unaryElementwise("sin", "sin", "float"), csin), jvpRule: elementwiseJvp((x) => u("sin", x), (x) => u("cos", x)), transposeRule: "nonlinear" });
/** d cos x = −sin x · dx. */
export const cos = definePrimitive({ name: "cos", ...withComplexUnary(unaryElementwise("cos", "cos", "float"), ccos), jvpRule: elementwiseJvp((x) => u("cos", x), (x) => ops.neg(u("sin", x))), transposeRule: "nonlinear" });
/** d tan x = (1 + tan² x) · dx. */
export const tan = definePrimitive({ name: "tan", ...withComplexUnary(unaryElementwise("tan", "tan", "float"), ctan), jvpRule: elementwiseJvp((x) => u("tan", x), (x, y) => ops.add(constant(1, x), sq(y))), transposeRule: "nonlinear" });
/** d tanh x = (1 − tanh² x) · dx (exactly 0 where tanh saturates to ±1). */
export const tanh = definePrimitive({ name: "tanh", ...withComplexUnary(unaryElementwise("tanh", "tanh", "float"), ctanh), jvpRule: elementwiseJvp((x) => u("tanh", x), (x, y) => ops.sub(constant(1, x), sq(y))), transposeRule: "nonlinear" });
/** d eˣ = eˣ · dx. */
export const exp = definePrimitive({ name: "exp", ...withComplexUnary(unaryElementwise("exp", "exp", "float"), cexp), jvpRule: elementwiseJvp((x) => u("exp", x), (_x, y) => y), transposeRule: "nonlinear" });
/** d ln x = dx / x (+∞ at 0). */
export const log = definePrimitive({ name: "log", ...withComplexUnary(unaryElementwise("log", "log", "float"), clog), jvpRule: elementwiseJvp((x) => u("log", x), (x) => ops.integerPow(x, -1)), transposeRule: "nonlinear" });
/** d ln(1 + x) = dx / (1 + x). */
export const log1p = definePrimitive({ name: "log1p", ...withComplexUnary(unaryElementwise("log1p", "log1p", "float"), clog1p), jvpRule: elementwiseJvp((x) => u("log1p", x), (x) => ops.integerPow(ops.add(x, constant(1, x)), -1)), transposeRule: "nonlinear" });
/** d (eˣ − 1) = eˣ · dx. */
export const expm1 = definePrimitive({ name: "expm1", ...withComplexUnary(unaryElementwise("expm1", "expm1", "float"), cexpm1), jvpRule: elementwiseJvp((x) => u("expm1", x), (x, y) => ops.add(y, constant(1, x))), transposeRule: "nonlinear" });
/** d √x = dx / (2√x) (+∞ at 0). */
export const sqrt = definePrimitive({ name: "sqrt", ...withComplexUnary(unaryElementwise("sqrt", "sqrt", "float"), csqrt), jvpRule: elementwiseJvp((x) => u("sqrt", x), (x, y) => ops.div(constant(0.5, x), y)), transposeRule: "nonlinear" });
/** d x^(−1/2) = −½ · x^(−1/2) / x · dx. */
export const rsqrt = definePrimitive({ name: "rsqrt", ...withComplexUnary(unaryElementwise("rsqrt", "rsqrt", "float"), crsqrt), jvpRule: elementwiseJvp((x) => u("rsqrt", x), (x, y) => ops.mul(constant(-0.5, x), ops.div(y, x))), transposeRule: "nonlinear" });
/** d erf x = (2/√π) e^(−x²) · dx. */
export const erf = definePrimitive({
  name: "erf",
  ...unaryElementwise("erf", "erf", "float"),
  jvpRule: elementwiseJvp((x) => u("erf", x), (x) => ops.mul(constant(2 / Math.sqrt(Math.PI), x), ops.exp(ops.neg(sq(x))))),
  transposeRule: "nonlinear",
});
/** d σ(x) = σ(x)(1 − σ(x)) · dx. */
export const logistic = definePrimitive({ name: "logistic", ...withComplexUnary(unaryElementwise("logistic", "logistic", "float"), clogistic), jvpRule: elementwiseJvp((x) => u("logistic", x), (x, y) => ops.mul(y, ops.sub(constant(1, x), y))), transposeRule: "nonlinear" });
const realAbsJvp = elementwiseJvp<"abs">((x) => u("abs", x), (x) => ops.select(ops.binaryOp("ge", x, constant(0, x)), constant(1, x), constant(-1, x)));

/**
 * d|x| = sign · dx, with abs'(0) = 1 (as JAX). For complex z (|z| is real and not holomorphic),
 * JAX's rule: d|z| = re(conj(z)/|z| · dz), with |z| = 0 read as 1 (derivative 0 at 0).
 */
export const abs = definePrimitive({
  name: "abs",
  ...withComplexUnary(unaryElementwise("abs", "abs", "numeric"), "abs"),
  jvpRule: ([x], [dx], params) => {
    if (!isComplex(x!.dtype)) return realAbsJvp([x!], [dx!], params);
    const y = u("abs", x!);
    if (isZero(dx)) return [[y], [zeroLike(y)]];
    const r = ops.convert(y, x!.dtype);
    const safe = ops.select(ops.binaryOp("eq", r, constant(0, r)), constant(1, r), r);
    return [[y], [cops.real(ops.mul(dx!, ops.div(cops.conj(x!), safe)))]];
  },
  transposeRule: "nonlinear",
});
/** sign x ∈ {−1, 0, 1}; derivative 0. */
export const sign = definePrimitive({ name: "sign", ...withComplexUnary(unaryElementwise("sign", "sign", "numeric"), csign), jvpRule: zeroJvp(([x]) => [u("sign", x!)]), transposeRule: "nonlinear" });
/** ⌊x⌋; derivative 0. */
export const floor = definePrimitive({ name: "floor", ...unaryElementwise("floor", "floor", "float"), jvpRule: zeroJvp(([x]) => [u("floor", x!)]), transposeRule: "nonlinear" });
/** ⌈x⌉; derivative 0. */
export const ceil = definePrimitive({ name: "ceil", ...unaryElementwise("ceil", "ceil", "float"), jvpRule: zeroJvp(([x]) => [u("ceil", x!)]), transposeRule: "nonlinear" });
/** x rounded half to even (as numpy); derivative 0. */
export const round = definePrimitive({ name: "round", ...unaryElementwise("round", "round", "float"), jvpRule: zeroJvp(([x]) => [u("round", x!)]), transposeRule: "nonlinear" });
/** Logical not of bool, bitwise not of int32/uint32; no tangent. */
export const not = definePrimitive({ name: "not", ...unaryElementwise("not", "not", "bitwise"), jvpRule: zeroJvp(([x]) => [u("not", x!)]), transposeRule: "nonlinear" });
