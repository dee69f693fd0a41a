/**
 * jacfwd, jacrev and hessian: the two modes agree, the result has shape out.shape ++ in.shape
 * over pytrees and argnums, known Jacobians and Hessians match closed forms and float64 central
 * differences, and a Jacobian too large to hold is a ResourceError raised before allocating.
 */
import { describe, expect, it } from "vitest";
import { ResourceError, grad, hessian, jacfwd, jacrev, np, vmap, type Tensor } from "../../src/index.js";
import { EXACT, T, expectClose, fdJacobian, thrown, vals } from "../support/index.js";
import { loop, rand } from "./helpers.js";

const F32 = { rtol: 2e-5, atol: 2e-6 };
const F64 = { rtol: 1e-10, atol: 1e-12 };

describe("jacfwd = jacrev", () => {
  // R³ → R⁴: [sin(x0·x1), x2²·x0, exp(x1), x0 + x1 + x2]
  const vecFn = (x: Tensor): Tensor =>
    np.stack([np.sin(np.mul(x.get(0), x.get(1))), np.mul(np.square(x.get(2)), x.get(0)), np.exp(x.get(1)), np.sum(x)]);

  it("vector → vector: both modes, float64 differences and the closed form", () => {
    const x = np.array([0.3, -0.7, 1.2]);
    const jf = T(jacfwd(vecFn)(x));
    const jr = T(jacrev(vecFn)(x));
    expect(jf.shape).toEqual([4, 3]);
    expect(jr.shape).toEqual([4, 3]);
    expectClose(jf, jr, F32);
    const [a, b, c] = [0.3, -0.7, 1.2];
    const closed = [
      [b * Math.cos(a * b), a * Math.cos(a * b), 0],
      [c * c, 0, 2 * c * a],
      [0, Math.exp(b), 0],
      [1, 1, 1],
    ].flat();
    expectClose(jf, closed, F32);
    expectClose(jr, closed, F32);
    const x64 = np.array([0.3, -0.7, 1.2], { dtype: "float64" });
    expectClose(jacfwd(vecFn)(x64), fdJacobian(vecFn, vals(x64), x64.shape), { rtol: 1e-7, atol: 1e-8 });
    expectClose(jacrev(vecFn)(x64), closed, F64);
  });

  it("matrix → scalar: the Jacobian has the input's shape", () => {
    const W = rand([3, 4], 1);
    const f = (X: Tensor): Tensor => np.sum(np.tanh(np.matmul(X, W)));
    const X = rand([2, 3], 2);
    const jf = T(jacfwd(f)(X));
    const jr = T(jacrev(f)(X));
    expect(jf.shape).toEqual([2, 3]);
    expectClose(jf, jr, F32);
    // Equal to the gradient, and to (1 − tanh²(XW))·Wᵀ.
    expectClose(jr, T(grad(f)(X)), F32);
    const closed = np.matmul(np.sub(1, np.square(np.tanh(np.matmul(X, W)))), np.transpose(W));
    expectClose(jr, closed, F32);
  });

  it("matrix → matrix: shape out.shape ++ in.shape", () => {
    // f(X) = stack([Xᵀ, 2Xᵀ]) : [2, 3] → [2, 3, 2]; J has shape [2, 3, 2, 2, 3].
    const f = (X: Tensor): Tensor => np.stack([np.transpose(X), np.mul(np.transpose(X), 2)]);
    const X = rand([2, 3], 3, { dtype: "float64" });
    const jf = T(jacfwd(f)(X));
    const jr = T(jacrev(f)(X));
    expect(jf.shape).toEqual([2, 3, 2, 2, 3]);
    expect(jr.shape).toEqual([2, 3, 2, 2, 3]);
    // J[s, j, i, k, l] = (s + 1)·[i = k][j = l]
    const closed: number[] = [];
    for (let s = 0; s < 2; s++) for (let j = 0; j < 3; j++) for (let i = 0; i < 2; i++) for (let k = 0; k < 2; k++) for (let l = 0; l < 3; l++)
      closed.push(i === k && j === l ? s + 1 : 0);
    expectClose(jf, closed, F64);
    expectClose(jr, closed, F64);
    expectClose(jr, fdJacobian(f, vals(X), X.shape), { rtol: 1e-8, atol: 1e-8 });
  });

  it("scalar → vector and scalar → scalar", () => {
    const f = (t: Tensor): Tensor => np.stack([np.cos(t), np.sin(t), np.mul(t, t)]);
    const t = np.array(0.4, { dtype: "float64" });
    const jf = T(jacfwd(f)(t));
    expect(jf.shape).toEqual([3]);
    expectClose(jf, T(jacrev(f)(t)), F64);
    expectClose(jf, [-Math.sin(0.4), Math.cos(0.4), 0.8], F64);
    const g = T(jacrev(np.exp)(t));
    expect(g.shape).toEqual([]);
    expectClose(g, Math.exp(0.4), F64);
  });

  it("pytree inputs and outputs", () => {
    const f = (p: { a: Tensor; b: Tensor }) => ({ u: np.mul(p.a, p.b), v: [np.sum(p.a), np.sin(p.b)] });
    const p = { a: np.array([1, 2, 3], { dtype: "float64" }), b: np.array([0.5, -0.5, 2], { dtype: "float64" }) };
    type J = { u: { a: Tensor; b: Tensor }; v: { a: Tensor; b: Tensor }[] };
    const jf = jacfwd(f)(p) as J;
    const jr = jacrev(f)(p) as J;
    for (const j of [jf, jr]) {
      expect(Object.keys(j).sort()).toEqual(["u", "v"]);
      expect(j.u.a.shape).toEqual([3, 3]);
      expect(j.u.b.shape).toEqual([3, 3]);
      expect(j.v[0]!.a.shape).toEqual([3]);
      expect(j.v[0]!.b.shape).toEqual([3]);
      expect(j.v[1]!.a.shape).toEqual([3, 3]);
      expect(j.v[1]!.b.shape).toEqual([3, 3]);
      // ∂(a·b)/∂a = diag(b), ∂(a·b)/∂b = diag(a), ∂Σa/∂a = 1, ∂Σa/∂b = 0, ∂sin b/∂a = 0, ∂sin b/∂b = diag(cos b).
      const diag = (d: number[]): number[] => d.flatMap((v, i) => d.map((_, k) => (i === k ? v : 0)));
      expectClose(j.u.a, diag([0.5, -0.5, 2]), F64);
      expectClose(j.u.b, diag([1, 2, 3]), F64);
      expectClose(j.v[0]!.a, [1, 1, 1], F64);
      expectClose(j.v[0]!.b, [0, 0, 0], F64);
      expectClose(j.v[1]!.a, Array(9).fill(0), F64);
      expectClose(j.v[1]!.b, diag([0.5, -0.5, 2].map(Math.cos)), F64);
    }
  });

  it("argnums as a number, a negative number and an array", () => {
    const f = (x: Tensor, y: Tensor): Tensor => np.mul(np.sin(x), np.sum(np.square(y)));
    const x = np.array([0.1, 0.2], { dtype: "float64" });
    const y = np.array([1, -2, 3], { dtype: "float64" });
    // ∂/∂y: sin(x_i)·2y_j, shape [2, 3]; ∂/∂x: diag(cos x)·Σy², shape [2, 2].
    const dy = [0.1, 0.2].flatMap((xi) => [1, -2, 3].map((yj) => Math.sin(xi) * 2 * yj));
    const dx = [Math.cos(0.1) * 14, 0, 0, Math.cos(0.2) * 14];
    for (const jac of [jacfwd, jacrev]) {
      const j1 = T(jac(f, { argnums: 1 })(x, y));
      expect(j1.shape).toEqual([2, 3]);
      expectClose(j1, dy, F64);
      expectClose(jac(f, { argnums: -1 })(x, y), dy, F64);
      const both = jac(f, { argnums: [0, 1] })(x, y);
      expect(Array.isArray(both)).toBe(true);
      expect(both.length).toBe(2);
      expect(both[0]!.shape).toEqual([2, 2]);
      expect(both[1]!.shape).toEqual([2, 3]);
      expectClose(both[0], dx, F64);
      expectClose(both[1], dy, F64);
      // A one-element array still gives an array.
      const one = jac(f, { argnums: [1] })(x, y);
      expect(Array.isArray(one)).toBe(true);
      expectClose(one[0], dy, F64);
    }
  });
});

