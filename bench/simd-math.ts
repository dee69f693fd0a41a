/**
 * Throughput of the vectorised transcendentals (src/backend/wasm/simd-math-f32*.ts, simd-math-f64*.ts)
 * over 1e6 elements in wasm memory, against a plain JS loop applying the scalar kernel (`Math.exp` …)
 * from one typed array into another of the same dtype. Both are timed alone, interleaved round by round, best round reported
 * (the machine is shared: min-of-N is the least noisy statistic); the load average is printed before
 * and after. Run after `npm run build`: `node dist/bench/simd-math.js [elements] [rounds]`.
 */
import { readFileSync } from "node:fs";
import { type SimdUnary, expF32, logF32, logisticF32, tanhF32 } from "../src/backend/wasm/simd-math-f32.js";
import { erfF32 } from "../src/backend/wasm/simd-math-f32-erf.js";
import { cosF32, sinF32 } from "../src/backend/wasm/simd-math-f32-trig.js";
import { expF64, logF64, logisticF64, tanhF64 } from "../src/backend/wasm/simd-math-f64.js";
import { cosF64, sinF64 } from "../src/backend/wasm/simd-math-f64-trig.js";
import { type SimdFloat, simdUnaryKernel } from "../src/backend/wasm/simd-math-runtime.js";
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
  readonly dtype: SimdFloat;
  readonly simd: SimdUnary;
  readonly scalar: (x: number) => number;
  readonly lo: number;
  readonly hi: number;
}

const FNS: readonly Fn[] = [
  { name: "exp", dtype: "float32", simd: expF32, scalar: Math.exp, lo: -10, hi: 10 },
  { name: "log", dtype: "float32", simd: logF32, scalar: Math.log, lo: 1e-3, hi: 100 },
  { name: "tanh", dtype: "float32", simd: tanhF32, scalar: Math.tanh, lo: -5, hi: 5 },
  { name: "logistic", dtype: "float32", simd: logisticF32, scalar: logistic, lo: -10, hi: 10 },
  { name: "erf", dtype: "float32", simd: erfF32, scalar: erf, lo: -3, hi: 3 },
  { name: "sin", dtype: "float32", simd: sinF32, scalar: Math.sin, lo: -10, hi: 10 },
  { name: "cos", dtype: "float32", simd: cosF32, scalar: Math.cos, lo: -10, hi: 10 },
  { name: "exp", dtype: "float64", simd: expF64, scalar: Math.exp, lo: -10, hi: 10 },
  { name: "log", dtype: "float64", simd: logF64, scalar: Math.log, lo: 1e-3, hi: 100 },
  { name: "tanh", dtype: "float64", simd: tanhF64, scalar: Math.tanh, lo: -5, hi: 5 },
  { name: "logistic", dtype: "float64", simd: logisticF64, scalar: logistic, lo: -10, hi: 10 },
  { name: "sin", dtype: "float64", simd: sinF64, scalar: Math.sin, lo: -10, hi: 10 },
  { name: "cos", dtype: "float64", simd: cosF64, scalar: Math.cos, lo: -10, hi: 10 },
];

function uniform(dtype: SimdFloat, len: number, lo: number, hi: number): Float32Array | Float64Array {
  const out = dtype === "float32" ? new Float32Array(len) : new Float64Array(len);
  let s = 12345;
  for (let i = 0; i < len; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = lo + (s / 2 ** 32) * (hi - lo);
  }
  return out;
}

/** The JS baseline: one monomorphic loop per function, as the CPU backend's fused loops are. */
function jsLoop(f: (x: number) => number): (x: Float32Array | Float64Array, y: Float32Array | Float64Array) => void {
  return (x, y) => {
    for (let i = 0; i < x.length; i++) y[i] = f(x[i]!);
  };
}

function main(): void {
  const n = Number(process.argv[2] ?? 1e6);
  const rounds = Number(process.argv[3] ?? 15);
  console.log(`elementwise, ${n} elements, Melem/s (best of ${rounds} interleaved rounds); load average ${loadavg()}`);
  for (const fn of FNS) {
    const x = uniform(fn.dtype, n, fn.lo, fn.hi);
    const kernel = simdUnaryKernel(fn.simd, fn.dtype);
    const View = fn.dtype === "float32" ? Float32Array : Float64Array;
    const bytes = View.BYTES_PER_ELEMENT;
    const padded = Math.ceil((n * bytes) / 16) * (16 / bytes);
    kernel.apply(x); // grows the kernel's memory once; views below are made after
    new View(kernel.memory.buffer as ArrayBuffer, 0, n).set(x);
    const y = new View(n);
    const loop = jsLoop(fn.scalar);
    let bestSimd = Infinity, bestJs = Infinity;
    for (let r = 0; r < rounds; r++) {
      let t0 = performance.now();
      kernel.map(0, bytes * padded, padded);
      bestSimd = Math.min(bestSimd, performance.now() - t0);
      t0 = performance.now();
      loop(x, y);
      bestJs = Math.min(bestJs, performance.now() - t0);
    }
    const out = new View(kernel.memory.buffer as ArrayBuffer, bytes * padded, n);
    let maxRel = 0;
    for (let i = 0; i < n; i++) maxRel = Math.max(maxRel, Math.abs(out[i]! - y[i]!) / Math.abs(y[i]!));
    const rate = (ms: number): string => (n / ms / 1e3).toFixed(0).padStart(6);
    console.log(
      `${fn.dtype} ${fn.name.padEnd(9)} wasm SIMD ${rate(bestSimd)}  (${bestSimd.toFixed(2)} ms)   JS loop ${rate(bestJs)}  (${bestJs.toFixed(2)} ms)   ` +
        `${(bestJs / bestSimd).toFixed(1)}×   max rel. diff ${maxRel.toExponential(1)}`,
    );
  }
  console.log(`load average after: ${loadavg()}`);
}

main();
