/**
 * GEMM throughput in GFLOP/s (2mnk per product), n×n×n for n = 256, 512, 1024, 2048 (and 2600 float32,
 * past the previous kernel's 64 MB memory), float32 and float64, in one process: the WebAssembly
 * SIMD GEMM of src/backend/wasm/ on one thread and on all threads, fluxion's `np.matmul` (dispatch and
 * the copy `.data()` makes included), the previous float32 wasm kernel (bench/previous-wasm-gemm.ts; the JS kernel for
 * float64) and @jax-js/jax's wasm matmul. Engines are interleaved round by round; the best round
 * (the least noisy statistic on a shared machine), the median round and the median CPU time of the
 * whole process (every thread, spinning included: what a split costs the machine) are reported,
 * with the load average before and after. Every engine's first result is checked against a
 * float64 product.
 * Run alone after `npm run build`: `node dist/bench/gemm.js [sizes] [rounds]`.
 */
import { readFileSync } from "node:fs";
import { wasmGemm } from "../src/backend/wasm/gemm.js";
import { gemmThreadStats, readyWorkers, threadCount } from "../src/backend/wasm/threads.js";
import { np } from "../src/index.js";
import { gemmStrided, installGemmAccelerator } from "../src/tensor/kernels/gemm.js";
import { loadJax } from "./engines/jax.js";
import { wasmGemmF32 as previousWasmF32 } from "./previous-wasm-gemm.js";

type Float = "float32" | "float64";
type Out = Float32Array | Float64Array;
interface Engine { readonly name: string; run(): Out | undefined }

const loadavg = (): string => {
  try {
    return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  } catch {
    return "n/a";
  }
};

function uniform(dtype: Float, len: number, seed: number): Out {
  const out = dtype === "float32" ? new Float32Array(len) : new Float64Array(len);
  let s = seed >>> 0;
  for (let i = 0; i < len; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 32) * 2 - 1;
  }
  return out;
}

/** Max |c − exact| over 64 sampled entries, relative to Σ|a·b| (float64 sums). */
function sampledError(a: Out, b: Out, c: Out, n: number): number {
  let worst = 0;
  for (let t = 0; t < 64; t++) {
    const i = (t * 7919) % n, j = (t * 104729) % n;
    let sum = 0, scale = 0;
    for (let p = 0; p < n; p++) {
      const x = a[i * n + p]! * b[p * n + j]!;
      sum += x;
      scale += Math.abs(x);
    }
    worst = Math.max(worst, Math.abs(c[i * n + j]! - sum) / scale);
  }
  return worst;
}

async function engines(dtype: Float, n: number, a: Out, b: Out): Promise<Engine[]> {
  const view = (data: Out) => ({ data, offset: 0, rowStride: n, colStride: 1 });
  const fresh = (): Out => (dtype === "float32" ? new Float32Array(n * n) : new Float64Array(n * n));
  const list: Engine[] = [
    { name: "wasm SIMD, 1 thread", run: () => { const c = fresh(); wasmGemm(dtype, n, n, n, view(a), view(b), c, 0, 1); return c; } },
    { name: `wasm SIMD, ${threadCount()} threads`, run: () => { const c = fresh(); wasmGemm(dtype, n, n, n, view(a), view(b), c, 0); return c; } },
  ];
  const fa = np.array(a, { dtype }).reshape([n, n]), fb = np.array(b, { dtype }).reshape([n, n]);
  list.push({ name: "fluxion np.matmul", run: () => np.matmul(fa, fb).data() as Out });
  if (dtype === "float32") {
    list.push({ name: "previous wasm kernel", run: () => { const c = new Float32Array(n * n); return previousWasmF32(n, n, n, view(a) as never, view(b) as never, c, 0) ? c : undefined; } });
  } else if (n <= 1024) {
    list.push({
      name: "previous JS kernel",
      run: () => {
        installGemmAccelerator(undefined);
        try {
          return gemmStrided(1, n, n, n, { ...view(a), batchStride: 0 }, { ...view(b), batchStride: 0 }, "float64") as Out;
        } finally {
          installGemmAccelerator(wasmGemm);
        }
      },
    });
  }
  try {
    const jax = await loadJax("wasm");
    const ja = jax.numpy.array(a, { shape: [n, n], dtype: dtype as never }), jb = jax.numpy.array(b, { shape: [n, n], dtype: dtype as never });
    list.push({ name: "@jax-js/jax wasm", run: () => jax.numpy.matmul(ja.ref, jb.ref).dataSync() as Out });
  } catch {
    // jax-js unavailable, or without this dtype on wasm
  }
  return list;
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

async function main(): Promise<void> {
  const sizes = (process.argv[2] ?? "256,512,1024,2048").split(",").map(Number);
  const rounds = Number(process.argv[3] ?? 5);
  // Start the workers and let them get ready, so that the timed products really split.
  for (let t = 0; t < 100 && readyWorkers() < threadCount() - 1; t++) await new Promise((r) => setTimeout(r, 50));
  console.log(`GEMM GFLOP/s (${rounds} interleaved rounds); threads = ${threadCount()}; load average ${loadavg()}`);
  for (const dtype of ["float32", "float64"] as const) {
    for (const n of [...sizes, ...(dtype === "float32" && sizes.includes(2048) ? [2600] : [])]) {
      const a = uniform(dtype, n * n, 1), b = uniform(dtype, n * n, 2);
      const list = await engines(dtype, n, a, b);
      const times = new Map<string, number[]>();
      const cpu = new Map<string, number[]>();
      const error = new Map<string, number>();
      for (const e of list) {
        const c = e.run(); // warm-up, and the accuracy check
        error.set(e.name, c === undefined ? NaN : sampledError(a, b, c, n));
      }
      const reps = n >= 2048 ? Math.min(rounds, 3) : rounds;
      for (let r = 0; r < reps; r++) {
        for (const e of list) {
          const c0 = process.cpuUsage();
          const t0 = performance.now();
          const c = e.run();
          const ms = performance.now() - t0;
          const used = process.cpuUsage(c0);
          if (c === undefined) continue;
          times.set(e.name, [...(times.get(e.name) ?? []), ms]);
          cpu.set(e.name, [...(cpu.get(e.name) ?? []), (used.user + used.system) / 1000]);
        }
      }
      const gflops = (ms: number): string => ((2 * n ** 3) / ms / 1e6).toFixed(1).padStart(6);
      for (const e of list) {
        const ts = times.get(e.name);
        const rate = ts === undefined
          ? "(does not run)"
          : `${gflops(Math.min(...ts))} GFLOP/s best (${Math.min(...ts).toFixed(2)} ms), ${gflops(median(ts))} median (${median(ts).toFixed(2)} ms), CPU ${median(cpu.get(e.name)!).toFixed(2)} ms`;
        console.log(`${dtype} ${String(n).padStart(4)}³  ${e.name.padEnd(24)} ${rate}  rel. err ${error.get(e.name)!.toExponential(1)}`);
      }
    }
  }
  const st = gemmThreadStats();
  console.log(`products split across threads: ${st.split} (chunks run by workers: ${st.workerChunks}; stalled: ${st.stalls}); load average after: ${loadavg()}`);
}

await main();
