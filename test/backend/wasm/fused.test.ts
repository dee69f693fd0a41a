// The WebAssembly SIMD fused loops against the JS fused loops they replace: every exact op gives the
// same bits (float32 and float64, NaN/±∞/±0/subnormals/ties among the inputs, lengths that are not
// whole vectors), approximated ops stay within their stated ulp bounds, bool outputs and inputs,
// scalars (literals, 0-d variables) and integer_pow exponents are handled, ops without a vector form
// fall back to the JS loop, and the switch turns the path off. Each program is jitted on a fresh
// CPU backend per path, so no plan is shared between them.
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { makeCpuBackend, cpuBackend } from "../../../src/backend/cpu/cpu-backend.js";
import { CPU_LOWERINGS } from "../../../src/backend/cpu/lowering.js";
import { installBackend } from "../../../src/backend/current.js";
import { fusedRuntime, setWasmFusionEnabled, wasmFusedLoopsBuilt, wasmFusedModulesCompiled } from "../../../src/backend/wasm/fused-loop.js";
import { PARALLEL_ELEMENTS, fusedThreadStats, readyFusedWorkers } from "../../../src/backend/wasm/fused-threads.js";
import { threadCount } from "../../../src/backend/wasm/threads.js";
import { type Tensor, jit, np } from "../../../src/index.js";
import { apply1 } from "../../../src/primitives/ops.js";
import type { PrimitiveName } from "../../../src/primitives/params.js";

const initially = setWasmFusionEnabled(true);
afterEach(() => {
  installBackend(cpuBackend);
  setWasmFusionEnabled(true);
});
afterAll(() => setWasmFusionEnabled(initially));

type Dt = "float32" | "float64";
const SPECIAL = [0, -0, 1, -1, 0.5, -0.5, 1.5, 2.5, -2.5, 3.5, NaN, Infinity, -Infinity, 1e-40, -1e-40, 2 ** -149, 1e-310, 3.4e38, -3.4e38, 1e300, 1e-7, 100, -100, 7, 2 ** 24 + 1, 0.1, -3];

/** Deterministic values: the specials, then a spread of magnitudes and signs; `n` of them. */
function values(n: number, seed = 1): number[] {
  let s = seed;
  const out = SPECIAL.slice(0, n);
  while (out.length < n) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const u = s / 2 ** 32;
    out.push((u - 0.5) * 2 ** (Math.floor(u * 1e4) % 40 - 20));
  }
  return out;
}

const tensor = (xs: readonly number[], dtype: Dt): Tensor => np.array(dtype === "float32" ? Float32Array.from(xs) : Float64Array.from(xs), { dtype });

/** jit(f) on a fresh backend with the wasm loops on or off; how many wasm loops that built. */
function run(f: (...xs: Tensor[]) => Tensor[], xs: readonly Tensor[], wasm: boolean): { out: Tensor[]; built: number } {
  setWasmFusionEnabled(wasm);
  installBackend(makeCpuBackend(CPU_LOWERINGS));
  const before = wasmFusedLoopsBuilt();
  const out = jit(f)(...xs);
  return { out, built: wasmFusedLoopsBuilt() - before };
}

/** The data of each output, so that −0, NaN and the last place all count (Object.is per element). */
const data = (ts: readonly Tensor[]): number[][] => ts.map((t) => Array.from(t.concreteData()));

function expectSameBits(a: readonly Tensor[], b: readonly Tensor[]): void {
  expect(a.map((t) => `${t.dtype}[${t.shape.join(",")}]`)).toEqual(b.map((t) => `${t.dtype}[${t.shape.join(",")}]`));
  const [da, db] = [data(a), data(b)];
  da.forEach((xs, k) => {
    const bad = xs.flatMap((v, i) => (Object.is(v, db[k]![i]) ? [] : [`[${i}] ${v} vs ${db[k]![i]}`]));
    expect(bad.slice(0, 5)).toEqual([]);
  });
}

const u = (name: PrimitiveName) => (x: Tensor): Tensor => apply1(name as "neg", [x], {});
const b = (name: PrimitiveName) => (x: Tensor, y: Tensor): Tensor => apply1(name as "add", [x, y], {});

const EXACT_UNARY: PrimitiveName[] = ["neg", "abs", "sqrt", "floor", "ceil", "round", "sign", "rsqrt"];
const EXACT_BINARY: PrimitiveName[] = ["add", "sub", "mul", "div", "max", "min"];
const COMPARE: PrimitiveName[] = ["lt", "le", "gt", "ge", "eq", "ne"];

