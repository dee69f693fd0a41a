/**
 * What a primitive that carries graphs (jit, cond, while, scan, checkpoint, custom rules) needs
 * from the layers above it: running a graph, the graph → graph transforms, and tracing a closed
 * graph. Those live in compile/, interpret/, transforms/ and trace/, which all depend on
 * primitives/ — so a primitive may not import them. Instead it calls `graphContext()`, and the
 * package root supplies the implementation once, explicitly (`installGraphContext` in
 * src/index.ts; compile/graph-context.ts builds it). Nothing installs it by being imported.
 */
import { InternalError } from "../errors.js";
import type { Graph } from "../ir/graph.js";
import type { Aval } from "../ir/types.js";
import type { Tensor } from "../tensor/tensor.js";
import type { BatchDim } from "./batching.js";
import type { Tangent } from "./rule-types.js";

/** `linearizeGraph`'s result: JAX's known/unknown split of a jvp, as two graphs. */
export interface LinearizedGraph {
  /** primals ↦ (outputs..., residuals...). */
  readonly primal: Graph;
  /** (residuals..., tangents of the masked inputs...) ↦ tangents of the outputs not in `zeroOut`. */
  readonly linear: Graph;
  readonly numResiduals: number;
  /** Outputs whose tangent is symbolically zero (the linear graph has no output for them). */
  readonly zeroOut: readonly boolean[];
}

/** A closed graph and the outer tracers it captured (its leading inputs). */
export interface ClosedSubgraph {
  readonly graph: Graph;
  readonly captured: Tensor[];
}

/** The services a graph-carrying primitive receives. */
export interface GraphContext {
  /** Runs `g` on concrete inputs with the current backend's executable of it (for `impl`, at the root). */
  runGraph(g: Graph, inputs: readonly Tensor[]): Tensor[];
  /** Evaluates `g` by binding each equation, so the current transform sees them (for rules). */
  evalGraph(g: Graph, inputs: readonly Tensor[]): Tensor[];
  /** Forward mode of a flat function under the current interpreter. */
  jvp(f: (xs: Tensor[]) => Tensor[], primals: readonly Tensor[], tangents: readonly Tangent[], label: string): [Tensor[], Tangent[]];
  /** Vectorises a flat function; every output batched at 0. */
  vmap(f: (xs: Tensor[]) => Tensor[], inputs: readonly Tensor[], dims: readonly BatchDim[], size: number, label: string): Tensor[];
  /** Cotangents of `g`'s inputs (inputs given in `known` are constants, their cotangent Zero). */
  backwardPass(g: Graph, cts: readonly Tangent[], label: string, known: readonly (Tensor | undefined)[]): Tangent[];
  /** Traces `f` at `avals` to a closed graph (see trace/closed.ts). */
  traceClosed(f: (inputs: Tensor[]) => unknown, avals: readonly Aval[], label: string): ClosedSubgraph;
  /**
   * (primals..., tangents of the `mask`ed inputs...) ↦ (outputs..., tangents of the float outputs,
   * zeros materialised); with `tangentsOnly`, the tangents alone (the primal part recomputed inside).
   * Cached per graph, mask and variant.
   */
  jvpGraph(g: Graph, mask: readonly boolean[], tangentsOnly: boolean): Graph;
  /** jvp + partial evaluation of `g` with tangents for the `mask`ed inputs; cached per graph and mask. */
  linearizeGraph(g: Graph, mask: readonly boolean[]): LinearizedGraph;
  /**
   * The transpose of `g`, linear in the `linear` inputs: (other inputs..., output cotangents...) ↦
   * cotangents of the linear inputs (zeros materialised). Cached per graph and mask.
   */
  transposeGraph(g: Graph, linear: readonly boolean[]): Graph;
  /** `g` over a batch: inputs batched per `dims`, every output batched at 0. Cached per graph, dims, size. */
  vmapGraph(g: Graph, dims: readonly BatchDim[], size: number): Graph;
}

let installed: GraphContext | undefined;

/** Supplies the implementation (the package root calls this once). */
export function installGraphContext(ctx: GraphContext): void {
  installed = ctx;
}

/** The installed services. */
export function graphContext(): GraphContext {
  if (installed === undefined) {
    throw new InternalError("a graph-carrying primitive ran before the graph context was installed: import fluxion from its package root (src/index.ts).");
  }
  return installed;
}
