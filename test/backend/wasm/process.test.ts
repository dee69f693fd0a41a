// The GEMM's threads seen from outside, in child processes: a process that runs one large product
// exits promptly (workers are unref'd), FLUXION_THREADS=1 starts no worker, =3 starts two, and under
// --disallow-code-generation-from-strings the workers still start and the result is right.
// The child runs src/backend/wasm/ transpiled to plain JS (it imports nothing outside that folder).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";

const SRC = join(import.meta.dirname, "../../../src/backend/wasm");
const dir = mkdtempSync(join(tmpdir(), "fluxion-gemm-"));
for (const f of readdirSync(SRC).filter((f) => f.endsWith(".ts"))) {
  const js = ts.transpileModule(readFileSync(join(SRC, f), "utf8"), { compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 } });
  writeFileSync(join(dir, f.replace(/\.ts$/, ".js")), js.outputText);
}
writeFileSync(join(dir, "package.json"), '{ "type": "module" }');
// 400³ float32 products of ones (every element 400): one before the workers are ready, five after;
// then the OS threads the process added, the ready workers and the products split.
writeFileSync(join(dir, "child.js"), `
import { readFileSync } from "node:fs";
import { wasmGemm } from "./gemm.js";
import { gemmThreadStats, readyWorkers } from "./threads.js";
const threads = () => Number(/Threads:\\s+(\\d+)/.exec(readFileSync("/proc/self/status", "utf8"))[1]);
const N = 400, ones = new Float32Array(N * N).fill(1), out = new Float32Array(N * N);
const before = threads();
const a = { data: ones, offset: 0, rowStride: N, colStride: 1 };
let ran = wasmGemm("float32", N, N, N, a, a, out, 0);
// Once the workers are ready, later products split their rows with them (the first ran here alone).
const workers = Number(process.env.FLUXION_THREADS) - 1;
for (let t = 0; t < 200 && readyWorkers() < workers; t++) await new Promise((r) => setTimeout(r, 50));
const helped = readyWorkers();
let right = true;
for (let t = 0; t < 5; t++) {
  out.fill(0);
  ran = ran && wasmGemm("float32", N, N, N, a, a, out, 0);
  right = right && out.every((v) => v === N);
}
console.log(JSON.stringify({ ran, right, added: threads() - before, helped, split: gemmThreadStats().split }));
`);
// Growing the GEMM's memory from a small product to a large one, the memory's size before and after.
writeFileSync(join(dir, "grow.js"), `
import { wasmGemm } from "./gemm.js";
import { gemmRuntime } from "./gemm-runtime.js";
const run = (n) => { const x = new Float32Array(n * n).fill(1), out = new Float32Array(n * n); const v = { data: x, offset: 0, rowStride: n, colStride: 1 }; wasmGemm("float32", n, n, n, v, v, out, 0, 1); return out[n * n - 1] === n; };
const small = run(16), before = gemmRuntime().memory.buffer.byteLength;
const large = run(700), after = gemmRuntime().memory.buffer.byteLength;
console.log(JSON.stringify({ right: small && large, shared: gemmRuntime().shared, before, after }));
`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function child(env: Record<string, string>, flags: string[] = []): { ran: boolean; right: boolean; added: number; helped: number; split: number; ms: number } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [...flags, join(dir, "child.js")], { env: { ...process.env, ...env }, encoding: "utf8", timeout: 30_000 });
  const ms = performance.now() - t0;
  expect(r.status, r.stderr).toBe(0);
  return { ...(JSON.parse(r.stdout) as { ran: boolean; right: boolean; added: number; helped: number; split: number }), ms };
}

describe.runIf(process.platform === "linux")("GEMM worker threads, from a child process", () => {
  it("starts a worker for a large product with FLUXION_THREADS=2, and the process exits by itself", () => {
    const r = child({ FLUXION_THREADS: "2" });
    expect(r).toMatchObject({ ran: true, right: true, added: 1, helped: 1 });
    expect(r.split).toBeGreaterThan(0); // a stalled split (a busy machine) pauses splitting for a product or two
    expect(r.ms).toBeLessThan(15_000); // a process kept alive by a worker would hit the 30 s timeout
  });

  it("starts two workers with FLUXION_THREADS=3 (more threads than this machine may have cores), and stays right", () => {
    const r = child({ FLUXION_THREADS: "3" });
    expect(r).toMatchObject({ ran: true, right: true, added: 2, helped: 2 });
    expect(r.split).toBeGreaterThan(0);
  });

  it("starts no worker with FLUXION_THREADS=1", () => {
    expect(child({ FLUXION_THREADS: "1" })).toMatchObject({ ran: true, right: true, added: 0, helped: 0, split: 0 });
  });

  it("works under --disallow-code-generation-from-strings, workers included", () => {
    expect(child({ FLUXION_THREADS: "2" }, ["--disallow-code-generation-from-strings"])).toMatchObject({ ran: true, right: true, added: 1, helped: 1 });
  });

  it("grows its memory for a larger product without detaching an ArrayBuffer (V8's protector stays intact)", () => {
    const r = spawnSync(process.execPath, ["--trace-protector-invalidation", join(dir, "grow.js")], { encoding: "utf8", timeout: 30_000 });
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split("\n");
    const result = JSON.parse(lines[lines.length - 1]!) as { right: boolean; shared: boolean; before: number; after: number };
    expect(result).toMatchObject({ right: true, shared: true });
    expect(result.after).toBeGreaterThan(result.before);
    // A grown unshared memory prints "Invalidating protector cell ArrayBufferDetaching" here.
    expect(r.stdout + r.stderr).not.toMatch(/ArrayBufferDetaching/);
  });
});
