/**
 * Both cores for the WebAssembly GEMM: worker threads that instantiate the same kernels on the
 * same shared memory and run row ranges of a product while the calling thread runs its own share,
 * then waits (`Atomics.wait`) on a done counter — the caller stays synchronous. Workers start at
 * the first large product, are unref'd (they never keep a process alive) and start from a `data:`
 * URL module, which works from src/ or dist/ and under --disallow-code-generation-from-strings
 * (an `eval: true` worker would compile a string; a module URL does not). Hosts without
 * worker_threads (browsers) or without shared memory run on one thread.
 */
import type { GemmRuntime } from "./gemm-runtime.js";

/** Products with fewer multiply-adds than this stay on the calling thread (a wake-up costs ~50 µs). */
export const PARALLEL_WORK = 1 << 21;

// Control block (int32 words at the start of memory): the job generation, the done counter, then
// per worker: dtype (32 or 64), and the kernel's nine arguments.
const GEN = 0, DONE = 1, SLOT = 16, SLOT_WORDS = 16;

interface NodeHost {
  readonly env?: Record<string, string | undefined>;
  readonly getBuiltinModule?: (id: string) => unknown;
}
interface WorkerLike { unref(): void }
type WorkerCtor = new (url: URL, options: { workerData: unknown }) => WorkerLike;

const nodeHost = (): NodeHost | undefined => (globalThis as { process?: NodeHost }).process;

/**
 * The configured thread count: `FLUXION_THREADS` if set to a positive integer, else every core
 * (`os.availableParallelism()`), else 1 where neither is known.
 *
 * @example `threadCount() >= 1` // true
 */
export function threadCount(): number {
  const host = nodeHost();
  const env = Number(host?.env?.FLUXION_THREADS);
  if (Number.isInteger(env) && env >= 1) return Math.min(env, 64);
  const os = host?.getBuiltinModule?.("node:os") as { availableParallelism?: () => number } | undefined;
  return Math.max(1, Math.min(64, os?.availableParallelism?.() ?? 1));
}

// The worker: instantiate both kernels on the shared memory, then run a slot each generation.
const WORKER_SOURCE = `
import { workerData } from "node:worker_threads";
const { memory, f32, f64, index } = workerData;
const g32 = new WebAssembly.Instance(f32, { env: { mem: memory } }).exports.gemm;
const g64 = new WebAssembly.Instance(f64, { env: { mem: memory } }).exports.gemm;
const ctl = new Int32Array(memory.buffer, 0, ${SLOT + 64 * SLOT_WORDS});
const o = ${SLOT} + index * ${SLOT_WORDS};
let seen = workerData.generation;
for (;;) {
  Atomics.wait(ctl, ${GEN}, seen);
  seen = Atomics.load(ctl, ${GEN});
  if (ctl[o] !== 0) {
    (ctl[o] === 32 ? g32 : g64)(ctl[o + 1], ctl[o + 2], ctl[o + 3], ctl[o + 4], ctl[o + 5], ctl[o + 6], ctl[o + 7], ctl[o + 8], ctl[o + 9]);
  }
  Atomics.add(ctl, ${DONE}, 1);
  Atomics.notify(ctl, ${DONE});
}
`;

let workers: WorkerLike[] | undefined;

/** Starts `count` workers on the runtime's memory once; [] where the host has no worker_threads. */
function pool(rt: GemmRuntime, count: number): readonly WorkerLike[] {
  if (workers !== undefined) return workers;
  workers = [];
  const wt = nodeHost()?.getBuiltinModule?.("node:worker_threads") as { Worker?: WorkerCtor } | undefined;
  if (wt?.Worker === undefined || !rt.shared) return workers;
  const ctl = new Int32Array(rt.memory.buffer, 0, SLOT);
  const url = new URL(`data:text/javascript,${encodeURIComponent(WORKER_SOURCE)}`);
  try {
    for (let index = 0; index < count; index++) {
      const w = new wt.Worker(url, {
        workerData: { memory: rt.memory, f32: rt.modules.float32, f64: rt.modules.float64, index, generation: Atomics.load(ctl, GEN) },
      });
      w.unref();
      workers.push(w);
    }
  } catch {
    workers = []; // a host that forbids workers runs on one thread
  }
  return workers;
}

/**
 * Runs the kernel `gemm(...args, i0, i1)` over rows [0, mPad) in slices of `mr`-row slivers: on
 * this thread alone for small products (`work` multiply-adds below `PARALLEL_WORK`) or one thread,
 * else split evenly across the workers and this thread. Every C element is computed by the same
 * instructions either way, so results do not depend on the thread count.
 *
 * @example `PARALLEL_WORK > 0` // true
 */
export function runRows(
  rt: GemmRuntime, dtype: "float32" | "float64", args: readonly number[], mPad: number, mr: number, work: number, threads?: number,
): void {
  const want = Math.min(threads ?? threadCount(), mPad / mr);
  const gemm = rt.gemm[dtype];
  const [a, b, c, mp, np, k, ldc] = args as [number, number, number, number, number, number, number];
  const helpers = want > 1 && work >= PARALLEL_WORK ? pool(rt, threadCount() - 1).slice(0, want - 1) : [];
  if (helpers.length === 0) {
    gemm(a, b, c, mp, np, k, ldc, 0, mPad);
    return;
  }
  const parts = helpers.length + 1;
  const slivers = mPad / mr;
  const rowAt = (t: number): number => Math.round((slivers * t) / parts) * mr;
  const ctl = new Int32Array(rt.memory.buffer, 0, SLOT + 64 * SLOT_WORDS);
  const all = workers!;
  for (let w = 0; w < all.length; w++) {
    const o = SLOT + w * SLOT_WORDS;
    const active = w < helpers.length;
    ctl[o] = active ? (dtype === "float32" ? 32 : 64) : 0;
    if (active) ctl.set([a, b, c, mp, np, k, ldc, rowAt(w + 1), rowAt(w + 2)], o + 1);
  }
  Atomics.store(ctl, DONE, 0);
  Atomics.add(ctl, GEN, 1);
  Atomics.notify(ctl, GEN);
  gemm(a, b, c, mp, np, k, ldc, 0, rowAt(1));
  for (let done = Atomics.load(ctl, DONE); done < all.length; done = Atomics.load(ctl, DONE)) Atomics.wait(ctl, DONE, done);
}
