/**
 * What a CPU lowering is (a kernel, a fused-loop form, or both) and the builders of the common
 * ones, shared by the lowering table and its per-area parts (src/backend/cpu/lowerings/).
 */
import type { Aval } from "../../ir/types.js";
import type { PrimitiveName, PrimitiveParams } from "../../primitives/params.js";
import { fromData } from "../../tensor/from-js.js";
import type { BinaryKernel } from "../../tensor/kernels/binary.js";
import type { UnaryKernel } from "../../tensor/kernels/unary.js";
import type { Tensor } from "../../tensor/tensor.js";
import { cpuBinary, cpuUnary } from "./elementwise.js";
import { binaryFloatSnippet, unaryFloatSnippet } from "./snippets.js";
import type { View } from "./view.js";

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
  /**
   * A movement op's result as a view of its operand (view.ts): fused loops read the operand
   * through it instead of a copy. Undefined from the function: this equation cannot be a view of
   * that operand view (the operand is then materialised first).
   */
  readonly view?: (operand: View, params: PrimitiveParams[N], outShape: readonly number[]) => View | undefined;
  /**
   * A float reduction that fused loops can end in: the elementwise chain producing its operand
   * runs inside the reduction's loop, accumulated exactly as the reference kernel does.
   */
  readonly reduction?: "sum" | "max" | "min";
}

/** A generated unary loop; with `fuses`, also a float expression in fused loops. */
export function unaryLowering<N extends PrimitiveName>(op: UnaryKernel, fuses: boolean): CpuLowering<N> {
  const kernel: Kernel<N> = ([x], _p, [o]) => [fromData(o!.shape, o!.dtype, cpuUnary(op, x!.concreteData(), o!.dtype))];
  return fuses ? { kernel, fusion: { form: "float", expr: unaryFloatSnippet(op) } } : { kernel };
}

/** A generated binary loop; fused as float arithmetic, a float comparison, or not at all. */
export function binaryLowering<N extends PrimitiveName>(op: BinaryKernel, form: "float" | "compare" | undefined): CpuLowering<N> {
  const kernel: Kernel<N> = ([a, b], _p, [o]) => [
    fromData(o!.shape, o!.dtype, cpuBinary(op, a!.concreteData(), a!.shape, b!.concreteData(), b!.shape, o!.shape, o!.dtype)),
  ];
  return form === undefined ? { kernel } : { kernel, fusion: { form, expr: binaryFloatSnippet(op) } };
}

