/**
 * Samples against JAX (scripts/gen-random.py), for the samplers whose algorithm is deterministic
 * given the bits. Those built from bits with exact arithmetic (uniform, randint, bernoulli,
 * rademacher, permutation, choice, triangular, …) must be equal bit for bit. Those that call a
 * transcendental function (log, log1p, tan, exp, pow) are compared under the default tolerance
 * (float32 1e-6, float64 1e-12 relative): XLA's float32
 * kernels for these are not correctly rounded (XLA's float32 log1p differs from the correctly
 * rounded one on about a quarter of inputs), so an exact match would need XLA's own polynomials.
 */
import { describe, expect, it } from "vitest";
import { type Tensor, np, random } from "../../src/index.js";
import { expectClose } from "../support/index.js";
import { type SampleCase, decode, fixtures } from "./fixtures.js";

type Dt = "float32" | "float64";
const grid = np.array([[0, 1, 2], [2, 0, -1]], { dtype: "float32" });
const arange12 = np.reshape(np.arange(12, undefined, 1, "int32"), [3, 4]);
const p4 = np.array([0.1, 0.2, 0.3, 0.4], { dtype: "float32" });

/** How fluxion draws each fixture case, and whether it must be exact. */
const DRAW: Record<string, { exact: boolean; run: (k: Tensor, dt: Dt) => Tensor }> = {
  uniform: { exact: true, run: (k, dt) => random.uniform(k, [7], dt) },
  uniform_bounds: { exact: true, run: (k, dt) => random.uniform(k, [2, 3], dt, -2.5, 3.0) },
  normal: { exact: false, run: (k, dt) => random.normal(k, [64], dt) },
  exponential: { exact: false, run: (k, dt) => random.exponential(k, [16], dt) },
  gumbel: { exact: false, run: (k, dt) => random.gumbel(k, [16], dt) },
  gumbel_high: { exact: false, run: (k, dt) => random.gumbel(k, [8], dt, "high") },
  laplace: { exact: false, run: (k, dt) => random.laplace(k, [16], dt) },
  logistic: { exact: false, run: (k, dt) => random.logistic(k, [16], dt) },
  cauchy: { exact: false, run: (k, dt) => random.cauchy(k, [16], dt) },
  truncated_normal: { exact: false, run: (k, dt) => random.truncatedNormal(k, -1, 2, [16], dt) },
  lognormal: { exact: false, run: (k, dt) => random.lognormal(k, 0.5, [16], dt) },
  pareto: { exact: false, run: (k, dt) => random.pareto(k, 3, [16], dt) },
  weibull_min: { exact: false, run: (k, dt) => random.weibullMin(k, 1.5, 2, [16], dt) },
  rayleigh: { exact: false, run: (k, dt) => random.rayleigh(k, 2, [16], dt) },
  maxwell: { exact: false, run: (k, dt) => random.maxwell(k, [16], dt) },
  double_sided_maxwell: { exact: false, run: (k, dt) => random.doubleSidedMaxwell(k, 1, 2, [16], dt) },
  triangular: { exact: true, run: (k, dt) => random.triangular(k, -1, 0.5, 2, [16], dt) },
  bernoulli: { exact: true, run: (k, dt) => random.bernoulli(k, np.array(0.3, { dtype: dt }), [16]) },
  geometric: { exact: false, run: (k, dt) => random.geometric(k, np.array(0.3, { dtype: dt }), [16]) },
  bernoulli_weak: { exact: true, run: (k) => random.bernoulli(k, 0.5, [16]) },
  bernoulli_high: { exact: true, run: (k) => random.bernoulli(k, 0.3, [16], "high") },
  rademacher: { exact: true, run: (k) => random.rademacher(k, [16]) },
  randint_0_10: { exact: true, run: (k) => random.randint(k, [16], 0, 10) },
  randint_neg: { exact: true, run: (k) => random.randint(k, [16], -1000, 77777) },
  randint_wide: { exact: true, run: (k) => random.randint(k, [16], -(2 ** 31), 2 ** 31 - 1) },
  randint_full: { exact: true, run: (k) => random.randint(k, [8], -(2 ** 31), 2 ** 31) },
  randint_empty_range: { exact: true, run: (k) => random.randint(k, [4], 5, 5) },
  permutation_10: { exact: true, run: (k) => random.permutation(k, 10) },
  permutation_2000: { exact: true, run: (k) => random.permutation(k, 2000) },
  permutation_rows: { exact: true, run: (k) => random.permutation(k, arange12, 1) },
  permutation_independent: { exact: true, run: (k) => random.permutation(k, arange12, 1, true) },
  choice_replace: { exact: true, run: (k) => random.choice(k, 10, [6]) },
  choice_no_replace: { exact: true, run: (k) => random.choice(k, 10, [6], false) },
  choice_p: { exact: true, run: (k) => random.choice(k, 4, [8], { p: p4 }) },
  choice_p_no_replace: { exact: true, run: (k) => random.choice(k, 4, [3], false, p4) },
  categorical: { exact: true, run: (k) => random.categorical(k, grid, -1, [4, 2]) },
  categorical_axis0: { exact: true, run: (k) => random.categorical(k, grid, 0) },
  categorical_no_replace: { exact: true, run: (k) => random.categorical(k, np.array([0, 1, 2, 0.5], { dtype: "float32" }), -1, [3], false) },
};

describe("samples are JAX's", () => {
  it.each(fixtures.samples.map((c) => [`${c.name} ${c.dtype ?? ""} key(${c.seed})`, c] as [string, SampleCase]))("%s", (_label, c) => {
    const how = DRAW[c.name]!;
    expect(how, `no fluxion call for ${c.name}`).toBeDefined();
    const out = how.run(random.key(c.seed), (c.dtype ?? "float32") as Dt);
    expect(out.shape).toEqual(c.shape);
    const want = c.values.map(decode).map((v) => (out.dtype === "float32" && typeof v === "number" ? Math.fround(v) : v));
    expect(out.dtype).toBe(c.out_dtype);
    const got = Array.from(out.data() as ArrayLike<number>, (v) => (typeof want[0] === "boolean" ? v === 1 : v));
    if (how.exact) {
      expect(got).toEqual(want);
    } else {
      expectClose(out, want as number[]);
    }
  });
});
