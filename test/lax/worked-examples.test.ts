/**
 * Worked examples of the control-flow layer, each checked against a closed form, float64 central
 * differences computed in the test, or the same computation unrolled as a plain JS loop of np ops:
 * a cumulative sum, an RNN's gradient, an Euler integrator's parameter sensitivity, the Collatz
 * step count under jit, switch with clamped indices, a third derivative through scan, forward
 * mode through whileLoop (and reverse mode refusing it), and forLoop with traced bounds.
 */
import { describe, expect, it } from "vitest";
import { FluxionError, NonDifferentiableError, grad, jit, jvp, lax, np, vjp, vmap, type Tensor } from "../../src/index.js";
import { T, expectClose, expectTreeClose, f64, fdGrad, i32, s64, thrown, vals } from "../support/index.js";

describe("cumulative sum by scan", () => {
  it("cumsum of 1..n is k(k+1)/2 and the total n(n+1)/2 (float32 and float64)", () => {
    for (const dtype of ["float32", "float64"] as const) {
      const n = 10;
      const xs = np.astype(np.arange(1, n + 1), dtype);
      const [total, cs] = lax.scan((c: Tensor, x: Tensor) => {
        const s = np.add(c, x);
        return [s, s];
      }, np.zeros([], dtype), xs);
      expect(T(total).dtype).toBe(dtype);
      expect(T(cs).shape).toEqual([n]);
      expectClose(total, (n * (n + 1)) / 2, { rtol: 0, atol: 0 });
      expectClose(cs, Array.from({ length: n }, (_, k) => ((k + 1) * (k + 2)) / 2), { rtol: 0, atol: 0 });
    }
  });

  it("reverse: the suffix sums, ys still in input order", () => {
    const xs = f64([1, 2, 3, 4]);
    const [total, cs] = lax.scan((c: Tensor, x: Tensor) => [np.add(c, x), np.add(c, x)], s64(0), xs, { reverse: true });
    expectClose(total, 10, { rtol: 0, atol: 0 });
    expectClose(cs, [10, 9, 7, 4], { rtol: 0, atol: 0 });
  });

  it("with no xs (xs = null) and { length }, and with length 0", () => {
    const [c, ys] = lax.scan((c: Tensor) => [np.add(c, 2), c], s64(1), null, { length: 4 });
    expectClose(c, 9, { rtol: 0, atol: 0 });
    expectClose(ys, [1, 3, 5, 7], { rtol: 0, atol: 0 });
    const [c0, ys0] = lax.scan((c: Tensor, x: Tensor) => [np.add(c, x), c], s64(5), np.zeros([0], "float64"));
    expectClose(c0, 5, { rtol: 0, atol: 0 });
    expect(T(ys0).shape).toEqual([0]);
  });
});

// ---------------------------------------------------------------------------------------------
// RNN gradient
// ---------------------------------------------------------------------------------------------

