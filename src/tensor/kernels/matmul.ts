/**
 * XLA dot_general on CPU. Each operand is viewed as a strided [batch, rows, cols] matrix batch
 * (copied by a transpose only when its dim groups cannot be flattened to single strides), then
 * one blocked float GEMM (gemm.ts) does the work; int32/bool use a plain wrapping loop.
 */
import { type ComplexDType, type DType, type DataArray, allocate, isComplex, realPartDType } from "../dtype.js";
import { complexFromParts, complexPart } from "./complex.js";
import { stridesOf } from "../shape.js";
import { gemmStrided, type MatrixView } from "./gemm.js";
import { transpose } from "./transpose.js";

export { gemmStrided, type MatrixView } from "./gemm.js";

/** Contracting and batch dimensions of a dot_general, paired by position between lhs and rhs. */
export interface DotDims {
  lhsContract: readonly number[];
  rhsContract: readonly number[];
  lhsBatch: readonly number[];
  rhsBatch: readonly number[];
}

/** Product of the sizes of `dims` in `shape`. */
function sizeOfDims(shape: readonly number[], dims: readonly number[]): number {
  let n = 1;
  for (const d of dims) n *= shape[d]!;
  return n;
}

/**
 * The single stride that walks `dims` (in this order, row-major) in an array with `strides`, or
 * undefined when they are not evenly spaced. Size-1 dims are ignored; an all-size-1 group has
 * stride 0.
 */
function groupStride(shape: readonly number[], strides: readonly number[], dims: readonly number[]): number | undefined {
  let prev = -1;
  let stride = 0;
  for (const d of dims) {
    if (shape[d] === 1) continue;
    if (prev >= 0 && strides[prev] !== strides[d]! * shape[d]!) return undefined;
    prev = d;
    stride = strides[d]!;
  }
  return stride;
}

/**
 * Views `x` as a batch of matrices with dim groups [batch, rows, cols]; transposes into that
 * order first if some group is not a single stride apart.
 */
function matrixView(
  x: DataArray, shape: readonly number[],
  batch: readonly number[], rows: readonly number[], cols: readonly number[],
): MatrixView {
  const strides = stridesOf(shape);
  const sb = groupStride(shape, strides, batch);
  const sr = groupStride(shape, strides, rows);
  const sc = groupStride(shape, strides, cols);
  if (sb !== undefined && sr !== undefined && sc !== undefined) {
    return { data: x, offset: 0, batchStride: sb, rowStride: sr, colStride: sc };
  }
  const R = sizeOfDims(shape, rows);
  const C = sizeOfDims(shape, cols);
  return {
    data: transpose(x, shape, [...batch, ...rows, ...cols]),
    offset: 0, batchStride: R * C, rowStride: C, colStride: 1,
  };
}

/**
 * Wrapping int32 or uint32 (or boolean "any of and") batched product over strided views; uint32
 * shares the int32 loop, whose low 32 bits the Uint32Array output stores unsigned.
 */
function intGemm(batch: number, m: number, k: number, n: number, a: MatrixView, b: MatrixView, outDtype: DType): DataArray {
  const out = allocate(outDtype, batch * m * n);
  const A = a.data;
  const B = b.data;
  const toBool = outDtype === "bool";
  let o = 0;
  for (let t = 0; t < batch; t++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let acc = 0;
        let sa = a.offset + t * a.batchStride + i * a.rowStride;
        let sb = b.offset + t * b.batchStride + j * b.colStride;
        for (let p = 0; p < k; p++, sa += a.colStride, sb += b.rowStride) acc = (acc + Math.imul(A[sa]!, B[sb]!)) | 0;
        out[o++] = toBool ? (acc !== 0 ? 1 : 0) : acc;
      }
    }
  }
  return out;
}

/**
 * XLA dot_general: contracts `dims.lhsContract` of `a` with `dims.rhsContract` of `b`, batching
 * over the paired batch dims. Output shape: batch dims (lhs order) ++ lhs free dims ++ rhs free
 * dims. Float outputs accumulate in float64; int32 wraps; bool is "any(a and b)".
 */
