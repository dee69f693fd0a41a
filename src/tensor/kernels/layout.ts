/**
 * Movement kernels in XLA's terms: broadcast_in_dim, slice, pad, concatenate, reverse, iota (and
 * transpose, re-exported). Each computes source offsets and strides for its output box and hands
 * the walk to `copyStrided`; none does per-element index division. A complex array (two slots per
 * element, told apart by its length: `isComplexData`) moves as a real array with a trailing axis
 * of size 2.
 */
import { allocate, type DType, type DataArray, isComplex, realPartDType } from "../dtype.js";
import { sizeOf, stridesOf } from "../shape.js";
import { complexFromParts, complexPart } from "./complex.js";
import { copyStrided } from "./strided.js";
import { allocLike, dtypeOfArray, isComplexData, prodRange, storeValue } from "./util.js";

export { transpose } from "./transpose.js";

/**
 * XLA broadcast_in_dim: operand dim i becomes output dim `broadcastDimensions[i]` (its size is 1
 * or equal to the output's); every other output dim repeats the operand.
 */
export function broadcastInDim(
  x: DataArray, shape: readonly number[], outShape: readonly number[], broadcastDimensions: readonly number[],
): DataArray {
  if (isComplexData(x, shape)) return broadcastInDim(x, [...shape, 2], [...outShape, 2], [...broadcastDimensions, outShape.length]);
  const n = sizeOf(outShape);
  const out = allocLike(x, n);
  if (n === 0) return out;
  const inStrides = stridesOf(shape);
  const src = new Array<number>(outShape.length).fill(0);
  for (let i = 0; i < shape.length; i++) if (shape[i] !== 1) src[broadcastDimensions[i]!] = inStrides[i]!;
  copyStrided(x, 0, src, out, 0, stridesOf(outShape), outShape);
  return out;
}

/**
 * Static strided slice: along dim d, elements `starts[d], starts[d] + strides[d], …` below
 * `limits[d]`. The output dim is `ceil((limit - start) / stride)` (0 if negative).
 */
export function slice(
  x: DataArray, shape: readonly number[],
  starts: readonly number[], limits: readonly number[], strides: readonly number[],
): DataArray {
  if (isComplexData(x, shape)) return slice(x, [...shape, 2], [...starts, 0], [...limits, 2], [...shape.map((_, d) => strides[d] ?? 1), 1]);
  const nd = shape.length;
  const inStrides = stridesOf(shape);
  const outShape = new Array<number>(nd);
  const src = new Array<number>(nd);
  let off = 0;
  for (let d = 0; d < nd; d++) {
    const step = strides[d] ?? 1;
    outShape[d] = Math.max(0, Math.ceil((limits[d]! - starts[d]!) / step));
    src[d] = inStrides[d]! * step;
    off += starts[d]! * inStrides[d]!;
  }
  const n = sizeOf(outShape);
  const out = allocLike(x, n);
  if (n === 0) return out;
  copyStrided(x, off, src, out, 0, stridesOf(outShape), outShape);
  return out;
}

/** Reverses `x` along each of `axes` (a negative source stride per reversed axis). */
export function reverse(x: DataArray, shape: readonly number[], axes: readonly number[]): DataArray {
  if (isComplexData(x, shape)) return reverse(x, [...shape, 2], axes);
  const n = sizeOf(shape);
  const out = allocLike(x, n);
  if (n === 0) return out;
  const strides = stridesOf(shape);
  const src = [...strides];
  let off = 0;
  for (const a of new Set(axes)) {
    off += (shape[a]! - 1) * strides[a]!;
    src[a] = -strides[a]!;
  }
  copyStrided(x, off, src, out, 0, strides, shape);
  return out;
}

/**
 * XLA pad: per dim `[lo, hi, interior]` adds `lo` elements before, `hi` after and `interior`
 * between neighbours, all equal to `padValue` (converted to x's dtype). Negative `lo`/`hi` crop.
 * Output dim: `lo + hi + n + max(n - 1, 0)·interior` (0 if that is negative).
 */
