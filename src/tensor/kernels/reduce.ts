/**
 * Reductions (sum, prod, max, min) over any set of axes. Dims are grouped into runs of kept and
 * reduced axes so that the two common layouts get tight loops: reducing a contiguous row (inner
 * axes) and accumulating whole rows into a vector (leading axes); anything else is first
 * transposed into the row layout. Float sums accumulate in float64, pairwise.
 */
import { DTypeError } from "../../errors.js";
import { type ComplexDType, allocate, type DType, type DataArray, isComplex, realPartDType } from "../dtype.js";
import { cmul } from "./complex-math.js";
import { sizeOf } from "../shape.js";
import { transpose } from "./transpose.js";
import { INT32_MAX, INT32_MIN, UINT32_MAX } from "./util.js";

export { argReduce } from "./arg-reduce.js";

/** Names of the reduction kernels. */
export type ReduceKernel = "sum" | "max" | "min" | "prod";

/** The value of an empty reduction: 0, 1, and the dtype's lowest/highest value for max/min. */
function identity(op: ReduceKernel, outDtype: DType): number {
  switch (op) {
    case "sum":
      return 0;
    case "prod":
      return 1;
    case "max":
      return outDtype === "int32" ? INT32_MIN : outDtype === "uint32" || outDtype === "bool" ? 0 : -Infinity;
    case "min":
      return outDtype === "int32" ? INT32_MAX : outDtype === "uint32" ? UINT32_MAX : outDtype === "bool" ? 1 : Infinity;
  }
}

const LEAF = 256;

/**
 * Pairwise sum of `x[start, start+n)` in float64: sequential (4 accumulators) below LEAF elements,
 * halves above, so rounding error grows like log n instead of n.
 */
function sumPairwise(x: DataArray, start: number, n: number): number {
  if (n <= LEAF) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    const end = start + n;
    let i = start;
    for (; i + 3 < end; i += 4) {
      s0 += x[i]!;
      s1 += x[i + 1]!;
      s2 += x[i + 2]!;
      s3 += x[i + 3]!;
    }
    for (; i < end; i++) s0 += x[i]!;
    return s0 + s1 + (s2 + s3);
  }
  const h = n >>> 1;
  return sumPairwise(x, start, h) + sumPairwise(x, start + h, n - h);
}

/** Reduces one contiguous run of `n ≥ 1` elements to a number. */
function reduceRun(op: ReduceKernel, intMode: boolean, x: DataArray, start: number, n: number): number {
  const end = start + n;
  switch (op) {
    case "sum": {
      if (!intMode) return sumPairwise(x, start, n);
      let s = 0;
      for (let i = start; i < end; i++) s = (s + x[i]!) | 0; // int32 sums wrap
      return s;
    }
    case "prod": {
      let p = 1;
      if (intMode) for (let i = start; i < end; i++) p = Math.imul(p, x[i]!);
      else for (let i = start; i < end; i++) p *= x[i]!;
      return p;
    }
    case "max": {
      let m = x[start]!;
      for (let i = start + 1; i < end; i++) m = Math.max(m, x[i]!); // NaN sticks
      return m;
    }
    case "min": {
      let m = x[start]!;
      for (let i = start + 1; i < end; i++) m = Math.min(m, x[i]!);
      return m;
    }
  }
}

/**
 * acc[j] += Σ_r x[base + r·K + j] over rows [r0, r1), pairwise over rows: blocks of 32 rows are
 * added sequentially, halves are summed into scratch vectors (one per recursion depth) and merged.
 */
function sumRowsPairwise(
  x: DataArray, base: number, r0: number, r1: number, K: number,
  acc: Float64Array, temps: Float64Array[], depth: number,
): void {
  const rows = r1 - r0;
  if (rows <= 32) {
    for (let r = r0; r < r1; r++) {
      const off = base + r * K;
      for (let j = 0; j < K; j++) acc[j] += x[off + j]!;
    }
    return;
  }
  const mid = r0 + (rows >>> 1);
  sumRowsPairwise(x, base, r0, mid, K, acc, temps, depth + 1);
  let t = temps[depth];
  if (t === undefined) temps[depth] = t = new Float64Array(K);
  else t.fill(0);
  sumRowsPairwise(x, base, mid, r1, K, t, temps, depth + 1);
  for (let j = 0; j < K; j++) acc[j] += t[j]!;
}

/** Layout [O, R, K] with R reduced: accumulates R rows of K elements into each of O outputs rows. */
function reduceColumns(
  op: ReduceKernel, intMode: boolean, x: DataArray,
  O: number, R: number, K: number, out: DataArray, toBool: boolean,
): void {
  const acc = intMode && (op === "sum" || op === "prod") ? new Int32Array(K) : new Float64Array(K);
  const temps: Float64Array[] = [];
  for (let o = 0; o < O; o++) {
    const base = o * R * K;
    if (op === "sum") {
      acc.fill(0);
      if (acc instanceof Float64Array) sumRowsPairwise(x, base, 0, R, K, acc, temps, 0);
      else for (let r = 0; r < R; r++) {
        const off = base + r * K;
        for (let j = 0; j < K; j++) acc[j] += x[off + j]!; // Int32Array store wraps
      }
    } else if (op === "prod") {
      acc.fill(1);
      for (let r = 0; r < R; r++) {
        const off = base + r * K;
        if (acc instanceof Int32Array) for (let j = 0; j < K; j++) acc[j] = Math.imul(acc[j]!, x[off + j]!);
        else for (let j = 0; j < K; j++) acc[j] *= x[off + j]!;
      }
    } else {
      for (let j = 0; j < K; j++) acc[j] = x[base + j]!;
      const isMax = op === "max";
      for (let r = 1; r < R; r++) {
        const off = base + r * K;
        if (isMax) for (let j = 0; j < K; j++) acc[j] = Math.max(acc[j]!, x[off + j]!);
        else for (let j = 0; j < K; j++) acc[j] = Math.min(acc[j]!, x[off + j]!);
      }
    }
    const ob = o * K;
    if (toBool) for (let j = 0; j < K; j++) out[ob + j] = acc[j] !== 0 ? 1 : 0;
    else for (let j = 0; j < K; j++) out[ob + j] = acc[j]!;
  }
}

