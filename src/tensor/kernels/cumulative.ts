/**
 * Cumulative reductions along one axis (sum, prod, max, min, logsumexp), forward or reversed, and
 * the logical reductions (and, or, xor) over a set of axes. Every lane is one pass: O(n) per lane.
 * Float running values are kept in float64 and rounded once per output, so a float32 cumsum is as
 * accurate as the float64 sum of its prefix rounded to float32 (the reductions of reduce.ts do the
 * same); int32 sums and products wrap, uint32 ones wrap modulo 2³².
 */
import { allocate, type DType, type DataArray } from "../dtype.js";
import { sizeOf } from "../shape.js";
import { transpose } from "./transpose.js";

/** Names of the cumulative kernels. */
export type CumulativeKernel = "sum" | "prod" | "max" | "min" | "logsumexp";

/**
 * log(eᵃ + eᵇ) as JAX's `logaddexp` computes it: max + log1p(exp(−|a − b|)), and a + b where
 * a − b is NaN (a NaN, or infinities of one sign: +∞ + +∞ = +∞, −∞ + −∞ = −∞).
 */
export function logAddExp(a: number, b: number): number {
  const delta = a - b;
  if (Number.isNaN(delta)) return a + b;
  return Math.max(a, b) + Math.log1p(Math.exp(-Math.abs(delta)));
}

/** One step of a running reduction: the accumulator after seeing `v`. */
function stepOf(op: CumulativeKernel, dtype: DType): (acc: number, v: number) => number {
  const wraps = dtype === "int32" || dtype === "uint32";
  switch (op) {
    case "sum":
      return wraps ? (a, v) => (a + v) | 0 : (a, v) => a + v;
    case "prod":
      return wraps ? (a, v) => Math.imul(a, v) : (a, v) => a * v;
    case "max":
      return (a, v) => Math.max(a, v); // NaN sticks
    case "min":
      return (a, v) => Math.min(a, v);
    case "logsumexp":
      return logAddExp;
  }
}

/**
 * The running reduction of `x` (of `shape`) along `axis`: out[…, i, …] reduces x[…, 0..i, …]
 * (x[…, i..n−1, …] when `reverse`). The output has x's shape and `dtype`.
 */
export function cumulative(
  op: CumulativeKernel, x: DataArray, shape: readonly number[], axis: number, reverse: boolean, dtype: DType,
): DataArray {
  const size = sizeOf(shape);
  const out = allocate(dtype, size);
  const n = shape[axis]!;
  if (size === 0) return out;
  const K = sizeOf(shape.slice(axis + 1)); // stride of `axis`
  const O = size / (n * K);
  const step = stepOf(op, dtype);
  // Lanes of one outer index are the K columns: walk them together so memory is read in order.
  const acc = new Float64Array(K);
  const first = reverse ? n - 1 : 0;
  const dir = reverse ? -1 : 1;
  for (let o = 0; o < O; o++) {
    const base = o * n * K;
    let off = base + first * K;
    for (let j = 0; j < K; j++) out[off + j] = acc[j] = x[off + j]!;
    for (let i = 1; i < n; i++) {
      off += dir * K;
      for (let j = 0; j < K; j++) out[off + j] = acc[j] = step(acc[j]!, x[off + j]!);
    }
  }
  return out;
}

/** Names of the logical (bitwise on integers) reduction kernels. */
export type LogicalKernel = "and" | "or" | "xor";

/**
 * Reduces `x` (of `shape`) over `axes` with a bitwise and/or/xor (logical on bool): the output has
 * `shape` without those axes. Empty reductions give the identity: all bits set for and (true,
 * −1, 2³² − 1), zero for or and xor.
 */
export function logicalReduce(op: LogicalKernel, x: DataArray, shape: readonly number[], axes: readonly number[], dtype: DType): DataArray {
  const nd = shape.length;
  const kept = Array.from({ length: nd }, (_, i) => i).filter((i) => !axes.includes(i));
  const outSize = sizeOf(kept.map((d) => shape[d]!));
  const out = allocate(dtype, outSize);
  if (outSize === 0) return out;
  const n = sizeOf(axes.map((a) => shape[a]!));
  const lanes = transpose(x, shape, [...kept, ...axes]); // each output's inputs made contiguous
  const identity = op === "and" ? (dtype === "bool" ? 1 : -1) : 0;
  for (let o = 0; o < outSize; o++) {
    let acc = identity;
    const start = o * n;
    if (op === "and") for (let i = 0; i < n; i++) acc &= lanes[start + i]!;
    else if (op === "or") for (let i = 0; i < n; i++) acc |= lanes[start + i]!;
    else for (let i = 0; i < n; i++) acc ^= lanes[start + i]!;
    out[o] = acc;
  }
  return out;
}
