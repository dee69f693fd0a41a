/**
 * The gamma family against JAX (scripts/gen-random-gamma.py → test/fixtures/random-gamma.json):
 * samples to a stated tolerance — the algorithm and its random draws are JAX's, but XLA's float32
 * log/pow are not correctly rounded, so float32 samples agree to a few ulps (1e-5 relative) and
 * float64 ones to 1e-12; poisson's integers exactly. Gradients with respect to alpha against JAX's
 * implicit-reparameterisation values; vmap over keys and over alpha against JAX's vmap; jit equal
 * to eager bit for bit; Kolmogorov–Smirnov tests against closed-form CDFs and moments with fixed
 * seeds; bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setWasmFusionEnabled } from "../../src/backend/wasm/fused-loop.js";
import { DTypeError, ShapeError, ArgumentError, type Tensor, grad, jit, np, random, vmap } from "../../src/index.js";
import { expectClose, thrown, vals } from "../support/index.js";
import { randomGammaGrad as randomGammaGradOp } from "../../src/primitives/random/ops.js";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

type Dt = "float32" | "float64";
type Enc = number | string;
interface Sample { name: string; seed: number; dtype: string; shape: number[]; values: Enc[] }
interface Fixtures {
  samples: Sample[];
  vmapped: { name: string; dtype: string; values: Enc[] }[];
  grads: { name: string; seed: number; dtype: Dt; alpha: Enc[]; grad: Enc[] }[];
  gamma_grad: Record<Dt, { alpha: Enc[]; x: Enc[]; grad: Enc[] }>;
}
const fx = JSON.parse(readFileSync(fileURLToPath(new URL("../fixtures/random-gamma.json", import.meta.url)), "utf8")) as Fixtures;
const dec = (v: Enc): number => (v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : (v as number));
const tol = (dt: string) => (dt === "float64" ? { rtol: 1e-12, atol: 1e-300 } : { rtol: 1e-5, atol: 1e-37 });
const key = random.key;

const ALPHAS = [0.01, 0.3, 0.5, 0.99, 1.0, 1.5, 2.0, 3.7, 10.0, 100.0, 1e4];
const SPECIAL = [0, NaN, Infinity, -0.5, -2];
const LAMS = [0, 0.5, 3, 9.5, 10, 25, 1000, NaN];
const arr = (xs: number[], dt: string): Tensor => np.array(xs, { dtype: dt as Dt });

const DRAW: Record<string, (k: Tensor, dt: Dt) => Tensor> = {
  gamma_alphas: (k, dt) => random.gamma(k, arr(ALPHAS, dt), undefined, dt),
  loggamma_alphas: (k, dt) => random.loggamma(k, arr(ALPHAS, dt), { dtype: dt }),
  gamma_special: (k, dt) => random.gamma(k, arr(SPECIAL, dt), undefined, dt),
  loggamma_special: (k, dt) => random.loggamma(k, arr(SPECIAL, dt), undefined, dt),
  gamma_shape: (k, dt) => random.gamma(k, 2.5, [2, 3], dt),
  gamma_bcast: (k, dt) => random.gamma(k, arr([0.5, 4], dt), { shape: [3, 2], dtype: dt }),
  beta: (k, dt) => random.beta(k, 2, 3, [8], dt),
  beta_small: (k, dt) => random.beta(k, arr([0.01, 0.5, 5], dt), arr([0.02, 0.5, 1], dt), undefined, dt),
  dirichlet: (k, dt) => random.dirichlet(k, arr([0.5, 1, 2, 5], dt), [3], dt),
  dirichlet_small: (k, dt) => random.dirichlet(k, arr([0.01, 0.02, 0.03], dt), { dtype: dt }),
  chisquare: (k, dt) => random.chisquare(k, arr([1, 2, 5, 30], dt), undefined, dt),
  f: (k, dt) => random.f(k, 3, 5, [6], dt),
  t: (k, dt) => random.t(k, arr([1, 3, 10], dt), undefined, dt),
  generalized_normal: (k, dt) => random.generalizedNormal(k, 1.5, [6], dt),
  ball: (k, dt) => random.ball(k, 3, 2, [4], dt),
  ball_p1: (k, dt) => random.ball(k, 2, { p: 1, shape: [3], dtype: dt }),
  poisson_lams: (k) => random.poisson(k, arr(LAMS, "float32")),
  poisson_shape: (k) => random.poisson(k, 4, [3, 4]),
  poisson_large: (k) => random.poisson(k, arr([12, 50, 200], "float32"), { shape: [2, 3] }),
};

describe("samples against JAX", () => {
  for (const c of fx.samples) {
    it(`${c.name} seed ${c.seed} ${c.dtype}`, () => {
      const got = DRAW[c.name]!(key(c.seed), c.dtype as Dt);
      expect(got.shape).toEqual(c.shape);
      const want = c.values.map(dec);
      if (c.dtype === "int32") {
        expect(got.dtype).toBe("int32");
        expect(vals(got)).toEqual(want);
      } else {
        expect(got.dtype).toBe(c.dtype);
        expectClose(got, want, tol(c.dtype));
      }
    });
  }
});

describe("vmap against JAX's vmap", () => {
  const V: Record<string, (dt: Dt) => Tensor> = {
    gamma_vmap_keys: (dt) => vmap((k: Tensor) => random.gamma(k, arr([0.5, 2], dt), undefined, dt))(random.split(key(20), 3)),
    gamma_vmap_alpha: (dt) => vmap((a: Tensor) => random.gamma(key(21), a, undefined, dt))(arr([0.2, 1, 7], dt)),
    poisson_vmap_keys: () => vmap((k: Tensor) => random.poisson(k, arr([2, 30], "float32")))(random.split(key(22), 3)),
    poisson_vmap_lam: () => vmap((l: Tensor) => random.poisson(key(23), l, [2]))(arr([1, 15, 80], "float32")),
  };
  for (const c of fx.vmapped) {
    it(`${c.name} ${c.dtype}`, () => {
      const got = V[c.name]!(c.dtype as Dt);
      if (c.dtype === "int32") expect(vals(got)).toEqual(c.values.map(dec));
      else expectClose(got, c.values.map(dec), tol(c.dtype));
    });
  }
  it("a batch of keys draws what each key draws alone", () => {
    const ks = random.split(key(5), 4);
    const batched = vmap((k: Tensor) => random.gamma(k, 0.7, [3]))(ks);
    for (let i = 0; i < 4; i++) expect(vals(np.take(batched, i, 0))).toEqual(vals(random.gamma(ks.get(i), 0.7, [3])));
  });
});

describe("gradients with respect to alpha against JAX", () => {
  for (const g of fx.grads) {
    it(`${g.name} seed ${g.seed} ${g.dtype}`, () => {
      const a = arr(g.alpha.map(dec), g.dtype);
      const f =
        g.name === "gamma" ? (al: Tensor) => random.gamma(key(g.seed), al, undefined, g.dtype).sum()
        : g.name === "loggamma" ? (al: Tensor) => random.loggamma(key(g.seed), al, undefined, g.dtype).sum()
        : (al: Tensor) => random.beta(key(g.seed), al, 2, undefined, g.dtype).sum();
      expectClose(grad(f)(a), g.grad.map(dec), g.dtype === "float64" ? { rtol: 1e-11 } : { rtol: 1e-5 });
    });
  }
  it("the sample derivative kernel on a grid of (alpha, x), both branches", () => {
    for (const dt of ["float32", "float64"] as const) {
      const c = fx.gamma_grad[dt];
      const a = arr(c.alpha.map(dec), dt), x = arr(c.x.map(dec), dt);
      const g = vmap((al: Tensor, xs: Tensor) => randomGammaGradOp(al, xs))(a, x);
      expectClose(g, c.grad.map(dec), dt === "float64" ? { rtol: 1e-11 } : { rtol: 2e-5 });
    }
  });
  it("the sample derivative differentiates in alpha and x (float64 finite differences)", () => {
    // Second derivatives of a sample compose this derivative with itself (the implicit route, as
    // JAX), so its own partial derivatives are what must be right.
    const h = 1e-6;
    for (const [a0, x0] of [[0.7, 0.4], [2.5, 1.2], [3, 6], [12, 20]] as const) {
      const at = (a: number, x: number) => randomGammaGradOp(np.array(a, { dtype: "float64" }), np.array(x, { dtype: "float64" })).item() as number;
      const da = grad((a: Tensor) => randomGammaGradOp(a, np.array(x0, { dtype: "float64" })))(np.array(a0, { dtype: "float64" })).item() as number;
      const dx = grad((x: Tensor) => randomGammaGradOp(np.array(a0, { dtype: "float64" }), x))(np.array(x0, { dtype: "float64" })).item() as number;
      expectClose(np.array(da, { dtype: "float64" }), [(at(a0 + h, x0) - at(a0 - h, x0)) / (2 * h)], { rtol: 1e-6, atol: 1e-8 });
      expectClose(np.array(dx, { dtype: "float64" }), [(at(a0, x0 + h) - at(a0, x0 - h)) / (2 * h)], { rtol: 1e-6, atol: 1e-8 });
    }
    // And grad of grad of a sample runs (forward and reverse), finite.
    const g2 = grad(grad((a: Tensor) => random.gamma(key(4), a, undefined, "float64")))(np.array(2.5, { dtype: "float64" }));
    expect(Number.isFinite(g2.item() as number)).toBe(true);
  });
});


describe("jit equals eager bit for bit", () => {
  // With the JS fused loops: the WebAssembly ones approximate log, exp, … within stated ulp bounds
  // (test/backend/wasm/fused.test.ts, law 2b).
  let wasmWas = true;
  beforeAll(() => (wasmWas = setWasmFusionEnabled(false)));
  afterAll(() => setWasmFusionEnabled(wasmWas));
  it("gamma, loggamma, beta, dirichlet, poisson", () => {
    for (const dt of ["float32", "float64"] as const) {
      const run = (k: Tensor) => [
        random.gamma(k, arr([0.3, 2, 9], dt), undefined, dt),
        random.loggamma(k, arr([0.3, 2, 9], dt), undefined, dt),
        random.beta(k, 0.5, 3, [4], dt),
        random.dirichlet(k, arr([1, 2, 3], dt), [2], dt),
        random.poisson(k, arr([1, 20], "float32")),
      ];
      const eager = run(key(9)), jitted = jit(run)(key(9));
      eager.forEach((e, i) => expect(vals(jitted[i])).toEqual(vals(e)));
    }
  });
});

// ---- statistics with fixed seeds -------------------------------------------------------------------

function ks(xs: number[], cdf: (x: number) => number): number {
  const s = [...xs].sort((a, b) => a - b);
  let d = 0;
  s.forEach((x, i) => {
    const c = cdf(x);
    d = Math.max(d, Math.abs(c - i / s.length), Math.abs(c - (i + 1) / s.length));
  });
  return d;
}
const N = 4000;
// Critical value of the KS statistic at level 0.001: 1.95 / √N.
const KS_CRIT = 1.95 / Math.sqrt(N);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const variance = (xs: number[]) => { const m = mean(xs); return xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1); };

describe("distributions (fixed seeds)", () => {
  it("gamma(1) is exponential, gamma(3) has CDF 1 − e^−x(1 + x + x²/2), gamma(0.25) by its boost", () => {
    expect(ks(vals(random.gamma(key(1), 1, [N])), (x) => 1 - Math.exp(-x))).toBeLessThan(KS_CRIT);
    expect(ks(vals(random.gamma(key(2), 3, [N], "float64")), (x) => 1 - Math.exp(-x) * (1 + x + (x * x) / 2))).toBeLessThan(KS_CRIT);
    // gamma(1/4)^(1/4)... via the boost: mean and variance are both alpha.
    const s = vals(random.gamma(key(3), 0.25, [N], "float64"));
    expect(Math.abs(mean(s) - 0.25)).toBeLessThan(0.03);
    expect(Math.abs(variance(s) - 0.25)).toBeLessThan(0.06);
  });
  it("loggamma is the log of gamma's samples", () => {
    expectClose(np.exp(random.loggamma(key(4), 2.5, [50], "float64")), vals(random.gamma(key(4), 2.5, [50], "float64")), { rtol: 1e-13 });
  });
  it("beta(2, 3) has CDF 6x² − 8x³ + 3x⁴", () => {
    expect(ks(vals(random.beta(key(5), 2, 3, [N])), (x) => 6 * x ** 2 - 8 * x ** 3 + 3 * x ** 4)).toBeLessThan(KS_CRIT);
  });
  it("chisquare(2) is exponential with mean 2; t(1) is Cauchy; ball points lie in the ball", () => {
    expect(ks(vals(random.chisquare(key(6), 2, [N])), (x) => 1 - Math.exp(-x / 2))).toBeLessThan(KS_CRIT);
    expect(ks(vals(random.t(key(7), 1, [N], "float64")), (x) => 0.5 + Math.atan(x) / Math.PI)).toBeLessThan(KS_CRIT);
    const b = vals(random.ball(key(8), 3, 2, [500]));
    for (let i = 0; i < 500; i++) expect(b[3 * i]! ** 2 + b[3 * i + 1]! ** 2 + b[3 * i + 2]! ** 2).toBeLessThanOrEqual(1);
  });
  it("dirichlet rows sum to 1 with means alpha / Σalpha", () => {
    const d = random.dirichlet(key(9), [1, 2, 5], [N], "float64");
    expectClose(np.sum(d, -1), new Array(N).fill(1), { rtol: 1e-12 });
    expectClose(np.mean(d, 0), [1 / 8, 2 / 8, 5 / 8], { atol: 0.01 });
  });
  it("poisson moments: mean and variance lam, small and large rates", () => {
    for (const lam of [0.7, 4, 30, 500]) {
      const s = vals(random.poisson(key(10), lam, [N]));
      expect(Math.abs(mean(s) - lam)).toBeLessThan(4 * Math.sqrt(lam / N));
      expect(Math.abs(variance(s) / lam - 1)).toBeLessThan(0.12);
    }
  });
});

describe("bad input", () => {
  it("a wrong key is a ShapeError naming the sampler", () => {
    expect(thrown(() => random.gamma(np.array([1, 2, 3], { dtype: "uint32" }), 2))).toBeInstanceOf(ShapeError);
    expect(thrown(() => random.poisson(np.array([1, 2]), 2)).message).toMatch(/random.poisson/);
  });
  it("a non-float dtype, a shape the parameters exceed, a scalar dirichlet alpha, a bad ball dimension", () => {
    expect(thrown(() => random.gamma(key(0), 2, [2], "int32"))).toBeInstanceOf(DTypeError);
    expect(thrown(() => random.poisson(key(0), 2, [2], "float32"))).toBeInstanceOf(DTypeError);
    expect(thrown(() => random.gamma(key(0), [1, 2, 3], [2]))).toBeInstanceOf(ShapeError);
    expect(thrown(() => random.dirichlet(key(0), 2))).toBeInstanceOf(ShapeError);
    expect(thrown(() => random.ball(key(0), -1))).toBeInstanceOf(ArgumentError);
  });
});
