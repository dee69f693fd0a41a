/**
 * The layout changes around the convolution kernel (operands to channels-last, the result to its
 * output layout) as at most two cache-friendly passes: a tiled batched 2-D transpose that brings
 * the wanted innermost axis to the end, then a move of contiguous runs along that axis. A general permutation through the strided copy walks element
 * by element and costs 10–20× more on the 2M-element tensors of a convolution's gradient.
 */
import type { DataArray } from "../dtype.js";
import { sizeOf, stridesOf } from "../shape.js";
import { allocLike } from "./util.js";

const isIdentity = (perm: readonly number[]): boolean => perm.every((p, i) => p === i);

/** Moves runs of the (shared) last axis: output axis k is input axis perm[k], perm[n−1] = n−1. */
function moveRuns(x: DataArray, shape: readonly number[], perm: readonly number[]): DataArray {
  const n = shape.length;
  const out = allocLike(x, x.length);
  const L = shape[n - 1]!;
  const strides = stridesOf(shape);
  const lead = perm.slice(0, n - 1).map((a) => shape[a]!);
  const leadStrides = perm.slice(0, n - 1).map((a) => strides[a]!);
  const runs = sizeOf(lead);
  const index = new Array<number>(n - 1).fill(0);
  let src = 0;
  for (let r = 0, dst = 0; r < runs; r++, dst += L) {
    if (L >= 16) out.set(x.subarray(src, src + L), dst);
    else for (let j = 0; j < L; j++) out[dst + j] = x[src + j]!;
    // Odometer over the output's leading axes, keeping the input offset in step.
    for (let d = n - 2; d >= 0; d--) {
      src += leadStrides[d]!;
      if (++index[d]! < lead[d]!) break;
      src -= leadStrides[d]! * lead[d]!;
      index[d] = 0;
    }
  }
  return out;
}

const TILE = 32;

/** [A][L][B] → [A][B][L] in TILE×TILE blocks, so both sides stay in cache. */
function batchedTranspose(x: DataArray, A: number, L: number, Bn: number): DataArray {
  const out = allocLike(x, x.length);
  for (let a = 0; a < A; a++) {
    const base = a * L * Bn;
    for (let l0 = 0; l0 < L; l0 += TILE) {
      const l1 = Math.min(L, l0 + TILE);
      for (let b0 = 0; b0 < Bn; b0 += TILE) {
        const b1 = Math.min(Bn, b0 + TILE);
        for (let l = l0; l < l1; l++) {
          const s = base + l * Bn;
          for (let b = b0; b < b1; b++) out[base + b * L + l] = x[s + b]!;
        }
      }
    }
  }
  return out;
}

/**
 * Permutes the axes of `x` (of `shape`): output axis k is input axis `perm[k]`; returns `x` itself
 * for the identity.
 */
export function permuteAxes(x: DataArray, shape: readonly number[], perm: readonly number[]): DataArray {
  if (isIdentity(perm) || x.length === 0) return isIdentity(perm) ? x : allocLike(x, 0);
  const n = shape.length;
  const last = perm[n - 1]!;
  if (last === n - 1) return moveRuns(x, shape, perm);
  const order = [...shape.keys()].filter((a) => a !== last);
  order.push(last);
  const moved = batchedTranspose(x, sizeOf(shape.slice(0, last)), shape[last]!, sizeOf(shape.slice(last + 1)));
  const rest = perm.map((a) => order.indexOf(a));
  return isIdentity(rest) ? moved : moveRuns(moved, order.map((a) => shape[a]!), rest);
}
