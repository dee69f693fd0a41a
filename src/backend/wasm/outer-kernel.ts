/**
 * Outer products as a WebAssembly SIMD loop: `out[t, i, j] = a[t, i] · b[t, j]`, the dot_general
 * with nothing to contract that per-example gradients make (W4: 128 rows of 1 × 100). The
 * reference kernel (tensor/kernels/matmul.ts `outerProducts`) computes `a·b + 0` in float64 and
 * stores it; this loop gives the same bits:
 *   - float64: `f64x2.mul` is that product, rounded once, and `+ 0` turns a −0 (exact, or a
 *     product rounded to it) into +0, as there;
 *   - float32: the float64 product of two float32 values is exact, so its store rounds once, which
 *     is what `f32x4.mul` computes. `+ 0` in float64 changes only an exact −0 (one factor is ±0);
 *     a tiny negative product that rounds to −0 in float32 stays −0 in both. So the loop adds 0
 *     only in the lanes where a factor is zero.
 * The operands are copied into the loop's own memory (shared, so growing it never detaches an
 * ArrayBuffer) and the result copied out, in blocks of batches that bound the memory: memcpys,
 * cheaper than the scalar JS loop beyond a few hundred elements. Lanes past the last full vector
 * of a row are left to the caller.
 */
import { type WasmMemory, growToFit, sharedKernels } from "./host.js";
import { forRange } from "./loops.js";
import { type FunctionDef, Locals } from "./module.js";
import { type Instr, type ValType, f32x4, f64x2, i32, local, v128, valtype } from "./opcodes.js";

/**
 * Below this many output elements the JS loop wins (the copies and the call cost more); measured
 * on float32: about even at 256 elements, the loop 2.8× faster at 12,800 (W4's size).
 */
export const OUTER_MIN_ELEMENTS = 256;
/** 2 GiB keeps every byte offset a positive i32. */
const MAX_PAGES = 32768;
/**
 * The most memory one block of batches takes (operands and result): larger products stream
 * through it block by block, so the memory, which never shrinks, stays at most this size.
 */
export const WINDOW_BYTES = 4 << 20;
const INITIAL_PAGES = 4;

/**
 * `rows(a, b, out, batch, m, n, nVec)`: byte pointers, then element counts; for each t < batch and
 * i < m, out's row (t, i) gets a[t·m + i] times b's row t over columns [0, nVec) (nVec a multiple
 * of the lanes; rows are n elements apart).
 */
type RowsEntry = (a: number, b: number, out: number, batch: number, m: number, n: number, nVec: number) => void;

interface OuterRuntime {
  readonly memory: WasmMemory;
  readonly float32: RowsEntry;
  readonly float64: RowsEntry;
}

/** The loop for one lane type. */
function rowsFunction(dtype: "float32" | "float64"): Omit<FunctionDef, "name"> {
  const bytes = dtype === "float32" ? 4 : 8;
  const F = dtype === "float32" ? f32x4 : f64x2;
  const splat = dtype === "float32" ? v128.load32Splat : v128.load64Splat;
  const [A, B, OUT, BATCH, M, N, NVEC] = [0, 1, 2, 3, 4, 5, 6];
  const L = new Locals(7);
  const [t, i, j, rowB, rowOut, vecEnd] = [L.add(valtype.i32), L.add(valtype.i32), L.add(valtype.i32), L.add(valtype.i32), L.add(valtype.i32), L.add(valtype.i32)];
  const [av, aZero, bv, r, zero] = [L.add(valtype.v128), L.add(valtype.v128), L.add(valtype.v128), L.add(valtype.v128), L.add(valtype.v128)];
  const g = local.get;
  // float64: a·b + 0. float32: r = a·b, and r + 0 only where a factor is zero (an exact −0
  // becomes +0; a product rounded to −0 stays; NaN and ±∞·0 stay NaN).
  const result: Instr[] =
    dtype === "float64"
      ? [g(av), g(bv), F.mul, g(zero), F.add]
      : [g(av), g(bv), F.mul, local.set(r), g(r), g(zero), F.add, g(r), g(bv), g(zero), F.eq, g(aZero), v128.or, v128.bitselect];
  const lane: Instr[] = [
    g(rowB), g(j), i32.add, v128.load(), local.set(bv),
    g(rowOut), g(j), i32.add,
    ...result,
    v128.store(),
  ];
  const row: Instr[] = [
    g(A), splat(0), local.set(av),
    g(av), g(zero), F.eq, local.set(aZero),
    ...forRange(j, [i32.const(0)], [g(vecEnd)], [i32.const(16)], lane),
    g(A), i32.const(bytes), i32.add, local.set(A),
    g(rowOut), g(N), i32.const(bytes), i32.mul, i32.add, local.set(rowOut),
  ];
  const batchStep: Instr[] = [
    ...forRange(i, [i32.const(0)], [g(M)], [i32.const(1)], row),
    g(rowB), g(N), i32.const(bytes), i32.mul, i32.add, local.set(rowB),
  ];
  const body: Instr[] = [
    v128.zero, local.set(zero),
    g(NVEC), i32.const(bytes), i32.mul, local.set(vecEnd),
    g(B), local.set(rowB),
    g(OUT), local.set(rowOut),
    ...forRange(t, [i32.const(0)], [g(BATCH)], [i32.const(1)], batchStep),
  ];
  const params: ValType[] = [valtype.i32, valtype.i32, valtype.i32, valtype.i32, valtype.i32, valtype.i32, valtype.i32];
  return { params, locals: L.types, body };
}

