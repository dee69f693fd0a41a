/**
 * Both cores for the WebAssembly GEMM: worker threads that instantiate the same kernels on the
 * same shared memory and run row ranges of a product while the calling thread runs its own share,
 * then waits (`Atomics.wait`) on a done counter — the caller stays synchronous. Workers start at
 * the first large product, are unref'd (they never keep a process alive) and start from a `data:`
 * URL module, which works from src/ or dist/ and under --disallow-code-generation-from-strings
 * (an `eval: true` worker would compile a string; a module URL does not). Hosts without
 * worker_threads (browsers) or without shared memory run on one thread.
 */
import { type GemmRuntime, gemmRuntime } from "./gemm-runtime.js";

/**
 * Products with fewer multiply-adds than this stay on the calling thread: a wake-up costs ~50 µs on
 * a quiet machine and far more on a busy one, while 128³ (2²¹) takes ~0.1 ms on one thread.
 */
export const PARALLEL_WORK = 1 << 22;

// Control block (int32 words at the start of memory): the job generation, the done counter, a
// failure flag, then per worker: the job (32 or 64: the packed kernel of that float width, with its
// nine arguments; 33 or 65: the no-packing kernel, with its eleven; 0 = no work this job), and a
// ready flag the worker sets once its kernels are instantiated.
const GEN = 0, DONE = 1, FAILED = 2, SLOT = 16, SLOT_WORDS = 16, READY = 15;

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
const { workerData } = process.getBuiltinModule("node:worker_threads");
const { memory, f32, f64, index } = workerData;
const e32 = new WebAssembly.Instance(f32, { env: { mem: memory } }).exports;
const e64 = new WebAssembly.Instance(f64, { env: { mem: memory } }).exports;
const ctl = new Int32Array(memory.buffer, 0, ${SLOT + 64 * SLOT_WORDS});
const o = ${SLOT} + index * ${SLOT_WORDS};
let seen = Atomics.load(ctl, ${GEN});
Atomics.store(ctl, o + ${READY}, 1);
for (;;) {
  Atomics.wait(ctl, ${GEN}, seen);
  seen = Atomics.load(ctl, ${GEN});
  if (ctl[o] === 0) continue;
  try {
    const job = ctl[o];
    if (job === 32 || job === 64) (job === 32 ? e32 : e64).gemm(ctl[o + 1], ctl[o + 2], ctl[o + 3], ctl[o + 4], ctl[o + 5], ctl[o + 6], ctl[o + 7], ctl[o + 8], ctl[o + 9]);
    else (job === 33 ? e32 : e64).gemm_small(ctl[o + 1], ctl[o + 2], ctl[o + 3], ctl[o + 4], ctl[o + 5], ctl[o + 6], ctl[o + 7], ctl[o + 8], ctl[o + 9], ctl[o + 10], ctl[o + 11]);
  } catch {
    Atomics.store(ctl, ${FAILED}, 1);
  } finally {
    Atomics.add(ctl, ${DONE}, 1);
    Atomics.notify(ctl, ${DONE});
  }
}
`;

let workers: WorkerLike[] | undefined;

/** Starts `count` workers on the runtime's memory once; [] where the host has no worker_threads. */
function pool(rt: GemmRuntime, count: number): readonly WorkerLike[] {
  if (workers !== undefined) return workers;
  workers = [];
  const wt = nodeHost()?.getBuiltinModule?.("node:worker_threads") as { Worker?: WorkerCtor } | undefined;
  if (wt?.Worker === undefined || !rt.shared) return workers;
  const url = new URL(`data:text/javascript,${encodeURIComponent(WORKER_SOURCE)}`);
  try {
    for (let index = 0; index < count; index++) {
      const w = new wt.Worker(url, {
        workerData: { memory: rt.memory, f32: rt.modules.float32, f64: rt.modules.float64, index },
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
 * How many workers are ready to take a share, starting them (asynchronously) if they are not yet;
 * 0 where there are none. Tests and benchmarks wait on it so that their products really split.
 *
 * @example `readyWorkers() >= 0` // true
 */
export function readyWorkers(): number {
  const rt = gemmRuntime();
  if (rt === null || threadCount() < 2 || !rt.shared) return 0;
  const all = pool(rt, threadCount() - 1);
  const ctl = new Int32Array(rt.memory.buffer, 0, SLOT + 64 * SLOT_WORDS);
  let ready = 0;
  for (let w = 0; w < all.length; w++) ready += Atomics.load(ctl, SLOT + w * SLOT_WORDS + READY);
  return ready;
}

/**
 * Runs the kernel `gemm(...args, i0, i1)` over rows [0, mPad) in slices of `mr`-row slivers: on
 * this thread alone for small products (`work` multiply-adds below `PARALLEL_WORK`) or one thread,
 * else split evenly across this thread and the workers that are ready (a worker still starting
 * gets no share, so the first large product never waits for a worker to boot). Every C element is
 * computed by the same instructions either way, so results do not depend on the thread count. If a
 * worker fails, this thread recomputes every row and later products run on one thread.
 *
 * @example `PARALLEL_WORK > 0` // true
 */
export function runRows(
  rt: GemmRuntime, dtype: "float32" | "float64", args: readonly number[], mPad: number, mr: number, work: number, threads?: number,
): void {
  const want = Math.min(threads ?? threadCount(), mPad / mr);
  const gemm = rt.gemm[dtype];
  const [a, b, c, mp, np, k, ldc] = args as [number, number, number, number, number, number, number];
  const all = want > 1 && work >= PARALLEL_WORK ? pool(rt, threadCount() - 1) : [];
  const ctl = new Int32Array(rt.memory.buffer, 0, SLOT + 64 * SLOT_WORDS);
  const helpers: number[] = [];
  for (let w = 0; w < all.length && helpers.length < want - 1; w++) if (Atomics.load(ctl, SLOT + w * SLOT_WORDS + READY) === 1) helpers.push(w);
  if (helpers.length === 0) {
    gemm(a, b, c, mp, np, k, ldc, 0, mPad);
    return;
  }
  const parts = helpers.length + 1;
  const slivers = mPad / mr;
  const rowAt = (t: number): number => Math.round((slivers * t) / parts) * mr;
  for (let w = 0; w < all.length; w++) ctl[SLOT + w * SLOT_WORDS] = 0;
  helpers.forEach((w, t) => {
    const o = SLOT + w * SLOT_WORDS;
    ctl.set([a, b, c, mp, np, k, ldc, rowAt(t + 1), rowAt(t + 2)], o + 1);
    ctl[o] = dtype === "float32" ? 32 : 64;
  });
  Atomics.store(ctl, DONE, 0);
  Atomics.add(ctl, GEN, 1);
  Atomics.notify(ctl, GEN);
  gemm(a, b, c, mp, np, k, ldc, 0, rowAt(1));
  for (let done = Atomics.load(ctl, DONE); done < helpers.length; done = Atomics.load(ctl, DONE)) Atomics.wait(ctl, DONE, done);
  if (Atomics.load(ctl, FAILED) !== 0) {
    workers = [];
    gemm(a, b, c, mp, np, k, ldc, 0, mPad);
  }
}

/**
 * The no-packing kernel (`gemm_small`, gemm-small-kernel.ts) over rows [0, mPad), split like
 * {@link runRows}: each thread takes whole `mr`-row slivers — A's and C's pointers moved to its
 * first row, its row count as the padded height — so every tile, and every C element, is the one
 * a single thread computes. `args` are the entry's eleven arguments; `bytes` the element size.
 *
 * @example `PARALLEL_WORK > 0` // true
 */
export function runSmallRows(
  rt: GemmRuntime, dtype: "float32" | "float64", args: readonly number[], mr: number, work: number, threads?: number,
): void {
  const [a, aRow, aCol, b, bCol, bDepth, c, mPad, nPad, k, ldc] = args as [number, number, number, number, number, number, number, number, number, number, number];
  const small = rt.small[dtype];
  const want = work >= PARALLEL_WORK ? Math.min(threads ?? threadCount(), mPad / mr) : 1;
  const all = want > 1 ? pool(rt, threadCount() - 1) : [];
  const ctl = new Int32Array(rt.memory.buffer, 0, SLOT + 64 * SLOT_WORDS);
  const helpers: number[] = [];
  for (let w = 0; w < all.length && helpers.length < want - 1; w++) if (Atomics.load(ctl, SLOT + w * SLOT_WORDS + READY) === 1) helpers.push(w);
  if (helpers.length === 0) {
    small(a, aRow, aCol, b, bCol, bDepth, c, mPad, nPad, k, ldc);
    return;
  }
  const bytes = dtype === "float32" ? 4 : 8;
  const parts = helpers.length + 1;
  const slivers = mPad / mr;
  const rowAt = (t: number): number => Math.round((slivers * t) / parts) * mr;
  for (let w = 0; w < all.length; w++) ctl[SLOT + w * SLOT_WORDS] = 0;
  helpers.forEach((w, t) => {
    const o = SLOT + w * SLOT_WORDS;
    const r0 = rowAt(t + 1);
    ctl.set([a + r0 * aRow, aRow, aCol, b, bCol, bDepth, c + r0 * ldc * bytes, rowAt(t + 2) - r0, nPad, k, ldc], o + 1);
    ctl[o] = dtype === "float32" ? 33 : 65;
  });
  Atomics.store(ctl, DONE, 0);
  Atomics.add(ctl, GEN, 1);
  Atomics.notify(ctl, GEN);
  small(a, aRow, aCol, b, bCol, bDepth, c, rowAt(1), nPad, k, ldc);
  for (let done = Atomics.load(ctl, DONE); done < helpers.length; done = Atomics.load(ctl, DONE)) Atomics.wait(ctl, DONE, done);
  if (Atomics.load(ctl, FAILED) !== 0) {
    Atomics.store(ctl, FAILED, 0);
    workers = [];
    small(a, aRow, aCol, b, bCol, bDepth, c, mPad, nPad, k, ldc);
  }
}
