/**
 * Float64 forms of the transcendentals ONNX Runtime's CPU provider has no double kernel for (Tan,
 * Sinh, Cosh, Asinh, Acosh, Atanh, Erf, Atan, Asin, Acos): each spelled with ops it does have in
 * double (Sin, Cos, Exp, Log, Sqrt), through the forms that keep full double accuracy
 * (expm1/log1p-based near 0, overflow-free for large arguments). Float32 keeps the single ONNX op.
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
function withDoubleForm<N extends "tan" | "sinh" | "cosh" | "asinh" | "acosh" | "atanh" | "erf" | "atan" | "asin" | "acos">(op: string, double: (em: Emitter, x: string) => string): Lowering<N> {
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

/** `r` ≥ 0 with the sign of `s`, −0 included (a multiplication by ±1, which, unlike Where, keeps the sign of a zero). */
const signedAs = (em: Emitter, r: string, s: string): string => {
  const negative = em.op("Or", [em.op("Less", [s, lit(em, 0, D)]), em.op("Less", [em.op("Reciprocal", [s]), lit(em, 0, D)])]);
  return em.op("Mul", [r, em.op("Where", [negative, lit(em, -1, D), lit(em, 1, D)])]);
};

/** `r`, except NaN where `x` is NaN (the forms below go through Min/Max and Where, which ONNX leaves NaN-unspecified in). */
const nanFrom = (em: Emitter, x: string, r: string): string => where(em, em.op("IsNaN", [x]), x, r, D);

/**
 * atan(v) of float64: on t = min(|v|, 1/|v|) ≤ 1, float32's Atan (about 1e-7) refined by two
 * Newton steps on sin y − t·cos y = 0 (each squares the relative error, so the second lands on
 * the last bit); π/2 − y where |v| > 1; the sign of v, ±0 and NaN kept. A subnormal t casts to a
 * float32 0, from which the first step gives t itself, as atan does.
 */
export function atanOf(em: Emitter, v: string, d: "float32" | "float64"): string {
  if (d === "float32") return em.op("Atan", [v]);
  const a = abs(em, v);
  const inv = em.op("Greater", [a, lit(em, 1, D)]);
  const t = em.op("Where", [inv, em.op("Reciprocal", [a]), a]);
  let y = em.op("Cast", [em.op("Atan", [em.op("Cast", [t], { to: { i: 1 } })])], { to: { i: 11 } });
  for (let k = 0; k < 2; k++) {
    const s = em.op("Sin", [y]);
    const c = em.op("Cos", [y]);
    const step = em.op("Div", [em.op("Sub", [s, em.op("Mul", [t, c])]), em.op("Add", [c, em.op("Mul", [t, s])])]);
    y = em.op("Sub", [y, step]);
  }
  const r = em.op("Where", [inv, em.op("Sub", [lit(em, Math.PI / 2, D), y]), y]);
  return nanFrom(em, v, signedAs(em, r, v));
}

/** asin(v) = atan(v/√((1 − v)(1 + v))): ±π/2 at ±1 (v/0 = ±∞), NaN beyond (√ of a negative). */
export function asinOf(em: Emitter, v: string, d: "float32" | "float64"): string {
  if (d === "float32") return em.op("Asin", [v]);
  const c = em.op("Sqrt", [em.op("Mul", [em.op("Sub", [lit(em, 1, D), v]), em.op("Add", [lit(em, 1, D), v])])]);
  return atanOf(em, em.op("Div", [v, c]), D);
}

/** acos(v) = 2·atan(√((1 − v)/(1 + v))): 0 at 1, π at −1 (2/0 = +∞), NaN beyond ±1 and at ±∞. */
export function acosOf(em: Emitter, v: string, d: "float32" | "float64"): string {
  if (d === "float32") return em.op("Acos", [v]);
  const q = em.op("Sqrt", [em.op("Div", [em.op("Sub", [lit(em, 1, D), v]), em.op("Add", [lit(em, 1, D), v])])]);
  return nanFrom(em, v, em.op("Mul", [lit(em, 2, D), atanOf(em, q, D)]));
}

