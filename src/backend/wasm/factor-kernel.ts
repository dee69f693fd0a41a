/**
 * The inner loops of two reference factorizations (tensor/kernels/factor.ts) as WebAssembly SIMD,
 * each bit for bit the JS loop's (checked by test/backend/factor-kernel.test.ts):
 *   - LU's elimination step. `lu` factors with partial pivoting, column by column: after choosing
 *     and swapping in the pivot row j, every row i below it gets `l = a[i, j] / a[j, j]` and then
 *     `a[i, c] -= l · a[j, c]` for the columns right of j — the O(n³) part. The loop runs that
 *     step two columns a vector (`f64x2.mul`, `f64x2.sub`), the last odd column as a scalar: each
 *     element is the same two IEEE operations in the same order. Rows whose `l` is ±0 are skipped,
 *     as there (an ∞ or NaN in the pivot row then stays out of them). The pivot search and the row
 *     swaps stay in JS, on a view of this memory.
 *   - Cholesky–Banachiewicz whole (`choleskyOne`): each entry is `a[i, j]` minus the dot product of
 *     rows i and j, whose four partial sums (s0…s3, k stepping by four, the tail into s0, then
 *     s0 + s1 + (s2 + s3)) are the lanes of two f64x2 accumulators; then √ or a division.
 * The matrix is copied in once and out once per factorization.
 */
import { type WasmMemory, growToFit, sharedKernels } from "./host.js";
import { forRange } from "./loops.js";
import { Locals } from "./module.js";
import { type Instr, type ValType, control, f64, f64x2, i32, local, v128, valtype } from "./opcodes.js";

/** 2 GiB keeps every byte offset a positive i32. */
const MAX_PAGES = 32768;
const INITIAL_PAGES = 1;

/** `eliminate(n, j, m)`: the elimination below pivot row j of the m×n row-major matrix at byte 0. */
type EliminateEntry = (n: number, j: number, m: number) => void;
/** `cholesky(n)`: the n×n matrix at byte 0 factored in place; 0 when a pivot is not positive. */
type CholeskyEntry = (n: number) => number;

interface FactorRuntime {
  readonly memory: WasmMemory;
  readonly eliminate: EliminateEntry;
  readonly cholesky: CholeskyEntry;
}

/** The loop's body: rows i in (j, m), each scaled and updated against row j. */
function eliminateBody(): { locals: ValType[]; body: Instr[] } {
  const [N, J, M] = [0, 1, 2];
  const L = new Locals(3);
  const [i, c, rowJ, rowI, rowBytes, vecEnd, jBytes] = Array.from({ length: 7 }, () => L.add(valtype.i32));
  const [d, l] = [L.add(valtype.f64), L.add(valtype.f64)];
  const lv = L.add(valtype.v128);
  const g = local.get;
  const at = (row: number, col: number): Instr[] => [g(row), g(col), i32.add];
  // a[i, c] -= l · a[j, c] over the columns c in [j + 1, n): pairs, then the odd one left.
  const vectorStep: Instr[] = [...at(rowI, c), ...at(rowI, c), v128.load(), g(lv), ...at(rowJ, c), v128.load(), f64x2.mul, f64x2.sub, v128.store()];
  const scalarStep: Instr[] = [...at(rowI, c), ...at(rowI, c), f64.load(), g(l), ...at(rowJ, c), f64.load(), f64.mul, f64.sub, f64.store()];
  const row: Instr[] = [
    g(i), g(rowBytes), i32.mul, local.set(rowI),
    // l = a[i, j] / d, stored in place of a[i, j]
    ...at(rowI, jBytes), ...at(rowI, jBytes), f64.load(), g(d), f64.div, local.tee(l), f64.store(),
    g(l), f64.const(0), f64.eq, i32.eqz,
    control.if,
    g(l), f64x2.splat, local.set(lv),
    ...forRange(c, [g(jBytes), i32.const(8), i32.add], [g(vecEnd)], [i32.const(16)], vectorStep),
    g(c), g(N), i32.const(8), i32.mul, i32.ltU,
    control.if, ...scalarStep, control.end,
    control.end,
  ];
  const body: Instr[] = [
    g(N), i32.const(8), i32.mul, local.set(rowBytes),
    g(J), i32.const(8), i32.mul, local.set(jBytes),
    g(J), g(rowBytes), i32.mul, local.set(rowJ),
    ...at(rowJ, jBytes), f64.load(), local.set(d),
    // The vector loop ends at the last pair that fits: j + 1 + 2·⌊(n − j − 1) / 2⌋ columns.
    g(N), g(J), i32.sub, i32.const(1), i32.sub, i32.const(-2), i32.and, i32.const(8), i32.mul, g(jBytes), i32.add, i32.const(8), i32.add, local.set(vecEnd),
    ...forRange(i, [g(J), i32.const(1), i32.add], [g(M)], [i32.const(1)], row),
  ];
  return { locals: L.types, body };
}

