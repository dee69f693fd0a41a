// jit's WebAssembly view loops seen from a child process running the library transpiled to plain JS:
// under --disallow-code-generation-from-strings (no JS code generation; compiling WebAssembly is
// still allowed) W5's Hessian builds its view loops as WebAssembly and gives the closed form; with
// FLUXION_WASM=0 as well, no loop is generated at all and the plan's kernels give the same bits.
import { spawnSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { transpiledLibrary } from "./transpiled-library.js";

const dir = transpiledLibrary("fluxion-views-");
// The Hessian of Σ xᵢ⁴ + Σ xᵢxᵢ₊₁ at d = 100 against its closed form (12xᵢ² on the diagonal, 1 beside
// it), the view loops built, a checksum of the bits, and a JS code generation probe.
writeFileSync(join(dir, "child.js"), `
import { hessian, jit, np } from "./src/index.js";
import { wasmViewLoopsBuilt } from "./src/backend/wasm/view-loop.js";
const D = 100, xs = new Float32Array(D);
for (let i = 0; i < D; i++) xs[i] = Math.sin(1.7 * i);
const f = (x) => { const x2 = np.mul(x, x); return np.add(np.sum(np.mul(x2, x2)), np.sum(np.mul(x.slice([0, D - 1]), x.slice([1, D])))); };
const H = jit(hessian(f))(np.array(xs, { dtype: "float32" })).toArray().flat();
let worst = 0, sum = 0;
for (let i = 0; i < D; i++) for (let j = 0; j < D; j++) {
  const want = i === j ? 12 * xs[i] * xs[i] : Math.abs(i - j) === 1 ? 1 : 0;
  worst = Math.max(worst, Math.abs(H[i * D + j] - want));
  sum += H[i * D + j] * (i + 1) * (j + 2);
}
let codegen = true;
try { new Function("return 1"); } catch { codegen = false; }
console.log(JSON.stringify({ worst, sum, built: wasmViewLoopsBuilt(), codegen }));
`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function child(env: Record<string, string>): { worst: number; sum: number; built: number; codegen: boolean } {
  const r = spawnSync(process.execPath, ["--disallow-code-generation-from-strings", join(dir, "child.js")], { env: { ...process.env, ...env }, encoding: "utf8", timeout: 60_000 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as { worst: number; sum: number; built: number; codegen: boolean };
}

describe("WebAssembly view loops, from a child process", () => {
  it("under --disallow-code-generation-from-strings: built as WebAssembly, the closed form; with FLUXION_WASM=0 too: none built, the same bits", () => {
    const on = child({});
    expect(on.codegen).toBe(false);
    expect(on.built).toBeGreaterThanOrEqual(2);
    expect(on.worst).toBeLessThan(1e-4);
    const off = child({ FLUXION_WASM: "0" });
    expect(off).toEqual({ ...on, built: 0 });
  });
});
