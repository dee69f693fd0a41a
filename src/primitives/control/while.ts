/**
 * while[cond, body](...condConsts, ...bodyConsts, ...carry): repeats `body` while `cond` holds.
 * jvp: the primal loop plus a loop over (primal, tangent) carries. Reverse mode is not defined:
 * the trip count is only known at run time, so transposition raises an error pointing to scan.
 * Batching: with a per-example predicate the loop runs until every lane is done; finished lanes
 * keep their carry (a select per step).
 */
import { DTypeError, NonDifferentiableError, ShapeError } from "../../errors.js";
import { aval, avalString, avalsEqual } from "../../ir/types.js";
import { isInexact } from "../../tensor/dtype.js";
import { scalar } from "../../tensor/from-js.js";
import type { Tensor } from "../../tensor/tensor.js";
import { instantiate, isZero, zeroLike } from "../ad.js";
import { batchSize, batchedAtFront } from "../batching.js";
import * as ops from "../ops.js";
import { Zero, definePrimitive } from "../rule-types.js";
import { graphContext } from "../graph-context.js";
import { graphOf } from "./graphs.js";

const NOT_REVERSIBLE =
  "reverse-mode differentiation (grad, vjp) of lax.whileLoop is not supported: its number of iterations is only known at run time. " +
  "Use lax.scan, or lax.forLoop with static bounds, which are differentiable in both modes.";

export const whileLoop = definePrimitive({
  name: "while",
  kind: "control",
  carriesGraphs: true,
  shapeRule: (inputs, { cond, body, condConsts, bodyConsts }) => {
    const carry = inputs.slice(condConsts + bodyConsts);
    const pred = cond.outputs[0]?.aval;
    if (cond.outputs.length !== 1 || pred === undefined || pred.dtype !== "bool" || pred.shape.length !== 0) {
      throw new DTypeError(`while: the condition must return one bool scalar; it returns (${cond.outputs.map((a) => avalString(a.aval)).join(", ")}).`);
    }
    if (body.outputs.length !== carry.length || body.outputs.some((a, i) => !avalsEqual(a.aval, carry[i]!))) {
      throw new ShapeError(
        `while: the body returns (${body.outputs.map((a) => avalString(a.aval)).join(", ")}) but the carry is (${carry.map(avalString).join(", ")}).`,
      );
    }
    return [...carry];
  },
  impl: (inputs, { cond, body, condConsts, bodyConsts }) => {
    const cc = inputs.slice(0, condConsts);
    const bc = inputs.slice(condConsts, condConsts + bodyConsts);
    let carry = inputs.slice(condConsts + bodyConsts);
    const ctx = graphContext();
    while (ctx.runGraph(cond, [...cc, ...carry])[0]!.item()) carry = ctx.runGraph(body, [...bc, ...carry]);
    return carry;
  },
  jvpRule: (primals, tangents, params) => {
    const { cond, body, condConsts, bodyConsts } = params;
    const outs = ops.applyN("while", primals, params);
    const cc = primals.slice(0, condConsts);
    const bc = primals.slice(condConsts, condConsts + bodyConsts);
    const carry = primals.slice(condConsts + bodyConsts);
    const bcT = tangents.slice(condConsts, condConsts + bodyConsts);
    const carryT = tangents.slice(condConsts + bodyConsts);
    const bcMask = bc.map((x, i) => isInexact(x.dtype) && !isZero(bcT[i]));
    const carryMask = carry.map((x) => isInexact(x.dtype));
    const bcTans = bcT.filter((_, i) => bcMask[i]).map(instantiate);
    const carryTans = carryT.filter((_, i) => carryMask[i]).map(instantiate);
    const nT = carryTans.length;
    // The loop over (carry, carry tangents): the condition reads only the primal part.
    const ctx = graphContext();
    const condJ = graphOf((xs) => ctx.evalGraph(cond, xs.slice(0, condConsts + carry.length)), [...cc, ...carry, ...carryTans].map((x) => aval(x.shape, x.dtype)), "while");
    const bodyJ = graphOf(
      (xs) => {
        const c = xs.slice(0, bodyConsts);
        let k = bodyConsts;
        const cT = bc.map((x, i) => (bcMask[i] ? xs[k++]! : new Zero(aval(x.shape, x.dtype))));
        const cy = xs.slice(k, k + carry.length);
        k += carry.length;
        const cyT = carry.map((x, i) => (carryMask[i] ? xs[k++]! : new Zero(aval(x.shape, x.dtype))));
        const [newCarry, newT] = ctx.jvp((p) => ctx.evalGraph(body, p), [...c, ...cy], [...cT, ...cyT], "while");
        return [...newCarry, ...newT.filter((_, i) => carryMask[i]).map(instantiate)];
      },
      [...bc, ...bcTans, ...carry, ...carryTans].map((x) => aval(x.shape, x.dtype)),
      "while",
    );
    const both = ops.applyN("while", [...cc, ...bc, ...bcTans, ...carry, ...carryTans], {
      cond: condJ,
      body: bodyJ,
      condConsts,
      bodyConsts: bodyConsts + bcTans.length,
    });
    const tans = both.slice(carry.length);
    let k = 0;
    return [outs, carry.map((x, i) => (carryMask[i] && nT > 0 ? tans[k++]! : zeroLike(x)))];
  },
  transposeRule: () => {
    throw new NonDifferentiableError(NOT_REVERSIBLE);
  },
  batchRule: (args, dims, { cond, body, condConsts, bodyConsts }) => {
    const size = batchSize(args, dims);
    const cc = args.slice(0, condConsts);
    const ccDims = dims.slice(0, condConsts);
    const bc = args.slice(condConsts, condConsts + bodyConsts);
    const bcDims = dims.slice(condConsts, condConsts + bodyConsts);
    const carry = args.slice(condConsts + bodyConsts).map((x, i) => batchedAtFront(x, dims[condConsts + bodyConsts + i] ?? null, size));
    const carryDims = carry.map(() => 0);
    const ctx = graphContext();
    const predOf = (c: Tensor[], cy: Tensor[]): Tensor =>
      ctx.vmap((ys) => ctx.evalGraph(cond, ys), [...c, ...cy], [...ccDims, ...carryDims], size, "while")[0]!;
    const avalsOf = (xs: readonly Tensor[]) => xs.map((x) => aval(x.shape, x.dtype));
    // Continue while any lane wants to; a finished lane keeps its carry.
    const anyCond = graphOf(
      (xs) => {
        const pred = predOf(xs.slice(0, condConsts), xs.slice(condConsts));
        return [ops.binaryOp("gt", ops.reduceMax(ops.convert(pred, "int32"), [0]), scalar(0, "int32"))];
      },
      avalsOf([...cc, ...carry]),
      "while",
    );
    const maskedBody = graphOf(
      (xs) => {
        const c = xs.slice(0, condConsts);
        const b = xs.slice(condConsts, condConsts + bodyConsts);
        const cy = xs.slice(condConsts + bodyConsts);
        const pred = predOf(c, cy);
        const next = ctx.vmap((ys) => ctx.evalGraph(body, ys), [...b, ...cy], [...bcDims, ...carryDims], size, "while");
        return next.map((n, i) => ops.select(ops.broadcastInDim(pred, n.shape, [0]), n, cy[i]!));
      },
      avalsOf([...cc, ...bc, ...carry]),
      "while",
    );
    const outs = ops.applyN("while", [...cc, ...cc, ...bc, ...carry], {
      cond: anyCond,
      body: maskedBody,
      condConsts,
      bodyConsts: condConsts + bodyConsts,
    });
    return [outs, outs.map(() => 0)];
  },
});
