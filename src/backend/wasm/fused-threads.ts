/**
 * Both cores for large fused loops: worker threads that instantiate the fused loops' modules on
 * the same shared memory and run byte ranges of a loop while the calling thread runs its own share,
 * then waits (`Atomics.wait`) on a done counter — the caller stays synchronous, as with the GEMM's
 * threads (threads.ts, whose thread count this shares). A module reaches a worker as a message on
 * its own port, which the worker reads synchronously (`receiveMessageOnPort`) each time it wakes,
 * before its job. Every element is computed by the same instructions whichever thread runs it, so
 * results do not depend on the thread count. Workers start at the first large loop, are unref'd,
 * and start from a `data:` URL module (no code generation from strings).
 */
import type { WasmMemory } from "./host.js";
import { threadCount } from "./threads.js";

/** Loops over fewer elements than this run on the calling thread (a wake-up costs tens of µs). */
export const PARALLEL_ELEMENTS = 1 << 16;

// Control block (int32 words at the start of the memory, which the fused loops keep free): the job
// generation, the done counter, a failure flag, then per worker: module id (0 = no work this job),
// the loop's five arguments, and a ready flag.
const GEN = 0, DONE = 1, FAILED = 2, SLOT = 16, SLOT_WORDS = 8, READY = 7, MAX_WORKERS = 63;
/** Int32 words of the control block. */
export const CONTROL_WORDS = SLOT + MAX_WORKERS * SLOT_WORDS;

interface NodeHost {
  readonly getBuiltinModule?: (id: string) => unknown;
}
interface PortLike { postMessage(m: unknown): void; close(): void }
interface WorkerLike { unref(): void }
interface WorkerThreads {
  Worker?: new (url: URL, options: { workerData: unknown; transferList: unknown[] }) => WorkerLike;
  MessageChannel?: new () => { port1: PortLike; port2: unknown };
}

const WORKER_SOURCE = `
const { workerData, receiveMessageOnPort } = process.getBuiltinModule("node:worker_threads");
const { memory, port, index } = workerData;
const imports = { math: { sin: Math.sin, cos: Math.cos }, env: { mem: memory } };
const runs = new Map();
const ctl = new Int32Array(memory.buffer, 0, ${CONTROL_WORDS});
const o = ${SLOT} + index * ${SLOT_WORDS};
let seen = Atomics.load(ctl, ${GEN});
Atomics.store(ctl, o + ${READY}, 1);
for (;;) {
  Atomics.wait(ctl, ${GEN}, seen);
  seen = Atomics.load(ctl, ${GEN});
  for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) {
    runs.set(m.message.id, new WebAssembly.Instance(m.message.module, imports).exports.run);
  }
  const id = ctl[o];
  if (id === 0) continue;
  try {
    runs.get(id)(ctl[o + 1], ctl[o + 2], ctl[o + 3], ctl[o + 4], ctl[o + 5]);
  } catch {
    Atomics.store(ctl, ${FAILED}, 1);
  } finally {
    Atomics.add(ctl, ${DONE}, 1);
    Atomics.notify(ctl, ${DONE});
  }
}
`;

interface Pool {
  readonly ports: PortLike[];
  /** Per worker, the module ids it has been sent. */
  readonly sent: Set<number>[];
}

let pool: Pool | undefined;

/** Counters tests read: loops split across threads, and those this thread recomputed after a failure. */
const stats = { split: 0, recomputed: 0 };

/** @internal The counters of {@link runSplit} (a copy). */
export function fusedThreadStats(): { readonly split: number; readonly recomputed: number } {
  return { ...stats };
}

/** Starts the workers once on `memory` (shared); an empty pool where the host has no worker_threads. */
function poolOn(memory: WasmMemory): Pool {
  if (pool !== undefined) return pool;
  pool = { ports: [], sent: [] };
  const count = Math.min(threadCount() - 1, MAX_WORKERS);
  const wt = (globalThis as { process?: NodeHost }).process?.getBuiltinModule?.("node:worker_threads") as WorkerThreads | undefined;
  if (count < 1 || wt?.Worker === undefined || wt.MessageChannel === undefined) return pool;
  const url = new URL(`data:text/javascript,${encodeURIComponent(WORKER_SOURCE)}`);
  try {
    for (let index = 0; index < count; index++) {
      const { port1, port2 } = new wt.MessageChannel();
      const w = new wt.Worker(url, { workerData: { memory, port: port2, index }, transferList: [port2] });
      w.unref();
      pool.ports.push(port1);
      pool.sent.push(new Set());
    }
  } catch {
    pool = { ports: [], sent: [] }; // a host that forbids workers runs on one thread
  }
  return pool;
}

/**
 * @internal How many fused-loop workers are ready (starting them if they are not yet); 0 without
 * workers. Tests wait on it so that their loops really split.
 */
export function readyFusedWorkers(memory: WasmMemory): number {
  if (threadCount() < 2) return 0;
  const p = poolOn(memory);
  const ctl = new Int32Array(memory.buffer, 0, CONTROL_WORDS);
  let ready = 0;
  for (let w = 0; w < p.ports.length; w++) ready += Atomics.load(ctl, SLOT + w * SLOT_WORDS + READY);
  return ready;
}

/**
 * Runs `run(scalars, data, stride, start, end)` over the byte range [0, end) of a loop over
 * `elements` elements: on this thread alone below {@link PARALLEL_ELEMENTS} or without ready
 * workers, else split at whole vectors between this thread and the ready workers (a worker still
 * starting gets no share). If a worker fails, this thread recomputes the whole range.
 *
 * @example `PARALLEL_ELEMENTS > 1000` // true
 */
export function runSplit(
  memory: WasmMemory, shared: boolean, module: object, id: number,
  run: (s: number, d: number, st: number, a: number, b: number) => void,
  args: readonly [number, number, number], end: number, elements: number,
): void {
  const [sc, data, stride] = args;
  if (!shared || elements < PARALLEL_ELEMENTS || threadCount() < 2) {
    run(sc, data, stride, 0, end);
    return;
  }
  const p = poolOn(memory);
  const ctl = new Int32Array(memory.buffer, 0, CONTROL_WORDS);
  const helpers: number[] = [];
  for (let w = 0; w < p.ports.length; w++) if (Atomics.load(ctl, SLOT + w * SLOT_WORDS + READY) === 1) helpers.push(w);
  if (helpers.length === 0) {
    run(sc, data, stride, 0, end);
    return;
  }
  const parts = helpers.length + 1;
  const vectors = end / 16;
  const at = (t: number): number => Math.round((vectors * t) / parts) * 16;
  for (let w = 0; w < p.ports.length; w++) ctl[SLOT + w * SLOT_WORDS] = 0;
  helpers.forEach((w, t) => {
    if (!p.sent[w]!.has(id)) {
      p.ports[w]!.postMessage({ id, module });
      p.sent[w]!.add(id);
    }
    const o = SLOT + w * SLOT_WORDS;
    ctl.set([sc, data, stride, at(t + 1), at(t + 2)], o + 1);
    ctl[o] = id;
  });
  stats.split++;
  Atomics.store(ctl, DONE, 0);
  Atomics.add(ctl, GEN, 1);
  Atomics.notify(ctl, GEN);
  run(sc, data, stride, 0, at(1));
  for (let done = Atomics.load(ctl, DONE); done < helpers.length; done = Atomics.load(ctl, DONE)) Atomics.wait(ctl, DONE, done);
  if (Atomics.load(ctl, FAILED) !== 0) {
    Atomics.store(ctl, FAILED, 0);
    stats.recomputed++;
    run(sc, data, stride, 0, end);
  }
}
