/**
 * random.multivariateNormal against JAX (test/fixtures/multivariate.json from
 * scripts/gen-multivariate.py): with method "cholesky" the same key gives JAX's samples and JAX's
 * gradients in mean and cov, float32 and float64, batched covariances and default shapes. With
 * "eigh" and "svd" the factor's columns are eigenvectors whose signs are a convention (fluxion's
 * eigh does not choose LAPACK's), so the samples are compared through what every factor F with
 * F·Fᵀ = cov preserves: each sample's Mahalanobis norm (s − m)ᵀ·cov⁻¹·(s − m) = zᵀz equals JAX's,
 * and so does the gradient in the mean. vmap over keys equals a loop; jit equals eager; bad
 * arguments are named errors.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ArgumentError, ShapeError, grad, jit, np, random, vmap, type Tensor, type DType } from "../../src/index.js";
import { expectClose, thrown } from "../support/index.js";

interface Enc { dtype: DType; shape: number[]; data: (number | string)[] }
interface Case {
  id: string; seed: number; mean: Enc; cov: Enc; shape: number[] | null; dtype: "float32" | "float64"; method: "cholesky" | "eigh" | "svd";
  sample: Enc; weights: Enc; gradMean: Enc; gradCov: Enc;
}
const decode = (v: number | string): number => (v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : Number(v));
const T = (e: Enc): Tensor => np.reshape(np.array(e.data.map(decode), { dtype: e.dtype }), e.shape);
const CASES = (JSON.parse(readFileSync(new URL("../fixtures/multivariate.json", import.meta.url), "utf8")) as { cases: Case[] }).cases;

/** (s − m)ᵀ·cov⁻¹·(s − m) per sample, in float64. */
function mahalanobis(s: Tensor, m: Tensor, cov: Tensor): Tensor {
  const d = np.astype(np.subtract(s, m), "float64");
  const x = np.linalg.solve(np.astype(cov, "float64"), np.expandDims(d, -1));
  return np.sum(np.multiply(d, np.squeeze(x, -1)), -1);
}

const draw = (c: Case, mean: Tensor, cov: Tensor): Tensor =>
  random.multivariateNormal(random.key(c.seed), mean, cov, { shape: c.shape ?? undefined, dtype: c.dtype, method: c.method });

describe("random.multivariateNormal against JAX", () => {
  it("has cases for every method and dtype", () => {
    expect(new Set(CASES.map((c) => `${c.method}-${c.dtype}`)).size).toBe(6);
  });
  for (const c of CASES) {
    const tol = c.dtype === "float32" ? { rtol: 2e-5, atol: 2e-5 } : { rtol: 1e-11, atol: 1e-11 };
    const cholesky = c.method === "cholesky";
    it(`${c.id}: ${cholesky ? "samples" : "Mahalanobis norms of the samples"}`, () => {
      const got = draw(c, T(c.mean), T(c.cov));
      if (cholesky) return expectClose(got, T(c.sample), tol);
      expectClose(mahalanobis(got, T(c.mean), T(c.cov)), mahalanobis(T(c.sample), T(c.mean), T(c.cov)), c.dtype === "float32" ? { rtol: 1e-4, atol: 1e-4 } : tol);
    });
    it(`${c.id}: gradients in ${cholesky ? "mean and cov" : "the mean"}`, () => {
      const w = T(c.weights);
      const [gm, gc] = grad((m: Tensor, s: Tensor) => np.sum(np.multiply(w, draw(c, m, s))), { argnums: [0, 1] })(T(c.mean), T(c.cov)) as unknown as Tensor[];
      expectClose(gm, T(c.gradMean), tol);
      if (cholesky) expectClose(gc, T(c.gradCov), c.dtype === "float32" ? { rtol: 1e-4, atol: 1e-4 } : { rtol: 1e-9, atol: 1e-10 });
    });
  }
});

describe("random.multivariateNormal transforms and errors", () => {
  const mean = np.array([1, 2], { dtype: "float64" });
  const cov = np.array([[2, 0.5], [0.5, 1]], { dtype: "float64" });
  it("vmap over keys equals a loop, and jit equals eager", () => {
    const keys = random.split(random.key(3), 4);
    const f = (k: Tensor): Tensor => random.multivariateNormal(k, mean, cov, [2]);
    expectClose(vmap(f)(keys), np.stack([0, 1, 2, 3].map((i) => f(keys.get(i)))), { rtol: 1e-14 });
    expectClose(jit(f)(random.key(5)), f(random.key(5)), { rtol: 1e-14 });
  });
  it("bad arguments", () => {
    expect(thrown(() => random.multivariateNormal(random.key(0), mean, np.eye(3)))).toBeInstanceOf(ShapeError);
    expect(thrown(() => random.multivariateNormal(random.key(0), 1, cov))).toBeInstanceOf(ShapeError);
    expect(thrown(() => random.multivariateNormal(random.key(0), mean, cov, { method: "qr" as never }))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => random.multivariateNormal(random.key(0), np.zeros([3, 2]), cov, [2]))).toBeInstanceOf(ShapeError);
  });
});
