/**
 * scatter_add[axis](x, indices, updates) adds `updates` into x at `indices` along `axis` (the
 * transpose of gather; duplicates accumulate); scatter[axis] overwrites instead (x.at(i).set(v)).
 * `updates` has gather's output shape. Both are linear in (x, updates).
 */
import { DTypeError, ShapeError, fmtShape } from "../../errors.js";
import { type Aval, aval } from "../../ir/types.js";
import { fromData, scalar } from "../../tensor/from-js.js";
import { scatterAdd as addKernel, scatterSet as setKernel } from "../../tensor/kernels/gather.js";
import { shapesEqual } from "../../tensor/shape.js";
import type { Tensor } from "../../tensor/tensor.js";
import { avalOfTensor, instantiate, isZero, zeroLike, zerosOf } from "../ad.js";
import * as ops from "../ops.js";
import { batchSize, batchedAtFront, moveAxis } from "../batching.js";
import { type BatchRule, type TransposeRule, UndefinedPrimal, definePrimitive } from "../rule-types.js";
import { flatIndexing, gatherOrder, gatheredShape } from "./gather.js";

function scatterShapeRule(op: string) {
  return ([x, i, u]: readonly Aval[], { axis }: { readonly axis: number }): Aval[] => {
    const want = gatheredShape(op, x!, i!, axis);
    if (!shapesEqual(want, u!.shape)) {
      throw new ShapeError(`${op}: updates (args[2]) have shape ${fmtShape(u!.shape)} but indexing gives ${fmtShape(want)}; broadcast the updates first.`);
    }
    if (u!.dtype !== x!.dtype) {
      throw new DTypeError(`${op}: updates have dtype ${u!.dtype} but the operand has ${x!.dtype}; cast with np.astype.`);
    }
    return [aval(x!.shape, x!.dtype)];
  };
}

/**
 * Cotangents of (x, updates) for a linear scatter: `ctX(ct)` for x, and for the updates the
 * gathered ct — times `updateMask` when only some updates reach the output (overwrites).
 */
function scatterTranspose(
  ctX: (ct: Tensor, i: Tensor, u: Aval, axis: number) => Tensor,
  updateMask?: (i: Tensor, u: Aval, n: number, axis: number) => Tensor,
): TransposeRule<"scatter_add" | "scatter"> {
  return ([ct], [x, i, u], { axis }) => {
    const c = instantiate(ct!);
    const idx = i as Tensor;
    const uAval = u instanceof UndefinedPrimal ? u.aval : avalOfTensor(u as Tensor);
    const gathered = (): Tensor => {
      const g = ops.gather(c, idx, axis);
      return updateMask === undefined ? g : ops.mul(g, updateMask(idx, uAval, c.shape[axis]!, axis));
    };
    return [
      x instanceof UndefinedPrimal ? ctX(c, idx, uAval, axis) : zeroLike(c),
      zeroLike(idx),
      u instanceof UndefinedPrimal ? gathered() : zeroLike(uAval),
    ];
  };
}

/**
 * 1 for the updates that survive an overwriting scatter (the last write to each position, as
 * the kernel does), 0 for those overwritten — so the transpose is exact with duplicate indices.
 */
function lastWriteMask(i: Tensor, u: Aval, n: number, axis: number): Tensor {
  const flat = ops.reshape(i, [i.size]);
  const order = ops.iota("int32", [i.size], 0);
  const winner = ops.scatter(ops.broadcastInDim(scalar(-1, "int32"), [n], []), flat, order, 0);
  const wins = ops.binaryOp("eq", ops.gather(winner, flat, 0), order);
  const mask = ops.convert(ops.reshape(wins, i.shape), u.dtype);
  return ops.broadcastInDim(mask, u.shape, i.shape.map((_, d) => axis + d));
}

/** Batching of scatter/scatter_add: one axis further in, or one flat scatter when indices are batched. */
function scatterBatch(apply: (x: Tensor, i: Tensor, u: Tensor, axis: number) => Tensor): BatchRule<"scatter_add" | "scatter"> {
  return ([x, i, u], [bx, bi, bu], { axis }) => {
    const size = batchSize([x!, i!, u!], [bx ?? null, bi ?? null, bu ?? null]);
    const xf = batchedAtFront(x!, bx ?? null, size);
    const uf = batchedAtFront(u!, bu ?? null, size);
    if (bi === null) return [[apply(xf, i!, uf, axis + 1)], [0]];
    const flat = flatIndexing(xf, batchedAtFront(i!, bi!, size), axis);
    const order = gatherOrder(i!.ndim - 1, axis, flat.perExample.length);
    const updates = ops.transpose(uf, order.map((_, k) => order.indexOf(k)));
    const merged = ops.reshape(apply(flat.operand, flat.indices, updates, 0), [size, flat.n, ...flat.operand.shape.slice(1)]);
    return [[moveAxis(merged, 1, axis + 1)], [0]];
  };
}

export const scatterAdd = definePrimitive({
  name: "scatter_add",
  kind: "indexing",
  shapeRule: scatterShapeRule("scatter_add"),
  impl: ([x, i, u], { axis }, [o]) => [
    fromData(o!.shape, o!.dtype, addKernel(x!.concreteData(), x!.shape, i!.concreteData() as Int32Array, i!.shape, u!.concreteData(), axis)),
  ],
  // Linear in (x, updates) jointly.
  jvpRule: ([x, i, u], [dx, , du], { axis }) => {
    const y = ops.scatterAdd(x!, i!, u!, axis);
    if (isZero(dx) && isZero(du)) return [[y], [zeroLike(y)]];
    return [[y], [ops.scatterAdd(instantiate(dx!), i!, instantiate(du!), axis)]];
  },
  transposeRule: scatterTranspose((ct) => ct),
  batchRule: scatterBatch(ops.scatterAdd),
});

export const scatter = definePrimitive({
  name: "scatter",
  kind: "indexing",
  shapeRule: scatterShapeRule("scatter"),
  impl: ([x, i, u], { axis }, [o]) => [
    fromData(o!.shape, o!.dtype, setKernel(x!.concreteData(), x!.shape, i!.concreteData() as Int32Array, i!.shape, u!.concreteData(), axis)),
  ],
  // Linear in (x, updates) jointly. With duplicate indices the last write wins, in the value, the
  // tangent and the transpose alike.
  jvpRule: ([x, i, u], [dx, , du], { axis }) => {
    const y = ops.scatter(x!, i!, u!, axis);
    if (isZero(dx) && isZero(du)) return [[y], [zeroLike(y)]];
    return [[y], [ops.scatter(instantiate(dx!), i!, instantiate(du!), axis)]];
  },
  // x's cotangent is ct with the overwritten positions zeroed.
  transposeRule: scatterTranspose((ct, i, u, axis) => ops.scatter(ct, i, zerosOf(u), axis), lastWriteMask),
  batchRule: scatterBatch(ops.scatter),
});
