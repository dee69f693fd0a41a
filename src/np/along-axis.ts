/**
 * Elementwise indexing along one axis — `out[…, j, …] = x[…, idx[…, j, …], …]` and its scatter —
 * as one gather (or scatter) over the flattened array, with each line's indices offset by its
 * line number. gather/scatter's rules then give derivatives and batching. Shared by
 * takeAlongAxis, putAlongAxis and the sorted statistics of pad.
 */
import * as ops from "../primitives/ops.js";
import { scalar } from "../tensor/from-js.js";
import { sizeOf } from "../tensor/shape.js";
import type { Tensor } from "../tensor/tensor.js";
import { moveAxisTo } from "./static-args.js";

/** x and idx with `axis` last, flattened to [B·n] and offset int32 indices [B, m]. */
function flatProblem(x: Tensor, idx: Tensor, axis: number): { xf: Tensor; flatIdx: Tensor; lead: number[]; n: number; m: number } {
  const xl = moveAxisTo(x, axis, x.ndim - 1), il = moveAxisTo(idx, axis, idx.ndim - 1);
  const lead = xl.shape.slice(0, -1);
  const b = sizeOf(lead), n = xl.shape[xl.ndim - 1]!, m = il.shape[il.ndim - 1]!;
  const xf = ops.reshape(xl, [b * n]);
  const offsets = ops.mul(ops.iota("int32", [b, m], 0), ops.broadcastInDim(scalar(n, "int32"), [b, m], []));
  return { xf, flatIdx: ops.add(ops.reshape(il, [b, m]), offsets), lead, n, m };
}

/**
 * `out[…, j, …] = x[…, idx[…, j, …], …]` along `axis`: `x` and the int32 `idx` (in [0, n)) have
 * one shape but for `axis`, and `x`'s axis is not empty.
 */
export function gatherAlong(x: Tensor, idx: Tensor, axis: number): Tensor {
  const { xf, flatIdx, lead, m } = flatProblem(x, idx, axis);
  const g = ops.reshape(ops.gather(xf, flatIdx, 0), [...lead, m]);
  return moveAxisTo(g, x.ndim - 1, axis);
}

/** The copy of `x` with `x[…, idx[…, j, …], …] = values[…, j, …]` along `axis` (shapes as gatherAlong's). */
export function scatterAlong(x: Tensor, idx: Tensor, values: Tensor, axis: number): Tensor {
  const { xf, flatIdx, lead, n } = flatProblem(x, idx, axis);
  const v = moveAxisTo(values, axis, values.ndim - 1);
  const out = ops.scatter(xf, flatIdx, ops.reshape(v, flatIdx.shape), 0);
  return moveAxisTo(ops.reshape(out, [...lead, n]), x.ndim - 1, axis);
}

/** `x` sorted along `axis` (stable, NaN last). */
export function sortAlong(x: Tensor, axis: number): Tensor {
  if (x.shape[axis] === 0) return x;
  return gatherAlong(x, ops.argsort(x, axis), axis);
}
