/**
 * np.linalg.norm, matrixNorm and vectorNorm against JAX (test/fixtures/eigen.json,
 * scripts/gen-eigen.py): every numpy order for vectors and matrices, keepdims, axis pairs in either
 * order, batched, float32 and float64, with gradients — at a zero vector and a zero matrix too, where
 * JAX's are NaN (2-norm, Frobenius) or finite (1, ∞, nuclear, spectral) — each also under jit; and
 * the errors.
 */
import { describe, expect, it } from "vitest";
import { ArgumentError, ShapeError, type Tensor, jit, np } from "../../src/index.js";
import { expectClose, thrown } from "../support/index.js";
import { CASES, RUNNERS, argsOf, decode, expectOutputs, gradOf, gradTol } from "./eigen-fixture.js";

const NORMS = CASES.filter((c) => /norm/i.test(c.op));

describe("norms against JAX", () => {
  it("covers norm, matrixNorm and vectorNorm", () => {
    expect(new Set(NORMS.map((c) => c.op))).toEqual(new Set(["np.norm", "np.matrixNorm", "np.vectorNorm"]));
  });
  for (const c of NORMS) {
    it(`${c.id}: values`, () => expectOutputs(c, RUNNERS[c.op]!(argsOf(c), c.kwargs)));
    it(`${c.id}: values under jit`, () => expectOutputs(c, jit((x: Tensor) => RUNNERS[c.op]!([x], c.kwargs))(argsOf(c)[0]!) as Tensor[]));
    if (c.grad) it(`${c.id}: gradient`, () => {
      const g = gradOf(c);
      expectClose(g, c.grad!.data.map(decode) as number[], gradTol(c, g), `${c.id} grad`);
    });
  }
});

describe("errors", () => {
  it("three axes, or an order a norm does not have, are refused naming what was given", () => {
    const x = np.ones([2, 2, 2]);
    expect(thrown(() => np.linalg.norm(x, 2))).toBeInstanceOf(ShapeError);
    expect(thrown(() => np.linalg.norm(np.ones([3]), "fro")).message).toMatch(/invalid order .*"fro".* for a vector norm/);
    expect(thrown(() => np.linalg.norm(np.ones([2, 2]), 3)).message).toMatch(/invalid order .*3.* for a matrix norm/);
    expect(thrown(() => np.linalg.norm(np.ones([2, 2]), null, [0, 0]))).toBeInstanceOf(ShapeError);
    expect(thrown(() => np.linalg.vectorNorm(np.ones([2]), { keepdims: 1 as never }))).toBeInstanceOf(ArgumentError);
  });
  it("matrixNorm needs a matrix", () => {
    expect(thrown(() => np.linalg.matrixNorm(np.ones([3]))).message).toMatch(/\[3\]/);
  });
});
