/**
 * np products against JAX (scripts/gen-products-nn.py): inner, vdot, vecdot, matvec, vecmat,
 * tensordot, cross, kron, trace in float32/float64/int32, empty and size-1 operands, negative axes,
 * NaN/∞, bool contractions, and gradients of the float cases; then transforms (second order
 * against float64 finite differences, vmap against a loop) and bad input.
 */
import { describe, expect, it } from "vitest";
import { ArgumentError, DTypeError, ShapeError, grad, jit, np, vmap, type Tensor } from "../../src/index.js";
import { expectClose, f64, fdGrad, thrown, vals } from "../support/index.js";
import { runFixtureFamily } from "./products-nn-fixture.js";

runFixtureFamily("products", {
  inner: ([a, b]) => np.inner(a, b),
  vdot: ([a, b]) => np.vdot(a, b),
  vecdot: ([a, b], kw) => (kw.axis === undefined ? np.vecdot(a, b) : np.vecdot(a, b, { axis: kw.axis })),
  matvec: ([a, b]) => np.matvec(a, b),
  vecmat: ([a, b]) => np.vecmat(a, b),
  tensordot: ([a, b], kw) => (kw.axes === undefined ? np.tensordot(a, b) : np.tensordot(a, b, kw.axes)),
  cross: ([a, b], kw) => np.cross(a, b, kw),
  kron: ([a, b]) => np.kron(a, b),
  trace: ([a], kw) => np.trace(a, kw),
});

describe("products: argument forms", () => {
  const m = np.reshape(np.arange(12, undefined, undefined, "float64"), [3, 4]);
  it("trace, cross, vecdot and tensordot take JAX's arguments positionally and by name", () => {
    expectClose(np.trace(m, 1, 0, 1), np.trace(m, { offset: 1 }));
    expectClose(np.trace(m, -1), [4 + 9]);
    expectClose(np.cross([[1, 0, 0]], [[0, 1, 0]], -1, -1, -1), [0, 0, 1]);
    expectClose(np.cross([1, 0, 0], [0, 1, 0], { axis: 0 }), [0, 0, 1]);
    expectClose(np.vecdot([[1, 2], [3, 4]], [[1, 1], [1, 1]], 0), [4, 6]);
    expectClose(np.tensordot(m, m, { axes: [[0, 1], [0, 1]] }), [vals(m).reduce((s, v) => s + v * v, 0)]);
  });
});

describe("products: transforms", () => {
  it("tensordot, cross and trace differentiate to second order (float64 finite differences)", () => {
    const b = f64([0.3, -1.2, 0.7, 2.1, -0.4, 0.9], [3, 2]);
    const f = (x: Tensor): Tensor => np.sum(np.square(np.tensordot(x, b, 1)));
    const x = [0.5, -0.25, 1.5, 0.75, -2, 1];
    expectClose(grad(f)(f64(x, [2, 3])), fdGrad(f, x, [2, 3]), { rtol: 1e-7 });
    const df = (y: Tensor): Tensor => np.sum(np.mul(grad(f)(y) as Tensor, f64([1, 2, 3, 4, 5, 6], [2, 3])));
    expectClose(grad(df)(f64(x, [2, 3])), fdGrad(df, x, [2, 3]), { rtol: 1e-6 });
    const g = (v: Tensor): Tensor => np.sum(np.square(np.cross(v, f64([1, -2, 0.5]))));
    expectClose(grad(g)(f64([0.1, 0.2, 0.3])), fdGrad(g, [0.1, 0.2, 0.3]), { rtol: 1e-7 });
    const h = (a: Tensor): Tensor => np.square(np.trace(a, { offset: 1 }));
    expectClose(grad(h)(f64(x, [2, 3])), fdGrad(h, x, [2, 3]), { rtol: 1e-7 });
  });

  it("vmap of each product equals a loop over the batch, and jit equals eager", () => {
    const xs = np.reshape(np.arange(24, undefined, undefined, "float32"), [2, 3, 4]);
    const ys = np.reshape(np.arange(-12, 12, undefined, "float32"), [2, 4, 3]);
    const fs: ((a: Tensor, b: Tensor) => Tensor)[] = [
      (a, b) => np.inner(a, np.transpose(b)),
      (a, b) => np.tensordot(a, b, 1),
      (a, b) => np.kron(a, b),
      (a, b) => np.trace(np.matmul(a, b)),
      (a, b) => np.matvec(a, np.transpose(b).get(0)),
      (a, b) => np.cross(np.transpose(a).slice(null, [0, 3]), b.slice(null, [0, 3])),
    ];
    for (const f of fs) {
      const batched = vmap(f)(xs, ys) as Tensor;
      const looped = np.stack([f(xs.get(0), ys.get(0)), f(xs.get(1), ys.get(1))]);
      expectClose(batched, looped);
      expectClose(jit(f)(xs.get(0), ys.get(0)), f(xs.get(0), ys.get(0)), { rtol: 0, atol: 0 });
    }
  });
});

describe("products: bad input", () => {
  it("contraction mismatches, bad axes, bad vectors and bool arithmetic raise what RELIABILITY.md says", () => {
    expect(thrown(() => np.inner([1, 2], [1, 2, 3]))).toBeInstanceOf(ShapeError);
    expect(thrown(() => np.inner([1, 2], [1, 2, 3])).message).toMatch(/np\.inner: contraction mismatch/);
    expect(thrown(() => np.vdot([1, 2], [1, 2, 3])).message).toMatch(/np\.vdot: .*2 elements.*3/);
    expect(thrown(() => np.vecdot([1, 2], [1, 2], { axis: 1 }))).toBeInstanceOf(ShapeError);
    expect(thrown(() => np.matvec([1, 2], [1, 2])).message).toMatch(/np\.matvec: args\[0\] must be at least 2-D/);
    expect(thrown(() => np.vecmat([1, 2], np.ones([3, 2]))).message).toMatch(/np\.vecmat: contraction mismatch/);
    expect(thrown(() => np.tensordot(np.ones([2, 3]), np.ones([3, 2]), 3)).message).toMatch(/np\.tensordot: axes=3/);
    expect(thrown(() => np.tensordot(np.ones([2, 3]), np.ones([3, 2]), [[0, 1], [0]])).message).toMatch(/axes\[0\] lists 2 axes but axes\[1\] lists 1/);
    expect(thrown(() => np.tensordot(np.ones([2, 3]), np.ones([3, 2]), "x" as never))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => np.cross([1, 2, 3, 4], [1, 2, 3])).message).toMatch(/np\.cross: the vectors have 4 and 3 components/);
    expect(thrown(() => np.cross([1, 2, 3], [1, 2, 3], { axisa: 2 }))).toBeInstanceOf(ShapeError);
    expect(thrown(() => np.cross(np.array([true, false, true]), np.array([true, true, true])))).toBeInstanceOf(DTypeError);
    expect(thrown(() => np.kron(np.array([true]), np.array([true])))).toBeInstanceOf(DTypeError);
    expect(thrown(() => np.trace([1, 2, 3])).message).toMatch(/np\.trace: the array must be at least 2-D/);
    expect(thrown(() => np.trace(np.ones([2, 2]), 0, 1, 1)).message).toMatch(/axis1 and axis2 are both axis 1/);
    expect(thrown(() => np.trace(np.ones([2, 2]), 0, 0, 2))).toBeInstanceOf(ShapeError);
    expect(thrown(() => np.trace(np.ones([2, 2]), 0.5))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => np.trace(np.ones([2, 2]), { bogus: 1 } as never))).toBeInstanceOf(ArgumentError);
  });
});
