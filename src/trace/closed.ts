/**
 * Tracing a function to a *closed* graph: the one policy for values a traced function closes over,
 * shared by jit, lax's control flow, checkpoint, customJvp/customVjp and every rule that builds a
 * sub-graph.
 *
 * - A concrete array the function reads stays a constant of the graph (as in JAX, jit bakes it in).
 * - A tracer of a live outer transform becomes a leading input of the graph, and is returned in
 *   `captured`: the caller passes it as an explicit operand of the primitive that carries the
 *   graph, so that transform sees it (its tangent, its batch dimension) instead of a constant it
 *   cannot differentiate. A graph therefore never holds a tracer, and can be cached and reused.
 */
import { Graph } from "../ir/graph.js";
import type { Aval, Var } from "../ir/types.js";
import type { Tensor } from "../tensor/tensor.js";
import type { TreeDef } from "../tree/pytree.js";
import { traceFlatList } from "./trace.js";
import { Tracer } from "./tracer.js";

/** A closed graph and the outer tracers it captured (its leading inputs, in order). */
export interface ClosedGraph {
  /** Inputs: one per captured tracer, then one per traced input. Holds no tracer. */
  readonly graph: Graph;
  /** The outer tracers the function read, to pass as the graph's leading operands. */
  readonly captured: Tensor[];
}

/**
 * Traces `f` (which takes its inputs as one array, so any number of them fits) at `avals`, and
 * closes the result: captured outer tracers become leading inputs. `inTree` is kept when nothing
 * was captured (the graph's inputs are then exactly the traced arguments).
 *
 * @example
 * ```ts
 * const { graph, captured } = traceClosed(([x]) => [ops.mul(x!, w)], [aval([3], "float32")], "f");
 * // under grad with w traced: graph takes (w, x) and captured is [w]
 * ```
 */
export function traceClosed(f: (inputs: Tensor[]) => unknown, avals: readonly Aval[], label: string, inTree?: TreeDef): ClosedGraph {
  const g = traceFlatList(f, avals, label, inTree);
  return closeGraph(g);
}

/** Moves a graph's tracer constants to leading inputs (a graph without any is returned as is). */
export function closeGraph(g: Graph): ClosedGraph {
  let tracers = 0;
  for (const v of g.constValues) if (v instanceof Tracer) tracers++;
  if (tracers === 0) return { graph: g, captured: [] };
  const capturedVars: Var[] = [];
  const captured: Tensor[] = [];
  const constVars: Var[] = [];
  const constValues: Tensor[] = [];
  g.constValues.forEach((value, i) => {
    if (value instanceof Tracer) {
      capturedVars.push(g.constVars[i]!);
      captured.push(value);
    } else {
      constVars.push(g.constVars[i]!);
      constValues.push(value);
    }
  });
  const inputs = capturedVars;
  for (const v of g.inputs) inputs.push(v);
  const graph = new Graph({ inputs, constVars, constValues, equations: g.equations, outputs: g.outputs, outTree: g.outTree });
  return { graph, captured };
}
