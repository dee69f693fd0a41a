/**
 * checkpoint[name, fun](...xs) evaluates the closed graph `fun` (its captured values are leading
 * operands). Under differentiation it saves only its inputs: the tangent is another checkpoint
 * over fun's jvp graph (tangents only, the primal part recomputed inside), so linearize records
 * one equation (inputs as residuals), and its transpose recomputes fun's primal values during the
 * backward pass — remat. The graphs come from the cached graph transforms (`graphContext()`).
 */
import type { Tensor } from "../../tensor/tensor.js";
import { instantiate, isZero, zeroLike } from "../ad.js";
import { allBatchedAtFront } from "../batching.js";
import { graphContext } from "../graph-context.js";
import * as ops from "../ops.js";
import { UndefinedPrimal, definePrimitive } from "../rule-types.js";

export const checkpoint = definePrimitive({
  name: "checkpoint",
  kind: "autodiff",
  carriesGraphs: true,
  shapeRule: (_xs, { fun }) => fun.outputs.map((a) => a.aval),
  impl: (xs, { fun }) => graphContext().runGraph(fun, xs),
  jvpRule: (primals, tangents, { name, fun }) => {
    const outs = ops.applyN("checkpoint", primals, { name, fun });
    if (tangents.every(isZero)) return [outs, outs.map(zeroLike)];
    const jvpFun = graphContext().jvpGraph(fun, primals.map(() => true), true);
    const outTangents = ops.applyN("checkpoint", [...primals, ...tangents.map(instantiate)], { name: `${name}_jvp`, fun: jvpFun });
    return [outs, outTangents];
  },
  // Only the jvp graph appears in linear position: its primal operands are known, its tangents
  // linear. The backward pass is itself a checkpoint (`<name>_bwd`) that recomputes fun's primal
  // values from the saved inputs — the rematerialisation, visible as one equation.
  transposeRule: (cts, inputs, { name, fun }) => {
    const linear = inputs.map((x) => x instanceof UndefinedPrimal);
    const knownVals = inputs.filter((x): x is Tensor => !(x instanceof UndefinedPrimal));
    const bwdFun = graphContext().transposeGraph(fun, linear);
    const outs = ops.applyN("checkpoint", [...knownVals, ...cts.map(instantiate)], { name: `${name}_bwd`, fun: bwdFun });
    let k = 0;
    return inputs.map((x) => (x instanceof UndefinedPrimal ? outs[k++]! : zeroLike(x)));
  },
  // The batched call is a checkpoint of the vmapped graph: remat still applies per batch.
  batchRule: (args, dims, { name, fun }) => {
    const [batched, size] = allBatchedAtFront(args, dims);
    const batchedFun = graphContext().vmapGraph(fun, batched.map(() => 0), size);
    const outs = ops.applyN("checkpoint", batched, { name, fun: batchedFun });
    return [outs, outs.map(() => 0)];
  },
});