describe("known Jacobians", () => {
  it("the Jacobian of sin is diag(cos x)", () => {
    const xs = [0, 0.5, -1.25, 3];
    const x = np.array(xs, { dtype: "float64" });
    const want = xs.flatMap((v, i) => xs.map((_, k) => (i === k ? Math.cos(v) : 0)));
    expectClose(jacfwd(np.sin)(x), want, F64);
    expectClose(jacrev(np.sin)(x), want, F64);
  });

  it("the Jacobian of W·x with respect to x is W, of x·W is Wᵀ, and of W·x with respect to W is x in each row block", () => {
    const W = rand([3, 4], 4);
    const x = rand([4], 5);
    for (const jac of [jacfwd, jacrev]) {
      expectClose(jac(((v: Tensor) => np.matmul(W, v)))(x), W, EXACT);
      expectClose(jac(((v: Tensor) => np.matmul(np.transpose(W), v)))(rand([3], 6)), np.transpose(W), EXACT);
      expectClose(jac(((v: Tensor) => np.matmul(v, W)))(rand([3], 7)), np.transpose(W), EXACT);
      // ∂(Wx)_i/∂W_kl = [i = k]·x_l : shape [3, 3, 4].
      const jw = T(jac(((w: Tensor) => np.matmul(w, x)))(W));
      expect(jw.shape).toEqual([3, 3, 4]);
      const xv = vals(x);
      const want: number[] = [];
      for (let i = 0; i < 3; i++) for (let k = 0; k < 3; k++) for (let l = 0; l < 4; l++) want.push(i === k ? xv[l]! : 0);
      expectClose(jw, want, EXACT);
    }
  });

  it("per-example Jacobians: vmap(jacrev(f)) and vmap(jacfwd(f)) equal the per-example loop", () => {
    const f = (x: Tensor): Tensor => np.mul(np.sin(x), np.sum(x));
    const X = rand([5, 3], 8, { dtype: "float64" });
    const want = loop(jacrev(f), [X], [0], 5);
    expect(want.shape).toEqual([5, 3, 3]);
    expectClose(vmap(jacrev(f))(X), want, F64);
    expectClose(vmap(jacfwd(f))(X), want, F64);
    expectClose(vmap(jacfwd(f), { inAxes: 1 })(np.transpose(X)), want, F64);
    // Closed form: J = diag(cos x)·Σx + sin(x)·1ᵀ.
    const xv = vals(X);
    const cf: number[] = [];
    for (let b = 0; b < 5; b++) {
      const x = xv.slice(3 * b, 3 * b + 3);
      const s = x[0]! + x[1]! + x[2]!;
      for (let i = 0; i < 3; i++) for (let k = 0; k < 3; k++) cf.push((i === k ? Math.cos(x[i]!) * s : 0) + Math.sin(x[i]!));
    }
    expectClose(vmap(jacrev(f))(X), cf, F64);
  });
});

