/**
 * Statistical checks of every sampler with a fixed seed: a Kolmogorov–Smirnov test against the
 * closed-form CDF for continuous distributions (the 1% critical value 1.63/√n), and the mean and
 * variance against their closed forms for discrete ones (within 5 standard errors).
 */
import { describe, expect, it } from "vitest";
import { type Tensor, np, random } from "../../src/index.js";

const N = 20000;
const k = random.key(20240611);
const sample = (t: Tensor): number[] => Array.from(t.data() as ArrayLike<number>);

function erf(x: number): number {
  // The Maclaurin series, to double precision for the |x| <= 6 a KS test reaches.
  let sum = x;
  let term = x;
  for (let n = 1; n < 200; n++) {
    term *= (-x * x) / n;
    const add = term / (2 * n + 1);
    sum += add;
    if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
  }
  return Math.abs(x) > 6 ? Math.sign(x) : (2 / Math.sqrt(Math.PI)) * sum;
}
const Phi = (x: number): number => 0.5 * (1 + erf(x / Math.SQRT2));

/** The KS statistic of `xs` against `cdf`. */
function ks(xs: number[], cdf: (x: number) => number): number {
  const s = [...xs].sort((a, b) => a - b);
  let d = 0;
  s.forEach((x, i) => {
    const f = cdf(x);
    d = Math.max(d, Math.abs(f - i / s.length), Math.abs(f - (i + 1) / s.length));
  });
  return d;
}

const CONTINUOUS: [string, () => Tensor, (x: number) => number][] = [
  ["uniform", () => random.uniform(k, [N]), (x) => Math.min(1, Math.max(0, x))],
  ["normal", () => random.normal(k, [N]), Phi],
  ["normal float64", () => random.normal(k, [N], "float64"), Phi],
  ["exponential", () => random.exponential(k, [N]), (x) => 1 - Math.exp(-x)],
  ["gumbel", () => random.gumbel(k, [N]), (x) => Math.exp(-Math.exp(-x))],
  ["laplace", () => random.laplace(k, [N]), (x) => (x < 0 ? 0.5 * Math.exp(x) : 1 - 0.5 * Math.exp(-x))],
  ["logistic", () => random.logistic(k, [N]), (x) => 1 / (1 + Math.exp(-x))],
  ["cauchy", () => random.cauchy(k, [N]), (x) => 0.5 + Math.atan(x) / Math.PI],
  ["truncatedNormal(-1, 2)", () => random.truncatedNormal(k, -1, 2, [N]), (x) => (Phi(x) - Phi(-1)) / (Phi(2) - Phi(-1))],
  ["lognormal(0.5)", () => random.lognormal(k, 0.5, [N]), (x) => (x <= 0 ? 0 : Phi(Math.log(x) / 0.5))],
  ["pareto(3)", () => random.pareto(k, 3, [N]), (x) => (x < 1 ? 0 : 1 - x ** -3)],
  ["weibullMin(1.5, 2)", () => random.weibullMin(k, 1.5, 2, [N]), (x) => 1 - Math.exp(-((x / 1.5) ** 2))],
  ["rayleigh(2)", () => random.rayleigh(k, 2, [N]), (x) => 1 - Math.exp(-(x * x) / 8)],
  ["maxwell", () => random.maxwell(k, [N]), (x) => erf(x / Math.SQRT2) - Math.sqrt(2 / Math.PI) * x * Math.exp(-(x * x) / 2)],
  ["triangular(-1, 0.5, 2)", () => random.triangular(k, -1, 0.5, 2, [N]), (x) => (x <= 0.5 ? (x + 1) ** 2 / (3 * 1.5) : 1 - (2 - x) ** 2 / (3 * 1.5))],
];

describe("continuous samplers pass a Kolmogorov–Smirnov test", () => {
  it.each(CONTINUOUS)("%s", (_name, draw, cdf) => {
    const xs = sample(draw());
    expect(xs).toHaveLength(N);
    expect(ks(xs, cdf)).toBeLessThan(1.63 / Math.sqrt(N));
  });
});

const DISCRETE: [string, () => Tensor, number, number][] = [
  ["randint(0, 10)", () => random.randint(k, [N], 0, 10), 4.5, 99 / 12],
  ["bernoulli(0.3)", () => np.astype(random.bernoulli(k, 0.3, [N]), "int32"), 0.3, 0.21],
  ["rademacher", () => random.rademacher(k, [N]), 0, 1],
  ["geometric(0.3)", () => random.geometric(k, 0.3, [N]), 1 / 0.3, 0.7 / 0.09],
  ["choice(4, p)", () => random.choice(k, 4, [N], { p: np.array([0.1, 0.2, 0.3, 0.4]) }), 2, 1],
  ["categorical", () => random.categorical(k, np.log(np.array([0.1, 0.2, 0.3, 0.4])), -1, [N]), 2, 1],
];

describe("discrete samplers have the right mean and variance", () => {
  it.each(DISCRETE)("%s", (_name, draw, mean, variance) => {
    const xs = sample(draw());
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
    expect(Math.abs(m - mean)).toBeLessThan(5 * Math.sqrt(variance / N));
    expect(Math.abs(v - variance) / variance).toBeLessThan(0.06);
  });

  it("permutation and choice without replacement never repeat", () => {
    const p = sample(random.permutation(k, 3000)).sort((a, b) => a - b);
    expect(p).toEqual(Array.from({ length: 3000 }, (_, i) => i));
    expect(new Set(sample(random.choice(k, 50, [50], false))).size).toBe(50);
  });
});