describe("exact ops: the same bits as the JS loop", () => {
  for (const dtype of ["float32", "float64"] as const) {
    // 37 elements: nine whole float32 vectors and a part
    const x = tensor(values(37, 3), dtype);
    const y = tensor(values(37, 5).reverse(), dtype);

    it(`${dtype}: every exact unary op (with an abs, so that it fuses)`, () => {
      for (const op of EXACT_UNARY) {
        const f = (x: Tensor): Tensor[] => [u(op)(np.abs(x)), u(op)(x)];
        const w = run(f, [x], true);
        expect(w.built, op).toBe(1);
        expectSameBits(w.out, run(f, [x], false).out);
      }
    });

    it(`${dtype}: every exact binary op and comparison (bool out), with select`, () => {
      for (const op of [...EXACT_BINARY, ...COMPARE]) {
        const f = (x: Tensor, y: Tensor): Tensor[] => [b(op)(np.neg(x), y), b(op)(y, x)];
        const w = run(f, [x, y], true);
        expect(w.built, op).toBe(1);
        expectSameBits(w.out, run(f, [x, y], false).out);
      }
      const sel = (x: Tensor, y: Tensor): Tensor[] => [np.where(np.less(x, y), np.neg(x), y), np.isfinite(np.sub(x, y))];
      const w = run(sel, [x, y], true);
      expect(w.built).toBe(1);
      expectSameBits(w.out, run(sel, [x, y], false).out);
    });

    it(`${dtype}: integer_pow by repeated squaring, exponents −7 … 13 and 100`, () => {
      for (const n of [-7, -2, -1, 0, 1, 2, 3, 5, 7, 13, 100]) {
        const f = (x: Tensor): Tensor[] => [apply1("integer_pow", [np.neg(x)], { y: n })];
        const w = run(f, [x], true);
        expect(w.built, String(n)).toBe(1);
        expectSameBits(w.out, run(f, [x], false).out);
      }
    });

    it(`${dtype}: literals, 0-d variables and bool arrays as operands`, () => {
      const s = tensor([1.5], dtype).reshape([]);
      const c = np.less(x, y); // a bool array made outside the loop (an input of it)
      const f = (x: Tensor, y: Tensor, s: Tensor, c: Tensor): Tensor[] => [
        np.where(c, np.mul(np.add(x, 2), s), np.sub(np.mul(y, s), x)),
      ];
      const w = run(f, [x, y, s, c], true);
      expect(w.built).toBe(1);
      expectSameBits(w.out, run(f, [x, y, s, c], false).out);
    });
  }

  it("lengths 0 … 9 and a 0-d loop", () => {
    for (const dtype of ["float32", "float64"] as const) {
      for (let n = 0; n <= 9; n++) {
        const x = tensor(values(n, n + 1), dtype);
        const f = (x: Tensor): Tensor[] => [np.add(np.mul(x, x), np.neg(x))];
        const w = run(f, [x], true);
        expectSameBits(w.out, run(f, [x], false).out);
      }
      const s = tensor([3], dtype).reshape([]);
      const g = (s: Tensor): Tensor[] => [np.add(np.mul(s, s), np.neg(s))];
      expectSameBits(run(g, [s], true).out, run(g, [s], false).out);
    }
  });
});

/** Ulps between two floats of `dtype` (0 for two NaNs, ∞ for one). */
function ulps(a: number, b: number, dtype: Dt): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  if (a === b) return 0;
  const ord = (v: number): bigint => {
    const d = new DataView(new ArrayBuffer(8));
    if (dtype === "float32") {
      d.setFloat32(0, v);
      const i = BigInt(d.getInt32(0));
      return i < 0n ? -(i & 0x7fffffffn) : i;
    }
    d.setFloat64(0, v);
    const i = d.getBigInt64(0);
    return i < 0n ? -(i & 0x7fffffffffffffffn) : i;
  };
  return Number(ord(a) > ord(b) ? ord(a) - ord(b) : ord(b) - ord(a));
}

