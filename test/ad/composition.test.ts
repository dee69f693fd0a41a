/**
 * Transforms composed with each other: higher-order derivatives, forward over reverse and reverse
 * over forward, perturbation confusion (DESIGN.md's law), Hessian-vector products four ways against
 * closed forms and float64 differences of the gradient, the identities grad = vjp(1),
 * linearize = jvp and transposing twice, pytree / argnums / hasAux plumbing, and grad with jit.
 */
import { describe, expect, it } from "vitest";
import { evaluate, grad, jit, jvp, linearTranspose, linearize, nn, np, trace, valueAndGrad, vjp, type Tensor } from "../../src/index.js";
import { T, expectClose, expectShape, f64, fdJvp, fdGrad, vals } from "../support/index.js";

type F = (x: Tensor) => Tensor;

// ---------------------------------------------------------------------------------------------
// Higher order
// ---------------------------------------------------------------------------------------------

describe("higher order", () => {
  it("grad(grad(grad(sin))) = -cos and the fourth is sin", () => {
    const xs = [0.3, -1.2, 2.0];
    for (const x of xs) {
      expectClose(grad(grad(grad(np.sin)))(x), -Math.cos(x), { rtol: 1e-6, atol: 1e-7 });
      expectClose(grad(grad(grad(grad(np.sin))))(x), Math.sin(x), { rtol: 1e-6, atol: 1e-7 });
    }
  });

  it("derivatives of x⁴: 4x³, 12x², 24x, 24, then 0", () => {
    const f = (x: Tensor): Tensor => np.mul(np.mul(x, x), np.mul(x, x));
    const x = 1.5;
    const d1 = grad(f);
    const d2 = grad(d1);
    const d3 = grad(d2);
    const d4 = grad(d3);
    const d5 = grad(d4);
    expect(T(d1(x)).item()).toBe(4 * x ** 3);
    expect(T(d2(x)).item()).toBe(12 * x ** 2);
    expect(T(d3(x)).item()).toBe(24 * x);
    expect(T(d4(x)).item()).toBe(24);
    expect(T(d5(x)).item()).toBe(0);
  });

  it("jvp of grad: f''(x)·v", () => {
    // f = x³ sin x: f'' = 6x sin x + 6x² cos x − x³ sin x.
    const f = (x: Tensor): Tensor => np.mul(np.pow(x, 3), np.sin(x));
    const x = 0.8;
    const [g, gdot] = jvp(grad(f), [np.array(x, { dtype: "float64" })], [np.array(2.5, { dtype: "float64" })]);
    expectClose(g, 3 * x * x * Math.sin(x) + x ** 3 * Math.cos(x), { rtol: 1e-12 });
    expectClose(gdot, 2.5 * (6 * x * Math.sin(x) + 6 * x * x * Math.cos(x) - x ** 3 * Math.sin(x)), { rtol: 1e-12 });
  });

  it("grad of jvp: ∂/∂x (f'(x)·v) = f''(x)·v", () => {
    const f = (x: Tensor): Tensor => np.exp(np.mul(x, x));
    const x = 0.6;
    const g = grad((p: Tensor) => T(jvp(f, [p], [np.array(3)])[1]))(x);
    // f = e^{x²}: f'' = (2 + 4x²) e^{x²}.
    expectClose(g, 3 * (2 + 4 * x * x) * Math.exp(x * x), { rtol: 2e-6 });
  });

  it("vjp of vjp: the pullback of a pullback is the original linear map", () => {
    const x = np.array([1, 2], { dtype: "float64" });
    const [, pb] = vjp(np.sin, x);
    const [z, pb2] = vjp((c: Tensor) => T(pb(c)[0]), np.array([1, 1], { dtype: "float64" }));
    expectClose(z, [Math.cos(1), Math.cos(2)], { rtol: 1e-15 });
    const [back] = pb2(np.array([3, -1], { dtype: "float64" }));
    expectClose(back, [3 * Math.cos(1), -Math.cos(2)], { rtol: 1e-15 });
  });

  it("reverse over reverse over forward: third derivatives of a two-argument function", () => {
    // f(x, y) = x² y³: ∂³f/∂x∂y² = 12 x y.
    const f = (x: Tensor, y: Tensor): Tensor => np.mul(np.square(x), np.pow(y, 3));
    const fy = (x: Tensor, y: Tensor): Tensor => T(jvp((yy: Tensor) => f(x, yy), [y], [np.array(1)])[1]);
    const fyy = (x: Tensor, y: Tensor): Tensor => T(grad(fy, { argnums: 1 })(x, y));
    const fxyy = grad(fyy, { argnums: 0 });
    expectClose(fxyy(np.array(2), np.array(0.5)), 12 * 2 * 0.5, { rtol: 1e-6 });
  });
});

