/**
 * ONNX lowerings of the elementwise primitives. Where ONNX has the op with fluxion's semantics it
 * is one node; where its semantics differ or are undefined, the lowering spells fluxion's out:
 * NaN-propagating max/min, integer division and remainder by zero (0, or the dividend for uint32,
 * as the kernels give — a bare ONNX Div would fault), saturating float→int casts, and log1p/expm1
 * through the accurate forms (Goldberg's and Kahan's) rather than log(1+x) and exp(x)−1.
 */
import type { PrimName } from "../../ir/types.js";
import type { DType } from "../../tensor/dtype.js";
import { Emitter } from "../emitter.js";
import { FLOAT64_FORMS, expm1Of, log1pOf } from "./float64-forms.js";
import { type Lowering, anyOp, floatOp, floaty, lit, nanToZero, outDtype, requireDtypes, where } from "./kit.js";


/** log1p and expm1 through Goldberg's and Kahan's forms: accurate near 0, unlike log(1+x) and eˣ−1. */
const log1p: Lowering<"log1p"> = (em, e, [x], [out]) => {
  requireDtypes(e, "Log");
  em.node("Identity", [log1pOf(em, x!, outDtype(e) as "float32")], [out!]);
};
const expm1: Lowering<"expm1"> = (em, e, [x], [out]) => {
  requireDtypes(e, "Exp");
  em.node("Identity", [expm1Of(em, x!, outDtype(e) as "float32")], [out!]);
};

/** NaN-propagating max/min (as Math.max/min and numpy's maximum): ONNX leaves NaN unspecified. */
const nanAware = (op: "Max" | "Min"): Lowering<"max" | "min"> => (em, e, [x, y], [out]) => {
  if (!floaty(outDtype(e))) return em.node(op, [x!, y!], [out!]);
  const m = em.op(op, [x!, y!]);
  const anyNan = em.op("Or", [em.op("IsNaN", [x!]), em.op("IsNaN", [y!])]);
  em.node("Identity", [where(em, anyNan, em.op("Add", [x!, y!]), m, outDtype(e))], [out!]);
};

/** Integer division and remainder with fluxion's results for a zero divisor (ONNX's would fault). */
const intDivRem = (which: "div" | "rem"): Lowering<"div" | "rem"> => (em, e, [x, y], [out]) => {
  const d = outDtype(e);
  if (floaty(d)) return which === "div" ? em.node("Div", [x!, y!], [out!]) : em.node("Mod", [x!, y!], [out!], { fmod: { i: 1 } });
  if (d !== "int32" && d !== "uint32") Emitter.unsupported(e, `on ${d} operands`);
  const zero = em.op("Equal", [y!, lit(em, 0, d)]);
  const safe = where(em, zero, lit(em, 1, d), y!, d);
  const q = which === "div" ? em.op("Div", [x!, safe]) : em.op("Mod", [x!, safe], { fmod: { i: 1 } });
  // By zero: int32 gives 0 (div and rem); uint32 gives 2³²−1 (div) or the dividend (rem), as XLA.
  const byZero = d === "int32" ? lit(em, 0, d) : which === "div" ? lit(em, 4294967295, d) : x!;
  em.node("Identity", [where(em, zero, byZero, q, d)], [out!]);
};

/** x^y for a fixed integer y, by multiplications as the kernel's repeated squaring does. */
const integerPow: Lowering<"integer_pow"> = (em, e, [x], [out]) => {
  const d = outDtype(e);
  const y = e.params.y;
  if (y === 0) return em.node("Expand", [lit(em, 1, d), em.op("Shape", [x!])], [out!]);
  let r: string | undefined;
  let b = x!;
  for (let n = Math.abs(y); n > 0; n = Math.floor(n / 2)) {
    if (n % 2 === 1) r = r === undefined ? b : em.op("Mul", [r, b]);
    if (n > 1) b = em.op("Mul", [b, b]);
  }
  if (y > 0) return em.node("Identity", [r!], [out!]);
  if (!floaty(d)) Emitter.unsupported(e, `with a negative exponent on ${d}`);
  em.node("Div", [lit(em, 1, d), r!], [out!]);
};

/** Casts with fluxion's semantics: float→int truncates and saturates, NaN → 0. */
const convert: Lowering<"convert_element_type"> = (em, e, [x], [out]) => {
  const from = e.inputs[0]!.aval.dtype;
  const to = e.params.newDtype;
  const toType = { bool: 9, int32: 6, uint32: 12, float32: 1, float64: 11, complex64: 14, complex128: 15 }[to];
  if (floaty(from) && (to === "int32" || to === "uint32")) {
    const [lo, hi] = to === "int32" ? [-2147483648, 2147483647] : [0, 4294967295];
    // float32 cannot hold hi (it rounds up to 2^31 or 2^32, whose cast overflows): clip to the
    // largest float below it and saturate what lies beyond by a select on the integer side.
    const below = from === "float32" ? (to === "int32" ? 2147483520 : 4294967040) : hi;
    const safe = nanToZero(em, x!, from);
    const clipped = em.op("Min", [em.op("Max", [safe, lit(em, lo, from)]), lit(em, below, from)]);
    const cast = em.op("Cast", [clipped], { to: { i: toType } });
    return em.node("Identity", [where(em, em.op("Greater", [safe, lit(em, below, from)]), lit(em, hi, to), cast, to)], [out!]);
  }
  em.node("Cast", [x!], [out!], { to: { i: toType } });
};

