import { describe, expect, it } from "vitest";
import { ShapeError, grad, jacobian, lax, np } from "../../src/index.js";
import type { Tensor } from "../../src/index.js";
import { expectClose, thrown } from "../support/index.js";

describe("lax.dot", () => {
  it("multiplies vectors and matrices", () => {
    const m = np.array([[1, 2], [3, 4]]);
    expect(lax.dot(m, np.array([1, 1])).toArray()).toEqual([3, 7]);
    expect(lax.dot(np.array([1, 1]), m).toArray()).toEqual([4, 6]);
    expect(lax.dot(m, m).toArray()).toEqual([[7, 10], [15, 22]]);
    expect(lax.dot(np.array([1, 2, 3]), np.array([4, 5, 6])).item()).toBe(32);
  });
  it("refuses other ranks with a ShapeError pointing to np.matmul", () => {
    const e = thrown(() => lax.dot(np.ones([2, 2, 2]), np.ones([2])));
    expect(e).toBeInstanceOf(ShapeError);
    expect(e.message).toMatch(/lax\.dot: takes vectors and matrices; got \[2,2,2\].*np\.matmul/);
  });
});

describe("lax.stopGradient and jacobian", () => {
  it("stopGradient blocks the derivative (d/dx x·sg(x) = x)", () => {
    expect(grad((x: Tensor) => np.mul(x, lax.stopGradient(x)))(3).item()).toBe(3);
  });
  it("jacobian is the reverse-mode Jacobian: diag(cos x) for sin", () => {
    const x = np.array([0.1, 0.7, 2], { dtype: "float64" });
    const want = [[Math.cos(0.1), 0, 0], [0, Math.cos(0.7), 0], [0, 0, Math.cos(2)]].flat();
    expectClose(jacobian(np.sin)(x).reshape([9]), want);
  });
});
