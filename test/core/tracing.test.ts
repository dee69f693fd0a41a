/**
 * The tracer discipline: reading a traced value from JS is a ConcretizationError that names the
 * transform and the way out; a tracer that outlives its trace is an UnexpectedTracerError; nested
 * traces keep their tracers apart (closure conversion); captured concrete tensors become
 * constants; pytrees round-trip through trace + evaluate; inputs are never modified; every
 * equation records the user's source line.
 */
import { describe, expect, it } from "vitest";
import {
  ConcretizationError,
  FluxionError,
  Graph,
  Tensor,
  UnexpectedTracerError,
  evaluate,
  jit,
  np,
  trace,
  tree,
} from "../../src/index.js";
import { Tracer } from "../../src/trace/tracer.js";
import { expectClose, thrown } from "../support/index.js";

/** The line number of the caller (read from a stack trace, independently of fluxion). */
function lineHere(): number {
  const frames = (new Error().stack ?? "").split("\n").filter((l) => l.includes("tracing.test.ts"));
  // frames[0] is this function, frames[1] the caller.
  const m = /tracing\.test\.ts:(\d+):\d+/.exec(frames[1] ?? "");
  if (m === null) throw new Error("could not read the caller's line from the stack");
  return Number(m[1]);
}

/** Nested arrays of a pytree's tensors, for deep comparison. */
function plain(t: unknown): unknown {
  return tree.unflatten(tree.structure(t), tree.leaves(t).map((l) => (l instanceof Tensor ? l.toArray() : l)));
}

describe("ConcretizationError: reading a traced value as a JS value", () => {
  const s = np.array(1.5);
  const v = np.array([1, 2, 3]);

  function expectConcretization(e: Error, typ: string, transform: string): void {
    expect(e).toBeInstanceOf(ConcretizationError);
    expect(e).toBeInstanceOf(FluxionError);
    expect(e.message).toContain(`traced ${typ}`);
    expect(e.message).toContain(`inside ${transform}`);
    expect(e.message).toContain("lax.cond");
    expect(e.message).toContain("np.where");
  }

  it("Number(x) (hint 'number')", () => {
    const e = thrown(() => trace(function f(x: Tensor) { return Number(x); })(s));
    expectConcretization(e, "f32[]", "trace(f)");
  });

  it("x > 0 (hint 'number')", () => {
    const e = thrown(() => trace(function f(x: Tensor) { return (x as unknown as number) > 0 ? x : np.neg(x); })(s));
    expectConcretization(e, "f32[]", "trace(f)");
  });

  it("x + 1 and x == 1 (hint 'default')", () => {
    const e1 = thrown(() => trace(function f(x: Tensor) { return (x as unknown as number) + 1; })(s));
    expectConcretization(e1, "f32[]", "trace(f)");
    // eslint-disable-next-line eqeqeq
    const e2 = thrown(() => trace(function f(x: Tensor) { return (x as unknown as number) == 1; })(s));
    expectConcretization(e2, "f32[]", "trace(f)");
  });

  it("x.item(), x.toArray() and x.data()", () => {
    expectConcretization(thrown(() => trace(function f(x: Tensor) { return x.item(); })(s)), "f32[]", "trace(f)");
    expectConcretization(thrown(() => trace(function f(x: Tensor) { return x.toArray(); })(v)), "f32[3]", "trace(f)");
    expectConcretization(thrown(() => trace(function f(x: Tensor) { return x.data(); })(v)), "f32[3]", "trace(f)");
  });

  it("names the traced function and the aval of derived values", () => {
    const e = thrown(() =>
      trace(function loss(x: Tensor) {
        const y = np.sum(np.mul(x, x), 0, true);
        return y.item();
      })(np.ones([4, 2])),
    );
    expectConcretization(e, "f32[1,2]", "trace(loss)");
  });

  it("names jit when the read happens under jit", () => {
    const e = thrown(() => jit(function step(x: Tensor) { return Number(x.sum()) > 0 ? x : x; })(v));
    expectConcretization(e, "f32[]", "jit(step)");
    expect(e.message).toContain("staticArgnums");
  });

  it("String(x) and template literals print Tracer<f32[3]> instead of throwing", () => {
    const seen: string[] = [];
    trace((x: Tensor) => {
      seen.push(String(x), `${x}`, `${np.sum(x)}`, x.toString());
      return x;
    })(v);
    expect(seen).toEqual(["Tracer<f32[3]>", "Tracer<f32[3]>", "Tracer<f32[]>", "Tracer<f32[3]>"]);
  });

  it("concrete tensors still convert: Number of a one-element tensor, String of any", () => {
    expect(Number(np.array([2.5]))).toBe(2.5);
    expect((np.array(3) as unknown as number) + 1).toBe(4);
    expect(String(np.array([1, 2]))).toBe("array([1., 2.], dtype=float32)");
  });
});

