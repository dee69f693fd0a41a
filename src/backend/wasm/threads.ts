/**
 * Both cores for the WebAssembly GEMM: worker threads that instantiate the same kernels on the
 * same shared memory. A product's rows are cut into chunks that the calling thread and the workers
 * take from one shared counter until none is left, so a worker that wakes late (or not at all, on
 * a busy machine) only takes fewer chunks instead of holding up the caller; the caller then waits
 * (`Atomics.wait`) for the chunks still running elsewhere — it stays synchronous. The workers are
 * woken while the caller copies the operands in, and spin briefly after a job before they sleep,
 * so their wake-up overlaps other work. A split that stalls on a descheduled worker (more runnable
 * threads than cores) pauses splitting for a growing number of products. Workers start at the first large product, are unref'd (they never keep a process alive) and
 * start from a `data:` URL module, which works from src/ or dist/ and under
 * --disallow-code-generation-from-strings (an `eval: true` worker would compile a string; a module
 * URL does not). Hosts without worker_threads (browsers) or without shared memory run on one thread.
 */
import { type GemmRuntime, gemmRuntime } from "./gemm-runtime.js";

/**
 * Products with fewer multiply-adds than this stay on the calling thread. At 2²² (≈ 161³) a
 * thread's half takes ~0.2 ms, well above a quiet wake-up (10–80 µs); below, splitting gains too
 * little for the second core it occupies.
 */
export const PARALLEL_WORK = 1 << 22;

/** The two kernels a job runs: `gemm` over packed operands, or `gemm_small` over operands as they lie. */
export type GemmKernel = "packed" | "small";

// Control block (int32 words at the start of memory; CONTROL_BYTES keeps it free). Words written by
// every thread sit on cache lines of their own. GEN: the job generation workers wait on. NEXT: the
// claim word, the generation's low bits above the next chunk's index (a worker that read an older
// generation cannot claim a chunk of a newer job). DONE: chunks the workers finished this job.
// The job: its kernel code (32/64 packed, 33/65 no-packing, by float width), chunk count, rows a
// chunk, padded row count, helper count (workers with a lower index take part), eleven kernel
// arguments. Per worker, on a line of its own: a ready flag (set once its kernels are
// instantiated) and the chunks it has run.
const GEN = 0, NEXT = 16, DONE = 32, FAILED = 33;
const JOB = 48, CHUNKS = 49, ROWS = 50, MPAD = 51, HELPERS = 52, ARGS = 53;
const LINES = 80, LINE = 16, MAX_WORKERS = 63;
const INDEX_BITS = 12, INDEX_MASK = (1 << INDEX_BITS) - 1, TAG_MASK = (1 << (31 - INDEX_BITS)) - 1;
const WORDS = LINES + MAX_WORKERS * LINE;
/** How long a worker keeps spinning for the next job before it sleeps, and the caller for the last chunks (ms). */
const WORKER_SPIN_MS = 0.05, CALLER_SPIN_MS = 0.1;

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
  if (Number.isInteger(env) && env >= 1) return Math.min(env, MAX_WORKERS + 1);
  const os = host?.getBuiltinModule?.("node:os") as { availableParallelism?: () => number } | undefined;
  return Math.max(1, Math.min(MAX_WORKERS + 1, os?.availableParallelism?.() ?? 1));
}

// The worker: instantiate both kernels on the shared memory; then, each generation, claim and run
// chunks until the job has none left, and spin a little before sleeping. `chunk` mirrors
// `runChunk` below (the two are checked against each other by the threaded-equals-one-thread tests).
const WORKER_SOURCE = `
const { workerData } = process.getBuiltinModule("node:worker_threads");
const { memory, f32, f64, index } = workerData;
const e32 = new WebAssembly.Instance(f32, { env: { mem: memory } }).exports;
const e64 = new WebAssembly.Instance(f64, { env: { mem: memory } }).exports;
const ctl = new Int32Array(memory.buffer, 0, ${WORDS});
const me = ${LINES} + index * ${LINE};
const x = new Int32Array(11);
function chunk(job, r0, r1) {
  if (job === 32 || job === 64) (job === 32 ? e32 : e64).gemm(x[0], x[1], x[2], x[3], x[4], x[5], x[6], r0, r1);
  else (job === 33 ? e32 : e64).gemm_small(x[0] + r0 * x[1], x[1], x[2], x[3], x[4], x[5], x[6] + r0 * x[10] * (job === 33 ? 4 : 8), r1 - r0, x[8], x[9], x[10]);
}
let seen = Atomics.load(ctl, ${GEN});
Atomics.store(ctl, me, 1);
for (;;) {
  if (Atomics.load(ctl, ${GEN}) === seen) {
    const until = performance.now() + ${WORKER_SPIN_MS};
    for (let i = 1; Atomics.load(ctl, ${GEN}) === seen; i++) {
      if ((i & 63) === 0 && performance.now() > until) {
        Atomics.wait(ctl, ${GEN}, seen);
        break;
      }
    }
  }
  seen = Atomics.load(ctl, ${GEN});
  if (index >= ctl[${HELPERS}]) continue;
  const tag = (seen & ${TAG_MASK}) << ${INDEX_BITS};
  const job = ctl[${JOB}], chunks = ctl[${CHUNKS}], rows = ctl[${ROWS}], mPad = ctl[${MPAD}];
  for (let a = 0; a < 11; a++) x[a] = ctl[${ARGS} + a];
  for (;;) {
    const w = Atomics.load(ctl, ${NEXT});
    const c = w & ${INDEX_MASK};
    if (w - c !== tag || c >= chunks) break;
    if (Atomics.compareExchange(ctl, ${NEXT}, w, w + 1) !== w) continue;
    try {
      chunk(job, c * rows, Math.min(c * rows + rows, mPad));
    } catch {
      Atomics.store(ctl, ${FAILED}, 1);
    }
    ctl[me + 1]++;
    Atomics.add(ctl, ${DONE}, 1);
    Atomics.notify(ctl, ${DONE});
  }
}
`;