// erf's two regimes meet at |x| = 2.5: below, the series of e^(x²)·erf(x) (its terms all positive,
// so nothing cancels) to 36 terms; above, erfc's continued fraction to 24 levels. Each is within a
// few ulps of erf there; beyond |x| = 10, erf is 1 to the last bit (erfc(6) < 2^−54 already).
const ERF_SPLIT = 2.5;
const ERF_TERMS = 36;
const ERFC_LEVELS = 24;

/**
 * erf(v) of float64: 2/√π·a·e^(−a²)·Σ 2ⁿa²ⁿ/(1·3·…·(2n+1)) for a = |v| < 2.5, else 1 − erfc(a) with
 * erfc(a) = e^(−a²)/(√π·(a + (1/2)/(a + (2/2)/(a + (3/2)/(a + …))))); the sign of v, ±0 and NaN kept.
 */
export function erfOf(em: Emitter, v: string, d: "float32" | "float64"): string {
  if (d === "float32") return em.op("Erf", [v]);
  const a = abs(em, v);
  // Series: Horner in z = s² from the last coefficient down.
  const s = em.op("Min", [a, lit(em, ERF_SPLIT, D)]);
  const z = em.op("Mul", [s, s]);
  const coef = [1];
  for (let n = 1; n <= ERF_TERMS; n++) coef.push((coef[n - 1]! * 2) / (2 * n + 1));
  let sum = lit(em, coef[ERF_TERMS]!, D);
  for (let n = ERF_TERMS - 1; n >= 0; n--) sum = em.op("Add", [em.op("Mul", [sum, z]), lit(em, coef[n]!, D)]);
  const series = em.op("Mul", [em.op("Mul", [lit(em, 2 / Math.sqrt(Math.PI), D), s]), em.op("Mul", [em.op("Exp", [em.op("Neg", [z])]), sum])]);
  // Continued fraction, evaluated from its deepest level up, on b in [2.5, 10].
  const b = em.op("Min", [em.op("Max", [a, lit(em, ERF_SPLIT, D)]), lit(em, 10, D)]);
  let t = b;
  for (let k = ERFC_LEVELS; k >= 1; k--) t = em.op("Add", [b, em.op("Div", [lit(em, k / 2, D), t])]);
  const erfc = em.op("Div", [em.op("Exp", [em.op("Neg", [em.op("Mul", [b, b])])]), em.op("Mul", [lit(em, Math.sqrt(Math.PI), D), t])]);
  const r = em.op("Where", [em.op("Less", [a, lit(em, ERF_SPLIT, D)]), series, em.op("Sub", [lit(em, 1, D), erfc])]);
  return nanFrom(em, v, signedAs(em, r, v));
}

/** The ONNX lowerings with float64 forms. */
export const FLOAT64_FORMS = {
  erf: withDoubleForm<"erf">("Erf", (em, x) => erfOf(em, x, D)),
  atan: withDoubleForm<"atan">("Atan", (em, x) => atanOf(em, x, D)),
  asin: withDoubleForm<"asin">("Asin", (em, x) => asinOf(em, x, D)),
  acos: withDoubleForm<"acos">("Acos", (em, x) => acosOf(em, x, D)),
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
    // Below 1 (−∞ included) acosh is NaN: the form would cancel to a number there (t(t + 2) > 0).
    const r = em.op("Where", [em.op("Greater", [x, lit(em, 1e150, D)]), big, near]);
    return em.op("Where", [em.op("Less", [x, lit(em, 1, D)]), lit(em, NaN, D), r]);
  }),
  // atanh = log1p(2x/(1 − x))/2.
  atanh: withDoubleForm<"atanh">("Atanh", (em, x) =>
    em.op("Div", [log1pOf(em, em.op("Div", [em.op("Mul", [x, lit(em, 2, D)]), em.op("Sub", [lit(em, 1, D), x])]), D), lit(em, 2, D)]),
  ),
};
