/**
 * XLA's general convolution on CPU, lowered to the GEMM (gemm.ts) by im2col: the input goes
 * channels-last ([batch, ...spatial, feature]), the kernel to [...window, in, out], and each chunk of
 * output positions gathers its receptive fields into the rows of a matrix that one GEMM multiplies
 * by the kernel. Dilations, strides and padding (negative crops) are index arithmetic of the
 * gather: a tap that lands in padding or in a hole of a dilated input reads zero. Float32
 * accumulates as the GEMM does (float32 SIMD for large products), float64 in float64.
 */
import { allocate, type DType, type DataArray } from "../dtype.js";
import { sizeOf } from "../shape.js";
import { gemmStrided, type MatrixView } from "./gemm.js";
import { transpose } from "./transpose.js";

/** The geometry of one convolution: conv_general_dilated's params (structurally). */
export interface ConvGeometry {
  readonly windowStrides: readonly number[];
  readonly padding: readonly (readonly [number, number])[];
  readonly lhsDilation: readonly number[];
  readonly rhsDilation: readonly number[];
  readonly dimensionNumbers: { readonly lhsSpec: readonly number[]; readonly rhsSpec: readonly number[]; readonly outSpec: readonly number[] };
  readonly featureGroupCount: number;
  readonly batchGroupCount: number;
}

/**
 * Elements of one im2col chunk (16 MB of float32): large enough that each GEMM call amortises its
 * packing, small enough to stay out of the way of the caches and the WebAssembly GEMM's memory.
 */
const CHUNK_ELEMENTS = 1 << 22;
/**
 * Contractions longer than this (a kernel gradient contracts over batch × output positions) are
 * cut into slices, so a slice of the kernel matrix stays in L2 while the GEMM streams over it.
 */
const K_SLICE = 1024;

const isIdentity = (perm: readonly number[]): boolean => perm.every((p, i) => p === i);
const permute = (x: DataArray, shape: readonly number[], perm: readonly number[]): DataArray => (isIdentity(perm) ? x : transpose(x, shape, perm));

/**
 * For one spatial dimension: entry `o·window + k` is the input index that output position `o`
 * reads through tap `k`, or −1 where that lands in padding or between dilated input elements.
 */
function tapTable(inSize: number, outSize: number, window: number, stride: number, lo: number, lhsDil: number, rhsDil: number): Int32Array {
  const table = new Int32Array(outSize * window);
  const dilatedIn = inSize === 0 ? 0 : (inSize - 1) * lhsDil + 1;
  for (let o = 0; o < outSize; o++) {
    for (let k = 0; k < window; k++) {
      const pos = o * stride + k * rhsDil - lo; // in dilated, unpadded coordinates
      table[o * window + k] = pos >= 0 && pos < dilatedIn && pos % lhsDil === 0 ? pos / lhsDil : -1;
    }
  }
  return table;
}

/**
 * conv_general_dilated on row-major operands: returns the output (shape `outShape`, already
 * computed by the shape rule) as a fresh array of `outDtype` (float32 or float64).
 */
