/**
 * LU's elimination step as a WebAssembly SIMD loop. The reference kernel (tensor/kernels/factor.ts
 * `lu`) factors with partial pivoting, column by column: after choosing and swapping in the pivot
 * row j, every row i below it gets `l = a[i, j] / a[j, j]` and then `a[i, c] -= l · a[j, c]` for
 * the columns right of j — the O(n³) part. This loop runs that step two columns a vector
 * (`f64x2.mul`, `f64x2.sub`), the last odd column as a scalar: each element is the same two IEEE
 * operations in the same order, so the factors come out bit for bit the JS loop's (checked by
 * test/backend/lu-kernel.test.ts). Rows whose `l` is ±0 are skipped, as there (an ∞ or NaN in the
 * pivot row then stays out of them). The pivot search and the row swaps stay in JS, on a view of
 * this loop's memory, so the matrix is copied in once and out once per factorization.
 */
import { type WasmMemory, growToFit, hasSimd, wasmApi } from "./host.js";
import { forRange } from "./loops.js";
import { Locals, assemble } from "./module.js";
import { type Instr, type ValType, control, f64, f64x2, i32, local, v128, valtype } from "./opcodes.js";

/** 2 GiB keeps every byte offset a positive i32. */
const MAX_PAGES = 32768;
const INITIAL_PAGES = 1;

/** `eliminate(n, j, m)`: the elimination below pivot row j of the m×n row-major matrix at byte 0. */
type EliminateEntry = (n: number, j: number, m: number) => void;

interface LuRuntime {
  readonly memory: WasmMemory;
  readonly eliminate: EliminateEntry;
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

let runtime: LuRuntime | null | undefined;

/** The loop's memory and entry, or null where the host has no WebAssembly SIMD or shared memory. */
function luRuntime(): LuRuntime | null {
  if (runtime !== undefined) return runtime;
  runtime = null;
  const api = wasmApi();
  if (api === undefined || !hasSimd()) return runtime;
  try {
    const memory = new api.Memory({ initial: INITIAL_PAGES, maximum: MAX_PAGES, shared: true });
    const { locals, body } = eliminateBody();
    const bytes = assemble({
      memory: { module: "env", field: "mem", initial: INITIAL_PAGES, maximum: MAX_PAGES, shared: true },
      functions: [{ name: "eliminate", params: [valtype.i32, valtype.i32, valtype.i32], locals, body }],
    });
    const exports = new api.Instance(new api.Module(bytes), { env: { mem: memory } }).exports;
    runtime = { memory, eliminate: exports.eliminate as EliminateEntry };
  } catch {
    // no SharedArrayBuffer here: the JS loop
  }
  return runtime;
}

/** Where LU factors one m×n matrix: the matrix (to fill, factor in place and read back) and its elimination step. */
export interface LuWorkspace {
  /** The m·n elements, row-major, in the loop's memory. */
  readonly a: Float64Array;
  /** The elimination below pivot row j (pivot a[j, j] nonzero). */
  eliminate(j: number): void;
}

/**
 * A workspace for one m×n factorization in WebAssembly memory, or undefined where the loop cannot
 * run (no SIMD or shared memory, or more than 2 GiB). The view is valid until the next call.
 *
 * @example
 * ```ts
 * const ws = luWorkspace(2, 2)!;
 * ws.a.set([2, 1, 4, 5]);
 * ws.eliminate(0); // row 1 −= 2 · row 0, the multiplier stored in its place
 * Array.from(ws.a); // [2, 1, 2, 3]
 * ```
 */
export function luWorkspace(m: number, n: number): LuWorkspace | undefined {
  const rt = luRuntime();
  if (rt === null || m * n * 8 > 0x7fffffff || !growToFit(rt.memory, m * n * 8, MAX_PAGES)) return undefined;
  // A fresh view every call: the memory may have grown since the last one.
  const a = new Float64Array(rt.memory.buffer as ArrayBuffer, 0, m * n);
  return { a, eliminate: (j) => rt.eliminate(n, j, m) };
}