describe("RNN through scan (hidden 4, input 3, 6 steps)", () => {
  const H = 4;
  const I = 3;
  const STEPS = 6;
  const det = (n: number, k: number) => Array.from({ length: n }, (_, i) => 0.6 * Math.sin(1.7 * i + k) + 0.1 * Math.cos(0.3 * i * k));
  const Wd = det(H * H, 1);
  const Ud = det(H * I, 2);
  const bd = det(H, 3);
  const h0d = det(H, 4);
  const xsd = det(STEPS * I, 5);
  const xs = f64(xsd, [STEPS, I]);

  type P = { W: Tensor; U: Tensor; b: Tensor };
  const cell = (p: P) => (h: Tensor, x: Tensor) => np.tanh(np.add(np.add(np.matmul(p.W, h), np.matmul(p.U, x)), p.b));
  /** loss = Σ_t Σ h_t² · w_t + Σ h_T, with per-step weights w_t = (t+1)/STEPS. */
  const weights = f64(Array.from({ length: STEPS }, (_, t) => (t + 1) / STEPS));

  const lossScan = (p: P, h0: Tensor): Tensor => {
    const [hT, hs] = lax.scan((h: Tensor, x: Tensor) => {
      const h2 = cell(p)(h, x);
      return [h2, h2];
    }, h0, xs);
    return np.add(np.sum(np.mul(np.sum(np.square(T(hs)), 1), weights)), np.sum(T(hT)));
  };
  const lossUnrolled = (p: P, h0: Tensor): Tensor => {
    let h = h0;
    let acc = s64(0);
    for (let t = 0; t < STEPS; t++) {
      h = cell(p)(h, xs.get(t));
      acc = np.add(acc, np.mul(np.sum(np.square(h)), (t + 1) / STEPS));
    }
    return np.add(acc, np.sum(h));
  };
  const params = (): P => ({ W: f64(Wd, [H, H]), U: f64(Ud, [H, I]), b: f64(bd) });

  it("the loss equals the unrolled loop's", () => {
    expectClose(lossScan(params(), f64(h0d)), vals(lossUnrolled(params(), f64(h0d))), { rtol: 1e-13 });
  });

  it("the gradient (W, U, b, h0) matches float64 central differences of the scanned loss", () => {
    const [g, gh0] = grad(lossScan, { argnums: [0, 1] })(params(), f64(h0d)) as [P, Tensor];
    const fd = {
      W: fdGrad((W) => lossScan({ ...params(), W }, f64(h0d)), Wd, [H, H]),
      U: fdGrad((U) => lossScan({ ...params(), U }, f64(h0d)), Ud, [H, I]),
      b: fdGrad((b) => lossScan({ ...params(), b }, f64(h0d)), bd),
      h0: fdGrad((h0) => lossScan(params(), h0), h0d),
    };
    const tol = { rtol: 1e-6, atol: 1e-8 };
    expectClose(g.W, fd.W, tol, "dW");
    expectClose(g.U, fd.U, tol, "dU");
    expectClose(g.b, fd.b, tol, "db");
    expectClose(gh0, fd.h0, tol, "dh0");
  });

  it("the gradient equals the unrolled loop's gradient, also under jit", () => {
    const want = grad(lossUnrolled, { argnums: [0, 1] })(params(), f64(h0d));
    expectTreeClose(grad(lossScan, { argnums: [0, 1] })(params(), f64(h0d)), want, { rtol: 1e-12, atol: 1e-13 }, "grad");
    expectTreeClose(jit(grad(lossScan, { argnums: [0, 1] }))(params(), f64(h0d)), want, { rtol: 1e-12, atol: 1e-13 }, "jit(grad)");
  });

  it("the gradient w.r.t. the inputs xs (vjp of the stacked hidden states) equals the unrolled loop's", () => {
    const hsScan = (xs: Tensor) => T(lax.scan((h: Tensor, x: Tensor) => [cell(params())(h, x), cell(params())(h, x)], f64(h0d), xs)[1]);
    const hsUnrolled = (xs: Tensor) => {
      let h = f64(h0d);
      const out: Tensor[] = [];
      for (let t = 0; t < STEPS; t++) out.push((h = cell(params())(h, xs.get(t))));
      return np.stack(out);
    };
    const ct = f64(det(STEPS * H, 7), [STEPS, H]);
    const [, pull] = vjp(hsScan, xs);
    const [, pullU] = vjp(hsUnrolled, xs);
    expectTreeClose(pull(ct), pullU(ct), { rtol: 1e-12, atol: 1e-13 }, "dxs");
  });
});

// ---------------------------------------------------------------------------------------------
// Euler integrator sensitivity
// ---------------------------------------------------------------------------------------------

describe("Euler integrator dx/dt = -k·x", () => {
  const N = 40;
  const dt = 0.05;
  const x0 = 2;
  const k = 1.3;
  const xN = x0 * (1 - k * dt) ** N;
  const dxN_dk = -N * dt * x0 * (1 - k * dt) ** (N - 1);
  const dxN_dx0 = (1 - k * dt) ** N;

  const viaFor = (k: Tensor, x0: Tensor) => T(lax.forLoop(0, N, (_i: Tensor, x: Tensor) => np.add(x, np.mul(dt, np.mul(np.neg(k), x))), x0));
  const viaScan = (k: Tensor, x0: Tensor) => T(lax.scan((x: Tensor) => [np.add(x, np.mul(dt, np.mul(np.neg(k), x))), null], x0, null, { length: N })[0]);

  for (const [name, f] of [["forLoop", viaFor], ["scan", viaScan]] as const) {
    it(`${name}: x_N = x0(1 − k·dt)^N and d x_N/dk = −N·dt·x0·(1 − k·dt)^(N−1), by grad, jvp and under jit`, () => {
      const tol = { rtol: 1e-12, atol: 1e-14 };
      expectClose(f(s64(k), s64(x0)), xN, tol, "x_N");
      expectClose(grad(f)(s64(k), s64(x0)), dxN_dk, tol, "grad d/dk");
      expectClose(grad(f, { argnums: 1 })(s64(k), s64(x0)), dxN_dx0, tol, "grad d/dx0");
      expectClose(jvp(f, [s64(k), s64(x0)], [s64(1), s64(0)])[1], dxN_dk, tol, "jvp d/dk");
      expectClose(jit(grad(f))(s64(k), s64(x0)), dxN_dk, tol, "jit(grad)");
      // Second derivative: d²x_N/dk² = N(N−1)·dt²·x0·(1 − k·dt)^(N−2).
      expectClose(grad(grad(f))(s64(k), s64(x0)), N * (N - 1) * dt * dt * x0 * (1 - k * dt) ** (N - 2), { rtol: 1e-11 }, "d²/dk²");
    });
  }

  it("vmap over a batch of k: per-example sensitivities match the closed form", () => {
    const ks = [0.5, 1.3, 3];
    const got = vmap(grad(viaFor), { inAxes: [0, null] })(f64(ks), s64(x0));
    expectClose(got, ks.map((k) => -N * dt * x0 * (1 - k * dt) ** (N - 1)), { rtol: 1e-12, atol: 1e-14 });
  });
});

