/**
 * np.linalg's factorisation family against JAX (test/fixtures/factor.json from scripts/gen-factor.py):
 * cholesky, solve, inv, det, slogdet, matrixPower, multiDot, tensorsolve, tensorinv, cross,
 * diagonal, trace, outer — values and reverse-mode gradients, float32 and float64, batched,
 * singular, negative-determinant and ill-conditioned inputs; then forward mode against float64
 * finite differences, jit and vmap, and the errors.
 */
import { describe, expect, it } from "vitest";
import { DTypeError, ShapeError, ArgumentError, grad, jit, jvp, np, vmap, type Tensor } from "../../src/index.js";
import { expectClose, thrown } from "../support/index.js";
import { type Runner, runFactorFamily } from "./linalg-factor-fixture.js";

const L = np.linalg;

const runners: Record<string, Runner> = {
  "np.cholesky": ([x], kw) => L.cholesky(x, kw),
  "np.solve": ([a, b]) => L.solve(a, b),
  "np.inv": ([a]) => L.inv(a),
  "np.det": ([a]) => L.det(a),
  "np.slogdet": ([a]) => L.slogdet(a),
  "np.matrixPower": ([a, n]) => L.matrixPower(a, n),
  "np.multiDot": (xs) => L.multiDot(xs),
  "np.tensorsolve": ([a, b], kw) => L.tensorsolve(a, b, kw.axes),
  "np.tensorinv": ([a], kw) => L.tensorinv(a, kw),
  "np.cross": ([a, b], kw) => L.cross(a, b, kw),
  "np.diagonal": ([x], kw) => L.diagonal(x, kw),
  "np.trace": ([x], kw) => L.trace(x, kw),
  "np.outer": ([a, b]) => L.outer(a, b),
};

runFactorFamily("np.linalg against JAX (values and gradients)", "np.", runners);

const f64 = (data: number[][]): Tensor => np.array(data, { dtype: "float64" });

/** Central difference of f at x along t, in float64. */
function fd(f: (x: Tensor) => Tensor, x: Tensor, t: Tensor, h = 1e-6): Tensor {
  return np.divide(np.subtract(f(np.add(x, np.multiply(t, h))), f(np.subtract(x, np.multiply(t, h)))), 2 * h);
}

describe("np.linalg forward mode against float64 finite differences", () => {
  const a = f64([[2, 1, 0.5, 0], [0.3, 3, -1, 0.2], [1, -0.4, 2.5, 0.7], [0.1, 0.2, 0.3, 1.8]]);
  const t = f64([[0.3, -0.2, 0.1, 0.5], [0.7, 0.1, -0.3, 0.2], [-0.5, 0.4, 0.2, 0.1], [0.2, -0.6, 0.3, -0.1]]);
  const cases: [string, (x: Tensor) => Tensor][] = [
    ["det", (x) => L.det(x)],
    ["slogdet", (x) => L.slogdet(x)[1]],
    ["inv", (x) => L.inv(x)],
    ["solve", (x) => L.solve(x, np.array([1, 2, 3, 4], { dtype: "float64" }))],
    ["cholesky", (x) => L.cholesky(np.add(np.matmul(x, np.transpose(x)), 0))],
    ["matrixPower -2", (x) => L.matrixPower(x, -2)],
  ];
  for (const [name, f] of cases) {
    it(name, () => {
      const [, dy] = jvp(f, [a], [t]);
      expectClose(dy, fd(f, a, t), { rtol: 1e-6, atol: 1e-7 }, name);
    });
    it(`${name}: second order (jvp of jvp)`, () => {
      const g = (x: Tensor): Tensor => jvp(f, [x], [t])[1] as Tensor;
      const [, ddy] = jvp(g, [a], [t]);
      expectClose(ddy, fd(g, a, t, 1e-5), { rtol: 1e-5, atol: 1e-6 }, name);
    });
  }
});

