/**
 * The shared comparison of test results: the element comparator the numpy fixture and
 * `expectClose` both use, the default tolerances by dtype, and `thrown`.
 */
import { describe, expect, it } from "vitest";
import { np } from "../../src/index.js";
import { EXACT, expectClose, mismatches, thrown } from "./index.js";

/** The message of the assertion `f` fails with, or "" when it passes. */
function failure(f: () => void): string {
  try {
    f();
    return "";
  } catch (e) {
    return (e as Error).message;
  }
}

describe("the element comparator", () => {
  const tol32 = { rtol: 1e-6, atol: 2e-6 };
  const tol64 = { rtol: 1e-12, atol: 1e-14 };
  it("accepts equal values and NaN for NaN", () => {
    expect(mismatches([1, NaN, Infinity, -Infinity, 0], [1, NaN, Infinity, -Infinity, 0], "float64", tol64)).toEqual([]);
    expect(mismatches([Math.fround(0.1)], [0.1], "float32", tol32)).toEqual([]);
  });
  it("rejects values outside the tolerance, NaN for numbers, wrong infinities, wrong bools and ints", () => {
    expect(mismatches([1 + 3e-12], [1], "float64", tol64)).toHaveLength(1);
    expect(mismatches([1 + 4e-6], [1], "float32", tol32)).toHaveLength(1);
    expect(mismatches([5e-6], [0], "float32", tol32)).toHaveLength(1);
    expect(mismatches([NaN], [1], "float32", tol32)).toHaveLength(1);
    expect(mismatches([1], [NaN], "float32", tol32)).toHaveLength(1);
    expect(mismatches([Infinity], [-Infinity], "float64", tol64)).toHaveLength(1);
    expect(mismatches([1e300], [Infinity], "float64", tol64)).toHaveLength(1);
    expect(mismatches([0], [true], "bool", { rtol: 0, atol: 0 })).toHaveLength(1);
    expect(mismatches([3], [4], "int32", { rtol: 0, atol: 0 })).toHaveLength(1);
  });
});

describe("expectClose", () => {
  it("defaults to the dtype's tolerance: 1e-12 for float64, 1e-6 for float32, exact for int32", () => {
    const f64 = (v: number) => np.array([v], { dtype: "float64" });
    expect(failure(() => expectClose(f64(1 + 5e-13), 1))).toBe("");
    expect(failure(() => expectClose(f64(1 + 5e-12), 1))).toMatch(/element 0: got 1\.000000000005, want 1/);
    expect(failure(() => expectClose(np.array([1.0000005]), 1))).toBe("");
    expect(failure(() => expectClose(np.array([1.000005]), 1))).toMatch(/float32, atol 0\.000001, rtol 0\.000001/);
    expect(failure(() => expectClose(np.array([7], { dtype: "int32" }), 7))).toBe("");
    expect(failure(() => expectClose(np.array([7], { dtype: "int32" }), 8))).not.toBe("");
  });

  it("takes a given tolerance instead: rtol alone is also the atol, atol alone keeps the dtype's rtol", () => {
    const x = np.array([1e-7, 100], { dtype: "float64" });
    expect(failure(() => expectClose(x, [0, 100.0001], { rtol: 1e-6 }))).toBe("");
    expect(failure(() => expectClose(x, [0, 100], { atol: 1e-6 }))).toBe("");
    expect(failure(() => expectClose(x, [0, 100.0001], { atol: 1e-6 }))).toMatch(/element 1/);
    expect(failure(() => expectClose(np.array([1.0000001]), 1, EXACT))).not.toBe("");
  });

  it("matches NaN with NaN and infinities exactly, whatever the tolerance", () => {
    const x = np.array([NaN, Infinity, -Infinity], { dtype: "float64" });
    expect(failure(() => expectClose(x, [NaN, Infinity, -Infinity], EXACT))).toBe("");
    expect(failure(() => expectClose(x, [0, Infinity, -Infinity], { rtol: 1 }))).toMatch(/element 0: got NaN/);
    expect(failure(() => expectClose(x, [NaN, 1e308, -Infinity], { rtol: 1 }))).toMatch(/element 1/);
    expect(failure(() => expectClose(x, [NaN, Infinity, Infinity], { rtol: 1 }))).toMatch(/element 2/);
  });

  it("checks the element count, and shape and dtype when the wanted value is a tensor", () => {
    expect(failure(() => expectClose(np.array([1, 2]), [1, 2, 3]))).toMatch(/element count/);
    expect(failure(() => expectClose(np.array([1, 2]), np.array([1, 2], { dtype: "float64" })))).toMatch(/dtype/);
    expect(failure(() => expectClose(np.array([1, 2]), np.array([[1, 2]])))).toMatch(/shape/);
  });
});

describe("thrown", () => {
  it("returns what the call threw, and fails when it throws nothing", () => {
    const err = new RangeError("boom");
    expect(thrown(() => {
      throw err;
    })).toBe(err);
    expect(failure(() => thrown(() => 1))).toMatch(/expected the call to throw/);
  });
});
