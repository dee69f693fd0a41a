/**
 * ONNX lowerings of the elementwise math area (inverse and hyperbolic trig, cbrt, exp2, is_finite,
 * atan2) and of the bitwise area's ops ONNX has. atan2 has no ONNX op: it is spelled out by
 * quadrant from Atan(y/x), with the signs of zeros handled as Math.atan2 does.
 */
import { Emitter } from "../emitter.js";
import { FLOAT64_FORMS, atanOf } from "./float64-forms.js";
import { type Lowering, lit, outDtype, requireDtypes, where } from "./kit.js";

/** atan2(y, x) by quadrant (x < 0 adds ±π by the sign of y, x = 0 gives ±π/2 or y's zero). */
const atan2: Lowering<"atan2"> = (em, e, [y, x], [out]) => {
  requireDtypes(e, "Atan");
  const d = outDtype(e);
  const base = atanOf(em, em.op("Div", [y!, x!]), d as "float32");
  // The sign of y, zeros included (1/y is ±∞ for ±0).
  const yNeg = em.op("Or", [em.op("Less", [y!, lit(em, 0, d)]), em.op("Less", [em.op("Reciprocal", [y!]), lit(em, 0, d)])]);
  const xNeg = em.op("Or", [em.op("Less", [x!, lit(em, 0, d)]), em.op("Less", [em.op("Reciprocal", [x!]), lit(em, 0, d)])]);
  const pi = em.op("Where", [yNeg, lit(em, -Math.PI, d), lit(em, Math.PI, d)]);
  const shifted = em.op("Where", [xNeg, em.op("Add", [base, pi]), base]);
  // y = ±0: ±0 for x ≥ +0, ±π for x ≤ −0; x = ±0 with y ≠ 0: ±π/2.
  const yZero = em.op("Equal", [y!, lit(em, 0, d)]);
  const xZero = em.op("Equal", [x!, lit(em, 0, d)]);
  const onAxis = where(em, xNeg, pi, y!, d);
  const vertical = em.op("Where", [yNeg, lit(em, -Math.PI / 2, d), lit(em, Math.PI / 2, d)]);
  const nan = em.op("Or", [em.op("IsNaN", [x!]), em.op("IsNaN", [y!])]);
  // Both infinite: ±π/4, or ±3π/4 for x = −∞ (y/x is NaN there).
  const bothInf = em.op("And", [em.op("IsInf", [x!]), em.op("IsInf", [y!])]);
  const corner = em.op("Where", [xNeg, lit(em, (3 * Math.PI) / 4, d), lit(em, Math.PI / 4, d)]);
  const diagonal = em.op("Where", [yNeg, em.op("Neg", [corner]), corner]);
  const r = where(em, yZero, onAxis, em.op("Where", [xZero, vertical, em.op("Where", [bothInf, diagonal, shifted])]), d);
  em.node("Identity", [where(em, nan, em.op("Add", [x!, y!]), r, d)], [out!]);
};

/** cbrt(x) = sign(x)·|x|^(1/3), exact cubes kept exact to within an ulp of Pow. */
const cbrt: Lowering<"cbrt"> = (em, e, [x], [out]) => {
  requireDtypes(e, "Pow");
  const d = outDtype(e);
  const mag = em.op("Pow", [em.op("Abs", [x!]), lit(em, 1 / 3, d)]);
  const neg = em.op("Less", [x!, lit(em, 0, d)]);
  em.node("Identity", [where(em, neg, em.op("Neg", [mag]), where(em, em.op("Equal", [x!, lit(em, 0, d)]), x!, mag, d), d)], [out!]);
};

