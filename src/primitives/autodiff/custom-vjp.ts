/**
 * custom_vjp_call[name, fun, fwd, bwd](...xs) evaluates `fun`; under differentiation it runs the
 * user's `fwd` for outputs and residuals, and emits custom_lin[bwd](...residuals, ...tangents):
 * a linear primitive whose transpose is `bwd`. Forward mode has no meaning for it (bwd gives a
 * vjp, not a jvp), so evaluating custom_lin is an error that points to customJvp.
 */
import { NonDifferentiableError, ShapeError, fmtShape } from "../../errors.js";
import { avalString } from "../../ir/types.js";
import { shapesEqual } from "../../tensor/shape.js";
import { avalOfTensor, instantiate, zeroLike } from "../ad.js";
import * as ops from "../ops.js";
import { aval } from "../../ir/types.js";
import { allBatchedAtFront } from "../batching.js";
import { graphContext } from "../graph-context.js";
import type { FlatBwd, FlatFwd } from "../params.js";
import { UndefinedPrimal, definePrimitive } from "../rule-types.js";

/** bwd over a batch: residuals and cotangents all batched at 0. */
function batchedBwd(bwd: FlatBwd, size: number, label: string): FlatBwd {
  return (residuals, cts) =>
    graphContext().vmap((ys) => bwd(ys.slice(0, residuals.length), ys.slice(residuals.length)), [...residuals, ...cts], [...residuals, ...cts].map(() => 0), size, label);
}

export const customVjpCall = definePrimitive({
  name: "custom_vjp_call",
  kind: "autodiff",
  carriesGraphs: true,
  shapeRule: (_xs, { fun }) => fun.outputs.map((a) => a.aval),
  impl: (xs, { fun }) => graphContext().runGraph(fun, xs),
  jvpRule: (primals, tangents, { name, fun, fwd, bwd }) => {
    const [outs, residuals] = fwd(primals);
    fun.outputs.forEach((a, i) => {
      const o = outs[i];
      if (o === undefined || !shapesEqual(o.shape, a.aval.shape) || o.dtype !== a.aval.dtype) {
        throw new ShapeError(
          `customVjp fwd of ${name}: output ${i} is ${o ? `${o.dtype}${fmtShape(o.shape)}` : "missing"} but the function's output ${i} is ${avalString(a.aval)}.`,
        );
      }
    });
    const outTangents = ops.applyN("custom_lin", [...residuals, ...tangents.map(instantiate)], {
      name,
      numResiduals: residuals.length,
      outAvals: outs.map(avalOfTensor),
      bwd,
    });
    return [outs, outTangents];
  },
  transposeRule: "nonlinear",
  // Batch the function, fwd (outputs and residuals) and bwd, all with the batch dim first.
  batchRule: (args, dims, { name, fun, fwd, bwd }) => {
    const [batched, size] = allBatchedAtFront(args, dims);
    const label = `customVjp(${name})`;
    const batchedFun = graphContext().vmapGraph(fun, batched.map(() => 0), size);
    const n = fun.outputs.length;
    const batchedFwd: FlatFwd = (primals) => {
      const both = graphContext().vmap((ys) => {
        const [o, r] = fwd(ys);
        return [...o, ...r];
      }, primals, primals.map(() => 0), size, label);
      return [both.slice(0, n), both.slice(n)];
    };
    const outs = ops.applyN("custom_vjp_call", batched, { name, fun: batchedFun, fwd: batchedFwd, bwd: batchedBwd(bwd, size, label) });
    return [outs, outs.map(() => 0)];
  },
});

function forwardModeError(name: string): NonDifferentiableError {
  return new NonDifferentiableError(
    `jvp of ${name}: ${name} has a custom vjp (reverse-mode rule), which cannot compute forward-mode derivatives. ` +
      `Use vjp/grad, or define the derivative with customJvp.`,
  );
}

export const customLin = definePrimitive({
  name: "custom_lin",
  kind: "autodiff",
  foldable: false, // no eager meaning: it exists to be transposed
  shapeRule: (_xs, { outAvals }) => [...outAvals],
  impl: (_xs, { name }) => {
    throw forwardModeError(name);
  },
  jvpRule: (_p, _t, { name }) => {
    throw forwardModeError(name);
  },
  // Linear in the tangents; residuals are known. The transpose is the user's bwd.
  transposeRule: (cts, inputs, { name, numResiduals, bwd }) => {
    const residuals = inputs.slice(0, numResiduals) as ReturnType<typeof ops.apply1>[];
    const linearIns = inputs.slice(numResiduals);
    const ctsIn = bwd(residuals, cts.map(instantiate));
    if (ctsIn.length !== linearIns.length) {
      throw new ShapeError(`customVjp bwd of ${name}: returned ${ctsIn.length} cotangents for ${linearIns.length} arguments; return one per argument.`);
    }
    linearIns.forEach((x, i) => {
      const want = x instanceof UndefinedPrimal ? x.aval : avalOfTensor(x);
      const got = ctsIn[i]!;
      if (!shapesEqual(got.shape, want.shape) || got.dtype !== want.dtype) {
        throw new ShapeError(`customVjp bwd of ${name}: cotangent ${i} is ${got.dtype}${fmtShape(got.shape)} but argument ${i} is ${avalString(want)}.`);
      }
    });
    return [...residuals.map(zeroLike), ...ctsIn];
  },
  batchRule: (args, dims, { name, numResiduals, outAvals, bwd }) => {
    const [batched, size] = allBatchedAtFront(args, dims);
    const outs = ops.applyN("custom_lin", batched, {
      name,
      numResiduals,
      outAvals: outAvals.map((a) => aval([size, ...a.shape], a.dtype)),
      bwd: batchedBwd(bwd, size, `customVjp(${name})`),
    });
    return [outs, outs.map(() => 0)];
  },
});
