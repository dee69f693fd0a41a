/**
 * np.linalg's qr, eigh, eigvalsh, svd (hermitian too), svdvals, lstsq, pinv and matrixRank, and
 * random.orthogonal, against JAX (test/fixtures/eigen.json, scripts/gen-eigen.py): values under
 * JAX's conventions, gradients of gauge-invariant functions (eigenvalue gradients finite and
 * eigenvector gradients ∞/NaN exactly where JAX's are for repeated eigenvalues), each under jit
 * too; the namedtuple fields; pinv's custom derivative against finite differences; and the errors.
 */
import { describe, expect, it } from "vitest";
import { ArgumentError, ConcretizationError, ShapeError, type Tensor, grad, jit, np, random, vmap } from "../../src/index.js";
import { expectClose, fdGrad, thrown, vals } from "../support/index.js";
import { CASES, RUNNERS, argsOf, decode, expectOutputs, gradOf, gradTol } from "./eigen-fixture.js";

const NP = CASES.filter((c) => (c.op.startsWith("np.") && !/norm/i.test(c.op)) || c.op === "random.orthogonal");

describe("np.linalg decompositions against JAX", () => {
  it("covers every op of the family", () => {
    expect(new Set(NP.map((c) => c.op))).toEqual(
      new Set(["np.qr", "np.eigh", "np.eigvalsh", "np.svd", "np.svdvals", "np.lstsq", "np.pinv", "np.matrixRank", "random.orthogonal"]),
    );
  });
  for (const c of NP) {
    it(`${c.id}: values`, () => expectOutputs(c, RUNNERS[c.op]!(argsOf(c), c.kwargs)));
    if (c.op !== "random.orthogonal" && c.op !== "np.lstsq") {
      it(`${c.id}: values under jit`, () => {
        const args = argsOf(c);
        const f = jit((...xs: Tensor[]) => RUNNERS[c.op]!(xs, c.kwargs));
        expectOutputs(c, f(...args) as Tensor[]);
      });
    }
    if (c.grad) it(`${c.id}: gradient`, () => {
      const g = gradOf(c);
      expectClose(g, c.grad!.data.map(decode) as number[], gradTol(c, g), `${c.id} grad`);
    });
  }
});

const a = np.array([[4, 1, 0], [1, 3, 1], [0, 1, 2]], { dtype: "float64" });

