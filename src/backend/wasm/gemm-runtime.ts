/**
 * The WebAssembly GEMM's one linear memory and its float32 and float64 instances, created at first
 * use. The memory is shared (a SharedArrayBuffer) where the host allows it, so worker threads run
 * the same compiled kernels on it, and so growing it never detaches a buffer (a detach slows every
 * optimized typed-array loop in V8 for the rest of the process). Where it cannot be shared it grows
 * in doubling steps only when a larger problem arrives. Views are made per call, never kept.
 */
import { GEMM_SHAPES, type GemmEntry, gemmModuleBytes } from "./gemm-kernel.js";
import type { GemmSmallEntry } from "./gemm-small-kernel.js";
import { PAGE_BYTES, type WasmMemory, growToFit, hasSimd, wasmApi } from "./host.js";

/** Bytes at the start of memory reserved for the thread control block (threads.ts). */
export const CONTROL_BYTES = PAGE_BYTES;
/** The largest memory the GEMM will use: 2 GiB keeps every byte offset a positive i32. */
export const MAX_PAGES = 32768;
const INITIAL_PAGES = 16;

/** The compiled modules (for workers), the memory, and this thread's kernel entry points. */
export interface GemmRuntime {
  readonly memory: WasmMemory;
  readonly shared: boolean;
  readonly modules: { readonly float32: object; readonly float64: object };
  readonly gemm: { readonly float32: GemmEntry; readonly float64: GemmEntry };
  /** The no-packing entry for small products (gemm-small-kernel.ts), on this thread only. */
  readonly small: { readonly float32: GemmSmallEntry; readonly float64: GemmSmallEntry };
}

let runtime: GemmRuntime | null | undefined;

function create(): GemmRuntime | null {
  const api = wasmApi();
  if (api === undefined || !hasSimd()) return null;
  for (const shared of [true, false]) {
    try {
      const memory = shared
        ? new api.Memory({ initial: INITIAL_PAGES, maximum: MAX_PAGES, shared: true })
        : new api.Memory({ initial: INITIAL_PAGES, maximum: MAX_PAGES });
      const mod32 = new api.Module(gemmModuleBytes(GEMM_SHAPES.float32, shared, INITIAL_PAGES, MAX_PAGES));
      const mod64 = new api.Module(gemmModuleBytes(GEMM_SHAPES.float64, shared, INITIAL_PAGES, MAX_PAGES));
      const exports = (m: object) => new api.Instance(m, { env: { mem: memory } }).exports;
      const [e32, e64] = [exports(mod32), exports(mod64)];
      return {
        memory, shared, modules: { float32: mod32, float64: mod64 },
        gemm: { float32: e32.gemm as GemmEntry, float64: e64.gemm as GemmEntry },
        small: { float32: e32.gemm_small as GemmSmallEntry, float64: e64.gemm_small as GemmSmallEntry },
      };
    } catch {
      // no SharedArrayBuffer here (e.g. a page that is not cross-origin isolated): try unshared
    }
  }
  return null;
}

/**
 * The runtime, or null where WebAssembly SIMD is unavailable.
 *
 * @example `gemmRuntime() !== null` // true
 */
export function gemmRuntime(): GemmRuntime | null {
  if (runtime === undefined) runtime = create();
  return runtime;
}

/**
 * Makes the memory at least `bytes` long; false if that is beyond `MAX_PAGES`. Grows to the next
 * power of two of pages, so a run of growing problems grows it a logarithmic number of times.
 *
 * @example `ensureBytes(gemmRuntime()!, 1 << 20)` // true
 */
export function ensureBytes(rt: GemmRuntime, bytes: number): boolean {
  return growToFit(rt.memory, bytes, MAX_PAGES);
}