describe("hessian", () => {
  it("is symmetric, equals jacrev(jacfwd(f)) and jacfwd(jacfwd(f)), and matches float64 differences of the gradient", () => {
    const f = (x: Tensor): Tensor => np.sum(np.mul(np.exp(np.mul(x, 0.5)), np.sin(np.sum(np.mul(x, x)))));
    const x = np.array([0.3, -0.2, 0.7, 0.1], { dtype: "float64" });
    const H = T(hessian(f)(x));
    expect(H.shape).toEqual([4, 4]);
    expectClose(H, np.transpose(H), F64);
    expectClose(H, T(jacrev(jacfwd(f))(x)), F64);
    expectClose(H, T(jacfwd(jacfwd(f))(x)), F64);
    expectClose(H, fdJacobian((v) => T(grad(f)(v)), vals(x), x.shape), { rtol: 1e-7, atol: 1e-8 });
  });

  it("sum(x⁴) + Σ xᵢxᵢ₊₁ at d = 100: 12xᵢ² on the diagonal, 1 next to it, 0 elsewhere", () => {
    const d = 100;
    const f = (x: Tensor): Tensor => np.add(np.sum(np.pow(x, 4)), np.sum(np.mul(x.slice([0, d - 1]), x.slice([1, d]))));
    const xs = Array.from({ length: d }, (_, i) => Math.sin(i) * 1.5);
    const x = np.array(xs, { dtype: "float64" });
    const H = T(hessian(f)(x));
    expect(H.shape).toEqual([d, d]);
    const want: number[] = [];
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) want.push(i === j ? 12 * xs[i]! ** 2 : Math.abs(i - j) === 1 ? 1 : 0);
    expectClose(H, want, F64);
    // float32 as well, within float32 tolerance.
    expectClose(hessian(f)(np.array(xs)), want, { rtol: 1e-5, atol: 1e-5 });
  });

  it("of a pytree-input function: one block per pair of leaves", () => {
    // f = Σ aᵢ² bᵢ + Σ bᵢ³ : H_aa = diag(2b), H_ab = H_ba = diag(2a), H_bb = diag(6b).
    const f = (p: { a: Tensor; b: Tensor }): Tensor => np.add(np.sum(np.mul(np.square(p.a), p.b)), np.sum(np.pow(p.b, 3)));
    const a = [1, -2, 0.5], b = [0.25, 3, -1];
    const p = { a: np.array(a, { dtype: "float64" }), b: np.array(b, { dtype: "float64" }) };
    const H = hessian(f)(p) as { a: { a: Tensor; b: Tensor }; b: { a: Tensor; b: Tensor } };
    const diag = (v: number[]): number[] => v.flatMap((x, i) => v.map((_, k) => (i === k ? x : 0)));
    expect(H.a.a.shape).toEqual([3, 3]);
    expect(H.a.b.shape).toEqual([3, 3]);
    expectClose(H.a.a, diag(b.map((v) => 2 * v)), F64);
    expectClose(H.a.b, diag(a.map((v) => 2 * v)), F64);
    expectClose(H.b.a, diag(a.map((v) => 2 * v)), F64);
    expectClose(H.b.b, diag(b.map((v) => 6 * v)), F64);
  });

  it("with argnums: hessian(f, { argnums: [0, 1] }) gives the nested blocks, argnums 1 the one block", () => {
    // f(x, y) = Σ x² y (x [2], y scalar): H_xx = 2y·I, H_xy = 2x, H_yx = 2xᵀ, H_yy = 0.
    const f = (x: Tensor, y: Tensor): Tensor => np.mul(np.sum(np.square(x)), y);
    const x = np.array([1.5, -2], { dtype: "float64" });
    const y = np.array(0.75, { dtype: "float64" });
    const H = hessian(f, { argnums: [0, 1] })(x, y);
    expect(H[0]![0]!.shape).toEqual([2, 2]);
    expect(H[0]![1]!.shape).toEqual([2]);
    expect(H[1]![0]!.shape).toEqual([2]);
    expect(H[1]![1]!.shape).toEqual([]);
    expectClose(H[0]![0], [1.5, 0, 0, 1.5], F64);
    expectClose(H[0]![1], [3, -4], F64);
    expectClose(H[1]![0], [3, -4], F64);
    expectClose(H[1]![1], 0, F64);
    expectClose(hessian(f, { argnums: 1 })(x, y), 0, F64);
    expectClose(hessian(f, { argnums: 0 })(x, y), [1.5, 0, 0, 1.5], F64);
  });
});

