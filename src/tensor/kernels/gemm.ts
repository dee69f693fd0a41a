/**
 * Float GEMM, C = A·B over a batch, for operands given as arbitrary strided views (so A, Aᵀ, B, Bᵀ
 * cost the same). BLIS structure: panels of B (KC×NC) and A (MC×KC) are packed into float64
 * slivers, then a 4×4 register-blocked micro-kernel runs the K loop innermost. Accumulation is in
 * float64, so float32 results are the float64 products rounded once — except float32 and
 * float64 products large enough for the installed accelerator (the WebAssembly SIMD GEMM of
 * backend/wasm/, installed by wire(); float32 accumulation there, as BLAS does).
 */
import { allocate, type DType, type DataArray } from "../dtype.js";

/** One operand of an accelerated product: element (i, p) at `data[offset + i·rowStride + p·colStride]`. */
export interface GemmOperand {
  readonly data: Float32Array | Float64Array;
  readonly offset: number;
  readonly rowStride: number;
  readonly colStride: number;
}

/**
 * A faster GEMM for one m×k by k×n product written row-major at `out[outOffset…]`; returns false
 * (writing nothing) when it cannot run here, and the JS kernel runs instead.
 */
export type GemmAccelerator = (
  dtype: "float32" | "float64", m: number, k: number, n: number, a: GemmOperand, b: GemmOperand, out: Float32Array | Float64Array, outOffset: number,
) => boolean;

let accelerator: GemmAccelerator | undefined;

/**
 * Installs (or with `undefined` removes) the accelerated GEMM that large float products use.
 * Only wire() and tests call it.
 *
 * @example
 * ```ts
 * installGemmAccelerator(() => false); // every product declines: the JS kernel runs them all
 * wire(); // puts the WebAssembly GEMM back
 * ```
 */
export function installGemmAccelerator(f: GemmAccelerator | undefined): void {
  accelerator = f;
}

/**
 * When a product goes to the accelerator (crossovers measured with bench/gemm.ts): float32 for
 * large products, and short contractions (k ≤ 64, where float32 accumulation loses little) from a
 * few thousand multiply-adds — long contractions of small products keep float64 accumulation;
 * float64 (same accuracy either way) from the size where packing pays off.
 */
function useAccelerator(dtype: "float32" | "float64", m: number, k: number, n: number): boolean {
  const work = m * n * k;
  if (dtype === "float64") return k >= 4 && work >= 1 << 15;
  return k >= 8 && (work >= 1 << 18 || (k <= 64 && work >= 1 << 13));
}

/** A batch of matrices inside `data`: element (b, i, j) is at `offset + b·batchStride + i·rowStride + j·colStride`. */
export interface MatrixView {
  readonly data: DataArray;
  readonly offset: number;
  readonly batchStride: number;
  readonly rowStride: number;
  readonly colStride: number;
}

// Micro-tile 4×4 (MR×NR). Hot loops below spell these as the literal 4 on purpose.
const MR = 4;
const NR = 4;
const KC = 256;
const MC = 64;
const NC = 2048;

// Packing buffers, reused across calls (kernels are synchronous and never re-entered).
let packA = new Float64Array(MC * KC);
let packB = new Float64Array(0);
let cScratch = new Float64Array(0);
const SCRATCH_KEEP = 1 << 20; // elements (8 MB)
const edge = new Float64Array(MR * NR);

/**
 * Packs rows [i0, i0+h) × cols [p0, p0+kc) of A into MR-row slivers, k-major, zero-padding
 * the last sliver. The loop order follows whichever of A's strides is unit.
 */
function packPanelA(
  A: DataArray, off: number, rs: number, cs: number,
  i0: number, mc: number, p0: number, kc: number, dst: Float64Array,
): void {
  for (let ir = 0; ir < mc; ir += MR) {
    const h = Math.min(MR, mc - ir);
    const base = ir * kc;
    const src0 = off + (i0 + ir) * rs + p0 * cs;
    if (cs <= rs) {
      for (let r = 0; r < h; r++) {
        let s = src0 + r * rs;
        let d = base + r;
        for (let p = 0; p < kc; p++, d += 4, s += cs) dst[d] = A[s]!;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        const s = src0 + p * cs;
        const d = base + p * 4;
        for (let r = 0; r < h; r++) dst[d + r] = A[s + r * rs]!;
      }
    }
    for (let r = h; r < MR; r++) for (let p = 0; p < kc; p++) dst[base + p * MR + r] = 0;
  }
}

