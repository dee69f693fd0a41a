/**
 * Graph → Graph transforms, each cached per graph (a WeakMap keyed by the `Graph`, then by mask,
 * batch dims and size), so a rule applied on every call of a transformed function traces its
 * sub-graph's transform once: `jvpGraph`, `linearizeGraph` (jvp + partial evaluation: a primal
 * graph that also returns residuals, and a linear graph from residuals and tangents), `transposeGraph`
 * and `vmapGraph`. Every result is closed (no tracer inside) and simplified. These are what the
 * graph-carrying primitives (jit, cond, scan, while, checkpoint) build their rules from.
 */
import { InternalError } from "../errors.js";
import type { Graph } from "../ir/graph.js";
import { type Aval, aval } from "../ir/types.js";
import { evaluateFlat } from "../interpret/evaluate.js";
import { instantiate, isZero } from "../primitives/ad.js";
import type { BatchDim } from "../primitives/batching.js";
import type { LinearizedGraph } from "../primitives/graph-context.js";
import { type Tangent, Zero } from "../primitives/rule-types.js";
import { isInexact } from "../tensor/dtype.js";
import type { Tensor } from "../tensor/tensor.js";
import { closeGraph, traceClosed } from "../trace/closed.js";
import { currentInterpreter, withInterpreter } from "../trace/interpreter.js";
import { traceFlatList } from "../trace/trace.js";
import { jvpFlatList } from "./jvp.js";
import { LinearGraphInterpreter } from "./linearize.js";
import { simplify } from "./simplify.js";
import { backwardPass } from "./transpose.js";
import { vmapFlatList } from "./vmap.js";

/** A cache of derived values per graph, then per key. */
function cachePerGraph<T>(): (g: Graph, key: string, make: () => T) => T {
  const byGraph = new WeakMap<Graph, Map<string, T>>();
  return (g, key, make) => {
    let byKey = byGraph.get(g);
    if (byKey === undefined) {
      byKey = new Map();
      byGraph.set(g, byKey);
    }
    let hit = byKey.get(key);
    if (hit === undefined) {
      hit = make();
      byKey.set(key, hit);
    }
    return hit;
  };
}

const maskKey = (mask: readonly boolean[]): string => mask.map((m) => (m ? "1" : "0")).join("");

/** Traces `f` to a closed graph that must capture nothing (it reads only a closed graph). */
function closedOnly(f: (xs: Tensor[]) => unknown, avals: readonly Aval[], label: string): Graph {
  const { graph, captured } = traceClosed(f, avals, label);
  if (captured.length > 0) throw new InternalError(`${label}: a transformed sub-graph captured ${captured.length} traced value(s).`);
  return simplify(graph);
}

const inputAvals = (g: Graph): Aval[] => g.inputs.map((v) => v.aval);

/** Tangents for the `mask`ed inputs taken from `xs` from `start` on, symbolic zeros for the others. */
function spreadTangents(avals: readonly Aval[], mask: readonly boolean[], xs: readonly Tensor[], start: number): Tangent[] {
  let k = start;
  return avals.map((a, i) => (mask[i] ? xs[k++]! : new Zero(a)));
}

const jvpCache = cachePerGraph<Graph>();

/**
 * The jvp of `g` as a graph: (primals..., tangents of the `mask`ed inputs...) ↦ (outputs...,
 * tangents of the float outputs...), zero tangents materialised. With `tangentsOnly` it returns the
 * tangents alone, recomputing the primal part inside (what a rule needs whose residuals are its
 * operands: cond's branches, checkpoint's remat).
 *
 * @example
 * ```ts
 * const dg = jvpGraph(trace((x) => np.sin(x))(np.zeros([3])), [true], false); // (x, dx) ↦ (sin x, cos x · dx)
 * ```
 */
export function jvpGraph(g: Graph, mask: readonly boolean[], tangentsOnly: boolean): Graph {
  return jvpCache(g, `${maskKey(mask)}${tangentsOnly ? "t" : "b"}`, () => {
    const avals = inputAvals(g);
    const n = avals.length;
    const outFloat = g.outputs.map((a) => isInexact(a.aval.dtype));
    return closedOnly(
      (xs) => {
        const [outs, outT] = jvpFlatList((p) => evaluateFlat(g, p), xs.slice(0, n), spreadTangents(avals, mask, xs, n), "jvpGraph");
        const tangents = outT.filter((_, i) => outFloat[i]).map(instantiate);
        return tangentsOnly ? tangents : [...outs, ...tangents];
      },
      [...avals, ...avals.filter((_, i) => mask[i])],
      "jvpGraph",
    );
  });
}

const linearizeCache = cachePerGraph<LinearizedGraph>();

