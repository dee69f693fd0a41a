/**
 * checkpoint[name, fun](...xs) evaluates the closed graph `fun` (its captured values are leading
 * operands). Under differentiation it saves only its inputs: the tangent is another checkpoint
 * over fun's jvp graph, so linearize records one equation (inputs as residuals), and its
 * transpose recomputes fun's primal values during the backward pass — remat.
 */
import { evaluateFlat } from "../../interpret/evaluate.js";
import { planOf } from "../../compile/plan.js";
import type { Graph } from "../../ir/graph.js";
import { backwardPass } from "../../transforms/transpose.js";
import { traceFlat } from "../../trace/trace.js";
import { jvpFlat } from "../../transforms/jvp.js";
import type { Tensor } from "../../tensor/tensor.js";
import { avalOfTensor, instantiate, isZero, zeroLike } from "../ad.js";
import { closureConvert } from "../../ir/closure.js";
import * as ops from "../ops.js";
import { allBatchedAtFront } from "../batching.js";
import { vmapFlat } from "../../transforms/vmap.js";
import { UndefinedPrimal, definePrimitive } from "../rule-types.js";

/** The graph (primals, tangents) ↦ output tangents of `fun`. */
function jvpGraph(fun: Graph, name: string): Graph {
  const avals = fun.inputs.map((v) => v.aval);
  const n = avals.length;
  return traceFlat(
    (...xs: Tensor[]) => {
      const [, tangents] = jvpFlat((...p) => evaluateFlat(fun, p), xs.slice(0, n), xs.slice(n), `checkpoint(${name})`);
      return tangents.map(instantiate);
    },
    [...avals, ...avals],
    `checkpoint(${name})`,
  );
}

export const checkpoint = definePrimitive({
  name: "checkpoint",
  shapeRule: (_xs, { fun }) => fun.outputs.map((a) => a.aval),
  impl: (xs, { fun }) => planOf(fun)(xs),
  jvpRule: (primals, tangents, { name, fun }) => {
    const outs = ops.applyN("checkpoint", primals, { name, fun });
    if (tangents.every(isZero)) return [outs, outs.map(zeroLike)];
    const outTangents = ops.applyN("checkpoint", [...primals, ...tangents.map(instantiate)], { name: `${name}_jvp`, fun: jvpGraph(fun, name) });
    return [outs, outTangents];
  },
  // Only the jvp graph appears in linear position: its primal operands are known, its tangents
  // linear. The backward pass is itself a checkpoint (`<name>_bwd`) that recomputes fun's primal
  // values from the saved inputs — the rematerialisation, visible as one equation.
  transposeRule: (cts, inputs, { name, fun }) => {
    const knownIdx = inputs.flatMap((x, i) => (x instanceof UndefinedPrimal ? [] : [i]));
    const linearIdx = inputs.flatMap((x, i) => (x instanceof UndefinedPrimal ? [i] : []));
    const knownVals = knownIdx.map((i) => inputs[i] as Tensor);
    const ctVals = cts.map(instantiate);
    const bwd = traceFlat(
      (...xs: Tensor[]) => {
        const known = inputs.map((_, i) => (knownIdx.includes(i) ? xs[knownIdx.indexOf(i)] : undefined));
        const ctsIn = backwardPass(fun, xs.slice(knownIdx.length), "checkpoint", known);
        return linearIdx.map((i) => instantiate(ctsIn[i]!));
      },
      [...knownVals.map(avalOfTensor), ...ctVals.map(avalOfTensor)],
      `checkpoint(${name})`,
    );
    const [bwdFun, consts] = closureConvert(bwd);
    const outs = ops.applyN("checkpoint", [...consts, ...knownVals, ...ctVals], { name: `${name}_bwd`, fun: bwdFun });
    return inputs.map((x, i) => (x instanceof UndefinedPrimal ? outs[linearIdx.indexOf(i)]! : zeroLike(x)));
  },
  // The batched call is a checkpoint of the vmapped graph: remat still applies per batch.
  batchRule: (args, dims, { name, fun }) => {
    const [batched] = allBatchedAtFront(args, dims);
    const size = batched[0]!.shape[0]!;
    const g = traceFlat(
      (...xs: Tensor[]) => vmapFlat((...ys) => evaluateFlat(fun, ys), xs, xs.map(() => 0), size, `checkpoint(${name})`),
      batched.map(avalOfTensor),
      `checkpoint(${name})`,
    );
    const [batchedFun, consts] = closureConvert(g);
    const outs = ops.applyN("checkpoint", [...consts, ...batched], { name, fun: batchedFun });
    return [outs, outs.map(() => 0)];
  },
});
