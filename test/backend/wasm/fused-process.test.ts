// jit's WebAssembly fused loops seen from outside, in child processes running the library transpiled
// to plain JS: under --disallow-code-generation-from-strings (no JS code generation; compiling
// WebAssembly is still allowed) the loops are built and give the float32 results of the closed form
// within their bounds, and FLUXION_WASM=0 builds none (the plan then runs its kernels one by one).
import { spawnSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { transpiledLibrary } from "./transpiled-library.js";

const dir = transpiledLibrary("fluxion-fused-");
// tanh(sin(x)·x + 0.5·e^−x) over 1003 float32 values, against the float64 closed form rounded to
// float32: the worst error in float32 ulps, how many wasm loops were built, and a JS code
// generation probe.
writeFileSync(join(dir, "child.js"), `
import { jit, np } from "./src/index.js";
import { wasmFusedLoopsBuilt } from "./src/backend/wasm/fused-loop.js";
const n = 1003, xs = new Float32Array(n);
for (let i = 0; i < n; i++) xs[i] = (i / n) * 20 - 10;
const f = (x) => np.tanh(np.add(np.mul(np.sin(x), x), np.mul(0.5, np.exp(np.neg(x)))));
const got = jit(f)(np.array(xs, { dtype: "float32" })).toArray();
const b = new Float32Array(2), i32 = new Int32Array(b.buffer);
const ord = (v) => { b[0] = v; return i32[0] < 0 ? -(i32[0] & 0x7fffffff) : i32[0]; };
let worst = 0;
for (let i = 0; i < n; i++) {
  const x = xs[i], want = Math.tanh(Math.sin(x) * x + 0.5 * Math.exp(-x));
  worst = Math.max(worst, Math.abs(ord(got[i]) - ord(want)));
}
let codegen = true;
try { new Function("return 1"); } catch { codegen = false; }
console.log(JSON.stringify({ worst, built: wasmFusedLoopsBuilt(), codegen }));
`);
// A large loop on two threads: the worker starts at the first, splits the second; the process must
// still exit by itself (the worker is unref'd).
writeFileSync(join(dir, "threads.js"), `
import { jit, np } from "./src/index.js";
import { fusedRuntime } from "./src/backend/wasm/fused-loop.js";
import { fusedThreadStats, readyFusedWorkers } from "./src/backend/wasm/fused-threads.js";
const n = 1 << 18, xs = new Float32Array(n);
for (let i = 0; i < n; i++) xs[i] = (i % 1000) / 10 - 50;
const f = (x) => np.add(np.mul(x, x), np.neg(x));
const x = np.array(xs, { dtype: "float32" });
const first = jit(f)(x).toArray();
for (let t = 0; t < 200 && readyFusedWorkers(fusedRuntime().memory) === 0; t++) await new Promise((r) => setTimeout(r, 50));
const second = jit((x) => f(x))(x).toArray();
const right = second.every((v, i) => v === Math.fround(Math.fround(xs[i] * xs[i]) - xs[i])) && second.every((v, i) => Object.is(v, first[i]));
console.log(JSON.stringify({ right, ...fusedThreadStats() }));
`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function child(env: Record<string, string>, flags: string[]): { worst: number; built: number; codegen: boolean } {
  const r = spawnSync(process.execPath, [...flags, join(dir, "child.js")], { env: { ...process.env, ...env }, encoding: "utf8", timeout: 60_000 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as { worst: number; built: number; codegen: boolean };
}

describe("fused WebAssembly loops, from a child process", () => {
  it.runIf(process.platform === "linux")("split a large loop with FLUXION_THREADS=2 under --disallow-code-generation-from-strings, and the process exits by itself", () => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ["--disallow-code-generation-from-strings", join(dir, "threads.js")], { env: { ...process.env, FLUXION_THREADS: "2" }, encoding: "utf8", timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout.trim().split("\n").pop()!)).toEqual({ right: true, split: 1, recomputed: 0 });
    expect(performance.now() - t0).toBeLessThan(50_000); // a process kept alive by a worker would hit the 60 s timeout
  });

  // Each step of the chain is within 2 ulp; through the chain (condition numbers ≤ ~20 here) the
  // float32 result stays well within 64 ulps of the float64 closed form — as the JS loops do.
  it("are built and right under --disallow-code-generation-from-strings", () => {
    const r = child({}, ["--disallow-code-generation-from-strings"]);
    expect(r.codegen).toBe(false);
    expect(r.built).toBe(1);
    expect(r.worst).toBeLessThanOrEqual(64);
  });

  it("are not built with FLUXION_WASM=0 (the kernels run one by one), and the result is the same to the bound", () => {
    const r = child({ FLUXION_WASM: "0" }, ["--disallow-code-generation-from-strings"]);
    expect(r).toMatchObject({ built: 0, codegen: false });
    expect(r.worst).toBeLessThanOrEqual(64);
  });
});
