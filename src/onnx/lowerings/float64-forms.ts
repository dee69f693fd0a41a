/**
 * Float64 forms of the transcendentals ONNX Runtime's CPU provider has no double kernel for (Tan,
 * Sinh, Cosh, Asinh, Acosh, Atanh): each spelled with ops it does have in double (Sin, Cos, Exp,
 * Log, Sqrt), through the forms that keep full double accuracy (expm1/log1p-based near 0,
 * overflow-free for large arguments). Float32 keeps the single ONNX op.
 */
import type { Emitter } from "../emitter.js";
import { type Lowering, floatOp, lit, outDtype, requireDtypes, where } from "./kit.js";

const LN2 = Math.LN2;

/** log1p(v) by Goldberg's form (exact where 1 + v rounds to 1). */
export function log1pOf(em: Emitter, v: string, d: "float32" | "float64"): string {
  const u = em.op("Add", [v, lit(em, 1, d)]);
  const um1 = em.op("Sub", [u, lit(em, 1, d)]);
  const ratio = em.op("Div", [em.op("Mul", [v, em.op("Log", [u])]), um1]);
  const exact = em.op("Equal", [um1, lit(em, 0, d)]);
  // u = +∞: log1p is +∞ (u = −∞ falls to the ratio, which is NaN, as log1p(−∞) is).
  return where(em, exact, v, em.op("Where", [em.op("Equal", [u, lit(em, Infinity, d)]), u, ratio]), d);
}

/** expm1(v) by Kahan's form. */
export function expm1Of(em: Emitter, v: string, d: "float32" | "float64"): string {
  const u = em.op("Exp", [v]);
  const um1 = em.op("Sub", [u, lit(em, 1, d)]);
  const kahan = em.op("Div", [em.op("Mul", [um1, v]), em.op("Log", [u])]);
  const one = em.op("Equal", [u, lit(em, 1, d)]);
  const edge = em.op("Or", [em.op("Equal", [um1, lit(em, -1, d)]), em.op("IsInf", [u])]);
  return where(em, one, v, em.op("Where", [edge, um1, kahan]), d);
}

/** `op` as one node for float32; for float64, `double(em, x)`. */
function withDoubleForm<N extends "tan" | "sinh" | "cosh" | "asinh" | "acosh" | "atanh">(op: string, double: (em: Emitter, x: string) => string): Lowering<N> {
  return (em, e, [x], [out]) => {
    requireDtypes(e, op);
    if (outDtype(e) === "float32") return floatOp(op)(em, e, [x!], [out!]);
    em.node("Identity", [double(em, x!)], [out!]);
  };
}

const D = "float64";
const abs = (em: Emitter, x: string): string => em.op("Abs", [x]);
/** x with the sign of s (s's sign bit, −0 included, read through 1/s). */
const withSignOf = (em: Emitter, x: string, s: string): string =>
  em.op("Where", [em.op("Or", [em.op("Less", [s, lit(em, 0, D)]), em.op("Less", [em.op("Reciprocal", [s]), lit(em, 0, D)])]), em.op("Neg", [x]), x]);

/** The ONNX lowerings with float64 forms. */
export const FLOAT64_FORMS = {
  tan: withDoubleForm<"tan">("Tan", (em, x) => em.op("Div", [em.op("Sin", [x]), em.op("Cos", [x])])),
  // cosh = e^(|x|−ln2) + e^(−|x|)/2: no overflow below cosh's own.
  cosh: withDoubleForm<"cosh">("Cosh", (em, x) => {
    const a = abs(em, x);
    return em.op("Add", [em.op("Exp", [em.op("Sub", [a, lit(em, LN2, D)])]), em.op("Div", [em.op("Exp", [em.op("Neg", [a])]), lit(em, 2, D)])]);
  }),
  // sinh: |x| < 1 from expm1 (no cancellation), else e^(|x|−ln2) − e^(−|x|)/2; the sign of x.
  sinh: withDoubleForm<"sinh">("Sinh", (em, x) => {
    const a = abs(em, x);
    const m = expm1Of(em, a, D);
    const small = em.op("Div", [em.op("Add", [m, em.op("Div", [m, em.op("Add", [m, lit(em, 1, D)])])]), lit(em, 2, D)]);
    const large = em.op("Sub", [em.op("Exp", [em.op("Sub", [a, lit(em, LN2, D)])]), em.op("Div", [em.op("Exp", [em.op("Neg", [a])]), lit(em, 2, D)])]);
    return withSignOf(em, em.op("Where", [em.op("Less", [a, lit(em, 1, D)]), small, large]), x);
  }),
  // asinh = sign·log1p(|x| + x²/(1 + √(1 + x²))); log(2|x|) beyond 1e150, where x² overflows.
  asinh: withDoubleForm<"asinh">("Asinh", (em, x) => {
    const a = abs(em, x);
    const sq = em.op("Mul", [a, a]);
    const t = em.op("Add", [a, em.op("Div", [sq, em.op("Add", [lit(em, 1, D), em.op("Sqrt", [em.op("Add", [lit(em, 1, D), sq])])])])]);
    const big = em.op("Add", [em.op("Log", [a]), lit(em, LN2, D)]);
    return withSignOf(em, em.op("Where", [em.op("Greater", [a, lit(em, 1e150, D)]), big, log1pOf(em, t, D)]), x);
  }),
  // acosh = log1p(t + √(t(2 + t))) with t = x − 1; log(x) + ln2 beyond 1e150.
  acosh: withDoubleForm<"acosh">("Acosh", (em, x) => {
    const t = em.op("Sub", [x, lit(em, 1, D)]);
    const near = log1pOf(em, em.op("Add", [t, em.op("Sqrt", [em.op("Mul", [t, em.op("Add", [t, lit(em, 2, D)])])])]), D);
    const big = em.op("Add", [em.op("Log", [x]), lit(em, LN2, D)]);
    return em.op("Where", [em.op("Greater", [x, lit(em, 1e150, D)]), big, near]);
  }),
  // atanh = log1p(2x/(1 − x))/2.
  atanh: withDoubleForm<"atanh">("Atanh", (em, x) =>
    em.op("Div", [log1pOf(em, em.op("Div", [em.op("Mul", [x, lit(em, 2, D)]), em.op("Sub", [lit(em, 1, D), x])]), D), lit(em, 2, D)]),
  ),
};
