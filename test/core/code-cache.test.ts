/**
 * The caches behind jit: compiled code is shared only between identical sources (a fused loop
 * for x² is never reused for x³), the process-wide code cache is bounded, and one function's
 * traces are bounded with a single warning when it keeps re-tracing.
 */
import { afterEach, describe, expect, it } from "vitest";
import { JIT_CACHE_CAPACITY, setJitWarningSink } from "../../src/compile/jit.js";
import { cpuBackend } from "../../src/backend/cpu/cpu-backend.js";
import type { Graph } from "../../src/ir/graph.js";
import { type Tensor, jit, np, trace } from "../../src/index.js";
import { CODE_CACHE_CAPACITY, codeCacheSize, compileCached } from "../../src/backend/cpu/codegen.js";

const xs = [0.5, -1.25, 2, 3.5];

describe("fused loops are shared only between identical sources", () => {
  it("sin(x²) then sin(x³) under jit: each gives its own closed form", () => {
    const square = jit((v: Tensor) => np.sin(np.pow(v, 2)));
    const cube = jit((v: Tensor) => np.sin(np.pow(v, 3)));
    const x = np.array(xs, { dtype: "float64" });
    expect(Array.from(square(x).data())).toEqual(xs.map((v) => Math.sin(v * v)));
    expect(Array.from(cube(x).data())).toEqual(xs.map((v) => Math.sin(v * v * v)));
  });

  it("every small integer exponent in the same loop structure keeps its own value", () => {
    const x = np.array(xs, { dtype: "float64" });
    for (const y of [0, 1, 2, 3, -1, 2, 0]) {
      const f = jit((v: Tensor) => np.exp(np.pow(v, y)).mul(2));
      const want = xs.map((v) => Math.exp(y === -1 ? 1 / v : v ** y) * 2);
      const got = Array.from(f(x).data());
      got.forEach((g, i) => expect(g, `y=${y}, element ${i}`).toBeCloseTo(want[i]!, 12));
    }
  });
});

describe("the code cache", () => {
  it("keeps at most CODE_CACHE_CAPACITY functions, evicting the least recently used", () => {
    const first = compileCached<() => number>("t_lru", {}, "return () => -1;");
    for (let k = 0; k < CODE_CACHE_CAPACITY + 50; k++) {
      expect(compileCached<() => number>("t_lru", {}, `return () => ${k};`)?.()).toBe(k);
    }
    expect(codeCacheSize()).toBeLessThanOrEqual(CODE_CACHE_CAPACITY);
    // The newest source is still cached (same function back); the oldest was compiled again.
    const last = `return () => ${CODE_CACHE_CAPACITY + 49};`;
    expect(compileCached("t_lru", {}, last)).toBe(compileCached("t_lru", {}, last));
    const again = compileCached<() => number>("t_lru", {}, "return () => -1;");
    expect(again).not.toBe(first);
    expect(again?.()).toBe(-1);
  });

  it("distinct jitted programs do not grow the code cache past its bound", () => {
    const x = np.array(xs);
    for (let k = 0; k < CODE_CACHE_CAPACITY + 20; k++) {
      // A different source for each k: its binary digits choose sin or cos at each of ten steps.
      const f = jit((v: Tensor) => {
        let y = v;
        for (let bit = 0; bit < 10; bit++) y = (k >> bit) & 1 ? np.sin(y) : np.cos(y);
        return y;
      });
      f(x);
    }
    expect(codeCacheSize()).toBeLessThanOrEqual(CODE_CACHE_CAPACITY);
  });
});

describe("one function's traces", () => {
  let restore: ((m: string) => void) | undefined;
  afterEach(() => {
    if (restore !== undefined) setJitWarningSink(restore);
    restore = undefined;
  });

  it("are bounded; the first eviction warns once; evicted shapes trace again and stay right", () => {
    const warnings: string[] = [];
    restore = setJitWarningSink((m) => warnings.push(m));
    let traces = 0;
    const f = jit(function shapes(v: Tensor) {
      traces++;
      return v.mul(2).sum();
    });
    const n = JIT_CACHE_CAPACITY + 10;
    for (let k = 1; k <= n; k++) expect(f(np.ones([k])).item()).toBe(2 * k);
    expect(traces).toBe(n);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("jit(shapes)");
    expect(warnings[0]).toContain(`${JIT_CACHE_CAPACITY}`);
    // The most recent shape is cached; the first one was dropped and is traced again.
    f(np.ones([n]));
    expect(traces).toBe(n);
    expect(f(np.ones([1])).item()).toBe(2);
    expect(traces).toBe(n + 1);
    for (let k = 1; k <= n; k++) f(np.ones([k + n]));
    expect(warnings).toHaveLength(1);
  });
});

describe("plans of structurally equal graphs", () => {
  it("are compiled once: an equal graph traced again gets the same plan", () => {
    const planOf = (g: Graph) => cpuBackend.compile(g);
    const f = (x: Tensor) => np.tanh(x).mul(x).sum();
    const a = trace(f)(np.ones([5]));
    const b = trace(f)(np.zeros([5]));
    expect(a).not.toBe(b);
    expect(planOf(a)).toBe(planOf(b));
    const c = trace((x: Tensor) => np.tanh(x).mul(x).mul(2).sum())(np.ones([5]));
    expect(planOf(c)).not.toBe(planOf(a));
    expect(planOf(b)([np.array([1, 2, 3, 4, 5])])[0]!.item()).toBeCloseTo([1, 2, 3, 4, 5].reduce((s, v) => s + Math.tanh(v) * v, 0), 5);
  });
});
