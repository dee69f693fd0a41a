/**
 * The WebAssembly SIMD GEMM, float32 and float64: packs both operands into wasm memory (any strides,
 * so every transpose combination runs at the same speed), runs the kernel over row ranges — split
 * across worker threads for large products (threads.ts) — and copies C out. Float32 accumulates in
 * float32: each element's error is at most k·2⁻²³·Σₚ|aᵢₚ·bₚⱼ| (the recursive-summation bound γₖ
 * with room to spare); sums of products of small integers stay exact below 2²⁴.
 */
import { GEMM_SHAPES } from "./gemm-kernel.js";
import { type Strided, packSlivers } from "./gemm-pack.js";
import { CONTROL_BYTES, type GemmRuntime, ensureBytes, gemmRuntime } from "./gemm-runtime.js";
import { runRows, wakeWorkers } from "./threads.js";

export type { Strided } from "./gemm-pack.js";

const align = (x: number): number => Math.ceil(x / 64) * 64;

/**
 * out[outOffset + i·n + j] = Σₚ A[i, p]·B[p, j] for one m×k by k×n product in WebAssembly SIMD.
 * `threads` caps the thread count (default: the configured count, see `threadCount`). Returns false,
 * writing nothing, where WebAssembly SIMD is unavailable or the problem exceeds 2 GiB of memory.
 *
 * @example
 * ```ts
 * const out = new Float64Array(4);
 * const a = { data: [1, 2, 3, 4], offset: 0, rowStride: 2, colStride: 1 }; // rows 1 2 and 3 4
 * const b = { data: [1, 0, 0, 1], offset: 0, rowStride: 2, colStride: 1 }; // the identity
 * wasmGemm("float64", 2, 2, 2, a, b, out, 0); // true
 * Array.from(out); // [1, 2, 3, 4]
 * ```
 */
export function wasmGemm(
  dtype: "float32" | "float64", m: number, k: number, n: number,
  a: Strided, b: Strided, out: Float32Array | Float64Array, outOffset: number, threads?: number,
): boolean {
  const rt = gemmRuntime();
  if (rt === null) return false;
  if (m === 0 || n === 0) return true;
  if (k === 0) {
    out.fill(0, outOffset, outOffset + m * n);
    return true;
  }
  const s = GEMM_SHAPES[dtype];
  const bytes = dtype === "float32" ? 4 : 8;
  wakeWorkers(rt, m * n * k, threads);
  const mPad = Math.ceil(m / s.mr) * s.mr;
  const nPad = Math.ceil(n / s.nr) * s.nr;
  if (m * n * k <= SMALL_WORK && k <= s.kc && smallGemm(rt, dtype, m, k, n, mPad, nPad, a, b, out, outOffset, threads)) return true;
  const aPtr = CONTROL_BYTES;
  const bPtr = align(aPtr + mPad * k * bytes);
  const cPtr = align(bPtr + nPad * k * bytes);
  const end = cPtr + mPad * nPad * bytes;
  if (end > 0x7fffffff || !ensureBytes(rt, end)) return false;
  // A fresh view every call: the memory may have grown since the last one.
  const view = dtype === "float32" ? new Float32Array(rt.memory.buffer) : new Float64Array(rt.memory.buffer);
  packSlivers(a, m, k, s.mr, mPad, s.kc, view, aPtr / bytes);
  // B's columns are the rows of its packed slivers: pack Bᵀ.
  packSlivers({ data: b.data, offset: b.offset, rowStride: b.colStride, colStride: b.rowStride }, n, k, s.nr, nPad, s.kc, view, bPtr / bytes);
  runRows(rt, dtype, "packed", [aPtr, bPtr, cPtr, mPad, nPad, k, nPad], mPad, s.mr, m * n * k, threads);
  const c = cPtr / bytes;
  if (n === nPad) out.set(view.subarray(c, c + m * n), outOffset);
  else for (let i = 0; i < m; i++) out.set(view.subarray(c + i * nPad, c + i * nPad + n), outOffset + i * n);
  return true;
}