/** Cholesky–Banachiewicz over the n×n matrix at byte 0, as `choleskyOne` computes it. */
function choleskyBody(): { locals: ValType[]; body: Instr[] } {
  const N = 0;
  const L = new Locals(1);
  const [i, j, k, rowI, rowJ, rowBytes, quads] = Array.from({ length: 7 }, () => L.add(valtype.i32));
  const [s, s0] = [L.add(valtype.f64), L.add(valtype.f64)];
  const [v01, v23] = [L.add(valtype.v128), L.add(valtype.v128)];
  const g = local.get;
  const x = (row: number, off: number): Instr[] => [g(row), g(k), i32.add, v128.load(off)];
  // dot(rows i and j, first j elements): lanes (s0, s1) and (s2, s3) four at a time.
  const quad: Instr[] = [
    g(v01), ...x(rowI, 0), ...x(rowJ, 0), f64x2.mul, f64x2.add, local.set(v01),
    g(v23), ...x(rowI, 16), ...x(rowJ, 16), f64x2.mul, f64x2.add, local.set(v23),
  ];
  const tail: Instr[] = [g(s0), g(rowI), g(k), i32.add, f64.load(), g(rowJ), g(k), i32.add, f64.load(), f64.mul, f64.add, local.set(s0)];
  const entry: Instr[] = [
    g(j), g(rowBytes), i32.mul, local.set(rowJ),
    v128.zero, local.set(v01), v128.zero, local.set(v23),
    // k over whole quads: bytes [0, 32·⌊j / 4⌋), then the tail elements into s0.
    g(j), i32.const(-4), i32.and, i32.const(8), i32.mul, local.set(quads),
    ...forRange(k, [i32.const(0)], [g(quads)], [i32.const(32)], quad),
    g(v01), f64x2.extractLane(0), local.set(s0),
    ...forRange(k, [g(quads)], [g(j), i32.const(8), i32.mul], [i32.const(8)], tail),
    // s = a[i, j] − (s0 + s1 + (s2 + s3))
    g(rowI), g(j), i32.const(8), i32.mul, i32.add, f64.load(),
    g(s0), g(v01), f64x2.extractLane(1), f64.add, g(v23), f64x2.extractLane(0), g(v23), f64x2.extractLane(1), f64.add, f64.add,
    f64.sub, local.set(s),
    g(j), g(i), i32.eq,
    control.if,
    // a non-positive (or NaN) pivot: not positive definite
    g(s), f64.const(0), f64.gt, i32.eqz, control.if, i32.const(0), control.return, control.end,
    g(rowI), g(i), i32.const(8), i32.mul, i32.add, g(s), f64.sqrt, f64.store(),
    control.else,
    g(rowI), g(j), i32.const(8), i32.mul, i32.add, g(s), g(rowJ), g(j), i32.const(8), i32.mul, i32.add, f64.load(), f64.div, f64.store(),
    control.end,
  ];
  const zeroRight: Instr[] = [g(rowI), g(k), i32.add, f64.const(0), f64.store()];
  const row: Instr[] = [
    g(i), g(rowBytes), i32.mul, local.set(rowI),
    ...forRange(j, [i32.const(0)], [g(i), i32.const(1), i32.add], [i32.const(1)], entry),
    ...forRange(k, [g(i), i32.const(1), i32.add, i32.const(8), i32.mul], [g(rowBytes)], [i32.const(8)], zeroRight),
  ];
  const body: Instr[] = [
    g(N), i32.const(8), i32.mul, local.set(rowBytes),
    ...forRange(i, [i32.const(0)], [g(N)], [i32.const(1)], row),
    i32.const(1),
  ];
  return { locals: L.types, body };
}

let runtime: FactorRuntime | null | undefined;

/** The loops' memory and entries, or null where the host has no WebAssembly SIMD or shared memory. */
function factorRuntime(): FactorRuntime | null {
  if (runtime !== undefined) return runtime;
  const k = sharedKernels(
    [
      { name: "eliminate", params: [valtype.i32, valtype.i32, valtype.i32], ...eliminateBody() },
      { name: "cholesky", params: [valtype.i32], results: [valtype.i32], ...choleskyBody() },
    ],
    INITIAL_PAGES,
    MAX_PAGES,
  );
  runtime = k === null ? null : { memory: k.memory, eliminate: k.exports.eliminate as EliminateEntry, cholesky: k.exports.cholesky as CholeskyEntry };
  return runtime;
}

/** Where a factorization of one m×n matrix runs: the matrix (to fill, factor in place and read back) and the loops. */
export interface FactorWorkspace {
  /** The m·n elements, row-major, in the loops' memory. */
  readonly a: Float64Array;
  /** LU's elimination below pivot row j (pivot a[j, j] nonzero). */
  eliminate(j: number): void;
  /** The whole Cholesky factorization (m = n) in place; false when a pivot is not positive. */
  cholesky(): boolean;
}

/**
 * A workspace for one m×n factorization in WebAssembly memory, or undefined where the loops cannot
 * run (no SIMD or shared memory, or more than 2 GiB). The view is valid until the next call.
 *
 * @example
 * ```ts
 * const ws = factorWorkspace(2, 2)!;
 * ws.a.set([2, 1, 4, 5]);
 * ws.eliminate(0); // row 1 −= 2 · row 0, the multiplier stored in its place
 * Array.from(ws.a); // [2, 1, 2, 3]
 * const spd = factorWorkspace(2, 2)!;
 * spd.a.set([4, 0, 2, 5]); // rows 4 2 and 2 5: only the lower triangle is read
 * spd.cholesky(); // true
 * Array.from(spd.a); // [2, 0, 1, 2]
 * ```
 */
export function factorWorkspace(m: number, n: number): FactorWorkspace | undefined {
  const rt = factorRuntime();
  if (rt === null || m * n * 8 > 0x7fffffff || !growToFit(rt.memory, m * n * 8, MAX_PAGES)) return undefined;
  // A fresh view every call: the memory may have grown since the last one.
  const a = new Float64Array(rt.memory.buffer as ArrayBuffer, 0, m * n);
  return { a, eliminate: (j) => rt.eliminate(n, j, m), cholesky: () => rt.cholesky(n) !== 0 };
}