describe("results and edges", () => {
  it("eigh's result is [eigenvalues, eigenvectors] with JAX's field names", () => {
    const r = np.linalg.eigh(a);
    const [w, v] = r;
    expect(r.eigenvalues).toBe(w);
    expect(r.eigenvectors).toBe(v);
    expect(Object.keys(r)).toEqual(["0", "1"]);
    const { U, S, Vh } = np.linalg.svd(a);
    expect([U.shape, S.shape, Vh.shape]).toEqual([[3, 3], [3], [3, 3]]);
    expect(np.linalg.qr(a).Q.shape).toEqual([3, 3]);
  });
  it("eigh's eigenvector gradient is ∞/NaN for a repeated eigenvalue while eigvalsh's stays finite (as JAX)", () => {
    const rep = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 2]], { dtype: "float64" });
    const gv = grad((x: Tensor) => np.sum(np.multiply(np.linalg.eigh(x).eigenvectors, np.arange(9, undefined, undefined, "float64").reshape([3, 3]))))(rep);
    expect(vals(gv).some((x) => !Number.isFinite(x))).toBe(true);
    expect(vals(grad((x: Tensor) => np.sum(np.linalg.eigvalsh(x)))(rep)).every(Number.isFinite)).toBe(true);
  });
  it("pinv's derivative (Golub–Pereyra) matches float64 finite differences, tall and wide", () => {
    for (const [data, shape] of [[[1, 2, 0.5, -1, 3, 2], [3, 2]], [[1, 2, 0.5, -1, 3, 2], [2, 3]]] as const) {
      const w = np.reshape(np.array([0.3, -1, 2, 0.7, 1.1, -0.4], { dtype: "float64" }), [shape[1], shape[0]]);
      const f = (x: Tensor) => np.sum(np.multiply(np.linalg.pinv(x), w));
      const x = np.reshape(np.array([...data], { dtype: "float64" }), [...shape]);
      expectClose(grad(f)(x), fdGrad(f, [...data], [...shape]), { rtol: 1e-6, atol: 1e-7 });
    }
  });
  it("pinv has second derivatives (its rule is written with the ops it differentiates)", () => {
    const f = (x: Tensor) => np.sum(np.linalg.pinv(x));
    const g = (x: Tensor) => np.sum(np.multiply(grad(f)(x), x));
    const x = np.array([[2, 1], [0.5, 3], [1, -1]], { dtype: "float64" });
    expectClose(grad(g)(x), fdGrad(g, vals(x), [3, 2]), { rtol: 1e-5, atol: 1e-6 });
  });
  it("lstsq with numpyResid returns numpy's empty residuals when rank < n or m ≤ n, and needs a concrete rank", () => {
    const [, resid] = np.linalg.lstsq([[1, 2], [2, 4], [0, 0]], [1, 2, 3], { numpyResid: true });
    expect(resid.shape).toEqual([0]);
    const [, full] = np.linalg.lstsq([[1, 0], [0, 1], [1, 1]], [1, 2, 4], { numpyResid: true });
    expectClose(full, [1 / 3], { rtol: 1e-5 });
    expect(thrown(() => jit((x: Tensor) => np.linalg.lstsq(x, [1, 2, 3], { numpyResid: true })[1])(np.ones([3, 2])))).toBeInstanceOf(ConcretizationError);
  });
  it("lstsq of an empty matrix is zeros with rank 0", () => {
    const [x, , rank, s] = np.linalg.lstsq(np.zeros([0, 2]), np.zeros([0]));
    expect(vals(x)).toEqual([0, 0]);
    expect(rank.item()).toBe(0);
    expect(s.shape).toEqual([0]);
  });
  it("vmap of eigvalsh and svd equals a loop", () => {
    const xs = np.stack([a, np.multiply(a, 2), np.add(a, np.eye(3, 3, "float64"))]);
    expectClose(vmap((x: Tensor) => np.linalg.eigvalsh(x))(xs), np.stack([0, 1, 2].map((i) => np.linalg.eigvalsh(xs.slice([i, i + 1]).reshape([3, 3])))), { rtol: 0, atol: 0 });
    expectClose(vmap((x: Tensor) => np.linalg.pinv(x))(xs), np.stack([0, 1, 2].map((i) => np.linalg.pinv(xs.slice([i, i + 1]).reshape([3, 3])))), { rtol: 0, atol: 0 });
  });
  it("random.orthogonal gives orthonormal columns (tall) or rows (wide), batched", () => {
    const q = random.orthogonal(random.key(3), 5, { shape: [2], m: 3, dtype: "float64" });
    expect(q.shape).toEqual([2, 5, 3]);
    expectClose(np.matmul(np.swapaxes(q, -1, -2), q), np.broadcastTo(np.eye(3, 3, "float64"), [2, 3, 3]), { atol: 1e-14 });
  });
});

describe("errors", () => {
  it("eigh and eigvalsh of a non-square matrix name the shape", () => {
    for (const f of [() => np.linalg.eigh(np.zeros([2, 3])), () => np.linalg.eigvalsh(np.zeros([4, 2]))]) {
      const e = thrown(f);
      expect(e).toBeInstanceOf(ShapeError);
      expect(e.message).toMatch(/np\.linalg\.eig.*\[[24],\s?[32]\]/);
    }
  });
  it("bad modes and UPLO are ArgumentErrors naming the choices", () => {
    expect(thrown(() => np.linalg.qr(a, "raw" as never))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => np.linalg.qr(a, "bogus" as never)).message).toMatch(/"reduced", "complete" or "r"/);
    expect(thrown(() => np.linalg.eigh(a, "X" as never)).message).toMatch(/UPLO must be "L", "U" or null/);
    expect(thrown(() => np.linalg.pinv(a, { rtol: 1e-3, rcond: 1e-3 })).message).toMatch(/only one of rtol and rcond/);
  });
  it("lstsq names both shapes when the row counts differ", () => {
    const e = thrown(() => np.linalg.lstsq(np.ones([3, 2]), np.ones([4])));
    expect(e).toBeInstanceOf(ShapeError);
    expect(e.message).toMatch(/\[3,\s?2\].*\[4\]/);
  });
  it("a 1-D input to svd is a ShapeError", () => {
    expect(thrown(() => np.linalg.svd(np.ones([3])))).toBeInstanceOf(ShapeError);
  });
});