/** A shift of 32-bit integers by an amount in [0, 32) (else 0, or the sign for arithmetic right). */
const shift = (dir: "LEFT" | "ARITH"): Lowering<"shift_left" | "shift_right_arithmetic"> => (em, e, [x, y], [out]) => {
  const d = outDtype(e);
  if (d !== "int32" && d !== "uint32") Emitter.unsupported(e, `on ${d} operands`);
  const asU = (v: string, from: string): string => (from === "uint32" ? v : em.op("Cast", [v], { to: { i: 12 } }));
  const ux = asU(x!, d);
  const uy = asU(y!, e.inputs[1]!.aval.dtype);
  const amount = em.op("Min", [uy, lit(em, 31, "uint32")]);
  const inRange = em.op("Less", [uy, lit(em, 32, "uint32")]);
  let r: string;
  if (dir === "LEFT") {
    r = where(em, inRange, em.op("BitShift", [ux, amount], { direction: { s: "LEFT" } }), lit(em, 0, "uint32"), "uint32");
  } else {
    // Arithmetic on the 32 bits (uint32 too, as the kernel does): a set top bit shifts the
    // complement and complements back, so ones fill from the left.
    const neg = em.op("Less", [d === "int32" ? x! : em.op("Cast", [x!], { to: { i: 6 } }), lit(em, 0, "int32")]);
    const src = where(em, neg, em.op("BitwiseNot", [ux]), ux, "uint32");
    const sh = em.op("BitShift", [src, amount], { direction: { s: "RIGHT" } });
    const signed = where(em, neg, em.op("BitwiseNot", [sh]), sh, "uint32");
    const fill = where(em, neg, lit(em, 4294967295, "uint32"), lit(em, 0, "uint32"), "uint32");
    r = where(em, inRange, signed, fill, "uint32");
  }
  em.node(d === "uint32" ? "Identity" : "Cast", [r], [out!], d === "uint32" ? {} : { to: { i: 6 } });
};

/** The math and bitwise parts of the ONNX lowering table. */
export const MATH_LOWERINGS = {
  asin: FLOAT64_FORMS.asin, acos: FLOAT64_FORMS.acos, atan: FLOAT64_FORMS.atan,
  sinh: FLOAT64_FORMS.sinh, cosh: FLOAT64_FORMS.cosh, asinh: FLOAT64_FORMS.asinh,
  acosh: FLOAT64_FORMS.acosh, atanh: FLOAT64_FORMS.atanh,
  cbrt,
  exp2: ((em, e, [x], [out]) => {
    requireDtypes(e, "Pow");
    em.node("Pow", [lit(em, 2, outDtype(e)), x!], [out!]);
  }) as Lowering<"exp2">,
  is_finite: ((em, _e, [x], [out]) => em.node("Not", [em.op("Or", [em.op("IsNaN", [x!]), em.op("IsInf", [x!])])], [out!])) as Lowering<"is_finite">,
  atan2,
  xor: ((em, e, ins, outs) => em.node(outDtype(e) === "bool" ? "Xor" : "BitwiseXor", ins, outs)) as Lowering<"xor">,
  shift_left: shift("LEFT") as Lowering<"shift_left">,
  shift_right_arithmetic: shift("ARITH") as Lowering<"shift_right_arithmetic">,
  cumsum: ((em, e, [x], [out]) => {
    const d = outDtype(e);
    const attrs = { reverse: { i: e.params.reverse ? 1 : 0 } };
    if (d !== "uint32") return em.node("CumSum", [x!, em.int64s([e.params.axis], true)], [out!], attrs);
    // ONNX Runtime has no uint32 CumSum: int32 sums wrap to the same 32 bits.
    const sum = em.op("CumSum", [em.op("Cast", [x!], { to: { i: 6 } }), em.int64s([e.params.axis], true)], attrs);
    em.node("Cast", [sum], [out!], { to: { i: 12 } });
  }) as Lowering<"cumsum">,
  reduce_and: logicalReduce("ReduceMin") as Lowering<"reduce_and">,
  reduce_or: logicalReduce("ReduceMax") as Lowering<"reduce_or">,
};

/** all/any over axes: bools as int32, reduced by min/max, back to bool. */
function logicalReduce(op: string): Lowering<"reduce_and" | "reduce_or"> {
  return (em, e, [x], [out]) => {
    if (outDtype(e) !== "bool") Emitter.unsupported(e, `on ${outDtype(e)} operands (only bool)`);
    const shape = e.inputs[0]!.aval.shape;
    if (e.params.axes.some((a) => shape[a < 0 ? a + shape.length : a] === 0)) {
      // Over nothing: all() is true and any() false (ONNX Runtime's empty ReduceMax is not).
      const o = e.outputs[0]!.aval;
      return em.node("Expand", [lit(em, op === "ReduceMin" ? 1 : 0, "bool"), em.int64s(o.shape)], [out!]);
    }
    const asInt = em.op("Cast", [x!], { to: { i: 6 } });
    const r = em.op(op, [asInt, em.int64s(e.params.axes)], { keepdims: { i: 0 }, noop_with_empty_axes: { i: 1 } });
    em.node("Cast", [r], [out!], { to: { i: 9 } });
  };
}


