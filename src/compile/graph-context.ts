/**
 * The implementation of the services graph-carrying primitives receive (primitives/graph-context.ts):
 * the current backend's executables at the root, binding evaluation, the transforms, and closed tracing. Built here,
 * the lowest layer that sees all of them; the package root installs it.
 */
import { currentBackend } from "../backend/current.js";
import { evaluateFlat } from "../interpret/evaluate.js";
import type { GraphContext } from "../primitives/graph-context.js";
import { traceClosed } from "../trace/closed.js";
import { jvpGraph, linearizeGraph, transposeGraph, vmapGraph } from "../transforms/graphs.js";
import { jvpFlatList } from "../transforms/jvp.js";
import { backwardPass } from "../transforms/transpose.js";
import { vmapFlatList } from "../transforms/vmap.js";

/** backend/, interpret/, transforms/ and trace/ as one object for primitives. */
export const graphContext: GraphContext = {
  runGraph: (g, inputs) => currentBackend().compile(g)(inputs),
  evalGraph: evaluateFlat,
  jvp: jvpFlatList,
  vmap: vmapFlatList,
  backwardPass,
  traceClosed,
  jvpGraph,
  linearizeGraph,
  transposeGraph,
  vmapGraph,
};
Object.freeze(graphContext);
