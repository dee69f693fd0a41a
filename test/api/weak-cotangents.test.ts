/**
 * A bare JS number given as a tangent or cotangent is weakly typed, as everywhere else: it takes
 * the dtype of the primal (or output) it stands for, so float64 functions accept `1` as a seed.
 * A tensor of another dtype is still refused (the caller chose that dtype).
 */
import { describe, expect, it } from "vitest";
import { DTypeError, jvp, linearTranspose, linearize, np, vjp, type Tensor } from "../../src/index.js";
import { expectClose, s64, thrown } from "../support/index.js";

const cube = (x: Tensor) => np.mul(np.mul(x, x), x);

describe("weakly typed number seeds", () => {
  it("vjp of a float64 function takes a number cotangent and stays float64", () => {
    const [, pullback] = vjp(cube, s64(1.5));
    const [g] = pullback(2);
    expect(g.dtype).toBe("float64");
    expectClose(g, 2 * 3 * 1.5 * 1.5);
  });

  it("jvp and linearize of a float64 function take number tangents", () => {
    const [, t] = jvp(cube, [s64(1.5)], [2]);
    expect(t.dtype).toBe("float64");
    expectClose(t, 2 * 3 * 1.5 * 1.5);
    const [, jvpFn] = linearize(cube, s64(1.5));
    expectClose(jvpFn(2), 2 * 3 * 1.5 * 1.5);
  });

  it("linearTranspose takes a number cotangent", () => {
    const [ct] = linearTranspose((x: Tensor) => np.mul(x, 3), s64(0))(2);
    expectClose(ct, 6);
  });

  it("a float32 tensor cotangent for a float64 output is still a DTypeError", () => {
    const [, pullback] = vjp(cube, s64(1.5));
    expect(thrown(() => pullback(np.array(2)))).toBeInstanceOf(DTypeError);
  });
});