// ---------------------------------------------------------------------------------------------
// Perturbation confusion
// ---------------------------------------------------------------------------------------------

describe("perturbation confusion", () => {
  it("grad(x => x · grad(y => x · y)(2))(1) = 2 (the inner grad is x, so f(x) = x²)", () => {
    expect(T(grad((x: Tensor) => np.mul(x, T(grad((y: Tensor) => np.mul(x, y))(2))))(1)).item()).toBe(2);
  });

  it("grad(x => grad(y => x · y)(1))(1) = 1 (DESIGN.md's law)", () => {
    expect(T(grad((x: Tensor) => T(grad((y: Tensor) => np.mul(x, y))(1)))(1)).item()).toBe(1);
  });

  it("the same laws in forward mode and mixed modes", () => {
    // d/dx [x · d/dy (x·y)] = d/dx x² = 2x at x = 1.
    const inner = (x: Tensor): Tensor => T(jvp((y: Tensor) => np.mul(x, y), [np.array(2)], [np.array(1)])[1]);
    expect(T(jvp((x: Tensor) => np.mul(x, inner(x)), [np.array(1)], [np.array(1)])[1]).item()).toBe(2);
    expect(T(grad((x: Tensor) => np.mul(x, inner(x)))(1)).item()).toBe(2);
    expect(T(jvp((x: Tensor) => T(grad((y: Tensor) => np.mul(x, y))(1)), [np.array(1)], [np.array(1)])[1]).item()).toBe(1);
  });

  it("a closure over the outer variable used twice at different depths", () => {
    // f(x) = x · d/dy [x·y + y²]|_{y=x} = x (x + 2x) = 3x² → f'(x) = 6x.
    const f = (x: Tensor): Tensor => np.mul(x, T(grad((y: Tensor) => np.add(np.mul(x, y), np.mul(y, y)))(x)));
    expect(T(grad(f)(2)).item()).toBe(12);
  });
});

// ---------------------------------------------------------------------------------------------
// Hessian-vector products
// ---------------------------------------------------------------------------------------------