export function convGeneralDilated(
  lhs: DataArray, lhsShape: readonly number[], rhs: DataArray, rhsShape: readonly number[],
  outShape: readonly number[], g: ConvGeometry, outDtype: DType,
): DataArray {
  const { lhsSpec, rhsSpec, outSpec } = g.dimensionNumbers;
  const n = lhsShape.length - 2;
  const C = lhsShape[lhsSpec[1]!]!;
  const inSp = lhsSpec.slice(2).map((a) => lhsShape[a]!);
  const O = rhsShape[rhsSpec[0]!]!, I = rhsShape[rhsSpec[1]!]!;
  const kSp = rhsSpec.slice(2).map((a) => rhsShape[a]!);
  const outN = outShape[outSpec[0]!]!;
  const outSp = outSpec.slice(2).map((a) => outShape[a]!);
  const G = g.featureGroupCount, B = g.batchGroupCount;
  const groups = G * B, Og = O / groups;
  const P = sizeOf(outSp), T = sizeOf(kSp), inP = sizeOf(inSp), K = T * I;
  const rows = outN * P;
  const canonicalShape = [outN, ...outSp, O];
  const canonicalAxes = [outSpec[0]!, ...outSpec.slice(2), outSpec[1]!];
  const Y = allocate(outDtype, rows * O);
  if (Y.length === 0 || K === 0) return allocate(outDtype, Y.length);

  const X = permute(lhs, lhsShape, [lhsSpec[0]!, ...lhsSpec.slice(2), lhsSpec[1]!]); // [N, ...inSp, C]
  const W = permute(rhs, rhsShape, [...rhsSpec.slice(2), rhsSpec[1]!, rhsSpec[0]!]); // [...kSp, I, O]
  const tables = inSp.map((size, d) =>
    tapTable(size, outSp[d]!, kSp[d]!, g.windowStrides[d]!, g.padding[d]![0], g.lhsDilation[d]!, g.rhsDilation[d]!),
  );
  const inStrides = new Array<number>(n);
  for (let d = n - 1, s = 1; d >= 0; d--) {
    inStrides[d] = s;
    s *= inSp[d]!;
  }
  const outIndex = new Int32Array(n);
  // Offsets (in spatial elements of X) of every tap of one output position, built one dimension at a time.
  let offs = new Int32Array(T), next = new Int32Array(T);
  const rowOffsets = (p: number): Int32Array => {
    for (let d = n - 1, q = p; d >= 0; d--) {
      outIndex[d] = q % outSp[d]!;
      q = Math.floor(q / outSp[d]!);
    }
    offs[0] = 0;
    let len = 1;
    for (let d = 0; d < n; d++) {
      const k = kSp[d]!, table = tables[d]!, base = outIndex[d]! * k, stride = inStrides[d]!;
      for (let i = 0; i < len; i++) {
        const prev = offs[i]!;
        for (let j = 0; j < k; j++) {
          const v = table[base + j]!;
          next[i * k + j] = prev < 0 || v < 0 ? -1 : prev + v * stride;
        }
      }
      len *= k;
      [offs, next] = [next, offs];
    }
    return offs;
  };

  const R = Math.max(1, Math.min(rows, Math.floor(CHUNK_ELEMENTS / K)));
  const cols = allocate(outDtype, R * K);
  const sliced = K > K_SLICE + K_SLICE / 2;
  const acc = sliced ? new Float64Array(R * Og) : undefined;
  for (let grp = 0; grp < groups; grp++) {
    const cOff = G > 1 ? grp * I : 0; // this group's input channels
    const nOff = B > 1 ? grp * outN : 0; // this group's slice of the input batch
    const oOff = grp * Og; // this group's output features
    for (let r0 = 0; r0 < rows; r0 += R) {
      const h = Math.min(R, rows - r0);
      // im2col: row i holds, tap after tap, the I channels each tap of output row r0 + i reads.
      for (let i = 0; i < h; i++) {
        const r = r0 + i;
        const p = r % P;
        const xBase = (Math.floor(r / P) + nOff) * inP;
        const o = rowOffsets(p);
        let dst = i * K;
        for (let t = 0; t < T; t++, dst += I) {
          const s = o[t]!;
          if (s < 0) {
            cols.fill(0, dst, dst + I);
          } else {
            const src = (xBase + s) * C + cOff;
            for (let c = 0; c < I; c++) cols[dst + c] = X[src + c]!;
          }
        }
      }
      if (acc !== undefined) acc.fill(0, 0, h * Og);
      for (let k0 = 0; k0 < K; k0 += K_SLICE) {
        const ks = sliced ? Math.min(K_SLICE, K - k0) : K;
        const a: MatrixView = { data: cols, offset: k0, batchStride: 0, rowStride: K, colStride: 1 };
        const b: MatrixView = { data: W, offset: k0 * O + oOff, batchStride: 0, rowStride: O, colStride: 1 };
        const part = gemmStrided(1, h, ks, Og, a, b, outDtype);
        if (acc !== undefined) {
          for (let j = 0; j < h * Og; j++) acc[j] += part[j]!;
        } else if (groups === 1) {
          Y.set(part, r0 * O);
        } else {
          for (let i = 0; i < h; i++) for (let j = 0; j < Og; j++) Y[(r0 + i) * O + oOff + j] = part[i * Og + j]!;
        }
        if (!sliced) break;
      }
      if (acc !== undefined) {
        for (let i = 0; i < h; i++) for (let j = 0; j < Og; j++) Y[(r0 + i) * O + oOff + j] = acc[i * Og + j]!;
      }
    }
  }
  // Y is [outN, ...outSp, O]; output axis k is canonical axis canonicalAxes.indexOf(k).
  return permute(Y, canonicalShape, outShape.map((_, k) => canonicalAxes.indexOf(k)));
}
