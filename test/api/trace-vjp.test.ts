/**
 * traceVjp: the forward graph (primals ↦ [out, residuals]) and the backward graph ((residuals, ct) ↦
 * cotangents) evaluated one after the other agree with eager `vjp`/`grad`, and with forward mode
 * through ⟨backward(ct), t⟩ = ⟨ct, jvp(t)⟩; residuals are described by the forward graph's extra
 * outputs and point at this file's lines; the backward pass holds only transposable primitives.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  ArgumentError,
  DTypeError,
  FluxionError,
  type Tensor,
  UnexpectedTracerError,
  evaluate,
  grad,
  jit,
  jvp,
  lax,
  np,
  toSvg,
  traceVjp,
  vjp,
} from "../../src/index.js";
import { primitive } from "../../src/primitives/table.js";
import { expectClose, expectTreeClose, f64, thrown } from "../support/index.js";

const thisFile = readFileSync(new URL(import.meta.url), "utf8").split("\n");

/** A deterministic float64 array of `shape` (values in [-1, 1]). */
function data(shape: number[], phase: number): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return f64(Array.from({ length: n }, (_, i) => Math.sin(1.3 * i + phase)), shape);
}

interface Params {
  W1: Tensor;
  b1: Tensor;
  W2: Tensor;
}
const mlpLoss = (p: Params, x: Tensor): Tensor => {
  const h = np.tanh(np.add(np.matmul(x, p.W1), p.b1));
  const y = np.matmul(h, p.W2);
  return np.mean(np.square(y));
};
const params: Params = { W1: data([3, 4], 0.1), b1: data([4], 0.7), W2: data([4, 2], 1.9) };
const x = data([5, 3], 2.3);

/** Sum over leaves of ⟨a, b⟩. */
function inner(a: unknown, b: unknown): number {
  const flat = (t: unknown): Tensor[] =>
    t instanceof Object && "shape" in (t as object)
      ? [t as Tensor]
      : Object.keys(t as object)
          .sort()
          .flatMap((k) => flat((t as Record<string, unknown>)[k]));
  const xs = flat(a);
  const ys = flat(b);
  expect(xs.length).toBe(ys.length);
  return xs.reduce((s, t, i) => s + np.sum(np.mul(t, ys[i]!)).item(), 0);
}

describe("traceVjp", () => {
  const { forward, backward, residuals, numOutputs } = traceVjp(mlpLoss)(params, x);
  const [out, res] = evaluate(forward, params, x) as [Tensor, Tensor[]];
  const cts = evaluate(backward, res, np.array(1, { dtype: "float64" })) as [Params, Tensor];

  it("forward then backward of an MLP loss equals the eager value and grad of every argument", () => {
    expectClose(out, mlpLoss(params, x).item());
    const [gp, gx] = grad(mlpLoss, { argnums: [0, 1] })(params, x) as [Params, Tensor];
    expectTreeClose(cts[0], gp);
    expectTreeClose(cts[1], gx);
    expect(numOutputs).toBe(1);
  });

  it("the backward graph is the adjoint of forward mode: ⟨backward(c), t⟩ = ⟨c, jvp(t)⟩", () => {
    const tp: Params = { W1: data([3, 4], 5.1), b1: data([4], 6.2), W2: data([4, 2], 7.3) };
    const tx = data([5, 3], 8.4);
    const c = 0.75;
    const [, dy] = jvp(mlpLoss, [params, x], [tp, tx]);
    const back = evaluate(backward, res, np.array(c, { dtype: "float64" })) as [Params, Tensor];
    expectClose(np.array(inner(back[0], tp) + inner(back[1], tx), { dtype: "float64" }), c * dy.item());
  });

  it("residuals are the forward graph's extra outputs, with their shapes and dtypes", () => {
    expect(forward.outputs.length).toBe(numOutputs + residuals.length);
    expect(res.length).toBe(residuals.length);
    expect(residuals.length).toBeGreaterThan(0);
    residuals.forEach((r, i) => {
      expect(r.index).toBe(i);
      const o = forward.outputs[numOutputs + i]!.aval;
      expect([r.shape, r.dtype]).toEqual([o.shape, o.dtype]);
      expect([res[i]!.shape, res[i]!.dtype]).toEqual([o.shape, o.dtype]);
      expect(backward.inputs[i]!.aval).toEqual(o);
    });
    // x is read by the transpose of x @ W1: it is kept as itself and named by its path.
    expect(residuals.some((r) => r.name === "args[1]" && r.primitive === undefined && r.source === undefined)).toBe(true);
  });

  it("each computed residual's source line points into this file, at the line that made it", () => {
    const computed = residuals.filter((r) => r.primitive !== undefined);
    expect(computed.length).toBeGreaterThan(0);
    for (const r of computed) {
      const m = /^trace-vjp\.test\.ts:(\d+):\d+$/.exec(r.source ?? "");
      expect(m, `${r.name} (${r.primitive}) source ${r.source}`).not.toBeNull();
      const line = thisFile[Number(m![1]) - 1]!;
      // The residuals of this loss come from the tanh layer and the second matmul and square.
      expect(line).toMatch(/np\.(tanh|matmul|square)/);
    }
    // tanh's derivative is a residual made on the tanh line.
    expect(computed.some((r) => /np\.tanh/.test(thisFile[Number(/:(\d+):/.exec(r.source!)![1]) - 1]!))).toBe(true);
  });

  it("the backward graph has no forward-only nonlinear primitive: tanh stays in the forward pass", () => {
    const prims = (g: typeof forward) => g.equations.map((e) => e.primitive);
    expect(prims(forward)).toContain("tanh");
    expect(prims(backward)).not.toContain("tanh");
    for (const name of prims(backward)) {
      expect((primitive(name as never) as { transposeRule: unknown }).transposeRule, name).not.toBe("nonlinear");
    }
    expect(backward.toString()).not.toMatch(/tanh/);
  });

  it("both graphs print and draw", () => {
    expect(forward.toString()).toMatch(/tanh/);
    expect(toSvg(forward)).toMatch(/^<svg|<svg/);
    expect(toSvg(backward)).toMatch(/<svg/);
  });
});