/** Packs rows [p0, p0+kc) × cols [j0, j0+nc) of B into NR-column slivers, k-major, zero-padded. */
function packPanelB(
  B: DataArray, off: number, rs: number, cs: number,
  p0: number, kc: number, j0: number, nc: number, dst: Float64Array,
): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const w = Math.min(NR, nc - jr);
    const base = jr * kc;
    const src0 = off + p0 * rs + (j0 + jr) * cs;
    if (cs <= rs) {
      for (let p = 0; p < kc; p++) {
        const s = src0 + p * rs;
        const d = base + p * 4;
        for (let c = 0; c < w; c++) dst[d + c] = B[s + c * cs]!;
      }
    } else {
      for (let c = 0; c < w; c++) {
        let s = src0 + c * cs;
        let d = base + c;
        for (let p = 0; p < kc; p++, d += 4, s += rs) dst[d] = B[s]!;
      }
    }
    for (let c = w; c < NR; c++) for (let p = 0; p < kc; p++) dst[base + p * NR + c] = 0;
  }
}

/**
 * The 4×4 micro-kernel: C[ci + r·ldc + c] += Σ_p Ap[ai + 4p + r] · Bp[bi + 4p + c] for the
 * h×w valid corner. Sixteen accumulators live in registers across the whole K loop.
 */
function micro4x4(
  kc: number, Ap: Float64Array, ai: number, Bp: Float64Array, bi: number,
  C: Float64Array, ci: number, ldc: number, h: number, w: number,
): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  for (let p = 0; p < kc; p++) {
    const a0 = Ap[ai]!, a1 = Ap[ai + 1]!, a2 = Ap[ai + 2]!, a3 = Ap[ai + 3]!;
    const b0 = Bp[bi]!, b1 = Bp[bi + 1]!, b2 = Bp[bi + 2]!, b3 = Bp[bi + 3]!;
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
    // Literal steps: a module-level const would be reloaded from its cell every iteration.
    ai += 4;
    bi += 4;
  }
  if (h === MR && w === NR) {
    let o = ci;
    C[o] += c00; C[o + 1] += c01; C[o + 2] += c02; C[o + 3] += c03; o += ldc;
    C[o] += c10; C[o + 1] += c11; C[o + 2] += c12; C[o + 3] += c13; o += ldc;
    C[o] += c20; C[o + 1] += c21; C[o + 2] += c22; C[o + 3] += c23; o += ldc;
    C[o] += c30; C[o + 1] += c31; C[o + 2] += c32; C[o + 3] += c33;
    return;
  }
  edge[0] = c00; edge[1] = c01; edge[2] = c02; edge[3] = c03;
  edge[4] = c10; edge[5] = c11; edge[6] = c12; edge[7] = c13;
  edge[8] = c20; edge[9] = c21; edge[10] = c22; edge[11] = c23;
  edge[12] = c30; edge[13] = c31; edge[14] = c32; edge[15] = c33;
  for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) C[ci + r * ldc + c] += edge[r * NR + c]!;
}

/** C[cOff + i·n + j] += (A·B)[i, j] for one m×k by k×n product, cache-blocked. */
function gemmBlocked(
  m: number, k: number, n: number,
  A: DataArray, aOff: number, ars: number, acs: number,
  B: DataArray, bOff: number, brs: number, bcs: number,
  C: Float64Array, cOff: number,
): void {
  const ncMax = Math.min(NC, Math.ceil(n / NR) * NR);
  const kcMax = Math.min(KC, k);
  if (packB.length < ncMax * kcMax) packB = new Float64Array(ncMax * kcMax);
  if (packA.length < MC * kcMax) packA = new Float64Array(MC * kcMax);
  const Ap = packA;
  const Bp = packB;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      packPanelB(B, bOff, brs, bcs, pc, kc, jc, nc, Bp);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = Math.min(MC, m - ic);
        packPanelA(A, aOff, ars, acs, ic, mc, pc, kc, Ap);
        for (let jr = 0; jr < nc; jr += NR) {
          const w = Math.min(NR, nc - jr);
          for (let ir = 0; ir < mc; ir += MR) {
            const h = Math.min(MR, mc - ir);
            micro4x4(kc, Ap, ir * kc, Bp, jr * kc, C, cOff + (ic + ir) * n + jc + jr, n, h, w);
          }
        }
      }
    }
  }
}

