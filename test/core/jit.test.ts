/**
 * `jit(f)`: same values as `f` (checked against closed forms computed here, not against fluxion),
 * one trace per argument structure/shape/dtype/static values, `staticArgnums` driving JS control
 * flow, pytree results, and a cache keyed by the function itself (shared across wrappers).
 */
import { describe, expect, it } from "vitest";
import { JIT_CACHE_CAPACITY, setJitWarningSink } from "../../src/compile/jit.js";
import { ConcretizationError, Tensor, grad, jit, np, trace } from "../../src/index.js";
import { expectClose } from "../support/index.js";

const xs = [0.3, -1.2, 2.5, 0];

describe("jit(f)(x) computes f(x)", () => {
  it("elementwise math matches closed forms", () => {
    const f = jit((x: Tensor) => np.add(np.mul(np.sin(x), np.exp(np.neg(x))), np.square(x)));
    expectClose(f(np.array(xs)), xs.map((v) => Math.sin(v) * Math.exp(-v) + v * v));
  });

  it("a reduction: sum of tanh(x)·x", () => {
    const f = jit((x: Tensor) => np.sum(np.tanh(x).mul(x)));
    expectClose(f(np.array(xs)), xs.reduce((s, v) => s + Math.tanh(v) * v, 0));
  });

  it("a matrix product with a bias", () => {
    const f = jit((x: Tensor, w: Tensor, b: Tensor) => np.add(np.matmul(x, w), b));
    const out = f(np.array([[1, 2], [3, 4]]), np.array([[5, 6], [7, 8]]), np.array([0.5, -0.5]));
    expect(out.toArray()).toEqual([[19.5, 21.5], [43.5, 49.5]]);
  });

  it("jit(f) and f agree exactly (same kernels), eagerly and through the cache", () => {
    const f = (x: Tensor): Tensor => np.log1p(np.abs(x)).mul(np.cos(x)).sum(0);
    const jf = jit(f);
    const x = np.array([[0.1, 0.2, 0.3], [-1, 2, -3]]);
    expect(jf(x).toArray()).toEqual(f(x).toArray());
    const y = np.array([[5, 6, 7], [8, 9, 10]]);
    expect(jf(y).toArray()).toEqual(f(y).toArray());
  });

  it("accepts JS numbers as arguments; a JS array argument is a pytree (a list of leaves), as in JAX", () => {
    const f = jit((a: Tensor, b: Tensor) => np.mul(a, b));
    expect(f(3, 4).item()).toBe(12);
    const g = jit((pair: [Tensor, Tensor]) => np.sub(pair[0], pair[1]));
    expect(g([10, 4]).item()).toBe(6);
  });

  it("returns a concrete tensor, not a tracer", () => {
    const out = jit((x: Tensor) => np.sin(x))(np.ones([2]));
    expect(out).toBeInstanceOf(Tensor);
    expect(out.data()).toBeInstanceOf(Float32Array);
  });
});

