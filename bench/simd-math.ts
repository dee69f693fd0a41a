/**
 * Throughput of the vectorised float32 transcendentals (src/backend/wasm/simd-math-f32*.ts) over 1e6
 * elements in wasm memory, against a plain JS loop applying the scalar kernel (`Math.exp` …) from one
 * Float32Array into another. Both are timed alone, interleaved round by round, best round reported
 * (the machine is shared: min-of-N is the least noisy statistic); the load average is printed before
 * and after. Run after `npm run build`: `node dist/bench/simd-math.js [elements] [rounds]`.
 */
import { readFileSync } from "node:fs";
import { type SimdUnary, expF32, logF32, logisticF32, tanhF32 } from "../src/backend/wasm/simd-math-f32.js";
import { erfF32 } from "../src/backend/wasm/simd-math-f32-erf.js";
import { simdUnaryKernel } from "../src/backend/wasm/simd-math-runtime.js";
import { erf, logistic } from "../src/tensor/kernels/scalar-math.js";

const loadavg = (): string => {
  try {
    return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  } catch {
    return "n/a";
  }
};

interface Fn {
  readonly name: string;
  readonly simd: SimdUnary;
  readonly scalar: (x: number) => number;
  readonly lo: number;
  readonly hi: number;
}

const FNS: readonly Fn[] = [
  { name: "exp", simd: expF32, scalar: Math.exp, lo: -10, hi: 10 },
  { name: "log", simd: logF32, scalar: Math.log, lo: 1e-3, hi: 100 },
  { name: "tanh", simd: tanhF32, scalar: Math.tanh, lo: -5, hi: 5 },
  { name: "logistic", simd: logisticF32, scalar: logistic, lo: -10, hi: 10 },
  { name: "erf", simd: erfF32, scalar: erf, lo: -3, hi: 3 },
];

function uniform(len: number, lo: number, hi: number): Float32Array {
  const out = new Float32Array(len);
  let s = 12345;
  for (let i = 0; i < len; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = lo + (s / 2 ** 32) * (hi - lo);
  }
  return out;
}

/** The JS baseline: one monomorphic loop per function, as the CPU backend's fused loops are. */
function jsLoop(f: (x: number) => number): (x: Float32Array, y: Float32Array) => void {
  return (x, y) => {
    for (let i = 0; i < x.length; i++) y[i] = f(x[i]!);
  };
}

function main(): void {
  const n = Number(process.argv[2] ?? 1e6);
  const rounds = Number(process.argv[3] ?? 15);
  console.log(`float32 elementwise, ${n} elements, Melem/s (best of ${rounds} interleaved rounds); load average ${loadavg()}`);
  for (const fn of FNS) {
    const x = uniform(n, fn.lo, fn.hi);
    const kernel = simdUnaryKernel(fn.simd);
    const padded = Math.ceil(n / 4) * 4;
    kernel.apply(x); // grows the kernel's memory once; views below are made after
    new Float32Array(kernel.memory.buffer, 0, n).set(x);
    const y = new Float32Array(n);
    const loop = jsLoop(fn.scalar);
    let bestSimd = Infinity, bestJs = Infinity;
    for (let r = 0; r < rounds; r++) {
      let t0 = performance.now();
      kernel.map(0, 4 * padded, padded);
      bestSimd = Math.min(bestSimd, performance.now() - t0);
      t0 = performance.now();
      loop(x, y);
      bestJs = Math.min(bestJs, performance.now() - t0);
    }
    const out = new Float32Array(kernel.memory.buffer, 4 * padded, n);
    let maxRel = 0;
    for (let i = 0; i < n; i++) maxRel = Math.max(maxRel, Math.abs(out[i]! - y[i]!) / Math.abs(y[i]!));
    const rate = (ms: number): string => (n / ms / 1e3).toFixed(0).padStart(6);
    console.log(
      `${fn.name.padEnd(9)} wasm SIMD ${rate(bestSimd)}  (${bestSimd.toFixed(2)} ms)   JS loop ${rate(bestJs)}  (${bestJs.toFixed(2)} ms)   ` +
        `${(bestJs / bestSimd).toFixed(1)}×   max rel. diff ${maxRel.toExponential(1)}`,
    );
  }
  console.log(`load average after: ${loadavg()}`);
}

main();
