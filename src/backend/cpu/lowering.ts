/**
 * The CPU backend's lowering table: for every primitive, how the CPU runs it — a generated
 * elementwise loop from the snippet table (eagerly one loop per op; in jit's plans fused with its
 * neighbours), a fused-loop expression over the reference kernel, a view form (movement ops, read
 * by fused loops as index arithmetic) or a reduction form (reductions that end fused loops), or
 * `REFERENCE` (the primitive's own `impl`). The table is typed over every primitive name, so a primitive added to the registry
 * without a line here does not compile.
 */
import type { PrimitiveName } from "../../primitives/params.js";
import { type LoweringTable, REFERENCE } from "../backend.js";
import { BITWISE_LOWERINGS } from "./lowerings/bitwise.js";
import { SPECIAL_LOWERINGS } from "./lowerings/special.js";
import { MATH_LOWERINGS } from "./lowerings/math.js";
import { CUMULATIVE_LOWERINGS } from "./lowerings/cumulative.js";
import { SORTING_LOWERINGS } from "./lowerings/sorting.js";
import { RANDOM_LOWERINGS } from "./lowerings/random.js";
import { CONV_LOWERINGS } from "./lowerings/conv.js";
import { WINDOW_LOWERINGS } from "./lowerings/window.js";
import { FACTOR_LOWERINGS } from "./lowerings/factor.js";
import { EIGEN_LOWERINGS } from "./lowerings/eigen.js";
import { FFT_LOWERINGS } from "./lowerings/fft.js";
import { COMPLEX_LOWERINGS } from "./lowerings/complex.js";
import { broadcastView, padView, reshapeView, revView, sliceView, transposeView, type View } from "./view.js";
import { CONTROL_FLOW_LOWERINGS } from "./lowerings/control-flow.js";
import { DOT_LOWERINGS } from "./lowerings/dot.js";
import { type CpuLowering, type Fusion, type Kernel, binaryLowering, unaryLowering } from "./lowering-kit.js";

export type { CpuLowering, Fusion, Kernel } from "./lowering-kit.js";

/** Every primitive's CPU lowering type. */
export type CpuLowerings = { readonly [N in PrimitiveName]: CpuLowering<N> };

/** A lowering table the CPU backend can run (the default below, or a test's variant of it). */
export type CpuLoweringTable = LoweringTable<CpuLowerings>;