describe("Hessian-vector products agree four ways, with float64 differences and closed forms", () => {
  const A = [[1, 0.5], [-0.3, 2], [0.7, -1]];
  const cases: { name: string; f: F; x: number[]; v: number[]; hv?: (x: number[], v: number[]) => number[] }[] = [
    {
      name: "sum(sin(x)·x²) (diagonal Hessian)",
      f: (x) => np.sum(np.mul(np.sin(x), np.square(x))),
      x: [0.3, -0.7, 1.1],
      v: [1, -2, 0.5],
      // d²/dx² (x² sin x) = −x² sin x + 4x cos x + 2 sin x
      hv: (x, v) => x.map((xi, i) => (-xi * xi * Math.sin(xi) + 4 * xi * Math.cos(xi) + 2 * Math.sin(xi)) * v[i]!),
    },
    {
      name: "x0·x1³ + exp(x0·x2) (mixed partials)",
      f: (x) => np.add(np.mul(x.get(0), np.pow(x.get(1), 3)), np.exp(np.mul(x.get(0), x.get(2)))),
      x: [0.5, -1.5, 0.8],
      v: [0.3, 1, -2],
      hv: ([a, b, c], v) => {
        const e = Math.exp(a! * c!);
        const H = [
          [c! * c! * e, 3 * b! * b!, e + a! * c! * e],
          [3 * b! * b!, 6 * a! * b!, 0],
          [e + a! * c! * e, 0, a! * a! * e],
        ];
        return H.map((row) => row.reduce((s, h, j) => s + h * v[j]!, 0));
      },
    },
    {
      name: "logsumexp(A·x)",
      f: (x) => nn.logsumexp(np.matmul(np.array(A, { dtype: x.dtype }), x)),
      x: [0.4, -0.2],
      v: [1, 1],
      // H = Aᵀ (diag(p) − p pᵀ) A with p = softmax(A x).
      hv: (x, v) => {
        const z = A.map((r) => r[0]! * x[0]! + r[1]! * x[1]!);
        const e = z.map(Math.exp);
        const s = e.reduce((a, b) => a + b);
        const p = e.map((ei) => ei / s);
        const Av = A.map((r) => r[0]! * v[0]! + r[1]! * v[1]!);
        const pAv = p.reduce((acc, pi, i) => acc + pi * Av[i]!, 0);
        const inner = p.map((pi, i) => pi * Av[i]! - pi * pAv);
        return [0, 1].map((j) => A.reduce((acc, r, i) => acc + r[j]! * inner[i]!, 0));
      },
    },
    {
      name: "sum(tanh(W x)²) + mean(x⁴) (no closed form: differences only)",
      f: (x) => {
        const W = np.array([[0.2, -0.5, 1], [1.5, 0.3, -0.4]], { dtype: x.dtype });
        return np.add(np.sum(np.square(np.tanh(np.matmul(W, x)))), np.mean(np.pow(x, 4)));
      },
      x: [0.1, 0.9, -0.6],
      v: [-1, 0.5, 2],
    },
  ];

  for (const { name, f, x, v, hv } of cases) {
    it(name, () => {
      const x64 = f64(x);
      const v64 = f64(v);
      const fwdRev = T(jvp(grad(f), [x64], [v64])[1]);
      const revFwd = T(grad((p: Tensor) => T(jvp(f, [p], [v64])[1]))(x64));
      const revRev = T(grad((p: Tensor) => np.sum(np.mul(T(grad(f)(p)), v64)))(x64));
      // fwd∘fwd: (Hv)ᵢ = eᵢᵀ H v, one jvp per basis vector.
      const fwdFwd = x.map((_, i) => {
        const e = f64(x.map((__, j) => (i === j ? 1 : 0)));
        return T(jvp((p: Tensor) => T(jvp(f, [p], [v64])[1]), [x64], [e])[1]).item();
      });
      for (const t of [fwdRev, revFwd, revRev]) {
        expect(t.dtype).toBe("float64");
        expectShape(t, [x.length]);
      }
      const want = fdJvp((p) => T(grad(f)(p)), x, v, [x.length], 1e-5);
      for (const got of [fwdRev, revFwd, revRev]) expectClose(got, want, { rtol: 1e-7, atol: 1e-7 });
      expectClose(f64(fwdFwd), want, { rtol: 1e-7, atol: 1e-7 });
      // The three reverse-involving ways agree to rounding.
      expectClose(revFwd, vals(fwdRev), { rtol: 1e-12, atol: 1e-13 });
      expectClose(revRev, vals(fwdRev), { rtol: 1e-12, atol: 1e-13 });
      if (hv) expectClose(fwdRev, hv(x, v), { rtol: 1e-12, atol: 1e-13 });
      // The gradient itself against a float64 difference of f.
      expectClose(grad(f)(x64), fdGrad(f, x), { rtol: 1e-7, atol: 1e-8 });
    });
  }

  it("a float32 Hessian-vector product is close to the float64 difference", () => {
    const { f, x, v } = cases[0]!;
    const hv = T(jvp(grad(f), [np.array(x)], [np.array(v)])[1]);
    expect(hv.dtype).toBe("float32");
    expectClose(hv, fdJvp((p) => T(grad(f)(p)), x, v, [x.length], 1e-5), { rtol: 2e-5, atol: 2e-6 });
  });
});

// ---------------------------------------------------------------------------------------------
// Identities between the transforms
// ---------------------------------------------------------------------------------------------