describe("UnexpectedTracerError: a tracer that escaped its trace", () => {
  function leak(): Tensor {
    let saved: Tensor | undefined;
    trace(function leaky(x: Tensor) {
      saved = np.sin(x);
      return x;
    })(np.ones([3]));
    return saved!;
  }

  function expectEscape(e: Error): void {
    expect(e).toBeInstanceOf(UnexpectedTracerError);
    expect(e).toBeInstanceOf(FluxionError);
    expect(e.message).toContain("f32[3]");
    expect(e.message).toContain("trace(leaky)");
    expect(e.message).toMatch(/escaped|after trace\(leaky\) returned/);
    expect(e.message).toMatch(/[Rr]eturn it/);
  }

  it("in an eager op", () => {
    const saved = leak();
    const e = thrown(() => np.add(saved, 1));
    expectEscape(e);
    expect(e.message).toMatch(/^add:/);
  });

  it("in a method call", () => {
    const saved = leak();
    expectEscape(thrown(() => saved.mul(2)));
  });

  it("in another trace", () => {
    const saved = leak();
    expectEscape(thrown(() => trace((y: Tensor) => np.add(saved, y))(np.ones([3]))));
  });

  it("under jit", () => {
    const saved = leak();
    expectEscape(thrown(() => jit((y: Tensor) => np.mul(y, saved))(np.ones([3]))));
  });

  it("says where the tracer was created", () => {
    const saved = leak();
    expect(thrown(() => np.exp(saved)).message).toMatch(/created inside trace\(leaky\) at tracing\.test\.ts:\d+:\d+/);
  });

  it("leaves the interpreter state clean: eager ops work after an escape error", () => {
    const saved = leak();
    thrown(() => np.add(saved, 1));
    const y = np.add(np.array([1, 2]), 1);
    expect(y).not.toBeInstanceOf(Tracer);
    expect(y.toArray()).toEqual([2, 3]);
  });
});

describe("nested traces", () => {
  it("an inner trace closing over an outer tracer gets it as a constant input", () => {
    let inner: Graph | undefined;
    let outerX: Tensor | undefined;
    const outer = trace((x: Tensor) => {
      outerX = x;
      inner = trace((y: Tensor) => np.mul(y, x))(np.ones([3]));
      return evaluate(inner, np.sin(x)) as Tensor;
    })(np.ones([3]));
    expect(inner!.toString()).toBe("{ lambda a:f32[3] ; b:f32[3]. let c:f32[3] = mul b a in (c) }");
    expect(inner!.constValues).toHaveLength(1);
    expect(inner!.constValues[0]).toBe(outerX);
    // The outer graph inlines the inner one: sin, then mul with its own input.
    expect(outer.toString()).toBe("{ lambda ; a:f32[3]. let b:f32[3] = sin a; c:f32[3] = mul b a in (c) }");
    const x = np.array([0.5, 1, 2]);
    expectClose(evaluate(outer, x), [0.5, 1, 2].map((v) => Math.sin(v) * v));
  });

  it("an inner graph that captured an outer tracer cannot run after the outer trace ends", () => {
    let inner: Graph | undefined;
    trace((x: Tensor) => {
      inner = trace((y: Tensor) => np.add(y, x))(np.ones([2]));
      return x;
    })(np.ones([2]));
    expect(thrown(() => evaluate(inner!, np.ones([2])))).toBeInstanceOf(UnexpectedTracerError);
  });

  it("inner and outer tracers are not confused: each trace records only its own ops", () => {
    const outer = trace((x: Tensor) => {
      const g = trace((y: Tensor) => np.exp(y))(np.ones([2]));
      expect(g.toString()).toBe("{ lambda ; a:f32[2]. let b:f32[2] = exp a in (b) }");
      return np.cos(x);
    })(np.ones([2]));
    expect(outer.toString()).toBe("{ lambda ; a:f32[2]. let b:f32[2] = cos a in (b) }");
  });

  it("reading an outer tracer inside an inner trace names the outer trace", () => {
    const e = thrown(() =>
      trace(function outer(x: Tensor) {
        trace(function inner(y: Tensor) {
          return Number(x) > 0 ? y : y;
        })(np.ones([]));
        return x;
      })(np.ones([])),
    );
    expect(e).toBeInstanceOf(ConcretizationError);
    expect(e.message).toContain("inside trace(outer)");
  });
});