let workers: WorkerLike[] | undefined;

/**
 * Products still to run on this thread alone because a split stalled, and the length of the last
 * such pause (doubled at each stall up to `MAX_PAUSE`, halved after a split that did not stall).
 * A split stalls when this thread, its own chunks done, waits much longer than a chunk takes for
 * a worker's: the worker was descheduled holding a chunk, which happens when the machine has more
 * runnable threads than cores — and then one thread is faster than two.
 */
let pause = 0;
let pauseLength = 0;
const MAX_PAUSE = 64;

/** Starts `count` workers on the runtime's memory once; [] where the host has no worker_threads. */
function pool(rt: GemmRuntime, count: number): readonly WorkerLike[] {
  if (workers !== undefined) return workers;
  workers = [];
  const wt = nodeHost()?.getBuiltinModule?.("node:worker_threads") as { Worker?: WorkerCtor } | undefined;
  if (wt?.Worker === undefined || !rt.shared) return workers;
  const url = new URL(`data:text/javascript,${encodeURIComponent(WORKER_SOURCE)}`);
  try {
    for (let index = 0; index < Math.min(count, MAX_WORKERS); index++) {
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
  const ctl = new Int32Array(rt.memory.buffer, 0, WORDS);
  let ready = 0;
  for (let w = 0; w < all.length; w++) ready += Atomics.load(ctl, LINES + w * LINE);
  return ready;
}

/**
 * Wakes the workers ahead of a product of `work` multiply-adds that will split (`threads` as
 * {@link runRows} takes it), so that their wake-up (10–80 µs, more on a busy machine) overlaps
 * this thread's copying of the operands: a woken worker that finds no new job spins for one.
 * Starts nothing, and does nothing for products that stay on this thread.
 *
 * @example `PARALLEL_WORK` // 4194304: a product of fewer multiply-adds wakes no worker
 */
export function wakeWorkers(rt: GemmRuntime, work: number, threads?: number): void {
  if (work < PARALLEL_WORK || threads === 1 || (pause > 0 && threads === undefined) || workers === undefined || workers.length === 0) return;
  Atomics.notify(new Int32Array(rt.memory.buffer, 0, WORDS), GEN);
}

/** Counters tests and bench/gemm.ts read (see {@link gemmThreadStats}). */
const stats = { split: 0, workerChunks: 0, stalls: 0, recomputed: 0 };

/**
 * @internal The counters of {@link runRows} (a copy): products split across threads, the chunks
 * of them that workers ran, splits that stalled (each pauses splitting), and products this thread
 * recomputed after a worker failed.
 */
export function gemmThreadStats(): { readonly split: number; readonly workerChunks: number; readonly stalls: number; readonly recomputed: number } {
  return { ...stats };
}

/** Runs rows [r0, r1) of a job on this thread (the worker's `chunk` does the same). */
function runChunk(rt: GemmRuntime, dtype: "float32" | "float64", kernel: GemmKernel, x: readonly number[], r0: number, r1: number): void {
  if (kernel === "packed") {
    rt.gemm[dtype](x[0]!, x[1]!, x[2]!, x[3]!, x[4]!, x[5]!, x[6]!, r0, r1);
  } else {
    const bytes = dtype === "float32" ? 4 : 8;
    rt.small[dtype](x[0]! + r0 * x[1]!, x[1]!, x[2]!, x[3]!, x[4]!, x[5]!, x[6]! + r0 * x[10]! * bytes, r1 - r0, x[8]!, x[9]!, x[10]!);
  }
}

/**
 * Rows a chunk: whole `mr`-row slivers of about 2²⁰ multiply-adds (~25–50 µs: what a worker that
 * wakes late can leave the caller waiting for), and at least 1/8 of a thread's share, so a job has
 * at most 8 chunks a thread (512 for 64 threads, within the claim word's index). The kernels run as
 * fast on chunks of 16 rows as on the whole range (measured, 256³ to 2048³).
 */
function chunkRows(mPad: number, mr: number, rowWork: number, parts: number): number {
  const byWork = Math.ceil((1 << 20) / Math.max(1, rowWork));
  const byShare = Math.ceil(mPad / (8 * parts));
  return Math.ceil(Math.max(byWork, byShare) / mr) * mr;
}

/**
 * Runs `kernel` over rows [0, mPad) of a product of `work` multiply-adds: on this thread alone for
 * small products (below `PARALLEL_WORK`), for `threads` = 1, while no worker is ready yet (a
 * worker still starting never delays a product), or during a pause after a stalled split (see
 * `pause`; an explicit `threads` is obeyed regardless); else in chunks of whole `mr`-row slivers that
 * this thread and up to `threads` − 1 workers claim one at a time. `args` are the kernel's
 * arguments without a row range: `gemm`'s first seven (`a, b, c, mPad, nPad, k, ldc`), or
 * `gemm_small`'s eleven, whose A and C pointers a chunk moves to its first row. Every C element is
 * computed by the same instructions whoever runs its chunk, so results do not depend on the thread
 * count or on who took which chunk. If a worker fails, this thread recomputes every row and later
 * products run on one thread.
 *
 * @example `PARALLEL_WORK > 0` // true
 */
export function runRows(
  rt: GemmRuntime, dtype: "float32" | "float64", kernel: GemmKernel, args: readonly number[],
  mPad: number, mr: number, work: number, threads?: number,
): void {
  let want = work >= PARALLEL_WORK && rt.shared ? Math.min(threads ?? threadCount(), mPad / mr) : 1;
  if (want > 1 && pause > 0 && threads === undefined) {
    pause--;
    want = 1;
  }
  const all = want > 1 ? pool(rt, threadCount() - 1) : [];
  const ctl = new Int32Array(rt.memory.buffer, 0, WORDS);
  let helpers = 0;
  for (let w = 0; w < all.length && w < want - 1; w++) helpers += Atomics.load(ctl, LINES + w * LINE);
  if (helpers === 0) {
    runChunk(rt, dtype, kernel, args, 0, mPad);
    return;
  }
  const rows = chunkRows(mPad, mr, mPad > 0 ? work / mPad : 0, helpers + 1);
  const chunks = Math.ceil(mPad / rows);
  // Publish the job: close the old claim word first, so a worker still holding an older generation
  // cannot claim while the parameters change; then open it under the new generation.
  const gen = (Atomics.load(ctl, GEN) + 1) | 0;
  const tag = (gen & TAG_MASK) << INDEX_BITS;
  Atomics.store(ctl, NEXT, tag | INDEX_MASK);
  ctl[JOB] = (dtype === "float32" ? 32 : 64) + (kernel === "small" ? 1 : 0);
  ctl[CHUNKS] = chunks;
  ctl[ROWS] = rows;
  ctl[MPAD] = mPad;
  ctl[HELPERS] = Math.min(want - 1, all.length);
  for (let i = 0; i < args.length; i++) ctl[ARGS + i] = args[i]!;
  Atomics.store(ctl, DONE, 0);
  Atomics.store(ctl, FAILED, 0);
  Atomics.store(ctl, NEXT, tag);
  Atomics.store(ctl, GEN, gen);
  Atomics.notify(ctl, GEN);
  let mine = 0;
  let ownEnd = NaN;
  const start = performance.now();
  try {
    for (;;) {
      const w = Atomics.load(ctl, NEXT);
      const c = w & INDEX_MASK;
      if (c >= chunks) break;
      if (Atomics.compareExchange(ctl, NEXT, w, w + 1) !== w) continue;
      mine++;
      runChunk(rt, dtype, kernel, args, c * rows, Math.min(c * rows + rows, mPad));
    }
    ownEnd = performance.now();
  } finally {
    // Close the job (if this thread threw, no worker may start another chunk of it) and wait for the
    // chunks workers claimed: none may still write to memory that the next product reuses.
    const claimed = Math.min(Atomics.exchange(ctl, NEXT, tag | INDEX_MASK) & INDEX_MASK, chunks);
    const theirs = claimed - mine;
    const until = performance.now() + CALLER_SPIN_MS;
    for (let i = 1, done = Atomics.load(ctl, DONE); done < theirs; i++, done = Atomics.load(ctl, DONE)) {
      if ((i & 63) === 0 && performance.now() > until) Atomics.wait(ctl, DONE, done);
    }
    stats.workerChunks += theirs;
  }
  stats.split++;
  // A stall: waiting for the workers longer than two of this thread's chunks (and 0.25 ms) took.
  const waited = performance.now() - ownEnd;
  if (waited > Math.max(0.25, (2 * (ownEnd - start)) / Math.max(1, mine))) {
    pauseLength = Math.min(MAX_PAUSE, Math.max(1, 2 * pauseLength));
    pause = pauseLength;
    stats.stalls++;
  } else {
    pauseLength >>= 1;
  }
  if (Atomics.load(ctl, FAILED) !== 0) {
    stats.recomputed++;
    workers = [];
    runChunk(rt, dtype, kernel, args, 0, mPad);
  }
}
