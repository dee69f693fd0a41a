/**
 * scan[body, numConsts, numCarry, length, reverse](...consts, ...carry, ...xs): a loop over the
 * leading axis of xs, threading a carry and stacking per-step outputs: body(consts, carry, x_t) =
 * (carry, y_t). jvp: the body is linearized once (jvp + partial evaluation, as JAX's scan
 * partial evaluation does); a primal scan runs its primal part and stacks the residuals that change
 * from step to step, then a tangent scan runs its linear part over them, its carry the tangent
 * alone — linear, so transposable, and its backward pass reads the residuals instead of recomputing
 * the forward step: the transpose is a scan in the other direction over the transposed body, with
 * the constants' cotangents accumulated in its carry. Batching vectorises the body; xs keep the
 * scan axis first.
 */
import { NonDifferentiableError, ShapeError } from "../../errors.js";
import { type Aval, aval, avalString, avalsEqual } from "../../ir/types.js";
import { isInexact } from "../../tensor/dtype.js";
import { checkElementCount } from "../../tensor/shape.js";
import type { Tensor } from "../../tensor/tensor.js";
import { avalOfTensor, instantiate, isZero, zeroLike, zerosOf } from "../ad.js";
import { batchSize, batchedAtFront, moveAxis } from "../batching.js";
import * as ops from "../ops.js";
import type { PrimitiveParams } from "../params.js";
import { UndefinedPrimal, definePrimitive } from "../rule-types.js";
import { graphContext } from "../graph-context.js";
import { graphOf } from "./graphs.js";
import { scanResiduals } from "./scan-residuals.js";

type ScanParams = PrimitiveParams["scan"];

/** Step t of a stacked array. */
function step(xs: Tensor, t: number): Tensor {
  const starts = xs.shape.map((_, i) => (i === 0 ? t : 0));
  const limits = xs.shape.map((d, i) => (i === 0 ? t + 1 : d));
  return ops.reshape(ops.slice(xs, starts, limits, xs.shape.map(() => 1)), xs.shape.slice(1));
}

/** Stacks per-step arrays along a new leading axis (an empty stack of type `a` when there are none). */
function stack(items: readonly Tensor[], a: Aval): Tensor {
  if (items.length === 0) return zerosOf(aval([0, ...a.shape], a.dtype));
  const rows = items.map((y) => ops.reshape(y, [1, ...y.shape]));
  return rows.length === 1 ? rows[0]! : ops.concatenate(rows, 0);
}

/** Runs a scan step by step (the kernel of the primitive, also used under no transform). */
function runScan(inputs: readonly Tensor[], { body, numConsts, numCarry, length, reverse }: ScanParams): Tensor[] {
  const consts = inputs.slice(0, numConsts);
  let carry = inputs.slice(numConsts, numConsts + numCarry);
  const xs = inputs.slice(numConsts + numCarry);
  const yAvals = body.outputs.slice(numCarry).map((a) => a.aval);
  const ys: Tensor[][] = yAvals.map(() => new Array<Tensor>(length));
  const ctx = graphContext();
  for (let k = 0; k < length; k++) {
    const t = reverse ? length - 1 - k : k;
    const outs = ctx.runGraph(body, [...consts, ...carry, ...xs.map((x) => step(x, t))]);
    carry = outs.slice(0, numCarry);
    outs.slice(numCarry).forEach((y, j) => (ys[j]![t] = y));
  }
  return [...carry, ...ys.map((items, j) => stack(items, yAvals[j]!))];
}