describe("np.linalg under jit and vmap", () => {
  const batch = np.add(np.reshape(np.arange(18, undefined, undefined, "float64"), [2, 3, 3]), np.multiply(np.eye(3, 3, "float64"), 10));
  const b = np.reshape(np.arange(6, undefined, undefined, "float64"), [2, 3]);
  it("jit equals eager", () => {
    expectClose(jit((x: Tensor) => L.det(x))(batch), L.det(batch), { rtol: 1e-12 });
    expectClose(jit((x: Tensor, y: Tensor) => L.solve(x, y))(batch, np.reshape(b, [2, 3, 1])), L.solve(batch, np.reshape(b, [2, 3, 1])), { rtol: 1e-12 });
    expectClose(jit((x: Tensor) => L.inv(x))(batch), L.inv(batch), { rtol: 1e-12 });
  });
  it("gradients compose with vmap and jit (the custom rules batch and compile)", () => {
    const g = grad((x: Tensor) => L.det(np.add(x, np.eye(3, 3, "float64"))));
    expectClose(vmap(g)(batch), np.stack([0, 1].map((i) => g(batch.get(i)))), { rtol: 1e-12 });
    const h = grad((x: Tensor) => np.sum(L.solve(x, np.array([1, 2, 3], { dtype: "float64" }))));
    expectClose(jit(h)(batch.get(0)), h(batch.get(0)), { rtol: 1e-12 });
    expectClose(vmap(h)(batch), np.stack([0, 1].map((i) => h(batch.get(i)))), { rtol: 1e-12 });
    const s = grad((x: Tensor) => L.slogdet(x)[1]);
    expectClose(vmap(s)(batch), np.stack([0, 1].map((i) => s(batch.get(i)))), { rtol: 1e-12 });
  });
  it("vmap equals a loop", () => {
    const solved = vmap((x: Tensor, y: Tensor) => L.solve(x, y))(batch, b);
    const loop = np.stack([0, 1].map((i) => L.solve(batch.get(i), b.get(i))));
    expectClose(solved, loop, { rtol: 1e-12 });
    expectClose(vmap((x: Tensor) => L.slogdet(x)[1])(batch), np.stack([0, 1].map((i) => L.slogdet(batch.get(i))[1])), { rtol: 1e-12 });
    expectClose(vmap((x: Tensor) => L.det(x))(np.stack([batch, batch])), np.stack([L.det(batch), L.det(batch)]), { rtol: 1e-12 });
  });
});

describe("np.linalg errors", () => {
  it("non-square input names the function and the shape", () => {
    for (const [name, f] of [["inv", L.inv], ["det", L.det], ["cholesky", L.cholesky], ["slogdet", L.slogdet]] as const) {
      const e = thrown(() => (f as (x: Tensor) => unknown)(np.ones([2, 3])));
      expect(e).toBeInstanceOf(ShapeError);
      expect(e.message).toContain(`np.linalg.${name}`);
      expect(e.message).toContain("[2,3]");
    }
    const e = thrown(() => L.solve(np.ones([2, 3]), np.ones([2])));
    expect(e).toBeInstanceOf(ShapeError);
    expect(e.message).toContain("[2,3]");
  });
  it("solve's b must fit a, and the pre-0.5 batched-vector form is refused as JAX refuses it", () => {
    expect(thrown(() => L.solve(np.ones([3, 3]), np.ones([4])))).toBeInstanceOf(ShapeError);
    const e = thrown(() => L.solve(np.ones([2, 3, 3]), np.ones([2, 3])));
    expect(e).toBeInstanceOf(ShapeError);
    expect(e.message).toContain("b[..., None]");
  });
  it("complex input is a DTypeError saying not yet", () => {
    const z = np.complex(np.eye(2), np.zeros([2, 2]));
    const e = thrown(() => L.inv(z));
    expect(e).toBeInstanceOf(DTypeError);
    expect(e.message).toContain("not supported yet");
  });
  it("bad options", () => {
    expect(thrown(() => L.slogdet(np.eye(2), { method: "qr" }))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => L.matrixPower(np.eye(2), 1.5))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => L.tensorinv(np.ones([2, 3]), 1))).toBeInstanceOf(ShapeError);
    expect(thrown(() => L.outer(np.ones([2, 2]), np.ones([2])))).toBeInstanceOf(ShapeError);
    expect(thrown(() => L.cross(np.ones([2]), np.ones([2])))).toBeInstanceOf(ShapeError);
    expect(thrown(() => L.multiDot([np.ones([2, 3]), np.ones([4, 2])]))).toBeInstanceOf(ShapeError);
  });
});