/** Logical for bool, bitwise for integers. */
const logical = (boolOp: string, intOp: string): Lowering<PrimName> => (em, e, ins, outs) =>
  em.node(outDtype(e) === "bool" ? boolOp : intOp, ins, outs);

/** sign with NaN kept (ONNX Sign(NaN) is unspecified). */
const sign: Lowering<"sign"> = (em, e, [x], [out]) => {
  const d = outDtype(e);
  if (!floaty(d)) return em.node("Sign", [x!], [out!]);
  // ±0 keep their sign (the kernel returns x itself for zero and NaN).
  const s = em.op("Sign", [x!]);
  const keep = em.op("Or", [em.op("IsNaN", [x!]), em.op("Equal", [x!, lit(em, 0, d)])]);
  em.node("Identity", [where(em, keep, x!, s, d)], [out!]);
};

/** not: logical on bool, bitwise on integers. */
const not: Lowering<"not"> = (em, e, [x], [out]) => em.node(outDtype(e) === "bool" ? "Not" : "BitwiseNot", [x!], [out!]);

/** A comparison (bool out), any real dtype. */
const compare = (op: string, negate = false): Lowering<PrimName> => (em, e, [x, y], [out]) => {
  // ONNX orders no bools (Less on bool is not an op): compare them as int32 0/1.
  const asInt = (v: string): string => (e.inputs[0]!.aval.dtype === "bool" && op !== "Equal" ? em.op("Cast", [v], { to: { i: 6 } }) : v);
  if (!negate) return em.node(op, [asInt(x!), asInt(y!)], [out!]);
  em.node("Not", [em.op(op, [asInt(x!), asInt(y!)])], [out!]);
};

/** A logical shift of 32-bit integers: BitShift on uint32, any amount outside [0, 32) giving 0. */
const shiftRightLogical: Lowering<"shift_right_logical"> = (em, e, [x, y], [out]) => {
  const d = outDtype(e);
  const asU = (v: string, from: DType): string => (from === "uint32" ? v : em.op("Cast", [v], { to: { i: 12 } }));
  const ux = asU(x!, d);
  const uy = asU(y!, e.inputs[1]!.aval.dtype);
  const shifted = em.op("BitShift", [ux, em.op("Min", [uy, lit(em, 31, "uint32")])], { direction: { s: "RIGHT" } });
  const inRange = em.op("Less", [uy, lit(em, 32, "uint32")]);
  const r = where(em, inRange, shifted, lit(em, 0, "uint32"), "uint32");
  em.node(d === "uint32" ? "Identity" : "Cast", [r], [out!], d === "uint32" ? {} : { to: { i: 6 } });
};

/** The elementwise part of the ONNX lowering table. */
export const ELEMENTWISE_LOWERINGS = {
  neg: ((em, e, [x], [out]) =>
    // uint32 negation wraps (0 − x); ONNX Runtime has no uint32 Neg.
    outDtype(e) === "uint32" ? em.node("Sub", [lit(em, 0, "uint32"), x!], [out!]) : em.node("Neg", [x!], [out!])) as Lowering<"neg">,
  sin: floatOp<"sin">("Sin"), cos: floatOp<"cos">("Cos"), tan: FLOAT64_FORMS.tan, tanh: floatOp<"tanh">("Tanh"),
  exp: floatOp<"exp">("Exp"), log: floatOp<"log">("Log"), log1p, expm1,
  sqrt: floatOp<"sqrt">("Sqrt"),
  rsqrt: ((em, e, [x], [out]) => {
    requireDtypes(e, "Sqrt");
    em.node("Reciprocal", [em.op("Sqrt", [x!])], [out!]);
  }) as Lowering<"rsqrt">,
  erf: FLOAT64_FORMS.erf, logistic: floatOp<"logistic">("Sigmoid"), abs: anyOp<"abs">("Abs"), sign,
  floor: floatOp<"floor">("Floor"), ceil: floatOp<"ceil">("Ceil"), round: floatOp<"round">("Round"),
  not, integer_pow: integerPow, convert_element_type: convert,
  add: anyOp<"add">("Add"), sub: anyOp<"sub">("Sub"), mul: anyOp<"mul">("Mul"),
  div: intDivRem("div") as Lowering<"div">, rem: intDivRem("rem") as Lowering<"rem">,
  pow: floatOp<"pow">("Pow"),
  max: nanAware("Max") as Lowering<"max">, min: nanAware("Min") as Lowering<"min">,
  and: logical("And", "BitwiseAnd") as Lowering<"and">, or: logical("Or", "BitwiseOr") as Lowering<"or">,
  shift_right_logical: shiftRightLogical,
  lt: compare("Less") as Lowering<"lt">, le: compare("LessOrEqual") as Lowering<"le">,
  gt: compare("Greater") as Lowering<"gt">, ge: compare("GreaterOrEqual") as Lowering<"ge">,
  eq: compare("Equal") as Lowering<"eq">, ne: compare("Equal", true) as Lowering<"ne">,
  select: ((em, e, [p, t, f], [out]) => em.node("Identity", [where(em, p!, t!, f!, outDtype(e))], [out!])) as Lowering<"select">,
  stop_gradient: anyOp<"stop_gradient">("Identity"),
} as const;