export function dotGeneral(
  a: DataArray, aShape: readonly number[], b: DataArray, bShape: readonly number[],
  dims: DotDims, outDtype: DType,
): DataArray {
  if (isComplex(outDtype)) return complexDotGeneral(a, aShape, b, bShape, dims, outDtype);
  const lhsUsed = new Set([...dims.lhsBatch, ...dims.lhsContract]);
  const rhsUsed = new Set([...dims.rhsBatch, ...dims.rhsContract]);
  const lhsFree = aShape.map((_, i) => i).filter((i) => !lhsUsed.has(i));
  const rhsFree = bShape.map((_, i) => i).filter((i) => !rhsUsed.has(i));
  const batch = sizeOfDims(aShape, dims.lhsBatch);
  const m = sizeOfDims(aShape, lhsFree);
  const k = sizeOfDims(aShape, dims.lhsContract);
  const n = sizeOfDims(bShape, rhsFree);
  if (batch * m * n === 0 || k === 0) return allocate(outDtype, batch * m * n);
  const av = matrixView(a, aShape, dims.lhsBatch, lhsFree, dims.lhsContract);
  const bv = matrixView(b, bShape, dims.rhsBatch, dims.rhsContract, rhsFree);
  if (outDtype === "int32" || outDtype === "uint32" || outDtype === "bool") return intGemm(batch, m, k, n, av, bv, outDtype);
  if (k === 1 && (outDtype === "float32" || outDtype === "float64")) return outerProducts(batch, m, n, av, bv, outDtype);
  return gemmStrided(batch, m, k, n, av, bv, outDtype);
}

/**
 * A dot_general with nothing to contract (k = 1): one outer product per batch, as W4's
 * per-example gradients make (128 outer products of 1 × 100). Straight products, without the
 * GEMM's per-batch set-up, and bit for bit what the GEMM gives: a product of two float32 values
 * is exact in float64 and rounds once on the store, and `+ 0` turns a −0 product into +0, as the
 * GEMM's zeroed accumulator does.
 */
function outerProducts(batch: number, m: number, n: number, a: MatrixView, b: MatrixView, outDtype: "float32" | "float64"): DataArray {
  const out = allocate(outDtype, batch * m * n);
  const A = a.data;
  const B = b.data;
  const bCol = b.colStride;
  let o = 0;
  for (let t = 0; t < batch; t++) {
    const aBase = a.offset + t * a.batchStride;
    const bBase = b.offset + t * b.batchStride;
    for (let i = 0; i < m; i++) {
      const x = A[aBase + i * a.rowStride]!;
      for (let j = 0, sb = bBase; j < n; j++, sb += bCol) out[o++] = x * B[sb]! + 0;
    }
  }
  return out;
}

/**
 * dot_general of complex operands as four real ones on the parts (the real GEMM does the work):
 * re = ar·br − ai·bi, im = ar·bi + ai·br.
 */
function complexDotGeneral(
  a: DataArray, aShape: readonly number[], b: DataArray, bShape: readonly number[], dims: DotDims, outDtype: ComplexDType,
): DataArray {
  const part = realPartDType(outDtype);
  const [ar, ai, br, bi] = [complexPart(a, 0), complexPart(a, 1), complexPart(b, 0), complexPart(b, 1)];
  const dot = (x: DataArray, y: DataArray): DataArray => dotGeneral(x, aShape, y, bShape, dims, part);
  const rr = dot(ar, br), ii = dot(ai, bi), ri = dot(ar, bi), ir = dot(ai, br);
  const re = rr.slice(), im = ri.slice();
  for (let i = 0; i < re.length; i++) {
    re[i] = rr[i]! - ii[i]!;
    im[i] = ri[i]! + ir[i]!;
  }
  return complexFromParts(re, im, re.length, outDtype);
}

/**
 * Plain 2-D matrix product for direct use: `a` is m×k (k×m if `transA`), `b` is k×n (n×k if
 * `transB`), both row-major; returns the m×n product as a fresh `outDtype` array.
 */
export function gemm(
  a: DataArray, b: DataArray, m: number, k: number, n: number,
  transA = false, transB = false, outDtype: DType = "float32",
): DataArray {
  const av: MatrixView = { data: a, offset: 0, batchStride: 0, rowStride: transA ? 1 : k, colStride: transA ? m : 1 };
  const bv: MatrixView = { data: b, offset: 0, batchStride: 0, rowStride: transB ? 1 : n, colStride: transB ? k : 1 };
  if (m * n === 0 || k === 0) return allocate(outDtype, m * n);
  if (outDtype === "int32" || outDtype === "uint32" || outDtype === "bool") return intGemm(1, m, k, n, av, bv, outDtype);
  return gemmStrided(1, m, k, n, av, bv, outDtype);
}
