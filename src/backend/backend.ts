/**
 * The execution seam: what runs a primitive or a graph on concrete values. Everything above it
 * (eager evaluation, jit's top-level calls, the kernels of graph-carrying primitives) asks the
 * current backend (`currentBackend()`, installed by the package root's wiring) instead of calling a
 * kernel itself; everything below it — the primitives' reference kernels (`impl`), the tensor
 * kernels — knows nothing of backends.
 *
 * A backend says how it runs each primitive in a lowering table typed over every primitive name
 * (`LoweringTable`): an entry is the backend's own lowering or `REFERENCE`, the explicit choice of
 * the primitive's reference kernel. A primitive added to the registry without an entry is a
 * compile error in every backend's table.
 */
import type { Graph } from "../ir/graph.js";
import type { Aval } from "../ir/types.js";
import type { PrimitiveName, PrimitiveParams } from "../primitives/params.js";
import type { PrimitiveDef } from "../primitives/rule-types.js";
import type { DType, DataArray } from "../tensor/dtype.js";
import type { Tensor } from "../tensor/tensor.js";

/**
 * The lowering-table entry that runs a primitive with its reference kernel: the definition's
 * `impl`, plain JS over typed arrays. A backend that cannot (or need not) lower a primitive says so
 * with this value rather than by leaving the entry out, which does not compile.
 */
export const REFERENCE: unique symbol = Symbol("reference kernel");

/**
 * One backend's lowering table: for every primitive name, the backend's lowering of it (`L[N]`)
 * or `REFERENCE`. `L` maps each name to the lowering type the backend uses for it, e.g.
 * `{ [N in PrimitiveName]: CpuLowering<N> }` (src/backend/cpu/lowering.ts writes one in full).
 */
export type LoweringTable<L extends { readonly [N in PrimitiveName]: unknown }> = {
  readonly [N in PrimitiveName]: L[N] | typeof REFERENCE;
};

/**
 * A compiled graph: flat input tensors (the graph's inputs, in order) to flat output tensors. It
 * may be called any number of times; it never mutates its inputs.
 */
export type Executable = (inputs: readonly Tensor[]) => Tensor[];

/**
 * An execution engine. `Buf` is where it keeps a tensor's elements.
 *
 * For the CPU backend a buffer is the typed array itself, and `Tensor` holds it directly
 * (`concreteData()`), so nothing is copied on the way in or out. A backend whose memory is
 * elsewhere (WebAssembly linear memory, an ONNX Runtime session's tensors, a GPU) keeps its
 * buffers behind `upload`/`read`: its `execute` and executables take and return ordinary tensors,
 * uploading their data on first use (and may cache the upload per tensor) and reading results
 * back into typed arrays where a result leaves it — inside a compiled graph, values stay in its
 * own buffers from step to step.
 */
export interface Backend<Buf = unknown> {
  /** A short name for messages and benchmarks (`"cpu"`). */
  readonly name: string;
  /** A buffer of this backend holding `data` (`dtype` says how to read it). */
  upload(data: DataArray, dtype: DType): Buf;
  /** The elements of `buffer` as a fresh typed array (or the array itself, where it is one). */
  read(buffer: Buf): DataArray;
  /**
   * Runs one equation on concrete inputs: primitive, params and output avals fixed (the shape
   * rule has already run and validated the inputs). Eager evaluation calls this once per op, so
   * it must cost little more than the kernel itself.
   */
  execute<N extends PrimitiveName>(prim: PrimitiveDef<N>, inputs: readonly Tensor[], params: PrimitiveParams[N], outAvals: readonly Aval[]): Tensor[];
  /**
   * The executable of `graph`, for jit's top-level calls and for the kernels of graph-carrying
   * primitives (`GraphContext.runGraph`). Called again with the same graph (every step of a scan
   * may ask), so a backend caches: compiling is done once per graph.
   */
  compile(graph: Graph): Executable;
}