describe("traceVjp of other functions agrees with vjp", () => {
  it("a scan", () => {
    const f = (c0: Tensor, xs: Tensor): Tensor => {
      const [c, ys] = lax.scan((c: Tensor, xi: Tensor) => [np.sin(np.add(np.mul(c, xi), 0.5)), np.mul(c, c)] as const, c0, xs);
      return np.add(np.sum(ys), np.mul(c, 2));
    };
    const c0 = np.array(0.3, { dtype: "float64" });
    const xs = data([6], 0.4);
    const { forward, backward } = traceVjp(f)(c0, xs);
    const [y, res] = evaluate(forward, c0, xs) as [Tensor, Tensor[]];
    const ct = np.array(1.5, { dtype: "float64" });
    const got = evaluate(backward, res, ct);
    const [yWant, pullback] = vjp(f, c0, xs);
    expectClose(y, yWant);
    expectTreeClose(got, pullback(ct));
  });

  it("pytree inputs and several outputs, with a pytree cotangent", () => {
    const f = (a: { u: Tensor; v: [Tensor, Tensor] }, w: Tensor) => ({
      p: np.mul(np.sin(a.u), w),
      q: [np.exp(np.mul(a.v[0], a.v[1])), np.sum(np.log(np.add(np.square(w), 1)))],
    });
    const a = { u: data([3], 0.2), v: [data([2, 3], 1.1), data([3], 3.3)] as [Tensor, Tensor] };
    const w = data([3], 4.4);
    const { forward, backward, numOutputs } = traceVjp(f)(a, w);
    expect(numOutputs).toBe(3);
    const [out, res] = evaluate(forward, a, w) as [unknown, Tensor[]];
    const ct = { p: data([3], 9.1), q: [data([2, 3], 9.7), np.array(0.5, { dtype: "float64" })] };
    const got = evaluate(backward, res, ct);
    const [outWant, pullback] = vjp(f, a, w);
    expectTreeClose(out, outWant);
    expectTreeClose(got, pullback(ct as never));
  });

  it("an output that does not depend on the input gets a zero cotangent path", () => {
    const f = (x: Tensor) => [np.sum(np.cos(x)), f64([1, 2])];
    const x0 = data([4], 0.9);
    const { forward, backward } = traceVjp(f)(x0);
    const [, res] = evaluate(forward, x0) as [unknown, Tensor[]];
    const got = evaluate(backward, res, [np.array(2, { dtype: "float64" }), f64([5, 6])]) as [Tensor];
    expectClose(got[0], np.mul(np.sin(x0), -2));
  });
});

describe("traceVjp of a jit-compiled function", () => {
  const layer = jit((W: Tensor, xs: Tensor) => np.tanh(np.matmul(xs, W)));
  const f = (W: Tensor, xs: Tensor) => np.sum(np.square(layer(W, xs))); // the jit call's line
  const W = data([3, 2], 0.5);
  const xs = data([4, 3], 1.5);
  const { forward, backward, residuals } = traceVjp(f)(W, xs);

  it("forward then backward equals vjp, and the backward pass (sub-graphs included) has no tanh", () => {
    const [y, res] = evaluate(forward, W, xs) as [Tensor, Tensor[]];
    const ct = np.array(-0.5, { dtype: "float64" });
    const [yWant, pullback] = vjp(f, W, xs);
    expectClose(y, yWant);
    expectTreeClose(evaluate(backward, res, ct), pullback(ct));
    expect(forward.toString()).toMatch(/tanh/);
    expect(backward.toString()).not.toMatch(/tanh/);
  });

  it("residuals kept by the jit equation point at the line that calls it", () => {
    const fromJit = residuals.filter((r) => r.primitive === "jit");
    expect(fromJit.length).toBeGreaterThan(0);
    for (const r of fromJit) expect(thisFile[Number(/:(\d+):/.exec(r.source!)![1]) - 1]).toMatch(/the jit call's line/);
  });
});

describe("traceVjp errors", () => {
  it("refuses a function that closes over a tracer of an outer transform", () => {
    const e = thrown(() =>
      grad((y: Tensor) => {
        traceVjp((x: Tensor) => np.mul(x, y))(np.ones([2]));
        return np.sum(y);
      })(np.ones([2])),
    );
    expect(e).toBeInstanceOf(UnexpectedTracerError);
    expect(e.message).toMatch(/traceVjp\(f\).*outer transform/);
  });

  it("refuses a non-function", () => {
    const e = thrown(() => traceVjp(3 as never));
    expect(e).toBeInstanceOf(ArgumentError);
    expect(e).toBeInstanceOf(FluxionError);
    expect(e.message).toMatch(/traceVjp: expected a function/);
  });

  it("refuses a non-float primal, naming its path", () => {
    const e = thrown(() => traceVjp((p: { n: Tensor }) => np.sum(p.n))({ n: np.array([1, 2], { dtype: "int32" }) }));
    expect(e).toBeInstanceOf(DTypeError);
    expect(e).toBeInstanceOf(FluxionError);
    expect(e.message).toMatch(/args\[0\]\.n is int32/);
  });
});