/**
 * Products up to this many multiply-adds (and depth within one block) skip packing. Measured in CPU
 * time on one thread against the packed path, interleaved, best of 15 (float32, 2 cores under
 * load): the no-packing path takes 0.75× the packed path's time at 128³, 0.80× at 256³, 0.92× at
 * 784×256×512, and loses from 1024×256×1024 (1.4×), where B's rows lie 4 KB apart and packing's
 * contiguous slivers pay. Large ones split their rows across threads as the packed path does (threads.ts).
 */
export const SMALL_WORK = 1 << 27;

/** The elements an operand's view spans from its offset (strides non-negative), or -1 if any is negative. */
const spanOf = (rows: number, cols: number, rs: number, cs: number): number => (rs < 0 || cs < 0 ? -1 : (rows - 1) * rs + (cols - 1) * cs + 1);

/**
 * The no-packing path for small products: A copied into wasm memory as it lies (one memcpy of the
 * span its strides cover) and read by those strides; B likewise when its rows are contiguous, else
 * packed into slivers. Rows of A past m and columns of B past n (up to the tile padding) read
 * whatever lies past the copies — reserved memory — and land only in C's padding, which is not
 * copied out. Declines (false) for operands that are not typed arrays of `dtype`, negative
 * strides, or views spanning more than twice their elements.
 */
function smallGemm(
  rt: GemmRuntime, dtype: "float32" | "float64", m: number, k: number, n: number, mPad: number, nPad: number,
  a: Strided, b: Strided, out: Float32Array | Float64Array, outOffset: number, threads?: number,
): boolean {
  const Typed = dtype === "float32" ? Float32Array : Float64Array;
  if (!(a.data instanceof Typed) || !(b.data instanceof Typed)) return false;
  const s = GEMM_SHAPES[dtype];
  const bytes = dtype === "float32" ? 4 : 8;
  const aSpan = spanOf(m, k, a.rowStride, a.colStride);
  if (aSpan < 0 || aSpan > 2 * m * k) return false;
  const bSpan = b.colStride === 1 ? spanOf(k, n, b.rowStride, 1) : -1;
  const rawB = bSpan >= 0 && bSpan <= 2 * k * n;
  const aPtr = CONTROL_BYTES;
  const bPtr = align(aPtr + (aSpan + (mPad - m) * a.rowStride) * bytes);
  const cPtr = align(bPtr + (rawB ? bSpan + nPad - n : nPad * k) * bytes);
  const end = cPtr + mPad * nPad * bytes;
  if (end > 0x7fffffff || !ensureBytes(rt, end)) return false;
  const view = dtype === "float32" ? new Float32Array(rt.memory.buffer) : new Float64Array(rt.memory.buffer);
  view.set((a.data as Float32Array).subarray(a.offset, a.offset + aSpan), aPtr / bytes);
  if (rawB) view.set((b.data as Float32Array).subarray(b.offset, b.offset + bSpan), bPtr / bytes);
  else packSlivers({ data: b.data, offset: b.offset, rowStride: b.colStride, colStride: b.rowStride }, n, k, s.nr, nPad, k, view, bPtr / bytes);
  const [bCol, bDepth] = rawB ? [bytes, b.rowStride * bytes] : [k * bytes, s.nr * bytes];
  runRows(rt, dtype, "small", [aPtr, a.rowStride * bytes, a.colStride * bytes, bPtr, bCol, bDepth, cPtr, mPad, nPad, k, nPad], mPad, s.mr, m * n * k, threads);
  const c = cPtr / bytes;
  if (n === nPad) out.set(view.subarray(c, c + m * n), outOffset);
  else for (let i = 0; i < m; i++) out.set(view.subarray(c + i * nPad, c + i * nPad + n), outOffset + i * n);
  return true;
}
