/**
 * jit[name, graph](...xs): a call of a compiled function, as JAX's pjit. `graph` is closed (values
 * it captured from an outer transform are its leading operands), so the call survives every
 * transform as one equation and stays compiled:
 * - impl runs the graph's compiled plan;
 * - jvp partially evaluates the graph (`linearizeGraph`, cached per graph and tangent mask): one
 *   `jit[name=jvp(f)]` on the primals computes the outputs and the residuals — known work, which
 *   linearize evaluates at once — and one `jit[name=lin(f)]` maps (residuals, tangents) to the
 *   output tangents. The backward pass reads the residuals and never recomputes the forward pass;
 * - transpose binds `jit[name=transpose(f)]` over the transposed graph (cached per linear mask);
 * - batching binds `jit[name=vmap(f)]` over the vectorised graph (cached per dims and size),
 *   every output batched at 0.
 */
import { InternalError } from "../../errors.js";
import { avalString, avalsEqual } from "../../ir/types.js";
import { isInexact } from "../../tensor/dtype.js";
import type { Tensor } from "../../tensor/tensor.js";
import { instantiate, isZero, zeroLike } from "../ad.js";
import { batchSize } from "../batching.js";
import { graphContext } from "../graph-context.js";
import * as ops from "../ops.js";
import { type Tangent, UndefinedPrimal, definePrimitive } from "../rule-types.js";

export const jit = definePrimitive({
  name: "jit",
  kind: "control",
  carriesGraphs: true,
  shapeRule: (inputs, { name, graph }) => {
    if (inputs.length !== graph.inputs.length || graph.inputs.some((v, i) => !avalsEqual(v.aval, inputs[i]!))) {
      throw new InternalError(
        `jit(${name}): the graph takes (${graph.inputs.map((v) => avalString(v.aval)).join(", ")}) but is given (${inputs.map(avalString).join(", ")}).`,
      );
    }
    return graph.outputs.map((a) => a.aval);
  },
  impl: (inputs, { graph }) => graphContext().runGraph(graph, inputs),
  jvpRule: (primals, tangents, { name, graph }) => {
    const mask = primals.map((x, i) => isInexact(x.dtype) && !isZero(tangents[i]));
    if (!mask.some(Boolean)) {
      const outs = ops.applyN("jit", primals, { name, graph });
      return [outs, outs.map(zeroLike)];
    }
    const { primal, linear, zeroOut } = graphContext().linearizeGraph(graph, mask);
    const both = ops.applyN("jit", primals, { name: `jvp(${name})`, graph: primal });
    const nOut = graph.outputs.length;
    const outs = both.slice(0, nOut);
    const residuals = both.slice(nOut);
    const tanIns = tangents.filter((_, i) => mask[i]).map((t) => instantiate(t!));
    const tanOuts = linear.outputs.length === 0 ? [] : ops.applyN("jit", [...residuals, ...tanIns], { name: `lin(${name})`, graph: linear });
    let k = 0;
    return [outs, outs.map((o, i): Tangent => (zeroOut[i] ? zeroLike(o) : tanOuts[k++]!))];
  },
  transposeRule: (cts, inputs, { name, graph }) => {
    const linear = inputs.map((x) => x instanceof UndefinedPrimal);
    const known = inputs.filter((x): x is Tensor => !(x instanceof UndefinedPrimal));
    const transposed = graphContext().transposeGraph(graph, linear);
    const ctsIn = ops.applyN("jit", [...known, ...cts.map(instantiate)], { name: `transpose(${name})`, graph: transposed });
    let k = 0;
    return inputs.map((x) => (x instanceof UndefinedPrimal ? ctsIn[k++]! : zeroLike(x)));
  },
  batchRule: (args, dims, { name, graph }) => {
    const size = batchSize(args, dims);
    const batched = graphContext().vmapGraph(graph, dims, size);
    const outs = ops.applyN("jit", args, { name: `vmap(${name})`, graph: batched });
    return [outs, outs.map(() => 0)];
  },
});
