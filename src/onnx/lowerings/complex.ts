/**
 * The ONNX lowerings of equations with complex operands or results (lowering.ts dispatches here
 * when any operand or result is complex). Values are float tensors with a trailing (real,
 * imaginary) axis of 2 (complex-kit.ts). Addition, subtraction and negation act on that pair
 * directly; structural primitives (movement, gathers and scatters, select, sums) run their real
 * lowering on each part (`partwise`); the arithmetic and transcendental primitives follow the
 * reference kernels' formulas in float64 (complex-math.ts); control flow carries the pairs through
 * its sub-graphs unchanged. A primitive missing here has no complex form yet, and is refused by name.
 */
import type { Aval, EquationOf, PrimName } from "../../ir/types.js";
import type { PrimitiveName } from "../../primitives/params.js";
import { type ComplexDType, type DType, isComplex, realPartDType } from "../../tensor/dtype.js";
import { Emitter, type OnnxLowering } from "../emitter.js";
import { type ComplexLowering, im, pack, partwise, re, synthetic } from "./complex-kit.js";
import {
  Double,
  type Parts,
  cabs,
  ccos,
  cdiv,
  cexp,
  cexpm1,
  clog,
  clog1p,
  clogistic,
  cmul,
  cpow,
  cpowInt,
  crsqrt,
  csign,
  csin,
  csqrt,
  ctan,
  ctanh,
} from "./complex-math.js";
import { CONTROL_LOWERINGS } from "./control.js";
import { ELEMENTWISE_LOWERINGS } from "./elementwise.js";
import { FFT_LOWERING } from "./fft.js";
import { STRUCTURE_LOWERINGS } from "./structure.js";

const FLOAT = 1;
const DOUBLE = 11;

/** The parts of complex value `z` of `dtype`, widened to float64 (the kernels compute there). */
function widen(em: Emitter, z: string, dtype: DType): Parts {
  const up = (v: string): string => (dtype === "complex64" ? em.op("Cast", [v], { to: { i: DOUBLE } }) : v);
  return { r: up(re(em, z)), i: up(im(em, z)) };
}

/** A float64 part narrowed to the part dtype of `dtype` (complex64 results round when stored). */
const narrow = (em: Emitter, v: string, dtype: DType): string => (dtype === "complex64" || dtype === "float32" ? em.op("Cast", [v], { to: { i: FLOAT } }) : v);

/** The complex value of `aval` from float64 parts. */
const packed = (em: Emitter, p: Parts, aval: Aval): string => pack(em, narrow(em, p.r, aval.dtype), narrow(em, p.i, aval.dtype), aval.shape);

/** A unary complex function, as the kernel's formula. */
const unary = <N extends PrimName>(fn: (d: Double, z: Parts) => Parts): ComplexLowering<N> => (em, e, [x], [out]) => {
  const z = widen(em, x!, e.inputs[0]!.aval.dtype);
  em.node("Identity", [packed(em, fn(new Double(em), z), e.outputs[0]!.aval)], [out!]);
};

/** A binary complex function (operands of one complex dtype, equal shapes or one a scalar). */
const binary = <N extends PrimName>(fn: (d: Double, a: Parts, b: Parts) => Parts): ComplexLowering<N> => (em, e, [x, y], [out]) => {
  const a = widen(em, x!, e.inputs[0]!.aval.dtype);
  const b = widen(em, y!, e.inputs[1]!.aval.dtype);
  em.node("Identity", [packed(em, fn(new Double(em), a, b), e.outputs[0]!.aval)], [out!]);
};

/** One ONNX op on the (real, imaginary) pairs: exact for Add, Sub and Neg, which act on each part. */
const onPairs = <N extends PrimName>(op: string): ComplexLowering<N> => (em, _e, ins, [out]) => em.node(op, ins, [out!]);

/** eq/ne: both parts equal (NaN parts unequal). */
const compare = (equal: boolean): ComplexLowering<"eq" | "ne"> => (em, _e, [x, y], [out]) => {
  const same = em.op("And", [em.op("Equal", [re(em, x!), re(em, y!)]), em.op("Equal", [im(em, x!), im(em, y!)])]);
  em.node(equal ? "Identity" : "Not", [same], [out!]);
};

/** A real cast by the real table's convert lowering (saturation, NaN → 0), or nothing if the dtypes agree. */
function realCast(em: Emitter, e: EquationOf<"convert_element_type">, x: string, shape: readonly number[], from: DType, to: DType): string {
  if (from === to) return x;
  const out = em.fresh("cast");
  ELEMENTWISE_LOWERINGS.convert_element_type(em, synthetic("convert_element_type", { ...e.params, newDtype: to }, [{ shape, dtype: from }], [{ shape, dtype: to }]), [x], [out]);
  return out;
}

