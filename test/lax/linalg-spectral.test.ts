/**
 * lax.linalg.qr, eigh and svd against JAX (test/fixtures/eigen.json, scripts/gen-eigen.py): values
 * under JAX's conventions (QR exactly, vectors up to sign), gradients of gauge-invariant functions
 * (float32 and float64, batched, tall/wide, rank-deficient, ill-conditioned, repeated values where
 * JAX's gradient is ∞/NaN); reconstruction and orthogonality; vmap against a loop; jit; forward
 * mode against float64 finite differences; and the errors.
 */
import { describe, expect, it } from "vitest";
import { DTypeError, NonDifferentiableError, ShapeError, type Tensor, jacfwd, jit, jvp, lax, np, vmap } from "../../src/index.js";
import { expectClose, fdJvp, thrown, vals } from "../support/index.js";
import { eigh as eighOp } from "../../src/primitives/eigen/ops.js";
import { CASES, RUNNERS, argsOf, decode, expectOutputs, gradOf, gradTol } from "../np/eigen-fixture.js";

const LAX = CASES.filter((c) => c.op.startsWith("lax."));

describe("lax.linalg against JAX", () => {
  it("has cases for qr, eigh and svd", () => {
    expect(new Set(LAX.map((c) => c.op))).toEqual(new Set(["lax.qr", "lax.eigh", "lax.svd"]));
  });
  for (const c of LAX) {
    it(`${c.id}: values`, () => expectOutputs(c, RUNNERS[c.op]!(argsOf(c), c.kwargs)));
    if (c.grad) it(`${c.id}: gradient`, () => {
      const g = gradOf(c);
      expectClose(g, c.grad!.data.map(decode) as number[], gradTol(c, g), `${c.id} grad`);
    });
  }
});

const f64 = (data: number[][] | number[][][]): Tensor => np.array(data, { dtype: "float64" });
const A = f64([[4, 1, -2, 0.5], [1, 3, 0, 1], [-2, 0, 5, 2], [0.5, 1, 2, 6]]);
const B = f64([[[1, 2, 0], [3, -1, 4], [0.5, 2, 2], [1, 1, -3]], [[2, 0, 1], [0, 1, 0], [1, 0, 3], [4, 4, 4]]]);

describe("reconstruction and orthogonality", () => {
  it("eigh: V·diag(w)·Vᵀ = A and VᵀV = I, w ascending", () => {
    const [v, w] = lax.linalg.eigh(A);
    expectClose(np.matmul(np.multiply(v, np.expandDims(w, -2)), np.transpose(v)), A, { rtol: 1e-13, atol: 1e-13 });
    expectClose(np.matmul(np.transpose(v), v), np.eye(4, 4, "float64"), { atol: 1e-14 });
    const ws = vals(w);
    expect(ws).toEqual([...ws].sort((a, b) => a - b));
  });
  it("svd: U·diag(s)·Vh = A, full U and Vh orthogonal, s descending (batched, tall)", () => {
    const [u, s, vh] = lax.linalg.svd(B);
    expect(u.shape).toEqual([2, 4, 4]);
    expect(vh.shape).toEqual([2, 3, 3]);
    const k = 3;
    const us = np.multiply(u.slice([null, null], [null, null], [0, k]), np.expandDims(s, -2));
    expectClose(np.matmul(us, vh), B, { atol: 1e-13 });
    expectClose(np.matmul(np.swapaxes(u, -1, -2), u), np.broadcastTo(np.eye(4, 4, "float64"), [2, 4, 4]), { atol: 1e-14 });
    expectClose(np.matmul(vh, np.swapaxes(vh, -1, -2)), np.broadcastTo(np.eye(3, 3, "float64"), [2, 3, 3]), { atol: 1e-14 });
  });
  it("svd of a rank-deficient wide matrix completes U and Vh to orthonormal bases", () => {
    const x = f64([[1, 2, 3, 4], [2, 4, 6, 8]]);
    const [u, s, vh] = lax.linalg.svd(x);
    expectClose(s, [Math.sqrt(150), 0], { atol: 1e-13 });
    expectClose(np.matmul(vh, np.transpose(vh)), np.eye(4, 4, "float64"), { atol: 1e-14 });
    expectClose(np.matmul(np.transpose(u), u), np.eye(2, 2, "float64"), { atol: 1e-14 });
  });
  it("qr: Q·R = A, QᵀQ = I, R upper triangular (tall, full and reduced)", () => {
    const x = B.slice([0, 1]).reshape([4, 3]);
    for (const fullMatrices of [true, false]) {
      const [q, r] = lax.linalg.qr(x, { fullMatrices });
      expectClose(np.matmul(q, r), x, { atol: 1e-14 });
      const k = q.shape[1]!;
      expectClose(np.matmul(np.transpose(q), q), np.eye(k, k, "float64"), { atol: 1e-14 });
      expectClose(np.tril(r, -1), 0, { atol: 0 });
    }
  });
  it("eigh of a 64×64 matrix reconstructs to float64 precision", () => {
    const n = 64;
    const m = np.reshape(np.sin(np.multiply(np.arange(n * n, undefined, undefined, "float64"), 0.37)), [n, n]);
    const a = np.add(m, np.transpose(m));
    const [v, w] = lax.linalg.eigh(a);
    expectClose(np.matmul(np.multiply(v, np.expandDims(w, -2)), np.transpose(v)), a, { atol: 1e-12 });
  });
});