describe("approximated ops: within their stated bounds of the JS loop", () => {
  // Bounds in ulps of the result: simd-math*.test.ts measures each over the whole range.
  const BOUND: Record<string, number> = { exp: 1, log: 1, tanh: 2, logistic: 2, erf: 2, sin: 1, cos: 1 };
  for (const dtype of ["float32", "float64"] as const) {
    it(`${dtype}: exp log tanh logistic sin cos${dtype === "float32" ? " erf" : ""}`, () => {
      const x = tensor(values(1001, 9), dtype);
      for (const op of Object.keys(BOUND).filter((o) => dtype === "float32" || o !== "erf")) {
        const f = (x: Tensor): Tensor[] => [u(op as PrimitiveName)(np.abs(x))];
        const w = run(f, [x], true);
        expect(w.built, op).toBe(1);
        const [got] = data(w.out), [want] = data(run(f, [x], false).out);
        // float64 bounds are relative 1e-15 (about 4.5 ulp at worst); float32 in ulps
        const bound = dtype === "float32" ? BOUND[op]! : 5;
        const worst = Math.max(...got!.map((v, i) => ulps(v, want![i]!, dtype)));
        expect(worst, op).toBeLessThanOrEqual(bound);
      }
    });
  }

  it("float64 erf has no vector form: the group runs as the JS loop, bit for bit", () => {
    const x = tensor(values(33), "float64");
    const f = (x: Tensor): Tensor[] => [u("erf")(np.neg(x))];
    const w = run(f, [x], true);
    expect(w.built).toBe(0);
    expectSameBits(w.out, run(f, [x], false).out);
  });
});

describe("fallbacks and the switch", () => {
  it("a group holding an op without a vector form (pow, atan2) runs as the JS loop", () => {
    const x = tensor(values(21), "float32");
    const f = (x: Tensor): Tensor[] => [np.pow(np.abs(x), np.neg(x)), np.arctan2(x, np.neg(x))];
    const w = run(f, [x], true);
    expect(w.built).toBe(0);
    expectSameBits(w.out, run(f, [x], false).out);
  });

  it("a group mixing float32 and float64 values runs as the JS loop", () => {
    const x = tensor(values(9), "float32"), y = tensor(values(9), "float64");
    const f = (x: Tensor, y: Tensor): Tensor[] => [np.neg(np.abs(x)), np.neg(np.abs(y))];
    expect(run(f, [x, y], true).built).toBe(0);
  });

  it("setWasmFusionEnabled(false) builds no wasm loop, and returns the previous setting", () => {
    const x = tensor(values(9), "float32");
    const f = (x: Tensor): Tensor[] => [np.neg(np.abs(x))];
    expect(run(f, [x], false).built).toBe(0);
    expect(setWasmFusionEnabled(true)).toBe(false);
    expect(setWasmFusionEnabled(true)).toBe(true);
  });

  it("modules are cached by what they compute: equal groups share one, other exponents do not", () => {
    const x = tensor(values(9), "float32");
    const pow = (y: number) => (x: Tensor): Tensor[] => [apply1("integer_pow", [np.neg(x)], { y })];
    run(pow(11), [x], true);
    const before = wasmFusedModulesCompiled();
    run(pow(11), [x], true);
    expect(wasmFusedModulesCompiled()).toBe(before);
    const twin = run(pow(12), [x], true).out;
    expect(wasmFusedModulesCompiled()).toBe(before + 1);
    expectSameBits(twin, run(pow(12), [x], false).out);
  });

  it("a large loop (2^20 + 3 elements) equals the JS loop", () => {
    const n = (1 << 20) + 3;
    const xs = new Float32Array(n);
    for (let i = 0; i < n; i++) xs[i] = (i % 1000) / 7 - 70;
    const x = np.array(xs, { dtype: "float32" });
    const f = (x: Tensor): Tensor[] => [np.maximum(np.mul(x, x), np.neg(x)), np.greater(x, 1)];
    const w = run(f, [x], true);
    expect(w.built).toBe(1);
    expectSameBits(w.out, run(f, [x], false).out);
  });
});

describe.runIf(threadCount() >= 2)("large loops on two threads", () => {
  it("split across the worker and this thread, with the JS loop's bits (exact ops) and sin/exp's (a worker computes as this thread does)", async () => {
    const n = 4 * PARALLEL_ELEMENTS + 7;
    const xs = new Float32Array(n);
    for (let i = 0; i < n; i++) xs[i] = ((i * 7919) % 10007) / 50 - 100;
    const x = np.array(xs, { dtype: "float32" });
    const f = (x: Tensor): Tensor[] => [np.maximum(np.mul(x, x), np.neg(x)), np.greater(x, 1), np.sin(np.exp(np.neg(np.abs(x))))];
    const alone = run(f, [x], true).out; // the first large loop starts the worker and runs alone
    for (let t = 0; t < 200 && readyFusedWorkers(fusedRuntime()!.memory) === 0; t++) await new Promise((r) => setTimeout(r, 50));
    expect(readyFusedWorkers(fusedRuntime()!.memory)).toBeGreaterThan(0);
    const before = fusedThreadStats();
    const split = run(f, [x], true).out;
    const after = fusedThreadStats();
    expect(after.split).toBe(before.split + 1);
    expect(after.recomputed).toBe(before.recomputed);
    expectSameBits(split, alone);
    expectSameBits(split.slice(0, 2), run(f, [x], false).out.slice(0, 2));
  });
});
