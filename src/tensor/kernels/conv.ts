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
import { permuteAxes as permute } from "./conv-layout.js";

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
 * Elements of one im2col chunk (4 MB of float32): the gathered rows are still in cache when the
 * GEMM packs them, yet each GEMM call is large enough to amortise packing the kernel.
 */
const CHUNK_ELEMENTS = 1 << 20;
/**
 * Contractions longer than this (a kernel gradient contracts over batch × output positions) are
 * cut into slices: every row of the output goes through one slice before the next, so each
 * slice of the kernel matrix is packed once and stays in cache while the GEMM streams over it.
 */
const K_SLICE = 1024;
/** The tap offsets of every output position are tabulated up to this many entries (16 MB). */
const TABLE_LIMIT = 1 << 22;

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
 * Where every tap of an output position reads: `at(p)` returns an array and a base such that
 * `offs[base + t]` is the input spatial offset (row-major over the input's spatial dims) that tap t
 * of output position p reads, or −1 for zero. Tabulated for all positions when small enough,
 * otherwise recomputed per position into a scratch buffer.
 */
class TapOffsets {
  private readonly tables: Int32Array[];
  private readonly inStrides: number[];
  private readonly outIndex: Int32Array;
  private scratch: Int32Array;
  private next: Int32Array;
  private readonly all: Int32Array | undefined;

  constructor(
    private readonly inSp: readonly number[], private readonly outSp: readonly number[], private readonly kSp: readonly number[],
    private readonly T: number, g: ConvGeometry,
  ) {
    const n = inSp.length;
    this.tables = inSp.map((size, d) =>
      tapTable(size, outSp[d]!, kSp[d]!, g.windowStrides[d]!, g.padding[d]![0], g.lhsDilation[d]!, g.rhsDilation[d]!),
    );
    this.inStrides = new Array<number>(n);
    for (let d = n - 1, s = 1; d >= 0; d--) {
      this.inStrides[d] = s;
      s *= inSp[d]!;
    }
    this.outIndex = new Int32Array(n);
    this.scratch = new Int32Array(T);
    this.next = new Int32Array(T);
    const P = sizeOf(outSp);
    if (P * T <= TABLE_LIMIT) {
      this.all = new Int32Array(P * T);
      for (let p = 0; p < P; p++) this.all.set(this.compute(p), p * T);
    }
  }

  /** The offsets of output position p, built one spatial dimension at a time. */
  private compute(p: number): Int32Array {
    const n = this.inSp.length;
    for (let d = n - 1, q = p; d >= 0; d--) {
      this.outIndex[d] = q % this.outSp[d]!;
      q = Math.floor(q / this.outSp[d]!);
    }
    let offs = this.scratch, next = this.next;
    offs[0] = 0;
    let len = 1;
    for (let d = 0; d < n; d++) {
      const k = this.kSp[d]!, table = this.tables[d]!, base = this.outIndex[d]! * k, stride = this.inStrides[d]!;
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
    this.scratch = offs;
    this.next = next;
    return offs;
  }

  /** `[offsets, base]` for output position p. */
  at(p: number): [Int32Array, number] {
    return this.all !== undefined ? [this.all, p * this.T] : [this.compute(p), 0];
  }
}

/**
 * Gathers receptive fields into rows: row i of `cols` (kw wide) holds columns [k0, k0 + kw) of the
 * im2col matrix for output row r0 + i, whose column t·I + c is channel cOff + c read by tap t from
 * the channels-last input X (C channels, inP spatial positions per example), or zero where the tap
 * reads padding. When a tap reads every channel (I = C), consecutive taps that read neighbouring
 * input positions are one contiguous run of X, copied at once. A function of its own so V8
 * optimises this one hot loop on its own terms.
 */
function im2col(
  cols: DataArray, X: DataArray, h: number, r0: number, k0: number, kw: number,
  P: number, I: number, C: number, inP: number, nOff: number, cOff: number, taps: TapOffsets,
): void {
  const whole = I === C;
  const t0 = Math.floor(k0 / I), t1 = Math.floor((k0 + kw - 1) / I);
  for (let i = 0; i < h; i++) {
    const r = r0 + i;
    const p = r % P;
    const xBase = ((r - p) / P + nOff) * inP;
    const [offs, base] = taps.at(p);
    const row = i * kw - k0;
    for (let t = t0; t <= t1; t++) {
      const cs = t === t0 ? k0 - t * I : 0;
      const dst = row + t * I + cs;
      const s = offs[base + t]!;
      if (s < 0) {
        const ce = t === t1 ? k0 + kw - t * I : I;
        cols.fill(0, dst, dst + ce - cs);
        continue;
      }
      let last = t;
      if (whole) while (last < t1 && offs[base + last + 1] === s + (last + 1 - t)) last++;
      const ce = last === t1 ? k0 + kw - last * I : I;
      let src = (xBase + s) * C + cOff + cs;
      const n = (last - t) * I + ce - cs;
      if (n >= 16) cols.set(X.subarray(src, src + n), dst); // a memcpy: cheaper than an element loop
      else for (let c = 0; c < n; c++) cols[dst + c] = X[src++]!;
      t = last;
    }
  }
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
  const Y = allocate(outDtype, rows * O);
  if (Y.length === 0 || K === 0) return Y;

  const X = permute(lhs, lhsShape, [lhsSpec[0]!, ...lhsSpec.slice(2), lhsSpec[1]!]); // [N, ...inSp, C]
  const W = permute(rhs, rhsShape, [...rhsSpec.slice(2), rhsSpec[1]!, rhsSpec[0]!]); // [...kSp, I, O]
  const taps = new TapOffsets(inSp, outSp, kSp, T, g);
  const sliced = K > K_SLICE + K_SLICE / 2;
  const ks = sliced ? K_SLICE : K;
  const R = Math.max(1, Math.min(rows, Math.floor(CHUNK_ELEMENTS / ks)));
  const cols = allocate(outDtype, R * ks);
  // Sliced contractions sum their slices in float64, rounding once.
  const acc = sliced ? new Float64Array(rows * Og) : undefined;
  for (let grp = 0; grp < groups; grp++) {
    const cOff = G > 1 ? grp * I : 0; // this group's input channels
    const nOff = B > 1 ? grp * outN : 0; // this group's slice of the input batch
    const oOff = grp * Og; // this group's output features
    acc?.fill(0);
    for (let k0 = 0; k0 < K; k0 += ks) {
      const kw = Math.min(ks, K - k0);
      const b: MatrixView = { data: W, offset: k0 * O + oOff, batchStride: 0, rowStride: O, colStride: 1 };
      for (let r0 = 0; r0 < rows; r0 += R) {
        const h = Math.min(R, rows - r0);
        im2col(cols, X, h, r0, k0, kw, P, I, C, inP, nOff, cOff, taps);
        const a: MatrixView = { data: cols, offset: 0, batchStride: 0, rowStride: kw, colStride: 1 };
        const part = gemmStrided(1, h, kw, Og, a, b, outDtype);
        if (acc !== undefined) {
          const base = r0 * Og;
          for (let j = 0; j < h * Og; j++) acc[base + j] += part[j]!;
        } else if (groups === 1) {
          Y.set(part, r0 * O);
        } else {
          for (let i = 0; i < h; i++) for (let j = 0; j < Og; j++) Y[(r0 + i) * O + oOff + j] = part[i * Og + j]!;
        }
      }
    }
    if (acc !== undefined) {
      for (let r = 0; r < rows; r++) for (let j = 0; j < Og; j++) Y[r * O + oOff + j] = acc[r * Og + j]!;
    }
  }
  // Y is [outN, ...outSp, O]; output axis k is canonical axis canonicalAxes.indexOf(k).
  const canonicalAxes = [outSpec[0]!, ...outSpec.slice(2), outSpec[1]!];
  return permute(Y, [outN, ...outSp, O], outShape.map((_, k) => canonicalAxes.indexOf(k)));
}