/** The float elementwise ops fuse; bool and int-only ones (not, and, or, shifts) run alone. */
export const CPU_LOWERINGS: CpuLoweringTable = {
  neg: unaryLowering("neg", true), sin: unaryLowering("sin", true), cos: unaryLowering("cos", true),
  tan: unaryLowering("tan", true), tanh: unaryLowering("tanh", true), exp: unaryLowering("exp", true),
  log: unaryLowering("log", true), log1p: unaryLowering("log1p", true), expm1: unaryLowering("expm1", true),
  sqrt: unaryLowering("sqrt", true), rsqrt: unaryLowering("rsqrt", true), erf: unaryLowering("erf", true),
  logistic: unaryLowering("logistic", true), abs: unaryLowering("abs", true), sign: unaryLowering("sign", true),
  floor: unaryLowering("floor", true), ceil: unaryLowering("ceil", true), round: unaryLowering("round", true),
  not: unaryLowering("not", false),
  // The reference kernel eagerly; in fused loops as it computes: 1, x, x·x, or repeated squaring.
  integer_pow: { fusion: { form: "float", expr: ({ y }, param) => (y === 0 ? "1" : y === 1 ? "x" : y === 2 ? "x * x" : `powsq(x, ${param(y)})`) } },
  convert_element_type: REFERENCE,
  add: binaryLowering("add", "float"), sub: binaryLowering("sub", "float"), mul: binaryLowering("mul", "float"),
  div: binaryLowering("div", "float"), pow: binaryLowering("pow", "float"), max: binaryLowering("max", "float"),
  min: binaryLowering("min", "float"), rem: binaryLowering("rem", "float"),
  and: binaryLowering("and", undefined), or: binaryLowering("or", undefined),
  shift_right_logical: binaryLowering("shift_right_logical", undefined),
  lt: binaryLowering("lt", "compare"), le: binaryLowering("le", "compare"), gt: binaryLowering("gt", "compare"),
  ge: binaryLowering("ge", "compare"), eq: binaryLowering("eq", "compare"), ne: binaryLowering("ne", "compare"),
  select: { fusion: { form: "select", expr: "x !== 0 ? y : z" } },
  // The reference kernels eagerly; in fused loops the end of an elementwise chain (fuse-views.ts).
  reduce_sum: { reduction: "sum" }, reduce_max: { reduction: "max" }, reduce_min: { reduction: "min" },
  reduce_prod: REFERENCE,
  argmax: REFERENCE, argmin: REFERENCE, argsort: REFERENCE,
  // The reference kernels eagerly; in fused loops index arithmetic of their readers (view.ts).
  reshape: { view: (v, _p, shape) => reshapeView(v, shape) },
  broadcast_in_dim: { view: (v, { broadcastDimensions }, shape) => broadcastView(v, shape, broadcastDimensions) },
  transpose: { view: (v, { permutation }) => transposeView(v, permutation) },
  slice: { view: (v, { startIndices, limitIndices, strides }) => sliceView(v, startIndices, limitIndices, strides) },
  rev: { view: (v, { dimensions }) => revView(v, dimensions.map((d) => (d < 0 ? d + v.shape.length : d))) },
  // Padding without interior gaps is a masked view: indices outside the source read the value.
  pad: { view: (v, { paddingValue, config }) => padView(v, config, paddingValue) },
  concatenate: REFERENCE,
  gather: REFERENCE, scatter_add: REFERENCE, scatter: REFERENCE,
  iota: REFERENCE,
  stop_gradient: REFERENCE,
  custom_jvp_call: REFERENCE, custom_vjp_call: REFERENCE, custom_lin: REFERENCE,
  checkpoint: REFERENCE,
  jit: REFERENCE,
  ...BITWISE_LOWERINGS,
  ...SPECIAL_LOWERINGS,
  ...MATH_LOWERINGS,
  ...CUMULATIVE_LOWERINGS,
  ...SORTING_LOWERINGS,
  ...RANDOM_LOWERINGS,
  ...CONV_LOWERINGS,
  ...WINDOW_LOWERINGS,
  ...FACTOR_LOWERINGS,
  ...EIGEN_LOWERINGS,
  ...FFT_LOWERINGS,
  ...COMPLEX_LOWERINGS,
  ...CONTROL_FLOW_LOWERINGS,
  ...DOT_LOWERINGS,
};

/** The eager kernel of primitive `name` under `table` (undefined: its reference `impl`). */
export function kernelOf<N extends PrimitiveName>(table: CpuLoweringTable, name: N): Kernel<N> | undefined {
  const l = table[name] as CpuLowering<N> | typeof REFERENCE;
  return l === REFERENCE ? undefined : l.kernel;
}

/** The view form of movement primitive `name` under `table`, if it has one. */
export function viewOf<N extends PrimitiveName>(table: CpuLoweringTable, name: N): CpuLowering<N>["view"] {
  const l = table[name] as CpuLowering<N> | typeof REFERENCE;
  return l === REFERENCE ? undefined : l.view;
}

/** The reduction a fused loop can end in for primitive `name` under `table`, if any. */
export function reductionOf(table: CpuLoweringTable, name: PrimitiveName): "sum" | "max" | "min" | undefined {
  const l = table[name] as CpuLowering<PrimitiveName> | typeof REFERENCE;
  return l === REFERENCE ? undefined : l.reduction;
}

export type { View };

/** The fused-loop form of primitive `name` under `table`, if it has one. */
export function fusionOf<N extends PrimitiveName>(table: CpuLoweringTable, name: N): Fusion<N> | undefined {
  const l = table[name] as CpuLowering<N> | typeof REFERENCE;
  return l === REFERENCE ? undefined : l.fusion;
}
