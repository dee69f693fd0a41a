/**
 * jit's fused elementwise loops: what the plan fuses (read from `describePlan`, built from the
 * plan's own schedule), and that a fused loop gives the same bits as evaluating the equations
 * one by one (float32 rounding after every step, selects, comparisons, integer powers, scalar
 * operands, values that escape the loop); the closure fallback when code generation is off; and
 * generated source made only of the kernels' snippets and counter-made names, whatever the
 * user's names.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setWasmFusionEnabled } from "../../src/backend/wasm/fused-loop.js";
import { grad, jit, np, trace, evaluate, type Tensor } from "../../src/index.js";
import { describePlan, planSteps } from "../../src/backend/cpu/describe-plan.js";
import { lastFusedSource } from "../../src/backend/cpu/fuse.js";
import { MAX_FUSED_EQUATIONS } from "../../src/backend/cpu/plan.js";
import { setCodegenEnabled } from "../../src/backend/cpu/codegen.js";
import { expectClose } from "../support/index.js";

// These tests are about the JS code generator of fused loops (its source, its bits); the
// WebAssembly loops tried before it are tested in test/backend/wasm/fused.test.ts.
let wasmWas = true;
beforeAll(() => (wasmWas = setWasmFusionEnabled(false)));
afterAll(() => setWasmFusionEnabled(wasmWas));

const bits = (t: Tensor): number[] => Array.from(t.data(), (v) => (Object.is(v, -0) ? -0 : v));

function sameBits(a: Tensor, b: Tensor): void {
  expect(a.shape).toEqual(b.shape);
  expect(a.dtype).toBe(b.dtype);
  const x = a.data(), y = b.data();
  for (let i = 0; i < x.length; i++) expect(Object.is(x[i], y[i]) || (Number.isNaN(x[i]) && Number.isNaN(y[i]))).toBe(true);
}

/** The plan jit compiles for `f` at these arguments (`trace` simplifies, as jit does). */
const planOf = <A extends unknown[]>(f: (...args: A) => unknown, ...args: A): string => describePlan(trace(f)(...args));

const x32 = np.array([-3.7, -1, -0.0, 0, 0.3, 1, 2.5, 1e30, NaN, Infinity]);
const x64 = x32.astype("float64");

describe("fused elementwise loops under jit", () => {
  const chain = (x: Tensor): Tensor => np.tanh(np.add(np.mul(np.sin(x), x), np.mul(0.5, np.exp(np.neg(x)))));
  const branchy = (x: Tensor, s: Tensor): Tensor => {
    const r = np.where(np.greater(x, 0), np.pow(x, 3), np.mul(x, s));
    return np.sub(np.maximum(r, np.square(x)), np.div(x, np.add(np.abs(x), 1)));
  };

  it("fuses a float32 or float64 chain into one loop and gives the eager bits", () => {
    expect(planOf(chain, x32)).toBe("fused[sin, mul, neg, exp, mul, add, tanh] f32[10] (a) -> h");
    expect(planOf(chain, x64)).toBe("fused[sin, mul, neg, exp, mul, add, tanh] f64[10] (a) -> h");
    for (const x of [x32, x64]) sameBits(jit(chain)(x), chain(x));
  });

  it("fuses comparisons, selects, integer powers and a scalar operand into one loop with the eager bits", () => {
    const s32 = np.array(0.7);
    expect(planOf(branchy, x32, s32)).toMatchInlineSnapshot(`"fused[gt, integer_pow, mul, select, integer_pow, max, abs, add, div, sub] f32[10] (a, b) -> l"`);
    for (const x of [x32, x64]) {
      const s = np.array(0.7, { dtype: x.dtype });
      sameBits(jit(branchy)(x, s), branchy(x, s));
    }
  });

  it("writes out intermediate values that are used after the loop, and only those", () => {
    const f = (x: Tensor): Tensor[] => {
      const a = np.sin(x);
      const b = np.mul(a, a);
      return [b, np.sum(a), np.exp(b)];
    };
    // reduce_sum ends the loop, reading sin's result in it (so sin's result is never stored); mul's
    // result leaves the loop because the function returns it; exp, alone after it, is a kernel call.
    expect(planOf(f, x32)).toMatchInlineSnapshot(`
      "fused[sin, mul, reduce_sum] f32[10] (a) -> c, d:f32[]
      kernel exp f32[10] (c) -> e"
    `);
    const [j0, j1, j2] = jit(f)(x32);
    const [e0, e1, e2] = f(x32);
    sameBits(j0!, e0!);
    sameBits(j1!, e1!);
    sameBits(j2!, e2!);
  });

  it("falls back to kernels with identical results when code generation is off", () => {
    const g = (x: Tensor): Tensor => np.cos(np.mul(np.add(x, 1), x));
    // The plan is the same either way; without code generation the loop's equations run as kernels.
    expect(planOf(g, x32)).toBe("fused[add, mul, cos] f32[10] (a) -> d");
    const was = setCodegenEnabled(false);
    try {
      sameBits(jit(g)(x32), g(x32));
    } finally {
      setCodegenEnabled(was);
    }
  });

  it("generated source uses only snippet text and counter-made names, whatever the user's names", () => {
    const hostile = { "*/": np.ones([3]), "\u2028": np.ones([3]), "}); process.exit(1); ((": np.ones([3]) };
    function weird(p: Record<string, Tensor>): Tensor {
      return np.sin(np.mul(np.add(p["*/"]!, p["\u2028"]!), p["}); process.exit(1); (("]!));
    }
    expect(planOf(weird, hostile)).toMatchInlineSnapshot(`"fused[add, mul, sin] f32[3] (a, c, b) -> f"`);
    const out = jit(weird)(hostile);
    const vals = bits(out);
    expect(vals.every((v) => Math.abs(v - Math.sin(2)) < 1e-6)).toBe(true);
    const src = lastFusedSource();
    expect(src).toContain("for (let i = 0; i < n; i++)");
    expect(src).toMatch(/^[A-Za-z0-9_ \n;=()[\]{}.,!<>|&?:+*\/%-]*$/);
    for (const bad of ["*/", "\u2028", "process", "exit", "weird"]) expect(src.includes(bad), bad).toBe(false);
  });

  it("matches evaluate of the same graph", () => {
    const g = trace(chain)(x32);
    sameBits(jit(chain)(x32), evaluate(g, x32) as Tensor);
  });
});

