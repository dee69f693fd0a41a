/**
 * The CPU backend's lowering table: for every primitive, how the CPU runs it — a generated
 * elementwise loop from the snippet table (eagerly one loop per op; in jit's plans fused with its
 * neighbours), a fused-loop expression over the reference kernel, or `REFERENCE` (the primitive's
 * own `impl`). The table is typed over every primitive name, so a primitive added to the registry
 * without a line here does not compile.
 */
import type { Aval } from "../../ir/types.js";
import type { PrimitiveName, PrimitiveParams } from "../../primitives/params.js";
import { fromData } from "../../tensor/from-js.js";
import type { BinaryKernel } from "../../tensor/kernels/binary.js";
import type { UnaryKernel } from "../../tensor/kernels/unary.js";
import type { Tensor } from "../../tensor/tensor.js";
import { type LoweringTable, REFERENCE } from "../backend.js";
import { cpuBinary, cpuUnary } from "./elementwise.js";
import { binaryFloatSnippet, unaryFloatSnippet } from "./snippets.js";

/** A kernel call: concrete inputs, params and output avals (from the shape rule) to outputs. */
export type Kernel<N extends PrimitiveName> = (inputs: readonly Tensor[], params: PrimitiveParams[N], outAvals: readonly Aval[]) => Tensor[];

/**
 * How jit's fused loops compute an elementwise primitive: one JS expression over its operands,
 * which the loop binds to `x`, `y`, `z` in order. Expressions come from fixed tables (the snippet
 * table), never from user data; a number taken from params enters through `param(value)`, which
 * returns the name of a loop scalar, so the generated source never contains it.
 */
export interface Fusion<N extends PrimitiveName> {
  /**
   * Which equations fuse: `"float"` — float operands of the output's dtype, float32 results
   * rounded with fround where the unfused kernel would store them; `"compare"` — float operands,
   * a bool output (already 0 or 1); `"select"` — a bool first operand choosing between float
   * operands of the output's dtype (a choice, so nothing to round).
   */
  readonly form: "float" | "compare" | "select";
  readonly expr: string | ((params: PrimitiveParams[N], param: (value: number) => string) => string);
}

/** How the CPU runs one primitive other than by its reference kernel alone. */
export interface CpuLowering<N extends PrimitiveName> {
  /** The kernel of one equation (eager, and unfused in plans); absent: the reference `impl`. */
  readonly kernel?: Kernel<N>;
  /** How fused loops compute it; absent: it never fuses. */
  readonly fusion?: Fusion<N>;
}

/** Every primitive's CPU lowering type. */
export type CpuLowerings = { readonly [N in PrimitiveName]: CpuLowering<N> };

/** A lowering table the CPU backend can run (the default below, or a test's variant of it). */
export type CpuLoweringTable = LoweringTable<CpuLowerings>;

/** A generated unary loop; with `fuses`, also a float expression in fused loops. */
function unaryLowering<N extends PrimitiveName>(op: UnaryKernel, fuses: boolean): CpuLowering<N> {
  const kernel: Kernel<N> = ([x], _p, [o]) => [fromData(o!.shape, o!.dtype, cpuUnary(op, x!.concreteData(), o!.dtype))];
  return fuses ? { kernel, fusion: { form: "float", expr: unaryFloatSnippet(op) } } : { kernel };
}

/** A generated binary loop; fused as float arithmetic, a float comparison, or not at all. */
function binaryLowering<N extends PrimitiveName>(op: BinaryKernel, form: "float" | "compare" | undefined): CpuLowering<N> {
  const kernel: Kernel<N> = ([a, b], _p, [o]) => [
    fromData(o!.shape, o!.dtype, cpuBinary(op, a!.concreteData(), a!.shape, b!.concreteData(), b!.shape, o!.shape, o!.dtype)),
  ];
  return form === undefined ? { kernel } : { kernel, fusion: { form, expr: binaryFloatSnippet(op) } };
}

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
  reduce_sum: REFERENCE, reduce_max: REFERENCE, reduce_min: REFERENCE, reduce_prod: REFERENCE,
  argmax: REFERENCE, argmin: REFERENCE, argsort: REFERENCE,
  reshape: REFERENCE, broadcast_in_dim: REFERENCE, transpose: REFERENCE, slice: REFERENCE, pad: REFERENCE,
  concatenate: REFERENCE, rev: REFERENCE,
  gather: REFERENCE, scatter_add: REFERENCE, scatter: REFERENCE,
  dot_general: REFERENCE,
  iota: REFERENCE, random_bits: REFERENCE,
  stop_gradient: REFERENCE,
  custom_jvp_call: REFERENCE, custom_vjp_call: REFERENCE, custom_lin: REFERENCE,
  checkpoint: REFERENCE,
  cond: REFERENCE, while: REFERENCE, scan: REFERENCE,
  jit: REFERENCE,
};

/** The eager kernel of primitive `name` under `table` (undefined: its reference `impl`). */
export function kernelOf<N extends PrimitiveName>(table: CpuLoweringTable, name: N): Kernel<N> | undefined {
  const l = table[name] as CpuLowering<N> | typeof REFERENCE;
  return l === REFERENCE ? undefined : l.kernel;
}

/** The fused-loop form of primitive `name` under `table`, if it has one. */
export function fusionOf<N extends PrimitiveName>(table: CpuLoweringTable, name: N): Fusion<N> | undefined {
  const l = table[name] as CpuLowering<N> | typeof REFERENCE;
  return l === REFERENCE ? undefined : l.fusion;
}
