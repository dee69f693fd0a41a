/**
 * Axis permutation. A thin layer over `copyStrided`, which collapses dims that stay adjacent and
 * tiles the transposing inner pair, so 2-D and batched 2-D transposes run blocked.
 */
import type { DataArray } from "../dtype.js";
import { sizeOf, stridesOf } from "../shape.js";
import { copyStrided } from "./strided.js";
import { allocLike, isComplexData } from "./util.js";

/**
 * Permutes the axes of `x` (of `shape`): output axis i is input axis `perm[i]`, so the output
 * shape is `perm.map(p => shape[p])`.
 */
export function transpose(x: DataArray, shape: readonly number[], perm: readonly number[]): DataArray {
  // A complex array: the (re, im) pair is a trailing axis that stays last.
  if (isComplexData(x, shape)) return transpose(x, [...shape, 2], [...perm, perm.length]);
  const n = sizeOf(shape);
  const out = allocLike(x, n);
  if (n === 0) return out;
  const inStrides = stridesOf(shape);
  const outShape = perm.map((p) => shape[p]!);
  copyStrided(x, 0, perm.map((p) => inStrides[p]!), out, 0, stridesOf(outShape), outShape);
  return out;
}
