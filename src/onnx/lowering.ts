/**
 * The ONNX lowering table: for every primitive, how it becomes ONNX nodes, or `REFERENCE` where it
 * has no ONNX form yet (exporting a graph that uses it raises an `OnnxExportError` naming the
 * primitive and its equation's source line). The table is typed over every primitive name, as
 * every backend's is, so a primitive added to the registry without a line here does not compile.
 */
import { type LoweringTable, REFERENCE } from "../backend/backend.js";
import { InternalError } from "../errors.js";
import { allocate, isComplex } from "../tensor/dtype.js";
import { fromData } from "../tensor/from-js.js";
import { primitive } from "../primitives/table.js";
import type { AnyPrimitive } from "../primitives/rule-types.js";
import type { EquationOf, PrimName } from "../ir/types.js";
import type { PrimitiveName } from "../primitives/params.js";
import { Emitter, type OnnxLowering } from "./emitter.js";
import { BITS_LOWERINGS } from "./lowerings/bits.js";
import { COMPLEX_LOWERINGS, COMPLEX_ONLY_LOWERINGS } from "./lowerings/complex.js";
import { CONTROL_LOWERINGS } from "./lowerings/control.js";
import { CONV_LOWERINGS } from "./lowerings/conv.js";
import { CUMULATIVE_LOWERINGS } from "./lowerings/cumulative.js";
import { ELEMENTWISE_LOWERINGS } from "./lowerings/elementwise.js";
import { EIGEN_LOWERINGS } from "./lowerings/linalg-eigen.js";
import { FACTOR_LOWERINGS } from "./lowerings/linalg-factor.js";
import { MATH_LOWERINGS } from "./lowerings/math.js";
import { RANDOM_LOWERINGS } from "./lowerings/random.js";
import { RANDOM_REJECTION_LOWERINGS } from "./lowerings/random-rejection.js";
import { SORTING_LOWERINGS } from "./lowerings/sorting.js";
import { SPECIAL_LOWERINGS } from "./lowerings/special.js";
import { STRUCTURE_LOWERINGS } from "./lowerings/structure.js";
import { WINDOW_LOWERINGS } from "./lowerings/window.js";

/** Every primitive's ONNX lowering type. */
export type OnnxLowerings = { readonly [N in PrimitiveName]: OnnxLowering<EquationOf<N>> };

/** Primitives without an ONNX lowering yet (each says why in the error it raises). */
const NOT_YET = {
  custom_lin: REFERENCE, // only in linearized graphs before transposition: its backward rule is a JS function
} as const;

/** The ONNX lowering of every primitive (or `REFERENCE`: none yet). */
export const ONNX_LOWERINGS: LoweringTable<OnnxLowerings> = {
  ...ELEMENTWISE_LOWERINGS,
  ...STRUCTURE_LOWERINGS,
  ...MATH_LOWERINGS,
  ...CONTROL_LOWERINGS,
  ...CONV_LOWERINGS,
  ...WINDOW_LOWERINGS,
  ...SORTING_LOWERINGS,
  ...CUMULATIVE_LOWERINGS,
  ...BITS_LOWERINGS,
  ...RANDOM_LOWERINGS,
  ...SPECIAL_LOWERINGS,
  ...FACTOR_LOWERINGS,
  ...EIGEN_LOWERINGS,
  ...COMPLEX_ONLY_LOWERINGS,
  ...RANDOM_REJECTION_LOWERINGS,
  ...NOT_YET,
};

/** Primitives whose result depends on the graphs they carry (never folded to a constant here). */
const CARRIES_GRAPHS: ReadonlySet<string> = new Set(["while", "scan", "cond", "jit", "checkpoint", "custom_jvp_call", "custom_vjp_call", "custom_lin"]);

/** Lowers one equation with the table (the emitter calls this for every equation, sub-graphs too). */
export function lowerEquation(em: Emitter, e: EquationOf<PrimName>): void {
  let l = ONNX_LOWERINGS[e.primitive as PrimitiveName] as OnnxLowering<EquationOf<PrimName>> | typeof REFERENCE;
  if (e.primitive === "custom_lin") {
    // Not a gap to fill: custom_lin has no forward meaning (evaluating it is an error too).
    Emitter.unsupported(e, "has no forward computation to export: it only carries a customVjp backward rule, to be transposed; export the gradient (trace of vjp or grad) instead of the linearized function");
  }
  if (l === REFERENCE) Emitter.unsupported(e, "has no ONNX lowering yet");
  // Complex values are (real, imaginary) float pairs (lowerings/complex-kit.ts): their own table.
  if (e.inputs.some((a) => isComplex(a.aval.dtype)) || e.outputs.some((v) => isComplex(v.aval.dtype))) {
    l = COMPLEX_LOWERINGS[e.primitive as PrimitiveName] as OnnxLowering<EquationOf<PrimName>> | undefined ?? Emitter.unsupported(e, "has no ONNX lowering for complex operands yet");
  }
  const outs = e.outputs.map((v) => em.nameOf(v));
  // An empty result is known whole without running anything (and ONNX Runtime's broadcasting of
  // a 1 against a 0 differs from numpy's): an empty constant.
  if (e.outputs.length > 0 && e.outputs.every((v) => v.aval.shape.includes(0)) && !CARRIES_GRAPHS.has(e.primitive)) {
    e.outputs.forEach((v, k) => em.node("Identity", [em.constant(v.aval.dtype, v.aval.shape, allocate(v.aval.dtype, 0))], [outs[k]!]));
    return;
  }
  if (e.inputs.length > 0 && e.inputs.every((a) => a.aval.shape.includes(0)) && !CARRIES_GRAPHS.has(e.primitive)) {
    // Every operand is empty, so the result cannot depend on data (a reduction over nothing is its
    // identity, an empty contraction zeros): the reference kernel computes it once, as a constant.
    // ONNX Runtime's own empty reductions and contractions return other shapes or fault.
    const empty = e.inputs.map((a) => fromData(a.aval.shape, a.aval.dtype, allocate(a.aval.dtype, 0)));
    const results = (primitive(e.primitive) as AnyPrimitive).impl(empty, e.params as never, e.outputs.map((v) => v.aval));
    results.forEach((t, k) => em.node("Identity", [em.constant(t.dtype, t.shape, t.concreteData())], [outs[k]!]));
    return;
  }
  const ins = e.inputs.map((a) => em.atom(a));
  const before = em.nodes.length;
  l(em, e, ins, outs);
  // Every node a lowering wrote must name real values (an undefined name is a lowering's bug).
  for (const n of em.nodes.slice(before)) {
    if (n.input.some((i) => typeof i !== "string")) throw new InternalError(`onnx.exportGraph: the lowering of ${e.primitive} wrote a node ${n.opType} with a missing input`);
  }
}
