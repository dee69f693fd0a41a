/**
 * Graph builders shared by the control-flow primitives: the jvp of a sub-graph as a graph, the
 * tangent-only part of it (for partial evaluation), its transpose (for reverse mode) and its
 * vectorised form. Each is a traced graph, closed over nothing (constants become inputs).
 */
import { evaluateFlat } from "../../interpret/evaluate.js";
import { closureConvert } from "../../ir/closure.js";
import { Graph } from "../../ir/graph.js";
import type { Aval } from "../../ir/types.js";
import { isFloat } from "../../tensor/dtype.js";
import type { Tensor } from "../../tensor/tensor.js";
import { traceFlat } from "../../trace/trace.js";
import { jvpFlat } from "../../transforms/jvp.js";
import { backwardPass } from "../../transforms/transpose.js";
import { vmapFlat } from "../../transforms/vmap.js";
import { instantiate, zerosOf } from "../ad.js";
import type { BatchDim } from "../batching.js";
import { Zero } from "../rule-types.js";

/** Traces `f` at `avals`; the result has no captured values (asserted by the caller's design). */
export function graphOf(f: (...xs: Tensor[]) => Tensor[], avals: readonly Aval[], label: string): Graph {
  const g = traceFlat(f, avals, label);
  const [converted, consts] = closureConvert(g);
  if (consts.length === 0) return g;
  // Captured arrays (e.g. zeros made by a rule) are constant: keep them as the graph's constants.
  return new Graph({ inputs: g.inputs, constVars: g.constVars, constValues: g.constValues, equations: converted.equations, outputs: g.outputs });
}

/** Which inputs of a graph can carry a tangent (float ones). */
export function floatMask(avals: readonly Aval[]): boolean[] {
  return avals.map((a) => isFloat(a.dtype));
}

/**
 * The tangent part of `g`: inputs (primals..., tangents of the `mask`ed primals...), outputs the
 * tangents of g's float outputs (zeros materialised). It recomputes the primal values inside,
 * so its only linear inputs are the tangents.
 */
export function tangentGraph(g: Graph, mask: readonly boolean[], label: string): Graph {
  const avals = g.inputs.map((v) => v.aval);
  const tanAvals = avals.filter((_, i) => mask[i]);
  const outFloat = floatMask(g.outputs.map((a) => a.aval));
  return graphOf(
    (...xs) => {
      const primals = xs.slice(0, avals.length);
      let k = avals.length;
      const tangents = avals.map((a, i) => (mask[i] ? xs[k++]! : new Zero(a)));
      const [, outT] = jvpFlat((...p) => evaluateFlat(g, p), primals, tangents, label);
      return outT.filter((_, i) => outFloat[i]).map(instantiate);
    },
    [...avals, ...tanAvals],
    label,
  );
}

/**
 * The transpose of a graph that is linear in some inputs: inputs (known inputs..., cotangents of
 * the outputs...), outputs the cotangents of the linear inputs (zeros materialised).
 */
export function transposedGraph(g: Graph, linear: readonly boolean[], label: string): Graph {
  const avals = g.inputs.map((v) => v.aval);
  const knownAvals = avals.filter((_, i) => !linear[i]);
  const outAvals = g.outputs.map((a) => a.aval);
  return graphOf(
    (...xs) => {
      let k = 0;
      const known = avals.map((_, i) => (linear[i] ? undefined : xs[k++]));
      const cts = xs.slice(knownAvals.length);
      const ctsIn = backwardPass(g, cts, label, known);
      return avals.flatMap((a, i) => (linear[i] ? [instantiate(ctsIn[i] ?? new Zero(a))] : []));
    },
    [...knownAvals, ...outAvals],
    label,
  );
}

/** `g` vectorised: inputs of types `avals` batched per `dims`, every output batched at 0. */
export function batchedGraph(g: Graph, avals: readonly Aval[], dims: readonly BatchDim[], size: number, label: string): Graph {
  return graphOf((...xs) => vmapFlat((...ys) => evaluateFlat(g, ys), xs, dims, size, label), avals, label);
}

/** Zeros for every aval (used where a branch or body has no tangent for an output). */
export function zerosFor(avals: readonly Aval[]): Tensor[] {
  return avals.map(zerosOf);
}