/**
 * jvp + partial evaluation of `g`, as JAX splits a jvp into known and unknown jaxprs: `primal`
 * maps primals to (outputs..., residuals...) and `linear` maps (residuals..., tangents of the
 * `mask`ed inputs...) to the output tangents that are not symbolically zero (`zeroOut`). Evaluating
 * `primal` then `linear` computes the jvp with no work done twice; transposing `linear` gives the
 * backward pass, which reads the residuals and never recomputes the forward pass.
 *
 * @example
 * ```ts
 * const { primal, linear } = linearizeGraph(g, [true]); // sin: primal x ↦ (sin x, cos x); linear (c, dx) ↦ c · dx
 * ```
 */
export function linearizeGraph(g: Graph, mask: readonly boolean[]): LinearizedGraph {
  return linearizeCache(g, maskKey(mask), () => {
    const avals = inputAvals(g);
    let result: Omit<LinearizedGraph, "primal"> | undefined;
    // The primal graph is traced; inside it, a linear interpreter records the equations that touch
    // a tangent and hands the rest to the primal trace: what the linear graph reads from the
    // primal trace (its tracers) are the residuals, returned as extra primal outputs.
    const traced = traceFlatList(
      (primals) => {
        const lin = new LinearGraphInterpreter(currentInterpreter(), "linearizeGraph");
        try {
          const tangentIns = avals.flatMap((a, i) => (mask[i] ? [lin.newInput(a)] : []));
          const [outs, outT] = withInterpreter(lin, () => jvpFlatList((p) => evaluateFlat(g, p), primals, spreadTangents(avals, mask, tangentIns, 0), "linearizeGraph"));
          const zeroOut = outT.map((t) => isZero(t));
          const outAtoms = outT.filter((t): t is Tensor => !isZero(t)).map((t) => lin.toAtom(t, "linearizeGraph"));
          const { graph: linear, captured: residuals } = closeGraph(lin.builder.build(tangentIns.map((t) => t.variable), outAtoms));
          result = { linear: simplify(linear), numResiduals: residuals.length, zeroOut };
          return [...outs, ...residuals];
        } finally {
          lin.finish();
        }
      },
      avals,
      "linearizeGraph",
    );
    const { graph: primal, captured } = closeGraph(traced);
    if (captured.length > 0) throw new InternalError(`linearizeGraph: the primal graph captured ${captured.length} traced value(s).`);
    return { primal: simplify(primal), ...result! };
  });
}

const transposeCache = cachePerGraph<Graph>();

/**
 * The transpose of `g`, which is linear in its `linear` inputs: (the other inputs..., cotangents
 * of every output...) ↦ cotangents of the linear inputs, zeros materialised. What `g` computes from
 * its other inputs alone is computed inside (for a linear graph from `linearizeGraph`, nothing but
 * reads of residuals; for checkpoint's jvp graph, the rematerialised primal values).
 *
 * @example
 * ```ts
 * const gt = transposeGraph(linear, [false, true]); // (c, ct) ↦ c · ct
 * ```
 */
export function transposeGraph(g: Graph, linear: readonly boolean[]): Graph {
  return transposeCache(g, maskKey(linear), () => {
    const avals = inputAvals(g);
    const nKnown = avals.filter((_, i) => !linear[i]).length;
    return closedOnly(
      (xs) => {
        let k = 0;
        const known = avals.map((_, i) => (linear[i] ? undefined : xs[k++]));
        const ctsIn = backwardPass(g, xs.slice(nKnown), "transposeGraph", known);
        return avals.flatMap((a, i) => (linear[i] ? [instantiate(ctsIn[i] ?? new Zero(a))] : []));
      },
      [...avals.filter((_, i) => !linear[i]), ...g.outputs.map((a) => a.aval)],
      "transposeGraph",
    );
  });
}

const vmapCache = cachePerGraph<Graph>();

/**
 * `g` over a batch of `size`: input i batched along `dims[i]` (null: shared by every example),
 * every output batched at 0.
 *
 * @example
 * ```ts
 * const gb = vmapGraph(g, [0, null], 8); // g's first input gains a leading axis of 8
 * ```
 */
export function vmapGraph(g: Graph, dims: readonly BatchDim[], size: number): Graph {
  return vmapCache(g, `${dims.map((d) => (d === null ? "n" : d)).join(",")};${size}`, () => {
    const avals = g.inputs.map((v, i) => {
      const d = dims[i] ?? null;
      if (d === null) return v.aval;
      const shape = [...v.aval.shape];
      shape.splice(d, 0, size);
      return aval(shape, v.aval.dtype);
    });
    return closedOnly((xs) => vmapFlatList((ys) => evaluateFlat(g, ys), xs, dims, size, "vmapGraph"), avals, "vmapGraph");
  });
}