// ---------------------------------------------------------------------------------------------
// Collatz under jit
// ---------------------------------------------------------------------------------------------

describe("Collatz step count of 27 is 111 (whileLoop under jit)", () => {
  const collatzInt = (n0: Tensor) =>
    lax.whileLoop(
      ([n]: [Tensor, Tensor]) => np.greater(n, i32(1)),
      ([n, k]: [Tensor, Tensor]) => {
        const even = np.equal(np.mod(n, i32(2)), i32(0));
        const half = np.astype(np.div(n, i32(2)), "int32");
        const triple = np.add(np.mul(n, i32(3)), i32(1));
        return [np.where(even, half, triple), np.add(k, i32(1))] as [Tensor, Tensor];
      },
      [n0, i32(0)] as [Tensor, Tensor],
    );

  const jsCollatz = (n: number): number => {
    let k = 0;
    while (n > 1) {
      n = n % 2 === 0 ? n / 2 : 3 * n + 1;
      k++;
    }
    return k;
  };

  it("int32 carry, jit: 27 → 111 steps, ending at 1; the compiled function is reused for other n", () => {
    const f = jit(collatzInt);
    const [n, k] = f(i32(27)) as [Tensor, Tensor];
    expect(k.dtype).toBe("int32");
    expect(k.item()).toBe(111);
    expect(n.item()).toBe(1);
    for (const m of [1, 2, 6, 7, 97]) expect((f(i32(m))[1]!).item(), `n = ${m}`).toBe(jsCollatz(m));
  });

  it("the API's own example (float32 carry from JS numbers) gives 111, eagerly and under jit", () => {
    const collatz = (n0: Tensor) =>
      lax.whileLoop(
        ([n]: Tensor[]) => np.greater(n!, 1),
        ([n, k]: Tensor[]) => [np.where(np.equal(np.mod(n!, 2), 0), np.div(n!, 2), np.add(np.mul(n!, 3), 1)), k!.add(1)],
        [n0, np.array(0)],
      );
    expect((collatz(np.array(27))[1]!).item()).toBe(111);
    expect((jit(collatz)(np.array(27))[1]!).item()).toBe(111);
  });

  it("vmap: per-example step counts for 1..30 equal the JS loop", () => {
    const ns = Array.from({ length: 30 }, (_, i) => i + 1);
    const [, ks] = jit(vmap(collatzInt))(np.array(ns, { dtype: "int32" })) as [Tensor, Tensor];
    expect(vals(ks)).toEqual(ns.map(jsCollatz));
  });
});

// ---------------------------------------------------------------------------------------------
// switch
// ---------------------------------------------------------------------------------------------