describe("identities", () => {
  const f = (x: Tensor): Tensor => np.sum(np.mul(np.tanh(x), np.exp(np.mul(x, 0.5))));
  const x = [0.3, -0.7, 1.1];

  it("grad(f)(x) = vjp(f, x)[1](1)[0], and both match a float64 difference", () => {
    const [y, pb] = vjp(f, f64(x));
    expectShape(y, []);
    const [viaVjp] = pb(np.array(1, { dtype: "float64" }));
    const g = T(grad(f)(f64(x)));
    expect(vals(viaVjp)).toEqual(vals(g));
    expectClose(g, fdGrad(f, x), { rtol: 1e-7, atol: 1e-8 });
  });

  it("linearize equals jvp for several tangents; the linear map is not re-traced", () => {
    const h = (p: Tensor): Tensor => np.mul(np.sin(p), np.square(p));
    const p = f64(x);
    const [y, fJvp] = linearize(h, p);
    expectClose(y, vals(h(p)), { rtol: 1e-15 });
    for (const t of [[1, 0, 0], [0.5, -2, 3], [0, 0, 0]]) {
      const [yj, tj] = jvp(h, [p], [f64(t)]);
      expect(vals(yj)).toEqual(vals(y));
      expectClose(fJvp(f64(t)), vals(tj), { rtol: 1e-14, atol: 1e-15 });
      // And against the closed form (2x sin x + x² cos x)·t.
      expectClose(fJvp(f64(t)), x.map((xi, i) => (2 * xi * Math.sin(xi) + xi * xi * Math.cos(xi)) * t[i]!), { rtol: 1e-13, atol: 1e-15 });
    }
  });

  it("linearize over a pytree: {a, b} in, [u, v] out", () => {
    const h = (q: { a: Tensor; b: Tensor }): Tensor[] => [np.mul(q.a, q.b), np.exp(q.a)];
    const [, fJvp] = linearize(h, { a: np.array(2), b: np.array(3) });
    const [du, dv] = fJvp({ a: np.array(1), b: np.array(10) });
    // d(ab) = b·da + a·db = 3 + 20; d(eᵃ) = eᵃ·da.
    expect(du!.item()).toBe(23);
    expectClose(dv, Math.exp(2), { rtol: 1e-6 });
  });

  it("linearTranspose: Aᵀc, adjoint to the map, and twice gives the linear function back", () => {
    const A = [[1, 2, 3], [4, 5, 6]];
    const L = (v: Tensor): Tensor => np.matmul(np.array(A), v);
    const LT = (c: Tensor): Tensor => T(linearTranspose(L, np.zeros([3]))(c)[0]);
    // np.array(A).T @ [1, -1] -> [-3, -3, -3]
    expect(vals(LT(np.array([1, -1])))).toEqual([-3, -3, -3]);
    const LTT = linearTranspose(LT, np.zeros([2]));
    const t = np.array([1, -2, 0.5]);
    const [back] = LTT(t);
    // np.array(A) @ [1, -2, 0.5] -> [-1.5, -3]
    expect(vals(back)).toEqual([-1.5, -3]);
    expect(vals(back)).toEqual(vals(L(t)));
    // ⟨Lᵀc, t⟩ = ⟨c, L t⟩.
    const c = np.array([0.7, -0.2]);
    expectClose(np.sum(np.mul(LT(c), t)), np.sum(np.mul(c, L(t))).item(), { rtol: 1e-6 });
  });

  it("linearTranspose of a function of two arguments returns one cotangent each", () => {
    const L = (a: Tensor, b: Tensor): Tensor => np.add(np.mul(a, 2), np.sum(b));
    const [ca, cb] = linearTranspose(L, np.zeros([2]), np.zeros([3]))(np.array([1, 5]));
    expect(vals(ca)).toEqual([2, 10]);
    expect(vals(cb)).toEqual([6, 6, 6]);
  });
});

// ---------------------------------------------------------------------------------------------
// Pytrees, argnums, hasAux
// ---------------------------------------------------------------------------------------------

