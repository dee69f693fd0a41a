import { describe, expect, it } from "vitest";
import { ShapeError, grad, lax, np } from "../../src/index.js";
import type { Tensor } from "../../src/index.js";
import { expectClose, thrown } from "../support/index.js";

describe("lax cumulative ops (JAX's lax.cumsum etc.: axis 0 by default, reverse)", () => {
  const m = np.array([[1, 2], [3, 4]], { dtype: "float64" });
  it("run along axis 0 by default, any axis, and in reverse", () => {
    expect(lax.cumsum(m).toArray()).toEqual([[1, 2], [4, 6]]);
    expect(lax.cumsum(m, 1).toArray()).toEqual([[1, 3], [3, 7]]);
    expect(lax.cumsum(m, { axis: 1, reverse: true }).toArray()).toEqual([[3, 2], [7, 4]]);
    expect(lax.cumprod(np.array([1, 2, 3, 4])).toArray()).toEqual([1, 2, 6, 24]);
    expect(lax.cummax(np.array([1, 3, 2, 5]), 0, true).toArray()).toEqual([5, 5, 5, 5]);
    expect(lax.cummin(np.array([3, 1, 2])).toArray()).toEqual([3, 1, 1]);
    expectClose(lax.cumlogsumexp(np.array([0, 0, 0], { dtype: "float64" })), [0, Math.log(2), Math.log(3)]);
  });
  it("differentiate: d/dx Σ cumsum(x) = [n, n−1, …, 1]", () => {
    expect(grad((x: Tensor) => np.sum(lax.cumsum(x)))(np.array([1, 2, 3])).toArray()).toEqual([3, 2, 1]);
  });
  it("refuse an axis out of range, naming the function", () => {
    const e = thrown(() => lax.cumsum(m, 2));
    expect(e).toBeInstanceOf(ShapeError);
    expect(e.message).toMatch(/^lax\.cumsum: /);
  });
});