describe("switch with 3 branches", () => {
  const branches = [(x: Tensor) => np.sin(x), (x: Tensor) => np.mul(x, x), (x: Tensor) => np.exp(x)];
  const x = 0.7;
  const values = [Math.sin(x), x * x, Math.exp(x)];
  const derivs = [Math.cos(x), 2 * x, Math.exp(x)];
  const clamp = (i: number) => Math.min(Math.max(i, 0), 2);
  const indices = [-5, -1, 0, 1, 2, 3, 100];

  it("picks branch i, clamping out-of-range indices (eager, JS-number and int32 tensor index)", () => {
    for (const i of indices) {
      expectClose(lax.switch(i, branches, s64(x)), values[clamp(i)]!, { rtol: 1e-15 }, `index ${i}`);
      expectClose(lax.switch(i32(i), branches, s64(x)), values[clamp(i)]!, { rtol: 1e-15 }, `index tensor ${i}`);
    }
  });

  it("with a traced index under jit, one compiled function for every index", () => {
    const f = jit((i: Tensor, v: Tensor) => lax.switch(i, branches, v));
    for (const i of indices) expectClose(f(i32(i), s64(x)), values[clamp(i)]!, { rtol: 1e-15 }, `index ${i}`);
  });

  it("grad through switch is the chosen branch's derivative", () => {
    for (const i of indices) {
      expectClose(grad((v: Tensor) => T(lax.switch(i, branches, v)))(s64(x)), derivs[clamp(i)]!, { rtol: 1e-15 }, `index ${i}`);
      expectClose(jit(grad((j: Tensor, v: Tensor) => T(lax.switch(j, branches, v)), { argnums: 1 }))(i32(i), s64(x)), derivs[clamp(i)]!, { rtol: 1e-15 }, `jit index ${i}`);
    }
  });

  it("vmap with a per-example index (including out-of-range ones)", () => {
    const got = vmap((i: Tensor, v: Tensor) => lax.switch(i, branches, v))(np.array(indices, { dtype: "int32" }), f64(indices.map(() => x)));
    expectClose(got, indices.map((i) => values[clamp(i)]!), { rtol: 1e-15 });
  });
});

// ---------------------------------------------------------------------------------------------
// Higher order through scan
// ---------------------------------------------------------------------------------------------

describe("higher order through scan", () => {
  // p(x) = 2x⁴ − x³ + 3x² + 0.5x − 4; p' = 8x³ − 3x² + 6x + 0.5; p'' = 24x² − 6x + 6; p''' = 48x − 6; p'''' = 48.
  const coefs = f64([2, -1, 3, 0.5, -4]);
  const p = (x: number) => 2 * x ** 4 - x ** 3 + 3 * x ** 2 + 0.5 * x - 4;
  const d3 = (x: number) => 48 * x - 6;
  /** Horner's rule: x is a scan constant (closed over). */
  const horner = (x: Tensor) => T(lax.scan((acc: Tensor, c: Tensor) => [np.add(np.mul(acc, x), c), null], s64(0), coefs)[0]);
  /** Powers in the carry: x flows through the carry (reverse scan from the constant term). */
  const powers = (x: Tensor) =>
    T(
      (
        lax.scan(
          ([pw, acc]: [Tensor, Tensor], c: Tensor) => [[np.mul(pw, x), np.add(acc, np.mul(c, pw))], null] as [[Tensor, Tensor], null],
          [s64(1), s64(0)] as [Tensor, Tensor],
          coefs,
          { reverse: true },
        )[0]
      )[1],
    );

  for (const [name, f] of [["Horner (x a constant)", horner], ["powers (x in the carry)", powers]] as const) {
    it(`${name}: value, third derivative by grad∘grad∘grad and by jvp∘grad∘grad${f === horner ? ", fourth = 48" : ""}`, () => {
      const d3f = grad(grad(grad(f)));
      for (const x of [0.7, -1.3]) {
        expectClose(f(s64(x)), p(x), { rtol: 1e-14 }, `p(${x})`);
        expectClose(d3f(s64(x)), d3(x), { rtol: 1e-12 }, `p'''(${x})`);
      }
      expectClose(jvp(grad(grad(f)), [s64(2)], [s64(1)])[1], d3(2), { rtol: 1e-12 }, "jvp∘grad∘grad at 2");
      if (f === horner) expectClose(grad(d3f)(s64(0.7)), 48, { rtol: 1e-12 }, "p''''");
    });
  }
});

// ---------------------------------------------------------------------------------------------
// whileLoop: forward mode works, reverse mode explains itself
// ---------------------------------------------------------------------------------------------