describe("pytrees, argnums and hasAux", () => {
  const loss = (p: { w: Tensor; b: Tensor }, x: Tensor): Tensor => np.sum(np.square(np.add(np.matmul(x, p.w), p.b)));
  const params = { w: np.array([[0.5], [-1]]), b: np.array([0.25]) };
  const xs = np.array([[1, 2], [3, 4]]);
  // r = x·w + b = [[-1.25], [-2.25]]; ∂/∂w = 2 xᵀ r = [[-16], [-23]]; ∂/∂b = 2 Σ r = -7.

  it("grad w.r.t. {w, b} keeps the structure, shapes and values", () => {
    const g = grad(loss)(params, xs) as { w: Tensor; b: Tensor };
    expect(Object.keys(g).sort()).toEqual(["b", "w"]);
    expectShape(g.w, [2, 1]);
    expectShape(g.b, [1]);
    expect(g.w.toArray()).toEqual([[-16], [-23]]);
    expect(vals(g.b)).toEqual([-7]);
  });

  it("nested lists and objects keep their structure", () => {
    const f = (t: [Tensor, { y: Tensor; z: [Tensor] }]): Tensor => np.add(np.mul(t[0], t[1].y), np.sum(np.square(t[1].z[0])));
    const g = grad(f)([np.array(2), { y: np.array(3), z: [np.array([1, -1])] }]) as [Tensor, { y: Tensor; z: [Tensor] }];
    expect(Array.isArray(g)).toBe(true);
    expect(g[0].item()).toBe(3);
    expect(g[1].y.item()).toBe(2);
    expect(Array.isArray(g[1].z)).toBe(true);
    expect(vals(g[1].z[0])).toEqual([2, -2]);
  });

  it("argnums as an array returns an array, in the order asked", () => {
    const f = (a: Tensor, b: Tensor, c: Tensor): Tensor => np.mul(np.mul(a, np.square(b)), np.pow(c, 3));
    const gs = grad(f, { argnums: [2, 0] })(np.array(2), np.array(3), np.array(1));
    expect(Array.isArray(gs)).toBe(true);
    expect(gs.length).toBe(2);
    // ∂/∂c = 3 a b² c² = 54; ∂/∂a = b² c³ = 9
    expect(gs.map((g) => g.item())).toEqual([54, 9]);
    // A one-element array still gives an array; a number gives a tensor.
    const one = grad(f, { argnums: [1] })(np.array(2), np.array(3), np.array(1));
    expect(Array.isArray(one)).toBe(true);
    expect(one[0]!.item()).toBe(12);
    expect(T(grad(f, { argnums: 1 })(np.array(2), np.array(3), np.array(1))).item()).toBe(12);
    // Negative argnums count from the end.
    expect(T(grad(f, { argnums: -1 })(np.array(2), np.array(3), np.array(1))).item()).toBe(54);
  });

  it("hasAux: grad returns [g, aux]; aux keeps its structure and is not differentiated", () => {
    const f = (x: Tensor): [Tensor, { doubled: Tensor; note: Tensor[] }] => [np.sum(np.square(x)), { doubled: np.mul(x, 2), note: [np.sum(x)] }];
    const out = grad(f, { hasAux: true })(np.array([1, 2]));
    expect(Array.isArray(out)).toBe(true);
    const [g, aux] = out as [Tensor, { doubled: Tensor; note: Tensor[] }];
    expect(vals(g)).toEqual([2, 4]);
    expect(vals(aux.doubled)).toEqual([2, 4]);
    expect(aux.note.length).toBe(1);
    expect(aux.note[0]!.item()).toBe(3);
  });

  it("valueAndGrad with hasAux returns [[value, aux], g]", () => {
    const f = (x: Tensor): [Tensor, Tensor] => [np.sum(np.square(x)), np.mul(x, 2)];
    const [[value, aux], g] = valueAndGrad(f, { hasAux: true })(np.array([1, 2])) as [[Tensor, Tensor], Tensor];
    expect(value.item()).toBe(5);
    expect(vals(aux)).toEqual([2, 4]);
    expect(vals(g)).toEqual([2, 4]);
    const [v2, g2] = valueAndGrad((x: Tensor) => np.sum(np.square(x)))(np.array([1, 2])) as [Tensor, Tensor];
    expect(v2.item()).toBe(5);
    expect(vals(g2)).toEqual([2, 4]);
  });

  it("jvp and vjp over pytrees keep the output structure", () => {
    const f = (p: { a: Tensor; b: Tensor }): { s: Tensor; t: [Tensor] } => ({ s: np.mul(p.a, p.b), t: [np.sin(p.a)] });
    const primal = { a: np.array(0.5), b: np.array(4) };
    const [out, tan] = jvp(f, [primal], [{ a: np.array(1), b: np.array(0) }]) as [{ s: Tensor; t: [Tensor] }, { s: Tensor; t: [Tensor] }];
    expect(out.s.item()).toBe(2);
    expect(tan.s.item()).toBe(4);
    expectClose(tan.t[0], Math.cos(0.5), { rtol: 1e-6 });
    const [, pb] = vjp(f, primal);
    const [ct] = pb({ s: np.array(1), t: [np.array(2)] }) as [{ a: Tensor; b: Tensor }];
    // ∂/∂a = b + 2 cos a; ∂/∂b = a.
    expectClose(ct.a, 4 + 2 * Math.cos(0.5), { rtol: 1e-6 });
    expect(ct.b.item()).toBe(0.5);
  });
});