export const scan = definePrimitive({
  name: "scan",
  kind: "control",
  carriesGraphs: true,
  shapeRule: (inputs, { body, numConsts, numCarry, length }) => {
    const consts = inputs.slice(0, numConsts);
    const carry = inputs.slice(numConsts, numConsts + numCarry);
    const xs = inputs.slice(numConsts + numCarry);
    xs.forEach((x, i) => {
      if (x.shape[0] !== length) {
        throw new ShapeError(`scan: xs component ${i} has shape [${x.shape.join(",")}] but the scan length is ${length}; every xs needs leading dimension ${length}.`);
      }
    });
    const expected = [...consts, ...carry, ...xs.map((x) => aval(x.shape.slice(1), x.dtype))];
    if (body.inputs.length !== expected.length || body.inputs.some((v, i) => !avalsEqual(v.aval, expected[i]!))) {
      throw new ShapeError(`scan: the body takes (${body.inputs.map((v) => avalString(v.aval)).join(", ")}) but is given (${expected.map(avalString).join(", ")}).`);
    }
    const outCarry = body.outputs.slice(0, numCarry).map((a) => a.aval);
    outCarry.forEach((a, i) => {
      if (!avalsEqual(a, carry[i]!)) {
        throw new ShapeError(`scan: the body returns ${avalString(a)} for carry component ${i} but the carry is ${avalString(carry[i]!)}; the carry must keep its type.`);
      }
    });
    // The stacked ys hold length × (per-step size) elements: refuse them here, before a single
    // step runs, rather than after `length` steps when the stack is built.
    const ys = body.outputs.slice(numCarry).map((a) => aval([length, ...a.aval.shape], a.aval.dtype));
    ys.forEach((y, j) =>
      checkElementCount(
        y.shape,
        "scan",
        `ys leaf ${j}, ${avalString(body.outputs[numCarry + j]!.aval)} per step stacked over ${length} steps, of shape`,
        "Run fewer steps, or reduce what each step returns as y (the carry is not stacked).",
      ),
    );
    return [...outCarry, ...ys];
  },
  impl: (inputs, params) => runScan(inputs, params),
  jvpRule: (primals, tangents, params) => {
    const { body, numConsts, numCarry, length, reverse } = params;
    const consts = primals.slice(0, numConsts);
    const carry = primals.slice(numConsts, numConsts + numCarry);
    const xs = primals.slice(numConsts + numCarry);
    const constMask = consts.map((x, i) => isInexact(x.dtype) && !isZero(tangents[i]));
    const carryMask = carry.map((x) => isInexact(x.dtype));
    const xsMask = xs.map((x, i) => isInexact(x.dtype) && !isZero(tangents[numConsts + numCarry + i]));
    const outAvals = body.outputs.map((a) => a.aval);
    const yMask = outAvals.slice(numCarry).map((a) => isInexact(a.dtype));
    const avalsOf = (ts: readonly (Tensor | Aval)[]): Aval[] => ts.map((t) => aval(t.shape, t.dtype));
    const stepAval = (a: Aval): Aval => aval(a.shape.slice(1), a.dtype);

    // The body split into its primal part (which also returns the residuals) and its linear part.
    const ctx = graphContext();
    const lin = ctx.linearizeGraph(body, [...constMask, ...carryMask, ...xsMask]);
    const res = scanResiduals(lin.primal, numConsts, numCarry, outAvals.length);

    // 1. The primal scan, also stacking the residuals that change from step to step.
    const primalOuts = ops.applyN("scan", primals, { ...params, body: res.body });
    const outs = primalOuts.slice(0, outAvals.length);
    const stacks = primalOuts.slice(outAvals.length);
    const invariants = res.invariant === undefined ? [] : ctx.evalGraph(res.invariant, consts);

    // 2. The tangent scan over the linear part: consts = (same-every-step residuals, const
    // tangents), carry = the float carries' tangents, xs = (stacked residuals, xs read as
    // residuals, xs tangents).
    const fixed = res.sources.flatMap((s) => (s.kind === "const" ? [consts[s.index]!] : s.kind === "value" ? [s.value] : s.kind === "invariant" ? [invariants[s.index]!] : []));
    const xsResiduals = res.sources.flatMap((s) => (s.kind === "xs" ? [xs[s.index]!] : []));
    const constTans = consts.flatMap((_, i) => (constMask[i] ? [instantiate(tangents[i]!)] : []));
    const carryTans = carry.flatMap((_, i) => (carryMask[i] ? [instantiate(tangents[numConsts + i]!)] : []));
    const xsTans = xs.flatMap((_, i) => (xsMask[i] ? [instantiate(tangents[numConsts + numCarry + i]!)] : []));
    const tanBody = graphOf(
      (ins) => {
        let k = 0;
        const take = (n: number): Tensor[] => ins.slice(k, (k += n));
        const fixedIn = take(fixed.length);
        const cT = take(constTans.length);
        const carryT = take(carryTans.length);
        const stackedIn = take(stacks.length);
        const xsIn = take(xsResiduals.length);
        const xT = take(xsTans.length);
        let f = 0;
        let x = 0;
        const residuals = res.sources.map((s) => (s.kind === "stacked" ? stackedIn[s.index]! : s.kind === "xs" ? xsIn[x++]! : fixedIn[f++]!));
        const linOuts = ctx.evalGraph(lin.linear, [...residuals, ...cT, ...carryT, ...xT]);
        let o = 0;
        const outT = outAvals.map((a, i) => (lin.zeroOut[i] ? zerosOf(a) : linOuts[o++]!));
        return [...outT.slice(0, numCarry).filter((_, i) => carryMask[i]), ...outT.slice(numCarry).filter((_, i) => yMask[i])];
      },
      [...avalsOf(fixed), ...avalsOf(constTans), ...avalsOf(carryTans), ...avalsOf(stacks).map(stepAval), ...avalsOf(xsResiduals).map(stepAval), ...avalsOf(xsTans).map(stepAval)],
      "scan",
    );
    const tanOuts = ops.applyN("scan", [...fixed, ...constTans, ...carryTans, ...stacks, ...xsResiduals, ...xsTans], {
      body: tanBody,
      numConsts: fixed.length + constTans.length,
      numCarry: carryTans.length,
      length,
      reverse,
    });
    let k = 0;
    const carryT = carry.map((x, i) => (carryMask[i] ? tanOuts[k++]! : zeroLike(x)));
    const ysT = outs.slice(numCarry).map((y, i) => (yMask[i] ? tanOuts[k++]! : zeroLike(y)));
    return [outs, [...carryT, ...ysT]];
  },
  transposeRule: (cts, rawInputs, { body, numConsts, numCarry, length, reverse }) => {
    // In a linear scan the carry is linear; a known initial carry is a constant (a tangent that
    // started as zero), so it is treated as linear and its cotangent dropped.
    const inputs = rawInputs.map((x, i) =>
      i >= numConsts && i < numConsts + numCarry && !(x instanceof UndefinedPrimal) ? new UndefinedPrimal(avalOfTensor(x)) : x,
    );
    const consts = inputs.slice(0, numConsts);
    const carry = inputs.slice(numConsts, numConsts + numCarry);
    const xs = inputs.slice(numConsts + numCarry);
    const lin = (x: Tensor | UndefinedPrimal): boolean => x instanceof UndefinedPrimal;
    const linear = inputs.map(lin);
    const ctx = graphContext();
    const tBody = ctx.transposeGraph(body, linear);
    const knownConsts = consts.filter((x): x is Tensor => !lin(x));
    const knownXs = xs.filter((x): x is Tensor => !lin(x));
    const linConstAvals = consts.filter(lin).map((x) => (x as UndefinedPrimal).aval);
    const carryAvals = carry.map((x) => (x as UndefinedPrimal).aval);
    const yAvals = body.outputs.slice(numCarry).map((a) => a.aval);
    const nLinXs = xs.filter(lin).length;
    // Transposed body: (known consts; ct carry, const-ct accumulators; known x_t, ct y_t) ↦
    // (ct carry in, accumulators + const cts, ct of the linear x_t).
    const bodyT = graphOf(
      (ins) => {
        let k = 0;
        const take = (n: number): Tensor[] => ins.slice(k, (k += n));
        const kc = take(knownConsts.length);
        const ctCarry = take(numCarry);
        const acc = take(linConstAvals.length);
        const kx = take(knownXs.length);
        const ctY = take(yAvals.length);
        const r = ctx.evalGraph(tBody, [...kc, ...kx, ...ctCarry, ...ctY]);
        const ctConsts = r.slice(0, linConstAvals.length);
        const ctCarryIn = r.slice(linConstAvals.length, linConstAvals.length + numCarry);
        const ctXs = r.slice(linConstAvals.length + numCarry);
        return [...ctCarryIn, ...acc.map((a, i) => ops.add(a, ctConsts[i]!)), ...ctXs];
      },
      [
        ...knownConsts.map(avalOfTensor),
        ...carryAvals,
        ...linConstAvals,
        ...knownXs.map((x) => aval(x.shape.slice(1), x.dtype)),
        ...yAvals,
      ],
      "scan",
    );
    const ctCarry = cts.slice(0, numCarry).map(instantiate);
    const ctYs = cts.slice(numCarry).map(instantiate);
    const outs = ops.applyN("scan", [...knownConsts, ...ctCarry, ...linConstAvals.map(zerosOf), ...knownXs, ...ctYs], {
      body: bodyT,
      numConsts: knownConsts.length,
      numCarry: numCarry + linConstAvals.length,
      length,
      reverse: !reverse,
    });
    const ctCarryInit = outs.slice(0, numCarry);
    const ctConstTotals = outs.slice(numCarry, numCarry + linConstAvals.length);
    const ctXsStacked = outs.slice(numCarry + linConstAvals.length);
    if (ctXsStacked.length !== nLinXs) throw new NonDifferentiableError("transpose of scan: internal arity mismatch.");
    let kc = 0;
    let kx = 0;
    return [
      ...consts.map((x) => (lin(x) ? ctConstTotals[kc++]! : zeroLike(x as Tensor))),
      ...ctCarryInit.map((c, i) => (rawInputs[numConsts + i] instanceof UndefinedPrimal ? c : zeroLike(c))),
      ...xs.map((x) => (lin(x) ? ctXsStacked[kx++]! : zeroLike(x as Tensor))),
    ];
  },
  batchRule: (args, dims, params) => {
    const { body, numConsts, numCarry } = params;
    const size = batchSize(args, dims);
    const consts = args.slice(0, numConsts);
    const constDims = dims.slice(0, numConsts);
    const carry = args.slice(numConsts, numConsts + numCarry).map((x, i) => batchedAtFront(x, dims[numConsts + i] ?? null, size));
    // xs keep the scan axis first: a batched xs has its batch axis second.
    const xs = args.slice(numConsts + numCarry).map((x, i) => {
      const d = dims[numConsts + numCarry + i] ?? null;
      return d === null ? x : moveAxis(x, d, 1);
    });
    const xDims = args.slice(numConsts + numCarry).map((_, i) => (dims[numConsts + numCarry + i] ?? null) === null ? null : 0);
    const batchedBody = graphContext().vmapGraph(body, [...constDims, ...carry.map(() => 0), ...xDims], size);
    const outs = ops.applyN("scan", [...consts, ...carry, ...xs], { ...params, body: batchedBody });
    return [outs, outs.map((_, i) => (i < numCarry ? 0 : 1))];
  },
});