describe("whileLoop and differentiation", () => {
  /** x ← a·x, five times (counter-driven): x5 = x0·a⁵. */
  const power5 = (a: Tensor, x0: Tensor) =>
    T(
      (
        lax.whileLoop(
          ([i]: [Tensor, Tensor]) => np.less(i, i32(5)),
          ([i, x]: [Tensor, Tensor]) => [np.add(i, i32(1)), np.mul(a, x)] as [Tensor, Tensor],
          [i32(0), x0] as [Tensor, Tensor],
        )
      )[1],
    );
  /** Doubling until x ≥ 10 (value-driven trip count). */
  const doubleUntil10 = (x0: Tensor) => T(lax.whileLoop((x: Tensor) => np.less(x, 10), (x: Tensor) => np.mul(x, 2), x0));

  it("jvp of a counter-driven loop: d(x0·a⁵)/da = 5·x0·a⁴, d/dx0 = a⁵", () => {
    const a = 1.1;
    const x0 = 0.8;
    const [out, tA] = jvp(power5, [s64(a), s64(x0)], [s64(1), s64(0)]);
    expectClose(out, x0 * a ** 5, { rtol: 1e-14 });
    expectClose(tA, 5 * x0 * a ** 4, { rtol: 1e-14 });
    expectClose(jvp(power5, [s64(a), s64(x0)], [s64(0), s64(1)])[1], a ** 5, { rtol: 1e-14 });
    expectClose(jit((a: Tensor, x0: Tensor) => jvp(power5, [a, x0], [s64(1), s64(0)])[1])(s64(a), s64(x0)), 5 * x0 * a ** 4, { rtol: 1e-14 });
  });

  it("jvp of a value-driven loop: 1.3 doubles 3 times, tangent 8", () => {
    const [out, t] = jvp(doubleUntil10, [s64(1.3)], [s64(1)]);
    expectClose(out, 10.4, { rtol: 1e-14 });
    expectClose(t, 8, { rtol: 0, atol: 0 });
    // Second-order forward mode: jvp of jvp of x0·a⁵ w.r.t. a twice = 20·x0·a³.
    const d2 = jvp((a: Tensor) => T(jvp((b: Tensor) => power5(b, s64(0.8)), [a], [s64(1)])[1]), [s64(1.1)], [s64(1)])[1];
    expectClose(d2, 20 * 0.8 * 1.1 ** 3, { rtol: 1e-13 });
  });

  it("grad / vjp of whileLoop raise NonDifferentiableError pointing to scan and forLoop", () => {
    for (const attempt of [
      () => grad((x: Tensor) => doubleUntil10(x))(s64(1.3)),
      () => grad(power5)(s64(1.1), s64(0.8)),
      () => vjp(doubleUntil10, s64(1.3))[1](s64(1)),
      () => jit(grad((x: Tensor) => doubleUntil10(x)))(s64(1.3)),
    ]) {
      const e = thrown(attempt);
      expect(e).toBeInstanceOf(NonDifferentiableError);
      expect(e).toBeInstanceOf(FluxionError);
      expect(e.message).toMatch(/scan/);
      expect(e.message).toMatch(/forLoop/);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// forLoop with traced bounds
// ---------------------------------------------------------------------------------------------

describe("forLoop with traced bounds", () => {
  /** [x^(hi−lo), Σ_{i=lo}^{hi−1} i]. */
  const f = jit((lo: Tensor, hi: Tensor, x: Tensor) =>
    lax.forLoop(lo, hi, (i: Tensor, [p, s]: [Tensor, Tensor]) => [np.mul(p, x), np.add(s, i)] as [Tensor, Tensor], [s64(1), i32(0)] as [Tensor, Tensor]),
  );
  const sumRange = (lo: number, hi: number) => (hi > lo ? ((hi - lo) * (lo + hi - 1)) / 2 : 0);

  it("runs inside jit with the bounds as arguments; one compilation serves every bound", () => {
    for (const [lo, hi] of [[0, 3], [0, 7], [2, 6], [5, 5], [4, 1]] as const) {
      const [p, s] = f(i32(lo), i32(hi), s64(1.5)) as [Tensor, Tensor];
      expectClose(p, 1.5 ** Math.max(0, hi - lo), { rtol: 1e-14 }, `x^n for [${lo}, ${hi})`);
      expect(s.item(), `Σ i over [${lo}, ${hi})`).toBe(sumRange(lo, hi));
    }
  });

  it("is forward-differentiable: d x^n / dx = n·x^(n−1)", () => {
    for (const n of [0, 1, 4, 6]) {
      const [out, t] = jvp((x: Tensor) => f(i32(0), i32(n), x)[0]!, [s64(1.5)], [s64(1)]);
      expectClose(out, 1.5 ** n, { rtol: 1e-14 });
      expectClose(t, n === 0 ? 0 : n * 1.5 ** (n - 1), { rtol: 1e-14 }, `n = ${n}`);
    }
  });

  it("reverse mode through traced bounds (a while loop) is refused with NonDifferentiableError", () => {
    const e = thrown(() => grad((x: Tensor) => f(i32(0), i32(3), x)[0]!)(s64(1.5)));
    expect(e).toBeInstanceOf(NonDifferentiableError);
    expect(e.message).toMatch(/forLoop/);
  });
});
