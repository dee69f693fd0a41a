/** Typed binders of this area's primitives, and the gather along one axis their jvps use. */
import { scalar } from "../../tensor/from-js.js";
import { sizeOf } from "../../tensor/shape.js";
import type { Tensor } from "../../tensor/tensor.js";
import { moveAxis } from "../batching.js";
import * as ops from "../ops.js";
import { applyN } from "../ops.js";

/**
 * Sorts `operands` (one shape) along `dimension` (0 ≤ dimension < rank) by the first `numKeys` of
 * them, lexicographically and stably; returns every operand permuted alike.
 */
export const sort = (operands: readonly Tensor[], dimension: number, numKeys = 1, isStable = true): Tensor[] =>
  applyN("sort", operands, { dimension, isStable, numKeys });

/** The `k` largest entries of `x` along `axis` (0 ≤ axis < rank) and their int32 indices. */
export const topK = (x: Tensor, k: number, axis: number): [Tensor, Tensor] => {
  const [values, indices] = applyN("top_k", [x], { k, axis });
  return [values!, indices!];
};

/**
 * numpy's `take_along_axis(x, idx, axis)` for idx of x's shape except along `axis`, with int32
 * indices in range: one flat gather (rows of x laid end to end, each row's indices offset by its
 * start), so it is linear in x and transposes to a scatter-add, as JAX's gather in sort's jvp does.
 */
export function takeAlong(x: Tensor, idx: Tensor, axis: number): Tensor {
  const last = x.ndim - 1;
  const xs = moveAxis(x, axis, last);
  const is = moveAxis(idx, axis, last);
  const n = xs.shape[last]!;
  const m = is.shape[last]!;
  const rows = sizeOf(xs.shape.slice(0, last));
  const flat = ops.reshape(xs, [rows * n]);
  const offsets = ops.mul(ops.iota("int32", [rows, m], 0), scalar(n, "int32"));
  const taken = ops.gather(flat, ops.add(ops.reshape(is, [rows, m]), offsets), 0);
  return moveAxis(ops.reshape(taken, is.shape), last, axis);
}
