/**
 * numpy `take` along one axis, and its two scatter counterparts. Indices are normalised once:
 * a negative index i means i + n, then every index is clamped into [0, n-1] (XLA's clamping
 * gather), so no index can read or write out of bounds. An empty axis gathers zeros.
 */
import type { DataArray } from "../dtype.js";
import { sizeOf } from "../shape.js";
import { allocLike, isComplexData, prodRange } from "./util.js";

/** Wraps negative indices once and clamps the rest into [0, n-1]; all 0 when n = 0. */
function normalizeIndices(indices: Int32Array, n: number): Int32Array {
  const m = indices.length;
  const out = new Int32Array(m);
  if (n === 0) return out;
  for (let j = 0; j < m; j++) {
    let i = indices[j]!;
    if (i < 0) i += n;
    out[j] = i < 0 ? 0 : i >= n ? n - 1 : i;
  }
  return out;
}

/** The three extents of `shape` split around `axis`: [outer, n, inner]. */
function split(shape: readonly number[], axis: number): [number, number, number] {
  return [prodRange(shape, 0, axis), shape[axis]!, prodRange(shape, axis + 1, shape.length)];
}

/**
 * `take(x, indices, axis)`: output shape `shape[:axis] ++ indicesShape ++ shape[axis+1:]`.
 * Index i < 0 means i + n; then indices are clamped into [0, n-1]. If the axis is empty
 * (n = 0) the output is all zeros.
 */
export function gather(
  x: DataArray, shape: readonly number[], indices: Int32Array, indicesShape: readonly number[], axis: number,
): DataArray {
  // A complex operand (two slots per element): the pair is one more trailing axis.
  if (isComplexData(x, shape)) return gather(x, [...shape, 2], indices, indicesShape, axis);
  const [outer, n, inner] = split(shape, axis);
  const m = sizeOf(indicesShape);
  const out = allocLike(x, outer * m * inner);
  if (n === 0 || out.length === 0) return out;
  const idx = normalizeIndices(indices, n);
  for (let o = 0; o < outer; o++) {
    const src = o * n * inner;
    const dst = o * m * inner;
    if (inner === 1) {
      for (let j = 0; j < m; j++) out[dst + j] = x[src + idx[j]!]!;
    } else {
      for (let j = 0; j < m; j++) {
        const s = src + idx[j]! * inner;
        const d = dst + j * inner;
        for (let k = 0; k < inner; k++) out[d + k] = x[s + k]!;
      }
    }
  }
  return out;
}

/** Shared walk of both scatters, in index order so that the last duplicate wins (or adds last). */
function scatter(
  operand: DataArray, shape: readonly number[], indices: Int32Array, indicesShape: readonly number[],
  updates: DataArray, axis: number, add: boolean,
): DataArray {
  if (isComplexData(operand, shape)) return scatter(operand, [...shape, 2], indices, indicesShape, updates, axis, add);
  const out = operand.slice();
  const [outer, n, inner] = split(shape, axis);
  const m = sizeOf(indicesShape);
  if (n === 0 || m === 0 || inner === 0) return out;
  const idx = normalizeIndices(indices, n);
  const isBool = out instanceof Uint8Array;
  for (let o = 0; o < outer; o++) {
    const dstBase = o * n * inner;
    const srcBase = o * m * inner;
    for (let j = 0; j < m; j++) {
      const d = dstBase + idx[j]! * inner;
      const s = srcBase + j * inner;
      if (!add) for (let k = 0; k < inner; k++) out[d + k] = updates[s + k]!;
      else if (isBool) for (let k = 0; k < inner; k++) out[d + k] = out[d + k]! !== 0 || updates[s + k]! !== 0 ? 1 : 0;
      else for (let k = 0; k < inner; k++) out[d + k] += updates[s + k]!; // int32 stores wrap
    }
  }
  return out;
}

/**
 * The transpose of `gather`: a copy of `operand` with each slice of `updates` (gather's output
 * shape) added at its index along `axis`. Same index normalisation as `gather`; duplicate
 * indices accumulate (in index order, so float rounding is deterministic). On bool, add is "or".
 */
export function scatterAdd(
  operand: DataArray, shape: readonly number[], indices: Int32Array, indicesShape: readonly number[],
  updates: DataArray, axis: number,
): DataArray {
  return scatter(operand, shape, indices, indicesShape, updates, axis, true);
}

/**
 * Like `scatterAdd` but overwriting: each slice of `updates` replaces the operand's slice at its
 * index; with duplicate indices the last one wins.
 */
export function scatterSet(
  operand: DataArray, shape: readonly number[], indices: Int32Array, indicesShape: readonly number[],
  updates: DataArray, axis: number,
): DataArray {
  return scatter(operand, shape, indices, indicesShape, updates, axis, false);
}