describe("closure capture and eager execution", () => {
  it("captured concrete tensors become constVars printed in the lambda's first section", () => {
    const c = np.array([1, 2, 3]);
    const d = np.array([[1, 0, 0], [0, 1, 0]]);
    const g = trace((x: Tensor) => np.matmul(d, np.mul(np.add(x, c), 2)))(np.ones([3]));
    expect(g.constValues).toHaveLength(2);
    expect(g.constValues[0]).toBe(c);
    expect(g.constValues[1]).toBe(d);
    expect(g.constVars.map((v) => v.aval.shape)).toEqual([[3], [2, 3]]);
    expect(g.toString().startsWith("{ lambda a:f32[3] b:f32[2,3] ; c:f32[3].")).toBe(true);
    const out = evaluate(g, np.array([10, 20, 30])) as Tensor;
    expect(out.toArray()).toEqual([22, 44]); // (x + c) * 2 = [22, 44, 66], then rows 0 and 1
  });

  it("the same captured tensor used twice is one constant", () => {
    const c = np.array([1, 2]);
    const g = trace((x: Tensor) => np.add(np.mul(x, c), c))(np.ones([2]));
    expect(g.constVars).toHaveLength(1);
  });

  it("a captured scalar becomes an inline literal", () => {
    const k = np.array(3);
    const g = trace((x: Tensor) => np.mul(x, k))(np.ones([2]));
    expect(g.constVars).toHaveLength(0);
    expect(g.toString()).toBe("{ lambda ; a:f32[2]. let b:f32[2] = mul a 3.0:f32[] in (b) }");
  });

  it("ops outside any trace run eagerly and give concrete tensors", () => {
    const y = np.sin(np.array([0, Math.PI / 2]));
    expect(y).toBeInstanceOf(Tensor);
    expect(y).not.toBeInstanceOf(Tracer);
    expect(y.data()).toEqual(new Float32Array([0, 1]));
    expect(np.sum(np.array([[1, 2], [3, 4]]), 0).toArray()).toEqual([4, 6]);
  });

  it("a trace that throws restores eager evaluation", () => {
    thrown(() =>
      trace((x: Tensor) => {
        np.sin(x);
        throw new Error("user bug");
      })(np.ones([2])),
    );
    const y = np.mul(np.array([1, 2]), 3);
    expect(y).not.toBeInstanceOf(Tracer);
    expect(y.toArray()).toEqual([3, 6]);
  });

  it("a function that works eagerly traces unchanged and evaluates to the same values", () => {
    const f = (x: Tensor): Tensor => np.tanh(np.mul(x, x)).sum();
    const x = np.array([0.1, -0.4, 0.7]);
    const eager = f(x).item();
    const viaGraph = (evaluate(trace(f)(x), x) as Tensor).item();
    expect(viaGraph).toBe(eager);
    expectClose(f(x), Math.tanh(0.01) + Math.tanh(0.16) + Math.tanh(0.49));
  });
});

