/**
 * gather[axis](x, indices): numpy `take` along one axis. Output shape is
 * x.shape[:axis] ++ indices.shape ++ x.shape[axis+1:]. Negative indices count from the end;
 * out-of-range indices are clamped (as JAX's default for retrieval). Linear in x.
 */
import { DTypeError, ShapeError } from "../../errors.js";
import { type Aval, aval } from "../../ir/types.js";
import { fromData } from "../../tensor/from-js.js";
import { gather as kernel } from "../../tensor/kernels/gather.js";
import type { Tensor } from "../../tensor/tensor.js";
import { instantiate, isZero, zeroLike, zerosOf } from "../ad.js";
import * as ops from "../ops.js";
import { scalar } from "../../tensor/from-js.js";
import { moveAxis } from "../batching.js";
import { type UndefinedPrimal, definePrimitive } from "../rule-types.js";

/** Checks the axis and the int32 indices of gather/scatter; returns the gathered shape. */
export function gatheredShape(op: string, x: Aval, indices: Aval, axis: number): number[] {
  if (indices.dtype !== "int32") {
    throw new DTypeError(`${op}: indices (args[1]) have dtype ${indices.dtype}; they must be int32. Cast with np.astype(i, "int32").`);
  }
  if (!Number.isInteger(axis) || axis < 0 || axis >= x.shape.length) {
    throw new ShapeError(`${op}: axis ${axis} is out of range for an operand of rank ${x.shape.length}.`);
  }
  return [...x.shape.slice(0, axis), ...indices.shape, ...x.shape.slice(axis + 1)];
}

/** Indices normalised as the kernel does (negative + n, then clamped), so offsets stay in range. */
function clampIndices(i: Tensor, n: number): Tensor {
  const k = (v: number): Tensor => scalar(v, "int32");
  const wrapped = ops.select(ops.binaryOp("lt", i, k(0)), ops.add(i, k(n)), i);
  return ops.binaryOp("min", ops.binaryOp("max", wrapped, k(0)), k(Math.max(n - 1, 0)));
}

/**
 * Batched operand and indices as one flat gather/scatter problem: the operand with its batch dim
 * first and the indexed axis second, merged into one axis of size B·n, and indices offset by b·n.
 */
export interface FlatIndexing {
  /** Operand as [B·n, ...other per-example dims]. */
  readonly operand: Tensor;
  /** Indices as [B, ...index shape], offset into the merged axis. */
  readonly indices: Tensor;
  /** Batch size, axis size, and the per-example operand shape. */
  readonly size: number;
  readonly n: number;
  readonly perExample: readonly number[];
}

/** Builds the flat problem from an operand and indices that both have their batch dim first. */
export function flatIndexing(xFront: Tensor, iFront: Tensor, axis: number): FlatIndexing {
  const size = xFront.shape[0]!;
  const n = xFront.shape[axis + 1]!;
  const merged = moveAxis(xFront, axis + 1, 1);
  const operand = ops.reshape(merged, [size * n, ...merged.shape.slice(2)]);
  const offsets = ops.mul(ops.iota("int32", iFront.shape, 0), scalar(n, "int32"));
  return { operand, indices: ops.add(clampIndices(iFront, n), offsets), size, n, perExample: xFront.shape.slice(1) };
}

/** The permutation taking [B, ...index dims, ...operand dims before axis, ...after] to gather's order. */
export function gatherOrder(indexRank: number, axis: number, perExampleRank: number): number[] {
  const idx = Array.from({ length: indexRank }, (_, j) => 1 + j);
  const before = Array.from({ length: axis }, (_, j) => 1 + indexRank + j);
  const after = Array.from({ length: perExampleRank - axis - 1 }, (_, j) => 1 + indexRank + axis + j);
  return [0, ...before, ...idx, ...after];
}

export const gather = definePrimitive({
  name: "gather",
  kind: "indexing",
  shapeRule: ([x, i], { axis }) => [aval(gatheredShape("gather", x!, i!, axis), x!.dtype)],
  impl: ([x, i], { axis }, [o]) => [
    fromData(o!.shape, o!.dtype, kernel(x!.concreteData(), x!.shape, i!.concreteData() as Int32Array, i!.shape, axis)),
  ],
  jvpRule: ([x, i], [dx], { axis }) => {
    const y = ops.gather(x!, i!, axis);
    return [[y], [isZero(dx) ? zeroLike(y) : ops.gather(dx!, i!, axis)]];
  },
  // Linear in x: scatter-add the cotangent back to the positions read (duplicates accumulate).
  transposeRule: ([ct], [x, i], { axis }) => [
    ops.scatterAdd(zerosOf((x as UndefinedPrimal).aval), i as Tensor, instantiate(ct!), axis),
    zeroLike(i as Tensor),
  ],
  // x batched only: gather one axis further in. Indices batched only: their batch dim lands inside
  // the output. Both: one flat gather over the merged (batch, axis) dimension.
  batchRule: ([x, i], [bx, bi], { axis }) => {
    if (bi === null) return [[ops.gather(moveAxis(x!, bx!, 0), i!, axis + 1)], [0]];
    if (bx === null) return [[ops.gather(x!, i!, axis)], [axis + bi!]];
    const flat = flatIndexing(moveAxis(x!, bx!, 0), moveAxis(i!, bi!, 0), axis);
    const g = ops.gather(flat.operand, flat.indices, 0);
    return [[ops.transpose(g, gatherOrder(i!.ndim - 1, axis, flat.perExample.length))], [0]];
  },
});