describe("tracing and caching", () => {
  function counted<A extends unknown[], R>(f: (...a: A) => R): { f: (...a: A) => R; calls: () => number } {
    let n = 0;
    return {
      f: (...a: A) => {
        n++;
        return f(...a);
      },
      calls: () => n,
    };
  }

  it("traces once for repeated calls at one shape and dtype", () => {
    const c = counted((x: Tensor) => np.mul(x, 2));
    const jf = jit(c.f);
    expect(jf(np.array([1, 2, 3])).toArray()).toEqual([2, 4, 6]);
    expect(jf(np.array([4, 5, 6])).toArray()).toEqual([8, 10, 12]);
    expect(jf(np.array([7, 8, 9])).toArray()).toEqual([14, 16, 18]);
    expect(c.calls()).toBe(1);
  });

  it("retraces for a new shape, a new dtype, or a new argument structure — once each", () => {
    const c = counted((x: unknown) => x);
    const jf = jit(c.f);
    jf(np.ones([3]));
    jf(np.ones([4]));
    jf(np.ones([4]));
    expect(c.calls()).toBe(2);
    jf(np.ones([4], "float64"));
    jf(np.ones([4], "int32"));
    jf(np.ones([4], "int32"));
    expect(c.calls()).toBe(4);
    jf({ a: np.ones([4]) });
    jf({ b: np.ones([4]) });
    jf([np.ones([4])]);
    jf({ a: np.ones([4]) });
    expect(c.calls()).toBe(7);
    jf(np.ones([3])); // the first entry is still cached
    expect(c.calls()).toBe(7);
  });

  it("scalars of one dtype share a trace whatever their value", () => {
    const c = counted((x: Tensor) => np.add(x, 1));
    const jf = jit(c.f);
    expect(jf(2).item()).toBe(3);
    expect(jf(5).item()).toBe(6);
    expect(c.calls()).toBe(1);
  });

  it("two jit wrappers of one function share its traces (the cache is keyed by the function)", () => {
    const c = counted((x: Tensor) => np.exp(x));
    const f = c.f;
    jit(f)(np.zeros([2]));
    jit(f)(np.ones([2]));
    expect(c.calls()).toBe(1);
    expect(jit(f)(np.zeros([2])).toArray()).toEqual([1, 1]);
    expect(c.calls()).toBe(1);
    // A different function object is a different cache.
    jit((x: Tensor) => f(x))(np.zeros([2]));
    expect(c.calls()).toBe(2);
  });

  it("a repeated call of the newest trace's tensor types (no key built) keeps least-recently-used order", () => {
    // Other shapes come as a one-element list: a pytree call, which keys its trace the full way.
    const c = counted((x: Tensor | [Tensor]) => np.add(x instanceof Tensor ? x : x[0], 1));
    const jf = jit(c.f);
    const was = setJitWarningSink(() => {});
    try {
      const a = np.ones([2]);
      expect(jf(a).toArray()).toEqual([2, 2]);
      // Every other shape is called once, each followed by `a` twice: `a` stays recently used.
      for (let n = 3; n < 3 + JIT_CACHE_CAPACITY; n++) {
        expect(jf([np.zeros([n])]).toArray()).toEqual(new Array(n).fill(1));
        expect(jf(a).toArray()).toEqual([2, 2]);
        expect(jf(a).toArray()).toEqual([2, 2]);
      }
      expect(c.calls()).toBe(1 + JIT_CACHE_CAPACITY);
      // A new tensor type, then `a`: still cached (the 64 kept are `a`, this one and the 62 newest lists).
      jf(np.zeros([1]));
      expect(c.calls()).toBe(2 + JIT_CACHE_CAPACITY);
      expect(jf(a).toArray()).toEqual([2, 2]);
      expect(c.calls()).toBe(2 + JIT_CACHE_CAPACITY);
      // The oldest lists were dropped.
      jf([np.zeros([3])]);
      expect(c.calls()).toBe(3 + JIT_CACHE_CAPACITY);
    } finally {
      setJitWarningSink(was);
    }
  });

  it("the newest trace's types do not match a different dtype, rank or argument count", () => {
    const c = counted((...xs: Tensor[]) => xs.reduce((s, x) => np.add(s, x), np.zeros([], xs[0]!.dtype)));
    const jf = jit(c.f);
    expect(jf(np.array([1, 2], { dtype: "float32" })).dtype).toBe("float32");
    expect(jf(np.array([1, 2], { dtype: "float64" })).dtype).toBe("float64");
    expect(jf(np.array([[1, 2]], { dtype: "float64" })).shape).toEqual([1, 2]);
    expect(jf(np.array([1, 2], { dtype: "float64" }), np.array([3, 4], { dtype: "float64" })).toArray()).toEqual([4, 6]);
    expect(c.calls()).toBe(4);
  });

  it("a tracer of the newest trace's type still binds a jit equation (grad through jit after a top-level call)", () => {
    const jf = jit((x: Tensor) => np.sum(np.mul(np.sin(x), x)));
    const x = np.array([0.5, -1.5]);
    expectClose(jf(x), 0.5 * Math.sin(0.5) + -1.5 * Math.sin(-1.5));
    const g = grad((y: Tensor) => jf(y))(x) as Tensor;
    expectClose(g, [0.5, -1.5].map((v) => Math.sin(v) + v * Math.cos(v)));
  });

  it("closed-over tensors are baked into the traced graph (as in JAX)", () => {
    let scale = np.array([1, 2]);
    const f = (x: Tensor): Tensor => np.mul(x, scale);
    const jf = jit(f);
    expect(jf(np.array([3, 3])).toArray()).toEqual([3, 6]);
    scale = np.array([10, 20]);
    expect(jf(np.array([3, 3])).toArray()).toEqual([3, 6]);
  });

  it("reading a traced value from JS under jit is a ConcretizationError naming jit", () => {
    const jf = jit(function relu(x: Tensor) {
      return (x.sum() as unknown as number) > 0 ? x : np.zerosLike(x);
    });
    let err: unknown;
    try {
      jf(np.ones([2]));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConcretizationError);
    expect((err as Error).message).toContain("jit(relu)");
  });

  it("jit under trace is one jit equation carrying the function's graph (the boundary is kept)", () => {
    const inner = jit(function inner(x: Tensor) {
      return np.sin(x).sum();
    });
    const g = trace((x: Tensor) => inner(np.mul(x, 2)))(np.ones([3]));
    expect(g.equations.map((e) => e.primitive)).toEqual(["mul", "jit"]);
    const call = g.equations[1]!;
    expect(call.params).toMatchObject({ name: "inner" });
    expect((call.params as { graph: { equations: { primitive: string }[] } }).graph.equations.map((e) => e.primitive)).toEqual(["sin", "reduce_sum"]);
    expect(g.toString()).toContain("jit[name=inner, graph={ lambda ; a:f32[3]. let b:f32[3] = sin a;");
    expect(g.inputs).toHaveLength(1);
    expect(g.constVars).toHaveLength(0);
  });
});