/** Casts to, from and between complex dtypes: real → complex fills the real part; complex → real takes it (JAX's rule). */
const convert: ComplexLowering<"convert_element_type"> = (em, e, [x], [out]) => {
  const from = e.inputs[0]!.aval.dtype;
  const { shape, dtype: to } = e.outputs[0]!.aval;
  if (isComplex(from) && isComplex(to)) return em.node("Cast", [x!], [out!], { to: { i: to === "complex64" ? FLOAT : DOUBLE } });
  if (isComplex(from)) return em.node("Identity", [realCast(em, e, re(em, x!), shape, realPartDType(from), to)], [out!]);
  const part = realPartDType(to as ComplexDType);
  em.node("Identity", [pack(em, realCast(em, e, x!, shape, from, part), em.scalar(0, part), shape)], [out!]);
};

/** dot_general of complex operands: four real contractions in float64 (ac − bd, ad + bc). */
const dotGeneral: ComplexLowering<"dot_general"> = (em, e, [x, y], [out]) => {
  const [ta, tb] = e.inputs.map((a) => a.aval);
  if (ta!.dtype !== tb!.dtype) Emitter.unsupported(e, `on ${ta!.dtype} and ${tb!.dtype} operands (cast both to one complex dtype)`);
  const a = widen(em, x!, ta!.dtype);
  const b = widen(em, y!, tb!.dtype);
  const o = e.outputs[0]!.aval;
  const wide = (t: Aval): Aval => ({ shape: t.shape, dtype: "float64" });
  const eq = synthetic("dot_general", e.params, [wide(ta!), wide(tb!)], [wide(o)]);
  const dot = (p: string, q: string): string => {
    const r = em.fresh("dot");
    STRUCTURE_LOWERINGS.dot_general(em, eq, [p, q], [r]);
    return r;
  };
  const d = new Double(em);
  const prod = { r: d.sub(dot(a.r, b.r), dot(a.i, b.i)), i: d.add(dot(a.r, b.i), dot(a.i, b.r)) };
  em.node("Identity", [packed(em, prod, o)], [out!]);
};

/**
 * reduce_prod of complex operands in the kernel's order (src/tensor/kernels/reduce.ts): for each
 * output, the reduced elements in row-major order over the reduced axes, multiplied one at a time
 * into a float64 running product that starts at 1 + 0i, by the kernel's cmul (ac − bd, ad + bc).
 * The order decides where a product overflows or underflows and, with the 1 + 0i start, where an
 * infinite part meets a zero (∞·0 = NaN, as in the kernel), so an ONNX Scan walks the reduced
 * elements one step at a time rather than a log-depth tree; complex64 rounds once, at the end,
 * as the kernel's float64 accumulator does.
 */
const reduceProd: ComplexLowering<"reduce_prod"> = (em, e, [x], [out]) => {
  const { shape, dtype } = e.inputs[0]!.aval;
  const axes = e.params.axes.map((a) => (a < 0 ? a + shape.length : a));
  const reduced = shape.map((_, d) => d).filter((d) => axes.includes(d));
  const kept = shape.map((_, d) => d).filter((d) => !axes.includes(d));
  const keptShape = kept.map((d) => shape[d]!);
  const count = reduced.reduce((n, d) => n * shape[d]!, 1);
  // Reduced axes first, flattened in row-major order: the Scan axis, in the kernel's order.
  const z = widen(em, x!, dtype);
  const rows = (v: string): string => em.op("Reshape", [em.op("Transpose", [v], { perm: { ints: [...reduced, ...kept] } }), em.int64s([count, ...keptShape])]);
  const lane: Aval = { shape: keptShape, dtype: "float64" };
  const typed = (label: string): { name: string; aval: Aval } => ({ name: em.fresh(label), aval: lane });
  const [accR, accI, itemR, itemI] = [typed("acc_re"), typed("acc_im"), typed("item_re"), typed("item_im")];
  const body = em.block("reduce_prod_step", [accR, accI, itemR, itemI], (sub) => {
    const p = cmul(new Double(sub), { r: accR.name, i: accI.name }, { r: itemR.name, i: itemI.name });
    return [{ name: p.r, aval: lane }, { name: p.i, aval: lane }];
  });
  const start = (v: number): string => em.op("Expand", [em.scalar(v, "float64"), em.int64s(keptShape)]);
  const product = { r: em.fresh("prod_re"), i: em.fresh("prod_im") };
  em.node("Scan", [start(1), start(0), rows(z.r), rows(z.i)], [product.r, product.i], { body: { g: body }, num_scan_inputs: { i: 2 } });
  em.node("Identity", [packed(em, product, e.outputs[0]!.aval)], [out!]);
};

