/**
 * cond[branches](index, ...operands): runs branch `index` (clamped into range, as JAX's switch)
 * on the operands; every branch takes and returns the same types. jvp: the primal cond plus a
 * cond over the branches' tangent graphs (which recompute their primal part, so only the operands
 * are residuals). Transpose: a cond over the transposed branches. Batching: with an unbatched
 * index, a cond of vectorised branches; with a batched index, every branch runs on the whole batch
 * and a select picks per example.
 */
import { DTypeError, InternalError, ShapeError } from "../../errors.js";
import { avalString, avalsEqual } from "../../ir/types.js";
import { isInexact } from "../../tensor/dtype.js";
import { scalar } from "../../tensor/from-js.js";
import type { Tensor } from "../../tensor/tensor.js";
import { avalOfTensor, instantiate, isZero, zeroLike } from "../ad.js";
import { batchSize, moveAxis } from "../batching.js";
import * as ops from "../ops.js";
import { graphContext } from "../graph-context.js";
import { UndefinedPrimal, Zero, definePrimitive } from "../rule-types.js";

/** The branch an index selects (clamped, as JAX does). */
export function clampBranch(i: number, count: number): number {
  return Math.min(Math.max(Math.trunc(i), 0), count - 1);
}

export const cond = definePrimitive({
  name: "cond",
  kind: "control",
  carriesGraphs: true,
  shapeRule: ([index, ...operands], { branches }) => {
    if (index === undefined || index.dtype !== "int32" || index.shape.length !== 0) {
      throw new DTypeError(`cond: the branch index must be an int32 scalar; got ${index ? avalString(index) : "nothing"}.`);
    }
    if (branches.length === 0) throw new ShapeError("cond: needs at least one branch.");
    branches.forEach((b, k) => {
      if (b.inputs.length !== operands.length || b.inputs.some((v, i) => !avalsEqual(v.aval, operands[i]!))) {
        throw new InternalError(`cond: branch ${k} takes ${b.inputs.map((v) => avalString(v.aval)).join(", ")} but is given ${operands.map(avalString).join(", ")}`);
      }
    });
    const outs = branches[0]!.outputs.map((a) => a.aval);
    branches.forEach((b, k) => {
      if (b.outputs.length !== outs.length || b.outputs.some((a, i) => !avalsEqual(a.aval, outs[i]!))) {
        throw new ShapeError(
          `cond: branch ${k} returns (${b.outputs.map((a) => avalString(a.aval)).join(", ")}) but branch 0 returns (${outs.map(avalString).join(", ")}).`,
        );
      }
    });
    return outs;
  },
  impl: ([index, ...operands], { branches }) => graphContext().runGraph(branches[clampBranch(index!.item(), branches.length)]!, operands),
  jvpRule: ([index, ...operands], [, ...tangents], { branches }) => {
    const outs = ops.applyN("cond", [index!, ...operands], { branches });
    const mask = operands.map((x, i) => isInexact(x.dtype) && !isZero(tangents[i]));
    const tanBranches = branches.map((b) => graphContext().jvpGraph(b, mask, true));
    const tanIns = tangents.filter((_, i) => mask[i]).map(instantiate);
    const tanOuts = ops.applyN("cond", [index!, ...operands, ...tanIns], { branches: tanBranches });
    let k = 0;
    return [outs, outs.map((o) => (isInexact(o.dtype) ? tanOuts[k++]! : zeroLike(o)))];
  },
  transposeRule: (cts, [index, ...rest], { branches }) => {
    const linear = rest.map((x) => x instanceof UndefinedPrimal);
    const transposed = branches.map((b) => graphContext().transposeGraph(b, linear));
    const known = rest.filter((x): x is Tensor => !(x instanceof UndefinedPrimal));
    const ctsIn = ops.applyN("cond", [index as Tensor, ...known, ...cts.map(instantiate)], { branches: transposed });
    let k = 0;
    return [new Zero(avalOfTensor(index as Tensor)), ...rest.map((x) => (x instanceof UndefinedPrimal ? ctsIn[k++]! : zeroLike(x)))];
  },
  batchRule: ([index, ...operands], [bi, ...dims], { branches }) => {
    const size = batchSize([index!, ...operands], [bi ?? null, ...dims]);
    if (bi === null) {
      const batched = branches.map((b) => graphContext().vmapGraph(b, dims, size));
      const outs = ops.applyN("cond", [index!, ...operands], { branches: batched });
      return [outs, outs.map(() => 0)];
    }
    // A per-example index: run every branch on the batch, then pick per example with selects.
    const perBranch = branches.map((b) => graphContext().vmap((ys) => graphContext().evalGraph(b, ys), operands, dims, size, "cond"));
    const k = scalar;
    const idx = moveAxis(index!, bi!, 0);
    const clamped = ops.binaryOp("min", ops.binaryOp("max", idx, k(0, "int32")), k(branches.length - 1, "int32"));
    const outs = perBranch[0]!.map((_, j) => {
      let acc = perBranch[branches.length - 1]![j]!;
      for (let b = branches.length - 2; b >= 0; b--) {
        const here = ops.broadcastInDim(ops.binaryOp("eq", clamped, k(b, "int32")), acc.shape, [0]);
        acc = ops.select(here, perBranch[b]![j]!, acc);
      }
      return acc;
    });
    return [outs, outs.map(() => 0)];
  },
});