export function pad(
  x: DataArray, shape: readonly number[], padValue: number,
  config: readonly (readonly [lo: number, hi: number, interior: number])[],
): DataArray {
  if (isComplexData(x, shape)) {
    // The padding value is real (value + 0j): pad the two parts apart and interleave them again.
    const re = pad(complexPart(x, 0), shape, padValue, config);
    const im = pad(complexPart(x, 1), shape, 0, config);
    return complexFromParts(re, im, re.length, x instanceof Float32Array ? "complex64" : "complex128");
  }
  const nd = shape.length;
  const outShape = shape.map((n, d) => {
    const [lo, hi, interior] = config[d]!;
    return Math.max(0, lo + hi + n + Math.max(n - 1, 0) * interior);
  });
  const total = sizeOf(outShape);
  const out = allocLike(x, total);
  if (total === 0) return out;
  const v = storeValue(padValue, dtypeOfArray(x));
  if (!Object.is(v, 0)) out.fill(v);
  const inStrides = stridesOf(shape);
  const outStrides = stridesOf(outShape);
  const box = new Array<number>(nd);
  const src = new Array<number>(nd);
  const dst = new Array<number>(nd);
  let srcOff = 0;
  let dstOff = 0;
  for (let d = 0; d < nd; d++) {
    const [lo, , interior] = config[d]!;
    const step = interior + 1;
    // Input index i lands at lo + i·step; keep those inside [0, outShape[d]).
    const first = lo >= 0 ? 0 : Math.ceil(-lo / step);
    const last = Math.min(shape[d]! - 1, Math.floor((outShape[d]! - 1 - lo) / step));
    box[d] = Math.max(0, last - first + 1);
    src[d] = inStrides[d]!;
    dst[d] = outStrides[d]! * step;
    srcOff += first * inStrides[d]!;
    dstOff += (lo + first * step) * outStrides[d]!;
  }
  copyStrided(x, srcOff, src, out, dstOff, dst, box);
  return out;
}

/** Joins `xs` (of `shapes`, equal except along `axis`) along `axis` into a fresh `outDtype` array. */
export function concatenate(
  xs: readonly DataArray[], shapes: readonly (readonly number[])[], axis: number, outDtype: DType,
): DataArray {
  if (isComplex(outDtype)) return concatenate(xs, shapes.map((s) => [...s, 2]), axis, realPartDType(outDtype));
  const outShape = [...shapes[0]!];
  outShape[axis] = shapes.reduce((s, sh) => s + sh[axis]!, 0);
  const n = sizeOf(outShape);
  const out = allocate(outDtype, n);
  if (n === 0) return out;
  const outStrides = stridesOf(outShape);
  let pos = 0;
  for (let i = 0; i < xs.length; i++) {
    const sh = shapes[i]!;
    copyStrided(xs[i]!, 0, stridesOf(sh), out, pos * outStrides[axis]!, outStrides, sh);
    pos += sh[axis]!;
  }
  return out;
}

/** An array of `shape` whose value at each index is that index's coordinate along `dimension`. */
export function iota(dtype: DType, shape: readonly number[], dimension: number): DataArray {
  if (isComplex(dtype)) {
    const re = iota(realPartDType(dtype), shape, dimension);
    return complexFromParts(re, new Float64Array(1), re.length, dtype);
  }
  const n = sizeOf(shape);
  const out = allocate(dtype, n);
  if (n === 0) return out;
  const outer = prodRange(shape, 0, dimension);
  const len = shape[dimension]!;
  const inner = prodRange(shape, dimension + 1, shape.length);
  let p = 0;
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < len; k++) {
      const v = storeValue(k, dtype);
      if (inner === 1) out[p] = v;
      else out.fill(v, p, p + inner);
      p += inner;
    }
  }
  return out;
}