/** The complex lowerings, by primitive (the others are refused on complex operands). */
export const COMPLEX_LOWERINGS: { readonly [N in PrimitiveName]?: OnnxLowering<EquationOf<N>> } = {
  // The constructors and parts.
  complex: ((em, e, [a, b], [out]) => em.node("Identity", [pack(em, a!, b!, e.outputs[0]!.aval.shape)], [out!])) as ComplexLowering<"complex">,
  real: ((em, _e, [z], [out]) => em.node("Identity", [re(em, z!)], [out!])) as ComplexLowering<"real">,
  imag: ((em, _e, [z], [out]) => em.node("Identity", [im(em, z!)], [out!])) as ComplexLowering<"imag">,
  conj: ((em, e, [z], [out]) => em.node("Identity", [pack(em, re(em, z!), em.op("Neg", [im(em, z!)]), e.outputs[0]!.aval.shape)], [out!])) as ComplexLowering<"conj">,
  fft: FFT_LOWERING,
  // Arithmetic and transcendental functions.
  add: onPairs<"add">("Add"), sub: onPairs<"sub">("Sub"), neg: onPairs<"neg">("Neg"),
  mul: binary<"mul">(cmul), div: binary<"div">(cdiv), pow: binary<"pow">(cpow),
  integer_pow: ((em, e, ins, outs) => unary<"integer_pow">((d, z) => cpowInt(d, z, e.params.y))(em, e, ins, outs)) as ComplexLowering<"integer_pow">,
  exp: unary<"exp">(cexp), log: unary<"log">(clog), sqrt: unary<"sqrt">(csqrt), rsqrt: unary<"rsqrt">(crsqrt),
  sin: unary<"sin">(csin), cos: unary<"cos">(ccos), tan: unary<"tan">(ctan), tanh: unary<"tanh">(ctanh),
  expm1: unary<"expm1">(cexpm1), log1p: unary<"log1p">(clog1p), logistic: unary<"logistic">(clogistic), sign: unary<"sign">(csign),
  abs: ((em, e, [x], [out]) => {
    const z = widen(em, x!, e.inputs[0]!.aval.dtype);
    em.node("Identity", [narrow(em, cabs(new Double(em), z), e.outputs[0]!.aval.dtype)], [out!]);
  }) as ComplexLowering<"abs">,
  eq: compare(true) as ComplexLowering<"eq">, ne: compare(false) as ComplexLowering<"ne">,
  convert_element_type: convert,
  stop_gradient: onPairs<"stop_gradient">("Identity"),
  select: partwise(ELEMENTWISE_LOWERINGS.select),
  // Sums and contractions.
  reduce_sum: partwise(STRUCTURE_LOWERINGS.reduce_sum),
  reduce_prod: reduceProd,
  dot_general: dotGeneral,
  // Movement, gathers and scatters: the same map on each part.
  reshape: partwise(STRUCTURE_LOWERINGS.reshape),
  broadcast_in_dim: partwise(STRUCTURE_LOWERINGS.broadcast_in_dim),
  transpose: partwise(STRUCTURE_LOWERINGS.transpose),
  slice: partwise(STRUCTURE_LOWERINGS.slice),
  pad: partwise(STRUCTURE_LOWERINGS.pad),
  rev: partwise(STRUCTURE_LOWERINGS.rev),
  concatenate: partwise(STRUCTURE_LOWERINGS.concatenate),
  gather: partwise(STRUCTURE_LOWERINGS.gather),
  scatter: partwise(STRUCTURE_LOWERINGS.scatter),
  scatter_add: partwise(STRUCTURE_LOWERINGS.scatter_add),
  // Control flow: sub-graphs carry the pairs (their value types say so) and lower their own equations.
  ...CONTROL_LOWERINGS,
};

/** The primitives whose every equation involves complex values (their entries in the main table route here). */
export const COMPLEX_ONLY_LOWERINGS = {
  complex: COMPLEX_LOWERINGS.complex!,
  real: COMPLEX_LOWERINGS.real!,
  imag: COMPLEX_LOWERINGS.imag!,
  conj: COMPLEX_LOWERINGS.conj!,
  fft: COMPLEX_LOWERINGS.fft!,
};
