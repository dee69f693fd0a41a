/**
 * scan's jvp stacks only the residuals that change from step to step, and its backward pass reads
 * them instead of recomputing the forward step (JAX's partial evaluation of scan). Checked on the
 * graphs grad and jvp build (what each scan computes and stacks) and on values: every derivative
 * against the same recurrence unrolled in JS (the other program) and float64 central differences.
 */
import { describe, expect, it } from "vitest";
import { type Graph, type Tensor, grad, jvp, lax, np, trace } from "../../src/index.js";
import type { Equation } from "../../src/ir/types.js";

/** The scan equations of `g`, outermost first. */
const scans = (g: Graph): Equation[] => g.equations.filter((e) => e.primitive === "scan");
/** How many equations of `g` (its nested graphs not counted) run `name`. */
const count = (g: Graph, name: string): number => g.equations.filter((e) => e.primitive === name).length;
const bodyOf = (e: Equation): Graph => (e.params as { body: Graph }).body;

const seq = (n: number, s: number): number[] => Array.from({ length: n }, (_, i) => Math.sin(1.3 * i + s) * 0.6);

/** An Elman RNN: h ↦ tanh(x·wx + h·wh + b) for T steps, loss mean(h_T²); float64. */
const T = 6, B = 3, D = 4, H = 5;
const wx0 = np.array(seq(D * H, 1), { dtype: "float64" }).reshape([D, H]);
const wh0 = np.array(seq(H * H, 2), { dtype: "float64" }).reshape([H, H]);
const b0 = np.array(seq(H, 3), { dtype: "float64" });
const xs0 = np.array(seq(T * B * D, 4), { dtype: "float64" }).reshape([T, B, D]);
const step = (wx: Tensor, wh: Tensor, b: Tensor) => (h: Tensor, x: Tensor): Tensor => np.tanh(np.add(np.add(np.matmul(x, wx), np.matmul(h, wh)), b));
const scanned = (wx: Tensor, wh: Tensor, b: Tensor): Tensor => {
  const [hT] = lax.scan((h: Tensor, x: Tensor): [Tensor, null] => [step(wx, wh, b)(h, x), null], np.zeros([B, H], "float64"), xs0);
  return np.mean(np.square(hT));
};
const unrolled = (wx: Tensor, wh: Tensor, b: Tensor): Tensor => {
  let h = np.zeros([B, H], "float64");
  for (let t = 0; t < T; t++) h = step(wx, wh, b)(h, xs0.get(t));
  return np.mean(np.square(h));
};

const close = (got: Tensor, want: Tensor, tol = 1e-12): void => {
  const g = Array.from(got.data()), w = Array.from(want.data());
  expect(g.length).toBe(w.length);
  g.forEach((v, i) => expect(Math.abs(v - w[i]!)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(w[i]!))));
};

describe("scan's backward pass reads stacked residuals", () => {
  it("an RNN's reverse scan runs the three transposed products and no tanh", () => {
    const g = trace(grad(scanned, { argnums: [0, 1, 2] }))(wx0, wh0, b0);
    const [forward, backward] = scans(g);
    expect(scans(g)).toHaveLength(2);
    // Forward: the two products and the tanh; it stacks the incoming carry and tanh's derivative.
    expect(count(bodyOf(forward!), "dot_general")).toBe(2);
    expect(forward!.outputs.filter((v) => v.aval.shape[0] === T)).toHaveLength(2);
    // Backward: hᵀ·dz, xᵀ·dz and dz·whᵀ only — the forward step is not run again.
    expect(count(bodyOf(backward!), "dot_general")).toBe(3);
    expect(count(bodyOf(backward!), "tanh")).toBe(0);
    // xs is read as it is, not stacked again: the reverse scan takes the very xs the forward one does.
    expect(backward!.inputs.filter((a) => a.aval.shape.join() === [T, B, D].join())).toHaveLength(1);
  });

  it("the gradient equals the unrolled loop's and float64 central differences", () => {
    const got = grad(scanned, { argnums: [0, 1, 2] })(wx0, wh0, b0) as Tensor[];
    const want = grad(unrolled, { argnums: [0, 1, 2] })(wx0, wh0, b0) as Tensor[];
    got.forEach((t, i) => close(t, want[i]!));
    // One entry of each gradient against (f(p + e) − f(p − e)) / 2e.
    const e = 1e-6;
    const params = [wx0, wh0, b0];
    params.forEach((p, i) => {
      const bump = (s: number): Tensor[] => params.map((q, j) => (j === i ? np.add(q, np.array(Array.from({ length: p.size }, (_, k) => (k === 0 ? s * e : 0)), { dtype: "float64" }).reshape(p.shape)) : q));
      const fd = (scanned(...(bump(1) as [Tensor, Tensor, Tensor])).item() - scanned(...(bump(-1) as [Tensor, Tensor, Tensor])).item()) / (2 * e);
      expect(Math.abs(got[i]!.data()[0]! - fd)).toBeLessThanOrEqual(1e-8);
    });
  });
});

describe("residuals the same every step are not stacked", () => {
  // c ↦ c·exp(w) + x: the tangent reads exp(w) (computed from a constant alone) and the carry.
  const body = (w: Tensor) => (c: Tensor, x: Tensor): [Tensor, Tensor] => {
    const next = np.add(np.mul(c, np.exp(w)), x);
    return [next, np.sin(next)];
  };
  const xs = np.array(seq(5 * 3, 7), { dtype: "float64" }).reshape([5, 3]);
  const c0 = np.array([0.1, -0.2, 0.3], { dtype: "float64" });
  const w0 = np.array([0.05, -0.1, 0.2], { dtype: "float64" });
  const f = (w: Tensor): Tensor[] => lax.scan(body(w), c0, xs) as Tensor[];
  const fUnrolled = (w: Tensor): Tensor[] => {
    let c = c0;
    const ys: Tensor[] = [];
    for (let t = 0; t < 5; t++) {
      const [next, y] = body(w)(c, xs.get(t));
      c = next;
      ys.push(y);
    }
    return [c, np.stack(ys)];
  };

  it("exp(w) is computed once, outside the loops, and the tangent scan reads it as a constant", () => {
    const dw = np.array([1, 0.5, -1], { dtype: "float64" });
    const g = trace((w: Tensor, t: Tensor) => jvp(f, [w], [t])[1])(w0, dw);
    const [primal, tangent] = scans(g);
    // The primal scan stacks the incoming carry and cos(next) — not exp(w), a [5, 3] copy of one value.
    expect(primal!.outputs.filter((v) => v.aval.shape[0] === 5)).toHaveLength(3); // ys, two residuals
    expect(count(g, "exp")).toBe(1);
    expect(count(bodyOf(tangent!), "exp")).toBe(0);
  });

  it("its jvp and gradient equal the unrolled loop's", () => {
    const dw = np.array([1, 0.5, -1], { dtype: "float64" });
    const [, got] = jvp(f, [w0], [dw]);
    const [, want] = jvp(fUnrolled, [w0], [dw]);
    (got as Tensor[]).forEach((t, i) => close(t, (want as Tensor[])[i]!));
    const loss = (g: (w: Tensor) => Tensor[]) => (w: Tensor): Tensor => np.add(np.sum(g(w)[0]!), np.sum(np.square(g(w)[1]!)));
    close(grad(loss(f))(w0), grad(loss(fUnrolled))(w0));
  });
});
