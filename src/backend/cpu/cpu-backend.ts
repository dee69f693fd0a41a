/**
 * The CPU backend: plain JS over typed arrays. A buffer is the typed array itself (a `Tensor`
 * holds it, so upload and readback copy nothing). `execute` runs one equation as the lowering
 * table says — a generated elementwise loop, or the primitive's reference kernel — and `compile`
 * builds a plan with fused elementwise loops (plan.ts), cached per graph.
 */
import type { Graph } from "../../ir/graph.js";
import type { Aval } from "../../ir/types.js";
import type { PrimitiveName, PrimitiveParams } from "../../primitives/params.js";
import type { PrimitiveDef } from "../../primitives/rule-types.js";
import { type DType, type DataArray, isComplex } from "../../tensor/dtype.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { Backend, Executable } from "../backend.js";
import { CPU_LOWERINGS, type CpuLoweringTable, type Kernel, kernelOf } from "./lowering.js";
import { PlanCache } from "./plan.js";

/** A CPU backend's extra handle: the table it runs (describePlan and tests read it). */
export interface CpuBackend extends Backend<DataArray> {
  readonly lowerings: CpuLoweringTable;
}

/**
 * A CPU backend running `table`: the default one (`cpuBackend`) runs `CPU_LOWERINGS`; a table
 * with `REFERENCE` in more places runs those primitives with their reference kernels.
 *
 * @example
 * ```ts
 * const b = makeCpuBackend(cpuBackend.lowerings);
 * b.name; // "cpu"
 * ```
 */
export function makeCpuBackend(table: CpuLoweringTable): CpuBackend {
  // Resolved once, so an eager call costs one property read before its kernel runs.
  const kernels = new Map<string, Kernel<PrimitiveName>>();
  for (const name of Object.keys(table) as PrimitiveName[]) {
    const k = kernelOf(table, name);
    if (k !== undefined) kernels.set(name, k as Kernel<PrimitiveName>);
  }
  const plans = new PlanCache(table);
  return Object.freeze({
    name: "cpu",
    lowerings: table,
    upload: (data: DataArray, _dtype: DType): DataArray => data,
    read: (buffer: DataArray): DataArray => buffer,
    execute<N extends PrimitiveName>(prim: PrimitiveDef<N>, inputs: readonly Tensor[], params: PrimitiveParams[N], outAvals: readonly Aval[]): Tensor[] {
      const k = kernels.get(prim.name) as Kernel<N> | undefined;
      // The generated loops are real-valued: complex operands run the reference kernels.
      return k === undefined || involvesComplex(inputs, outAvals) ? prim.impl(inputs, params, outAvals) : k(inputs, params, outAvals);
    },
    compile: (graph: Graph): Executable => plans.planOf(graph),
  });
}

/** True if an operand or result is complex (a check of a few dtypes per eager call). */
function involvesComplex(inputs: readonly Tensor[], outAvals: readonly Aval[]): boolean {
  for (const x of inputs) if (isComplex(x.dtype)) return true;
  for (const a of outAvals) if (isComplex(a.dtype)) return true;
  return false;
}

/** The default backend: generated elementwise loops, fused plans, reference kernels elsewhere. */
export const cpuBackend: CpuBackend = makeCpuBackend(CPU_LOWERINGS);