describe("transforms", () => {
  it("vmap equals a loop over the batch (eigh, svd, qr), mapped axis moved to the front", () => {
    const xs = np.stack([A, np.multiply(A, -0.5), np.add(A, np.eye(4, 4, "float64"))], 1); // batch on axis 1
    const mapped = vmap((x: Tensor) => lax.linalg.eigh(x)[1], { inAxes: 1 })(xs);
    const loop = np.stack([0, 1, 2].map((i) => lax.linalg.eigh(xs.slice([null, null], [i, i + 1]).reshape([4, 4]))[1]));
    expectClose(mapped, loop, { rtol: 0, atol: 0 });
    const sv = vmap((x: Tensor) => lax.linalg.svd(x, { computeUv: false }))(B);
    expectClose(sv, np.stack([0, 1].map((i) => lax.linalg.svd(B.slice([i, i + 1]).reshape([4, 3]), { computeUv: false }))), { rtol: 0, atol: 0 });
    const [q] = vmap((x: Tensor) => lax.linalg.qr(x, { fullMatrices: false }))(B) as Tensor[];
    expectClose(q!, np.stack([0, 1].map((i) => lax.linalg.qr(B.slice([i, i + 1]).reshape([4, 3]), { fullMatrices: false })[0])), { rtol: 0, atol: 0 });
  });
  it("jit gives the eager values bit for bit", () => {
    const f = (x: Tensor) => { const [u, s, vh] = lax.linalg.svd(x, { fullMatrices: false }); return [u, s, vh, ...lax.linalg.eigh(np.matmul(x, np.swapaxes(x, -1, -2)))]; };
    const eager = f(B) as Tensor[];
    const jitted = jit(f)(B) as Tensor[];
    eager.forEach((e, i) => expectClose(jitted[i]!, e, { rtol: 0, atol: 0 }));
  });
  it("forward mode of eigh and svd matches float64 finite differences", () => {
    const t = f64([[0.3, -0.1, 0.2, 0], [-0.1, 0.5, 0.1, 0.2], [0.2, 0.1, -0.4, 0.3], [0, 0.2, 0.3, 0.1]]);
    const fw = (x: Tensor) => lax.linalg.eigh(x)[1];
    expectClose(jvp(fw, [A], [t])[1], fdJvp(fw, vals(A), vals(t), A.shape), { rtol: 1e-6, atol: 1e-6 });
    const fs = (x: Tensor) => lax.linalg.svd(x, { computeUv: false });
    const tb = np.multiply(B, 0.1);
    expectClose(jvp(fs, [B], [tb])[1], fdJvp(fs, vals(B), vals(tb), B.shape), { rtol: 1e-6, atol: 1e-6 });
  });
  it("second derivatives: the jacobian of the eigenvalues' jacobian is finite and symmetric", () => {
    const f = (x: Tensor) => np.sum(np.multiply(lax.linalg.eigh(x)[1], f64([[1, 2, 3, 4]]).reshape([4])));
    const h = jacfwd(jacfwd(f))(A) as Tensor;
    expect(vals(h).every(Number.isFinite)).toBe(true);
    const flat = h.reshape([16, 16]);
    expectClose(flat, np.transpose(flat), { atol: 1e-9 });
  });
});

describe("errors", () => {
  it("eigh of a non-square matrix names the shape", () => {
    const e = thrown(() => lax.linalg.eigh(np.zeros([2, 3])));
    expect(e).toBeInstanceOf(ShapeError);
    expect(e.message).toMatch(/eigh.*\[2,\s?3\]/);
  });
  it("rank below 2 is a ShapeError naming the operand's shape", () => {
    expect(thrown(() => lax.linalg.svd(np.zeros([3])))).toBeInstanceOf(ShapeError);
    expect(thrown(() => lax.linalg.qr(np.zeros([3]))).message).toMatch(/\[3\]/);
  });
  it("the derivative of full-matrix singular vectors of a non-square matrix is refused, as JAX", () => {
    const e = thrown(() => jvp((x: Tensor) => lax.linalg.svd(x)[0], [B], [B]));
    expect(e).toBeInstanceOf(NonDifferentiableError);
    expect(e.message).toMatch(/fullMatrices: false/);
  });
  it("bad options are ArgumentErrors naming the option", () => {
    expect(thrown(() => lax.linalg.eigh(A, { lower: "yes" as never })).message).toMatch(/lower/);
    expect(thrown(() => lax.linalg.svd(A, { full: true } as never)).message).toMatch(/unknown option "full"/);
  });
  it("integer input is computed in float32, as JAX promotes it; the primitive itself refuses non-floats", () => {
    expect(lax.linalg.eigh(np.array([[2, 1], [1, 2]], { dtype: "int32" }))[1].dtype).toBe("float32");
    const e = thrown(() => eighOp(np.array([[2, 1], [1, 2]], { dtype: "int32" }), { lower: true, sortEigenvalues: true }));
    expect(e).toBeInstanceOf(DTypeError);
    expect(e.message).toMatch(/eigh: .*int32.*float32 or float64/);
  });
});

describe("complex input", () => {
  it("is a DTypeError naming the function (not silently made real)", () => {
    const z = np.array([[1, 0], [0, 1]], { dtype: "complex64" });
    for (const [name, f] of [
      ["lax.linalg.eigh", () => lax.linalg.eigh(z)],
      ["lax.linalg.svd", () => lax.linalg.svd(z)],
      ["lax.linalg.qr", () => lax.linalg.qr(z)],
      ["np.linalg.eigvalsh", () => np.linalg.eigvalsh(z)],
      ["np.linalg.norm", () => np.linalg.norm(z)],
      ["np.linalg.pinv", () => np.linalg.pinv(z)],
    ] as const) {
      const e = thrown(f);
      expect(e, name).toBeInstanceOf(DTypeError);
      expect(e.message, name).toMatch(new RegExp(`${name.replace(/\./g, "\\.")}.*complex64.*not supported yet`));
    }
  });
});