describe("pytree arguments and results", () => {
  it("round-trip through trace + evaluate with the same structure (keys in any order, nested arrays, nulls)", () => {
    const f = (p: { w: Tensor; b: Tensor; meta: { scale: number } }, xs: [Tensor, [Tensor, null]]) => ({
      z: [np.mul(xs[0], p.meta.scale), null],
      y: np.add(np.matmul(xs[1][0], p.w), p.b),
      k: { n: null, s: np.sum(p.b) },
    });
    const params = { w: np.ones([2, 2]), b: np.zeros([2]), meta: { scale: 2 } };
    const g = trace(f)(params, [np.ones([3]), [np.ones([2]), null]]);
    expect(g.inTree.toString()).toBe('PyTreeDef([{"b": *, "meta": {"scale": *}, "w": *}, [*, [*, None]]])');
    expect(g.outTree.toString()).toBe('PyTreeDef({"k": {"n": None, "s": *}, "y": *, "z": [*, None]})');

    // Keys given in another order, numbers where tensors were traced.
    const args = [
      { meta: { scale: 3 }, b: np.array([1, -1]), w: np.array([[1, 2], [3, 4]]) },
      [np.array([1, 2, 3]), [np.array([1, 1]), null]],
    ] as const;
    const out = evaluate(g, ...args) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(["k", "y", "z"]);
    expect(plain(out)).toEqual({
      k: { n: null, s: 0 },
      y: [5, 5], // [1,1]·[[1,2],[3,4]] + [1,-1]
      z: [[3, 6, 9], null],
    });
    // A traced number leaf is an input like any other, so the new scale (3) is used.
    expect(tree.structure(out).equals(g.outTree)).toBe(true);
  });

  it("returns a bare tensor as a bare tensor and numbers as literals", () => {
    const g = trace((x: Tensor) => [x, 2, true])(np.ones([2]));
    expect(g.outTree.toString()).toBe("PyTreeDef([*, *, *])");
    const out = evaluate(g, np.array([7, 8])) as Tensor[];
    expect(out[0]!.toArray()).toEqual([7, 8]);
    expect(out[1]!.toArray()).toBe(2);
    expect(out[2]!.toArray()).toBe(true);
  });

  it("undefined and null arguments are empty subtrees", () => {
    const g = trace((x: Tensor, _none: null, _u: undefined) => x)(np.ones([1]), null, undefined);
    expect(g.inputs).toHaveLength(1);
    expect(g.inTree.toString()).toBe("PyTreeDef([*, None, None])");
  });

  it("tracing does not modify its inputs", () => {
    const w = np.array([[1, 2], [3, 4]]);
    const arg = { w, list: [np.array([5, 6]), 7], nested: { b: null } };
    const before = JSON.stringify(plain(arg));
    const wData = w.data();
    const g = trace((p: typeof arg) => np.add(p.w.sum(0), p.list[0] as Tensor))(arg);
    evaluate(g, arg);
    jit((p: typeof arg) => np.mul(p.w, 2))(arg);
    expect(JSON.stringify(plain(arg))).toBe(before);
    expect(arg.w).toBe(w);
    expect(Object.keys(arg)).toEqual(["w", "list", "nested"]);
    expect(Object.isFrozen(arg) || Object.isFrozen(arg.list)).toBe(false);
    expect(w.data()).toEqual(wData);
  });

  it("a tensor's data() is a copy: mutating it does not change the tensor", () => {
    const x = np.array([1, 2, 3]);
    const d = x.data();
    d[0] = 100;
    expect(x.toArray()).toEqual([1, 2, 3]);
  });
});

describe("source info", () => {
  it("each equation's source names this file and the line that created it", () => {
    const lines: number[] = [];
    const g = trace((x: Tensor) => {
      const a = np.sin(x); lines.push(lineHere());
      const b = a.mul(2); lines.push(lineHere());
      const c = np.sum(b); lines.push(lineHere());
      return c;
    })(np.ones([3]));
    expect(g.equations.map((e) => e.primitive)).toEqual(["sin", "mul", "reduce_sum"]);
    g.equations.forEach((e, i) => {
      expect(e.source).toMatch(/^tracing\.test\.ts:\d+:\d+$/);
      expect(Number(/:(\d+):/.exec(e.source!)![1])).toBe(lines[i]);
    });
  });

  it("source info survives nesting: an op in a helper points at the helper's line", () => {
    let helperLine = 0;
    const helper = (t: Tensor): Tensor => {
      helperLine = lineHere(); return np.exp(t);
    };
    const g = trace((x: Tensor) => helper(x))(np.ones([2]));
    expect(helperLine).toBeGreaterThan(0);
    expect(g.equations[0]!.source).toMatch(new RegExp(`^tracing\\.test\\.ts:${helperLine}:\\d+$`));
  });
});