let runtime: OuterRuntime | null | undefined;

/** The loop's memory and entries (`sharedKernels`), or null where they cannot run: the JS loop runs instead. */
function outerRuntime(): OuterRuntime | null {
  if (runtime !== undefined) return runtime;
  const k = sharedKernels([{ name: "rows32", ...rowsFunction("float32") }, { name: "rows64", ...rowsFunction("float64") }], INITIAL_PAGES, MAX_PAGES);
  runtime = k === null ? null : { memory: k.memory, float32: k.exports.rows32 as RowsEntry, float64: k.exports.rows64 as RowsEntry };
  return runtime;
}

/** Grows the memory to at least `bytes` (in doubling steps); false beyond `MAX_PAGES`. */
function ensureBytes(rt: OuterRuntime, bytes: number): boolean {
  return growToFit(rt.memory, bytes, MAX_PAGES);
}

const align16 = (x: number): number => Math.ceil(x / 16) * 16;

/**
 * Writes `out[(t·m + i)·n + j] = a[t·m + i] · b[t·n + j]` for every column j below the last full
 * vector of a row (n rounded down to 4 float32 or 2 float64 lanes), bit for bit as the reference
 * kernel; returns that column count, or -1 when the loop cannot run here (no SIMD or shared
 * memory, one batch larger than {@link WINDOW_BYTES}): the caller then computes everything itself. `a`, `b` and `out` are
 * contiguous, of one float type.
 *
 * @example
 * ```ts
 * const out = new Float32Array(2 * 4);
 * outerRows(Float32Array.of(2, -1), Float32Array.of(1, 2, 3, 0), out, 1, 2, 4); // 4
 * // the last is +0: −1 · 0 + 0
 * Array.from(out); // [2, 4, 6, 0, -1, -2, -3, 0]
 * ```
 */
export function outerRows(a: Float32Array | Float64Array, b: Float32Array | Float64Array, out: Float32Array | Float64Array, batch: number, m: number, n: number): number {
  const rt = outerRuntime();
  if (rt === null) return -1;
  const bytes = out.BYTES_PER_ELEMENT;
  const lanes = 16 / bytes;
  const nVec = n - (n % lanes);
  if (nVec === 0) return 0;
  // Batches go through the memory in blocks of at most WINDOW_BYTES, so it stays that small
  // whatever the product's size (the loop streams: a block is copied in, computed, copied out).
  const perBatch = align16(m * bytes) + align16(n * bytes) + m * n * bytes;
  const block = Math.min(batch, Math.floor(WINDOW_BYTES / perBatch));
  if (block === 0) return -1;
  const bAt = align16(block * m * bytes);
  const outAt = bAt + align16(block * n * bytes);
  if (!ensureBytes(rt, outAt + block * m * n * bytes)) return -1;
  // A fresh view every call: the memory may have grown since the last one.
  const View = bytes === 4 ? Float32Array : Float64Array;
  const view = new View(rt.memory.buffer as ArrayBuffer);
  const run = bytes === 4 ? rt.float32 : rt.float64;
  for (let t = 0; t < batch; t += block) {
    const nb = Math.min(block, batch - t);
    view.set(a.subarray(t * m, (t + nb) * m), 0);
    view.set(b.subarray(t * n, (t + nb) * n), bAt / bytes);
    run(0, bAt, outAt, nb, m, n, nVec);
    out.set(view.subarray(outAt / bytes, outAt / bytes + nb * m * n), t * m * n);
  }
  return nVec;
}
