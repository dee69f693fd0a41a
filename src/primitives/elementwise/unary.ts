/**
 * Elementwise unary primitives. Each line states the op; the kind (kinds.ts) supplies its shape
 * rule and kernel call. Derivative and batching rules are filled by the transform stages.
 */
import { pendingRule, definePrimitive } from "../rule-types.js";
import { unaryElementwise } from "../kinds.js";

const later = { jvpRule: pendingRule("jvp"), batchRule: pendingRule("batch") } as const;

/** -x. Linear. */
export const neg = definePrimitive({ name: "neg", ...unaryElementwise("neg", "neg", "numeric"), ...later, transposeRule: pendingRule("transpose") });
/** sin x. */
export const sin = definePrimitive({ name: "sin", ...unaryElementwise("sin", "sin", "float"), ...later, transposeRule: "nonlinear" });
/** cos x. */
export const cos = definePrimitive({ name: "cos", ...unaryElementwise("cos", "cos", "float"), ...later, transposeRule: "nonlinear" });
/** tan x. */
export const tan = definePrimitive({ name: "tan", ...unaryElementwise("tan", "tan", "float"), ...later, transposeRule: "nonlinear" });
/** tanh x. */
export const tanh = definePrimitive({ name: "tanh", ...unaryElementwise("tanh", "tanh", "float"), ...later, transposeRule: "nonlinear" });
/** eˣ. */
export const exp = definePrimitive({ name: "exp", ...unaryElementwise("exp", "exp", "float"), ...later, transposeRule: "nonlinear" });
/** ln x (NaN below 0, -inf at 0). */
export const log = definePrimitive({ name: "log", ...unaryElementwise("log", "log", "float"), ...later, transposeRule: "nonlinear" });
/** ln(1 + x), accurate near 0. */
export const log1p = definePrimitive({ name: "log1p", ...unaryElementwise("log1p", "log1p", "float"), ...later, transposeRule: "nonlinear" });
/** eˣ − 1, accurate near 0. */
export const expm1 = definePrimitive({ name: "expm1", ...unaryElementwise("expm1", "expm1", "float"), ...later, transposeRule: "nonlinear" });
/** √x. */
export const sqrt = definePrimitive({ name: "sqrt", ...unaryElementwise("sqrt", "sqrt", "float"), ...later, transposeRule: "nonlinear" });
/** 1/√x. */
export const rsqrt = definePrimitive({ name: "rsqrt", ...unaryElementwise("rsqrt", "rsqrt", "float"), ...later, transposeRule: "nonlinear" });
/** 1/(1 + e⁻ˣ), computed without overflow. */
export const logistic = definePrimitive({ name: "logistic", ...unaryElementwise("logistic", "logistic", "float"), ...later, transposeRule: "nonlinear" });
/** |x|. */
export const abs = definePrimitive({ name: "abs", ...unaryElementwise("abs", "abs", "numeric"), ...later, transposeRule: "nonlinear" });
/** sign x ∈ {−1, 0, 1} (NaN stays NaN). */
export const sign = definePrimitive({ name: "sign", ...unaryElementwise("sign", "sign", "numeric"), ...later, transposeRule: "nonlinear" });
/** ⌊x⌋. */
export const floor = definePrimitive({ name: "floor", ...unaryElementwise("floor", "floor", "float"), ...later, transposeRule: "nonlinear" });
/** ⌈x⌉. */
export const ceil = definePrimitive({ name: "ceil", ...unaryElementwise("ceil", "ceil", "float"), ...later, transposeRule: "nonlinear" });
/** x rounded half to even (as numpy). */
export const round = definePrimitive({ name: "round", ...unaryElementwise("round", "round", "float"), ...later, transposeRule: "nonlinear" });
/** Logical not of a bool array. */
export const not = definePrimitive({ name: "not", ...unaryElementwise("not", "not", "bool"), ...later, transposeRule: "nonlinear" });