/**
 * Reduces `x` (of `shape`) over `axes` (normalised, distinct, any order) with `op`; the result
 * has `shape` without those axes, row-major. Empty reductions give sum 0, prod 1, max -∞ (int32
 * min, uint32 0) and min +∞ (int32 max, uint32 max). max/min propagate NaN. Float sums are
 * pairwise in float64; int32 and uint32 sums and products wrap.
 */
export function reduce(
  op: ReduceKernel, x: DataArray, shape: readonly number[], axes: readonly number[], outDtype: DType,
): DataArray {
  if (isComplex(outDtype)) return reduceComplex(op, x, shape, axes, outDtype);
  const nd = shape.length;
  const isReduced = new Array<boolean>(nd).fill(false);
  for (const a of axes) isReduced[a] = true;
  const outShape = shape.filter((_, i) => !isReduced[i]);
  const outSize = sizeOf(outShape);
  const out = allocate(outDtype, outSize);
  if (outSize === 0) return out;
  let rSize = 1;
  for (let d = 0; d < nd; d++) if (isReduced[d]) rSize *= shape[d]!;
  if (rSize === 0) return out.fill(identity(op, outDtype));
  // uint32 sums and products share int32's wrapping loops: the low 32 bits are the same, and
  // storing into the Uint32Array output reads them unsigned.
  const intMode = outDtype === "int32" || outDtype === "uint32" || outDtype === "bool";
  const toBool = outDtype === "bool";
  // Runs of kept (false) and reduced (true) dims; size-1 dims belong to neither.
  const sizes: number[] = [];
  const kinds: boolean[] = [];
  for (let d = 0; d < nd; d++) {
    if (shape[d] === 1) continue;
    if (kinds.length > 0 && kinds[kinds.length - 1] === isReduced[d]) sizes[sizes.length - 1]! *= shape[d]!;
    else {
      sizes.push(shape[d]!);
      kinds.push(isReduced[d]!);
    }
  }
  const pattern = kinds.map((r) => (r ? "R" : "K")).join("");
  if (pattern === "R" || pattern === "KR" || pattern === "") {
    const n = rSize;
    for (let o = 0; o < outSize; o++) {
      const v = reduceRun(op, intMode, x, o * n, n);
      out[o] = toBool ? (v !== 0 ? 1 : 0) : v;
    }
    return out;
  }
  if (pattern === "K") {
    // Only size-1 axes are reduced: each output is one input element.
    for (let i = 0; i < outSize; i++) out[i] = toBool ? (x[i] !== 0 ? 1 : 0) : x[i]!;
    return out;
  }
  if (pattern === "RK") {
    reduceColumns(op, intMode, x, 1, sizes[0]!, sizes[1]!, out, toBool);
    return out;
  }
  if (pattern === "KRK") {
    reduceColumns(op, intMode, x, sizes[0]!, sizes[1]!, sizes[2]!, out, toBool);
    return out;
  }
  // Interleaved runs: move the reduced axes last, then reduce contiguous rows.
  const perm: number[] = [];
  for (let d = 0; d < nd; d++) if (!isReduced[d]) perm.push(d);
  for (let d = 0; d < nd; d++) if (isReduced[d]) perm.push(d);
  const xt = transpose(x, shape, perm);
  for (let o = 0; o < outSize; o++) {
    const v = reduceRun(op, intMode, xt, o * rSize, rSize);
    out[o] = toBool ? (v !== 0 ? 1 : 0) : v;
  }
  return out;
}

/**
 * Sum or product of complex `x` over `axes` (interleaved re/im). A sum is the real sum of each
 * part (the pair as a trailing axis kept), so it shares the real kernel's accurate accumulation;
 * a product multiplies the reduced elements of each output in float64, in row-major order.
 */
function reduceComplex(op: ReduceKernel, x: DataArray, shape: readonly number[], axes: readonly number[], outDtype: ComplexDType): DataArray {
  if (op === "sum") return reduce("sum", x, [...shape, 2], axes, realPartDType(outDtype));
  if (op !== "prod") throw new DTypeError(`reduce: ${op} of a complex array has no meaning (complex numbers are not ordered).`);
  const nd = shape.length;
  const kept: number[] = [], reduced: number[] = [];
  for (let d = 0; d < nd; d++) (axes.includes(d) ? reduced : kept).push(d);
  const outSize = sizeOf(kept.map((d) => shape[d]!));
  const rSize = sizeOf(reduced.map((d) => shape[d]!));
  const xt = transpose(x, shape, [...kept, ...reduced]);
  const out = allocate(outDtype, outSize);
  const r = new Float64Array(2);
  for (let o = 0; o < outSize; o++) {
    let pr = 1, pi = 0;
    for (let k = 0, p = 2 * o * rSize; k < rSize; k++, p += 2) {
      cmul(pr, pi, xt[p]!, xt[p + 1]!, r);
      pr = r[0]!;
      pi = r[1]!;
    }
    out[2 * o] = pr;
    out[2 * o + 1] = pi;
  }
  return out;
}