/**
 * Matrix-vector shapes (m = 1 or n = 1), where packing would cost as much as the product:
 * direct loops, choosing the order that reads the long operand contiguously when possible.
 */
function gemmThin(
  m: number, k: number, n: number,
  A: DataArray, aOff: number, ars: number, acs: number,
  B: DataArray, bOff: number, brs: number, bcs: number,
  C: Float64Array, cOff: number,
): void {
  if (n === 1 && ars === 1 && acs !== 1) {
    // A stored column-major: C += A[:, p] · B[p] walks A's columns contiguously.
    for (let p = 0; p < k; p++) {
      const bp = B[bOff + p * brs]!;
      const s = aOff + p * acs;
      for (let i = 0; i < m; i++) C[cOff + i] += A[s + i]! * bp;
    }
  } else if (m === 1 && bcs === 1 && brs !== 1) {
    for (let p = 0; p < k; p++) {
      const ap = A[aOff + p * acs]!;
      const s = bOff + p * brs;
      for (let j = 0; j < n; j++) C[cOff + j] += ap * B[s + j]!;
    }
  } else {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let acc = 0;
        let sa = aOff + i * ars;
        let sb = bOff + j * bcs;
        for (let p = 0; p < k; p++, sa += acs, sb += brs) acc += A[sa]! * B[sb]!;
        C[cOff + i * n + j] += acc;
      }
    }
  }
}

/**
 * Batched float GEMM: for each batch b, out[b] = A[b] (m×k) · B[b] (k×n), returned as a fresh
 * contiguous [batch, m, n] array of `outDtype` (float32 or float64; sums run in float64).
 */
export function gemmStrided(
  batch: number, m: number, k: number, n: number, a: MatrixView, b: MatrixView, outDtype: DType,
): DataArray {
  const size = m * n;
  const out = allocate(outDtype, batch * size);
  if (out.length === 0 || k === 0) return out;
  const direct = out instanceof Float64Array;
  // float32 output: accumulate each product in a float64 buffer, kept for reuse unless huge.
  let scratch = cScratch;
  if (!direct && scratch.length < size) {
    scratch = new Float64Array(size);
    if (size <= SCRATCH_KEEP) cScratch = scratch;
  }
  const thin = m === 1 || n === 1;
  // Large products go to the accelerator; small ones stay here, where packing would not pay off.
  const kind = out instanceof Float32Array ? "float32" : "float64";
  const float = out instanceof Float32Array || out instanceof Float64Array;
  if (accelerator !== undefined && float && !thin && a.data.constructor === out.constructor && b.data.constructor === out.constructor && useAccelerator(kind, m, k, n)) {
    let done = true;
    for (let t = 0; t < batch && done; t++) {
      done = accelerator(
        kind, m, k, n,
        { data: a.data as Float32Array, offset: a.offset + t * a.batchStride, rowStride: a.rowStride, colStride: a.colStride },
        { data: b.data as Float32Array, offset: b.offset + t * b.batchStride, rowStride: b.rowStride, colStride: b.colStride },
        out as Float32Array, t * size,
      );
    }
    if (done) return out;
    out.fill(0); // the JS kernel below adds into float64 outputs
  }
  for (let t = 0; t < batch; t++) {
    const C = direct ? out : scratch;
    const cOff = direct ? t * size : 0;
    if (!direct) C.fill(0, 0, size);
    const aOff = a.offset + t * a.batchStride;
    const bOff = b.offset + t * b.batchStride;
    if (thin) gemmThin(m, k, n, a.data, aOff, a.rowStride, a.colStride, b.data, bOff, b.rowStride, b.colStride, C, cOff);
    else gemmBlocked(m, k, n, a.data, aOff, a.rowStride, a.colStride, b.data, bOff, b.rowStride, b.colStride, C, cOff);
    if (!direct) out.set(C.subarray(0, size), t * size);
  }
  return out;
}
