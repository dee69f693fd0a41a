/**
 * The strided copy every movement kernel reduces to: walk a box of `shape`, reading `src` and
 * writing `dst` at independent (possibly zero or negative) element strides. Dims are collapsed
 * first so the inner loop is as long as possible, and a transposing inner pair is tiled.
 */
import type { DataArray } from "../dtype.js";

/** A shape with one stride list per operand, after `collapseDims`. */
export interface CollapsedDims {
  shape: number[];
  strides: number[][];
}

/**
 * Drops size-1 dims and merges neighbouring dims that every operand walks contiguously
 * (`s[i] === s[i+1] * shape[i+1]` for each stride list), so that row-major runs become one long
 * dim. Always returns at least one dim (`[1]` with zero strides for a scalar). The caller handles
 * a zero-sized shape before calling.
 */
export function collapseDims(shape: readonly number[], stridesList: readonly (readonly number[])[]): CollapsedDims {
  const k = stridesList.length;
  const outShape: number[] = [];
  const outStrides: number[][] = stridesList.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    const n = shape[d]!;
    if (n === 1) continue;
    const last = outShape.length - 1;
    let merge = last >= 0;
    for (let j = 0; j < k && merge; j++) {
      if (outStrides[j]![last] !== stridesList[j]![d]! * n) merge = false;
    }
    if (merge) {
      outShape[last] = outShape[last]! * n;
      for (let j = 0; j < k; j++) outStrides[j]![last] = stridesList[j]![d]!;
    } else {
      outShape.push(n);
      for (let j = 0; j < k; j++) outStrides[j]!.push(stridesList[j]![d]!);
    }
  }
  if (outShape.length === 0) {
    outShape.push(1);
    for (let j = 0; j < k; j++) outStrides[j]!.push(0);
  }
  return { shape: outShape, strides: outStrides };
}

/** Copies one run of `n` elements; picks `set`/`fill` for the contiguous and broadcast cases. */
function copyRun(src: DataArray, s: number, ss: number, dst: DataArray, d: number, ds: number, n: number): void {
  if (ss === 1 && ds === 1) {
    // `set` is a memcpy for same-kind arrays but allocates a subarray view: only worth it when long.
    if (n >= 64) dst.set(src.subarray(s, s + n), d);
    else for (let j = 0; j < n; j++) dst[d + j] = src[s + j]!;
  } else if (ss === 0 && ds === 1) {
    dst.fill(src[s]!, d, d + n);
  } else {
    for (let j = 0; j < n; j++) {
      dst[d] = src[s]!;
      s += ss;
      d += ds;
    }
  }
}

const TILE = 32;

/**
 * Copies a 2-D block whose source is column-contiguous and destination row-contiguous (a
 * transpose), in TILE×TILE tiles so both sides stay in cache. Inside a tile the inner loop runs
 * along the longer side, so skinny shapes like [n, 2] do not pay a loop overhead per element.
 */
function copyTransposed(
  src: DataArray, s0: number, sQ: number,
  dst: DataArray, d0: number, dP: number,
  P: number, Q: number,
): void {
  for (let ib = 0; ib < P; ib += TILE) {
    const ie = Math.min(P, ib + TILE);
    for (let jb = 0; jb < Q; jb += TILE) {
      const je = Math.min(Q, jb + TILE);
      if (je - jb >= ie - ib) {
        for (let i = ib; i < ie; i++) {
          let s = s0 + i + jb * sQ;
          let d = d0 + i * dP + jb;
          for (let j = jb; j < je; j++) {
            dst[d++] = src[s]!;
            s += sQ;
          }
        }
      } else {
        for (let j = jb; j < je; j++) {
          let s = s0 + ib + j * sQ;
          let d = d0 + ib * dP + j;
          for (let i = ib; i < ie; i++) {
            dst[d] = src[s++]!;
            d += dP;
          }
        }
      }
    }
  }
}

/**
 * For every index `i` of the box `shape`, sets `dst[dstOff + i·dstStrides] = src[srcOff + i·srcStrides]`.
 * Strides may be zero (broadcast) or negative (reverse). Values convert by typed-array store rules.
 * Does nothing for an empty box.
 */
export function copyStrided(
  src: DataArray, srcOff: number, srcStrides: readonly number[],
  dst: DataArray, dstOff: number, dstStrides: readonly number[],
  shape: readonly number[],
): void {
  for (const n of shape) if (n === 0) return;
  const c = collapseDims(shape, [srcStrides, dstStrides]);
  const dims = c.shape;
  const ss = c.strides[0]!;
  const ds = c.strides[1]!;
  const nd = dims.length;
  // A transposing inner pair: the last dim is contiguous in dst, the one before in src.
  const tiled = nd >= 2 && ds[nd - 1] === 1 && ss[nd - 2] === 1 && ss[nd - 1] !== 1;
  const innerDims = tiled ? 2 : 1;
  const outerNd = nd - innerDims;
  let outer = 1;
  for (let k = 0; k < outerNd; k++) outer *= dims[k]!;
  const idx = new Int32Array(Math.max(outerNd, 1));
  let s = srcOff;
  let d = dstOff;
  for (let o = 0; o < outer; o++) {
    if (tiled) copyTransposed(src, s, ss[nd - 1]!, dst, d, ds[nd - 2]!, dims[nd - 2]!, dims[nd - 1]!);
    else copyRun(src, s, ss[nd - 1]!, dst, d, ds[nd - 1]!, dims[nd - 1]!);
    // Odometer over the outer dims: add strides, undo a dim's span when it wraps.
    for (let k = outerNd - 1; k >= 0; k--) {
      s += ss[k]!;
      d += ds[k]!;
      if (++idx[k]! < dims[k]!) break;
      s -= ss[k]! * dims[k]!;
      d -= ds[k]! * dims[k]!;
      idx[k] = 0;
    }
  }
}

/**
 * Element strides of an operand of `shape` read as if broadcast to `outShape` (numpy rules:
 * right-aligned, size-1 and missing dims get stride 0). One entry per dim of `outShape`.
 */
export function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const nd = shape.length;
  const off = outShape.length - nd;
  const out = new Array<number>(outShape.length).fill(0);
  let s = 1;
  for (let j = nd - 1; j >= 0; j--) {
    const n = shape[j]!;
    if (n !== 1 && j + off >= 0) out[j + off] = s;
    s *= n;
  }
  return out;
}