// ---------------------------------------------------------------------------------------------
// jit and tracing
// ---------------------------------------------------------------------------------------------

describe("grad with jit and trace", () => {
  const f = (x: Tensor): Tensor => np.sum(np.mul(np.sin(x), np.exp(x)));
  const xs = [0.1, -0.5, 2];
  // d/dx (sin x eˣ) = eˣ (sin x + cos x)
  const want = xs.map((v) => Math.exp(v) * (Math.sin(v) + Math.cos(v)));

  it("jit(grad(f)) and grad(jit(f)) equal eager grad and the closed form", () => {
    const eager = T(grad(f)(np.array(xs)));
    expectClose(eager, want, { rtol: 2e-6 });
    const jg = T(jit(grad(f))(np.array(xs)));
    const gj = T(grad(jit(f))(np.array(xs)));
    expect(vals(jg)).toEqual(vals(eager));
    expect(vals(gj)).toEqual(vals(eager));
    // A second call hits the cache and still agrees.
    expect(vals(jit(grad(f))(np.array(xs)))).toEqual(vals(eager));
  });

  it("second order under jit: jit(grad(grad)) and grad(jit(grad))", () => {
    const s = (x: Tensor): Tensor => np.sin(np.mul(x, 2));
    // d²/dx² sin 2x = -4 sin 2x
    for (const h of [jit(grad(grad(s))), grad(jit(grad(s))), grad(grad(jit(s)))]) expectClose(h(0.3), -4 * Math.sin(0.6), { rtol: 2e-6 });
  });

  it("evaluate(trace(grad(f))) equals eager grad", () => {
    const g = trace(grad(f))(np.array(xs));
    expect(vals(evaluate(g, np.array(xs)))).toEqual(vals(grad(f)(np.array(xs))));
    expectClose(evaluate(g, np.array([0, 1, 0.5])), [0, 1, 0.5].map((v) => Math.exp(v) * (Math.sin(v) + Math.cos(v))), { rtol: 2e-6 });
  });

  it("jit of a Hessian-vector product and of valueAndGrad over a pytree", () => {
    const hvp = jit((x: Tensor, v: Tensor) => T(jvp(grad(f), [x], [v])[1]));
    const x = [0.2, 0.4];
    const v = [1, -1];
    // d²/dx² (sin x eˣ) = 2 eˣ cos x
    expectClose(hvp(np.array(x), np.array(v)), x.map((xi, i) => 2 * Math.exp(xi) * Math.cos(xi) * v[i]!), { rtol: 2e-6 });
    const loss = (p: { w: Tensor }): Tensor => np.sum(np.square(p.w));
    const [val, g] = jit(valueAndGrad(loss))({ w: np.array([1, -3]) }) as [Tensor, { w: Tensor }];
    expect(val.item()).toBe(10);
    expect(vals(g.w)).toEqual([2, -6]);
  });
});
