/**
 * lax.linalg's cholesky, triangularSolve, lu and luPivotsToPermutation against JAX
 * (test/fixtures/factor.json from scripts/gen-factor.py): values, gradients, every flag combination
 * of the triangular solve, non-square and singular LU, non-positive-definite Cholesky (NaN as JAX);
 * then vmap against a loop (every in-axis placement), jit against eager, identities that hold
 * exactly (P·A = L·U, L·Lᵀ = A), and the errors.
 */
import { describe, expect, it } from "vitest";
import { ArgumentError, DTypeError, ShapeError, jit, lax, np, vmap, type Tensor } from "../../src/index.js";
import { expectClose, thrown } from "../support/index.js";
import { type Runner, runFactorFamily } from "../np/linalg-factor-fixture.js";

const LL = lax.linalg;

const runners: Record<string, Runner> = {
  "lax.cholesky": ([x], kw) => LL.cholesky(x, kw),
  "lax.triangularSolve": ([a, b], kw) => LL.triangularSolve(a, b, kw),
  "lax.lu": ([x]) => LL.lu(x),
  "lax.luPivotsToPermutation": ([p, n]) => LL.luPivotsToPermutation(p, n),
};

runFactorFamily("lax.linalg against JAX (values and gradients)", "lax.", runners);

const f64 = (data: number[][]): Tensor => np.array(data, { dtype: "float64" });
const A = f64([[4, 1, 2], [1, 5, 0.5], [2, 0.5, 6]]);
const M = f64([[0.5, 2, -1, 3], [4, -2, 1, 0], [1, 1, 1, 1]]);

describe("identities", () => {
  it("L·Lᵀ reproduces the matrix", () => {
    const l = LL.cholesky(A);
    expectClose(np.matmul(l, np.transpose(l)), A, { rtol: 1e-14, atol: 1e-14 });
  });
  it("A[permutation] = L·U for a wide matrix, and the pivots make the permutation", () => {
    const [f, pivots, perm] = LL.lu(M);
    const l = np.add(np.tril(f.slice([null, null], [0, 3]), -1), np.eye(3, 3, "float64"));
    const u = np.triu(f);
    expectClose(np.matmul(l, u), np.take(M, perm, 0), { rtol: 1e-14, atol: 1e-14 });
    expect(LL.luPivotsToPermutation(pivots, 3).toArray()).toEqual(perm.toArray());
  });
});

describe("vmap equals a loop", () => {
  const as = np.stack([A, np.add(A, np.eye(3, 3, "float64")), np.multiply(A, 2)]);
  const bs = np.reshape(np.arange(18, undefined, undefined, "float64"), [3, 3, 2]);
  /** f applied example by example: `xs[j]` batched on axis 0, or shared when `shared[j]`. */
  const loop = (f: (a: Tensor, b: Tensor) => Tensor, a: Tensor, b: Tensor, shared: [boolean, boolean] = [false, false]): Tensor =>
    np.stack([0, 1, 2].map((i) => f(shared[0] ? a : a.get(i), shared[1] ? b : b.get(i))));
  it("cholesky and lu over a leading or trailing batch axis", () => {
    expectClose(vmap((x: Tensor) => LL.cholesky(x))(as), np.stack([0, 1, 2].map((i) => LL.cholesky(as.get(i)))), { rtol: 0, atol: 0 });
    const moved = np.moveaxis(as, 0, 2);
    expectClose(vmap((x: Tensor) => LL.lu(x)[0], { inAxes: 2 })(moved), np.stack([0, 1, 2].map((i) => LL.lu(as.get(i))[0])), { rtol: 0, atol: 0 });
  });
  it("triangularSolve with a, b or both batched, left and right", () => {
    for (const leftSide of [true, false]) {
      const opts = { leftSide, lower: true, transposeA: !leftSide };
      const b = leftSide ? bs : np.moveaxis(bs, 1, 2);
      const f = (a: Tensor, y: Tensor): Tensor => LL.triangularSolve(a, y, opts);
      expectClose(vmap(f)(as, b), loop(f, as, b), { rtol: 1e-14 });
      expectClose(vmap(f, { inAxes: [null, 0] })(A, b), loop(f, A, b, [true, false]), { rtol: 1e-14 });
      expectClose(vmap(f, { inAxes: [null, 2] })(A, np.moveaxis(b, 0, 2)), loop(f, A, b, [true, false]), { rtol: 1e-14 });
      expectClose(vmap(f, { inAxes: [0, null] })(as, b.get(0)), loop(f, as, b.get(0), [false, true]), { rtol: 1e-14 });
    }
  });
});

describe("jit equals eager", () => {
  it("every primitive", () => {
    expectClose(jit((x: Tensor) => LL.cholesky(x))(A), LL.cholesky(A), { rtol: 0, atol: 0 });
    const [f, p, q] = jit((x: Tensor) => LL.lu(x))(M) as Tensor[];
    const [f2, p2, q2] = LL.lu(M);
    expectClose(f, f2, { rtol: 0, atol: 0 });
    expect([p!.toArray(), q!.toArray()]).toEqual([p2.toArray(), q2.toArray()]);
    const solve = (a: Tensor, b: Tensor): Tensor => LL.triangularSolve(a, b, { leftSide: true, lower: false });
    expectClose(jit(solve)(A, M.slice([0, 3], [0, 2])), solve(A, M.slice([0, 3], [0, 2])), { rtol: 0, atol: 0 });
  });
});

describe("lax.linalg errors", () => {
  it("non-square matrices and mismatched solves name the shapes", () => {
    const e = thrown(() => LL.cholesky(np.ones([2, 3])));
    expect(e).toBeInstanceOf(ShapeError);
    expect(e.message).toContain("[2,3]");
    const s = thrown(() => LL.triangularSolve(np.eye(3), np.ones([2, 2]), { leftSide: true }));
    expect(s).toBeInstanceOf(ShapeError);
    expect(s.message).toContain("[3,3]");
    expect(s.message).toContain("[2,2]");
    expect(thrown(() => LL.lu(np.ones([3])))).toBeInstanceOf(ShapeError);
  });
  it("integer pivots, sizes and flags are checked", () => {
    expect(thrown(() => LL.luPivotsToPermutation(np.array([0, 1, 2], { dtype: "int32" }), 2))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => LL.triangularSolve(np.eye(2), np.ones([2, 2]), { lower: "yes" as unknown as boolean }))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => LL.cholesky(np.eye(2), { upper: true } as never))).toBeInstanceOf(ArgumentError);
  });
  it("complex matrices are refused for now", () => {
    const z = np.complex(np.eye(2), np.zeros([2, 2]));
    for (const f of [() => LL.cholesky(z, { symmetrizeInput: false }), () => LL.lu(z)]) {
      const e = thrown(f);
      expect(e).toBeInstanceOf(DTypeError);
      expect(e.message).toContain("not supported yet");
    }
  });
});
