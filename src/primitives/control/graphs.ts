/**
 * Helpers shared by the control-flow primitives. The graph → graph transforms they use (jvp,
 * transpose, vmap of a sub-graph) are cached per graph in transforms/graphs.ts and reached through
 * `graphContext()`; this file only traces the bespoke graphs a rule assembles (a scan body that
 * also stacks its carries, a while body over primal and tangent carries).
 */
import { InternalError } from "../../errors.js";
import type { Graph } from "../../ir/graph.js";
import type { Aval } from "../../ir/types.js";
import { isInexact } from "../../tensor/dtype.js";
import type { Tensor } from "../../tensor/tensor.js";
import { zerosOf } from "../ad.js";
import { graphContext } from "../graph-context.js";

/**
 * Traces `f` at `avals` to a closed graph. A rule's sub-graph reads only its own inputs and the
 * closed graphs it transforms, so it captures no outer tracer (checked: one would be a bug).
 */
export function graphOf(f: (xs: Tensor[]) => Tensor[], avals: readonly Aval[], label: string): Graph {
  const { graph, captured } = graphContext().traceClosed(f, avals, label);
  if (captured.length > 0) throw new InternalError(`${label}: a rule's sub-graph captured ${captured.length} traced value(s).`);
  return graph;
}

/** Which inputs of a graph can carry a tangent (float ones). */
export function floatMask(avals: readonly Aval[]): boolean[] {
  return avals.map((a) => isInexact(a.dtype));
}

/** Zeros for every aval (used where a branch or body has no tangent for an output). */
export function zerosFor(avals: readonly Aval[]): Tensor[] {
  return avals.map(zerosOf);
}