describe("staticArgnums", () => {
  it("a static JS number selects a branch with a plain if, and each value traces once", () => {
    let traces = 0;
    const f = (x: Tensor, mode: number): Tensor => {
      traces++;
      if (mode > 0) return np.mul(x, mode);
      return np.neg(x);
    };
    const jf = jit(f, { staticArgnums: 1 });
    expect(jf(np.array([1, 2]), 3).toArray()).toEqual([3, 6]);
    expect(jf(np.array([5, 6]), 3).toArray()).toEqual([15, 18]);
    expect(traces).toBe(1);
    expect(jf(np.array([1, 2]), -1).toArray()).toEqual([-1, -2]);
    expect(traces).toBe(2);
    expect(jf(np.array([1, 2]), 4).toArray()).toEqual([4, 8]);
    expect(jf(np.array([1, 2]), 3).toArray()).toEqual([3, 6]);
    expect(traces).toBe(3);
  });

  it("static arguments may be strings, booleans and plain data, and are not traced", () => {
    let traces = 0;
    const f = (opts: { act: string; twice: boolean }, x: Tensor): Tensor => {
      traces++;
      expect(typeof opts.act).toBe("string");
      const y = opts.act === "tanh" ? np.tanh(x) : np.exp(x);
      return opts.twice ? np.mul(y, 2) : y;
    };
    const jf = jit(f, { staticArgnums: [0] });
    expectClose(jf({ act: "tanh", twice: true }, np.array([0.5])), [2 * Math.tanh(0.5)]);
    expectClose(jf({ act: "tanh", twice: true }, np.array([0.7])), [2 * Math.tanh(0.7)]);
    expect(traces).toBe(1);
    expectClose(jf({ act: "exp", twice: false }, np.array([0.5])), [Math.exp(0.5)]);
    expect(traces).toBe(2);
  });

  it("a static object with its keys in another order is the same static value (keys sorted, as for pytrees)", () => {
    let traces = 0;
    const jf = jit(
      (opts: { a: number; b: number }, x: Tensor): Tensor => {
        traces++;
        return np.add(np.mul(x, opts.a), opts.b);
      },
      { staticArgnums: 0 },
    );
    expect(jf({ a: 2, b: 1 }, np.array([1])).toArray()).toEqual([3]);
    expect(jf({ b: 1, a: 2 }, np.array([5])).toArray()).toEqual([11]);
    expect(traces).toBe(1);
  });

  it("static values that JSON cannot tell apart (Infinity, -Infinity, NaN) still select their own graph", () => {
    const jf = jit((x: Tensor, s: number): Tensor => np.add(x, s), { staticArgnums: 1 });
    expect(jf(np.array([1]), Infinity).toArray()).toEqual([Infinity]);
    expect(jf(np.array([1]), -Infinity).toArray()).toEqual([-Infinity]);
    expect(jf(np.array([1]), NaN).toArray()).toEqual([NaN]);
  });

  it("a static argument leaves no trace in the graph's inputs", () => {
    const f = (n: number, x: Tensor): Tensor => np.mul(x, n);
    const jf = jit(f, { staticArgnums: 0 });
    expect(jf(4, np.array([1, 2])).toArray()).toEqual([4, 8]);
  });
});

describe("pytree arguments and results", () => {
  it("returns a pytree of the traced structure", () => {
    const f = jit((p: { w: Tensor; b: Tensor }, x: Tensor) => {
      const y = np.add(np.matmul(x, p.w), p.b);
      return { y, stats: [np.sum(y), np.max(y)], none: null };
    });
    const out = f({ w: np.array([[1, 0], [0, 2]]), b: np.array([1, 1]) }, np.array([[1, 2], [3, 4]]));
    expect(Object.keys(out)).toEqual(["none", "stats", "y"]);
    expect(out.y.toArray()).toEqual([[2, 5], [4, 9]]);
    expect(out.stats.map((t) => t.item())).toEqual([20, 9]);
    expect(out.none).toBeNull();
  });

  it("a number in the result comes back as a 0-d tensor", () => {
    const f = jit((x: Tensor) => [x, 7] as const);
    const [a, b] = f(np.ones([1]));
    expect(a.toArray()).toEqual([1]);
    expect(b).toBeInstanceOf(Tensor);
    expect(b.item()).toBe(7);
  });
});