describe("what the plan fuses (describePlan)", () => {
  it("a layer: the matmul is a kernel call, the bias, activation, square and sum fuse", () => {
    const layer = (w: Tensor, x: Tensor, b: Tensor): Tensor => np.sum(np.square(np.tanh(np.add(np.matmul(x, w), b))));
    const w = np.ones([3, 4]), x = np.ones([2, 3]), b = np.ones([2, 4]);
    expect(planOf(layer, w, x, b)).toMatchInlineSnapshot(`
      "kernel dot_general f32[2,4] (b, a) -> d
      fused[add, tanh, integer_pow, reduce_sum] f32[2,4] (d, c) -> h:f32[]"
    `);
    const want = 2 * 4 * Math.tanh(4) ** 2;
    expectClose(jit(layer)(w, x, b), want);
  });

  it("loops over different shapes are separate; a broadcast in between is read as a view by its reader's loop", () => {
    const f = (x: Tensor, y: Tensor): Tensor => np.mul(np.exp(np.sin(x)), np.cos(np.add(y, 1)));
    const x = np.ones([4]), y = np.ones([3, 4]);
    expect(planOf(f, x, y)).toMatchInlineSnapshot(`
      "fused[sin, exp] f32[4] (a) -> d
      fused[add, cos, broadcast_in_dim, mul] f32[3,4] (b, d) -> h"
    `);
    sameBits(jit(f)(x, y), f(x, y));
  });

  it("integer arithmetic is not fused: each equation is a kernel call", () => {
    const f = (n: Tensor): Tensor => np.mul(np.add(n, 1), n);
    const n = np.array([1, 2, 3], { dtype: "int32" });
    expect(planOf(f, n)).toMatchInlineSnapshot(`
      "kernel add i32[3] (a) -> b
      kernel mul i32[3] (b, a) -> c"
    `);
    expect(Array.from(jit(f)(n).data())).toEqual([2, 6, 12]);
  });

  it("a run longer than MAX_FUSED_EQUATIONS is split into loops of at most that many, each writing one value", () => {
    const steps = MAX_FUSED_EQUATIONS + 10;
    const f = (x: Tensor): Tensor => {
      let y = x;
      for (let k = 0; k < steps; k++) y = np.sin(y);
      return y;
    };
    const x = np.array([0.5, 1, 2]);
    const plan = planSteps(trace(f)(x));
    expect(plan.map((s) => (s.kind === "fused" ? s.primitives.length : 1))).toEqual([MAX_FUSED_EQUATIONS, 10]);
    expect(plan.map((s) => s.writes.length)).toEqual([1, 1]);
    sameBits(jit(f)(x), f(x));
  });

  it("the TSDoc example: a sum of an elementwise expression", () => {
    const g = trace((x: Tensor) => np.sum(np.add(np.sin(x), np.mul(x, x))))(np.ones([1000]));
    expect(describePlan(g)).toBe("fused[sin, mul, add, reduce_sum] f32[1000] (a) -> e:f32[]");
  });

  it("the gradient of a small layer: the two matmuls are kernel calls (the weight gradient writes its transposed layout itself), the elementwise forward and backward math is one loop", () => {
    const loss = (w: Tensor, x: Tensor): Tensor => np.sum(np.square(np.tanh(np.matmul(x, w))));
    const w = np.full([3, 2], 0.5), x = np.ones([4, 3]);
    expect(describePlan(trace(grad(loss))(w, x))).toMatchInlineSnapshot(`
      "kernel dot_general f32[4,2] (b, a) -> c
      fused[tanh, mul, sub, integer_pow, mul, mul] f32[4,2] (c) -> i
      kernel dot_general f32[3,2] (b, i) -> k"
    `);
    // d/dw Σ tanh(xw)² = xᵀ (2 tanh(xw) (1 − tanh²(xw))); every entry of xw is 1.5 here.
    const t = Math.tanh(1.5);
    const want = 4 * 2 * t * (1 - t * t);
    expectClose(jit(grad(loss))(w, x), want);
  });
});
