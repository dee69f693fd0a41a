/**
 * Closure conversion: a graph's captured constants become leading inputs, so a primitive that
 * carries a sub-graph (checkpoint, control flow) receives them as ordinary operands — and every
 * transform sees them (their tangents, batch dims) instead of treating them as opaque constants.
 */
import type { Tensor } from "../tensor/tensor.js";
import { Graph } from "./graph.js";

/** `[graph with consts as leading inputs, the const values]`. */
export function closureConvert(g: Graph): [Graph, Tensor[]] {
  if (g.constVars.length === 0) return [g, []];
  const converted = new Graph({
    inputs: [...g.constVars, ...g.inputs],
    constVars: [],
    constValues: [],
    equations: g.equations,
    outputs: g.outputs,
    outTree: g.outTree,
  });
  return [converted, [...g.constValues]];
}