describe("a Jacobian too large to hold", () => {
  const n = 1e5; // n × n = 1e10 entries, far over the element limit

  /** Runs `f`, expecting a ResourceError about the Jacobian, quickly and without a large allocation. */
  function expectResourceError(f: () => unknown): Error {
    const before = process.memoryUsage().arrayBuffers;
    const t0 = performance.now();
    const e = thrown(f);
    const ms = performance.now() - t0;
    expect(e, `${e.name}: ${e.message}`).toBeInstanceOf(ResourceError);
    expect(e.message).toMatch(/Jacobian/);
    expect(e.message).toContain("10000000000");
    expect(ms).toBeLessThan(2000);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 2 ** 20);
    return e;
  }

  it("jacfwd and jacrev of the identity on 1e5 elements", () => {
    const x = np.zeros([n]);
    expectResourceError(() => jacfwd(((v: Tensor) => v))(x));
    expectResourceError(() => jacrev(((v: Tensor) => v))(x));
    expectResourceError(() => jacfwd(np.sin)(x));
  });

  it("the function is only traced, never run on data, before the error", () => {
    let concreteCalls = 0;
    const f = (v: Tensor): Tensor => {
      try {
        v.data();
        concreteCalls++;
      } catch {
        // a tracer: no data
      }
      return np.mul(v, 2);
    };
    expectResourceError(() => jacfwd(f)(np.zeros([n])));
    expectResourceError(() => jacrev(f)(np.zeros([n])));
    expect(concreteCalls).toBe(0);
  });

  it("hessian of a scalar function of 1e5 inputs", () => {
    expectResourceError(() => hessian(((v: Tensor) => np.sum(np.square(v))))(np.zeros([n])));
  });

  it("a pytree whose leaves together are too large", () => {
    const e = expectResourceError(() => jacrev(((p: { a: Tensor; b: Tensor }) => np.concatenate([p.a, p.b])))({ a: np.zeros([n / 2]), b: np.zeros([n / 2]) }));
    expect(e.message).toContain("100000");
  });
});
