/**
 * custom_jvp_call[name, fun, rule](...xs): evaluates `fun` (a closed graph), but differentiates by
 * the user's `rule` instead of the graph's equations. The rule runs under the parent interpreter,
 * so it is itself differentiable (for higher order) when written with fluxion ops.
 */
import { NonDifferentiableError, ShapeError, fmtShape } from "../../errors.js";
import { avalString } from "../../ir/types.js";
import { shapesEqual } from "../../tensor/shape.js";
import { instantiate } from "../ad.js";
import { allBatchedAtFront } from "../batching.js";
import { graphContext } from "../graph-context.js";
import * as ops from "../ops.js";
import type { FlatJvpRule } from "../params.js";
import { definePrimitive } from "../rule-types.js";

export const customJvpCall = definePrimitive({
  name: "custom_jvp_call",
  kind: "autodiff",
  carriesGraphs: true,
  shapeRule: (_xs, { fun }) => fun.outputs.map((a) => a.aval),
  impl: (xs, { fun }) => graphContext().runGraph(fun, xs),
  jvpRule: (primals, tangents, { name, fun, rule }) => {
    const [outs, outTangents] = rule(primals, tangents.map(instantiate));
    const expected = fun.outputs.map((a) => a.aval);
    const check = (what: string, got: readonly { shape: readonly number[]; dtype: string }[]): void => {
      if (got.length !== expected.length) {
        throw new NonDifferentiableError(`customJvp rule of ${name}: returned ${got.length} ${what} leaves but the function has ${expected.length} outputs.`);
      }
      got.forEach((t, i) => {
        if (!shapesEqual(t.shape, expected[i]!.shape) || t.dtype !== expected[i]!.dtype) {
          throw new ShapeError(`customJvp rule of ${name}: ${what} ${i} is ${t.dtype}${fmtShape(t.shape)} but the function's output ${i} is ${avalString(expected[i]!)}.`);
        }
      });
    };
    check("primal output", outs);
    check("tangent output", outTangents);
    return [outs, outTangents];
  },
  transposeRule: "nonlinear",
  // Batch both the function and the rule (all operands with the batch dim first).
  batchRule: (args, dims, { name, fun, rule }) => {
    const [batched, size] = allBatchedAtFront(args, dims);
    const label = `customJvp(${name})`;
    const batchedFun = graphContext().vmapGraph(fun, batched.map(() => 0), size);
    const n = fun.outputs.length;
    const batchedRule: FlatJvpRule = (primals, tangents) => {
      const both = graphContext().vmap((ys) => {
        const [o, t] = rule(ys.slice(0, primals.length), ys.slice(primals.length));
        return [...o, ...t];
      }, [...primals, ...tangents], [...primals, ...tangents].map(() => 0), size, label);
      return [both.slice(0, n), both.slice(n)];
    };
    const outs = ops.applyN("custom_jvp_call", batched, { name, fun: batchedFun, rule: batchedRule });
    return [outs, outs.map(() => 0)];
  },
});
