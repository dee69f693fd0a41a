/**
 * Edge values pinned by hand, each next to the numpy expression that gives it (numpy 2.x):
 * round half to even, the sign of mod, sign(NaN), NaN propagation in max/min/maximum/minimum,
 * argmax/argmin with NaN and ties, the accuracy of a long float32 sum and the empty max. (The
 * comparator the fixture cases use is tested in test/support/expect.test.ts.)
 */
import { describe, expect, it } from "vitest";
import { np, ShapeError, type DType } from "../../src/index.js";

const FLOATS: DType[] = ["float32", "float64"];
const values = (t: { data(): ArrayLike<number> }): number[] => Array.from(t.data());

describe("round: half to even", () => {
  for (const dtype of FLOATS) {
    it(dtype, () => {
      // np.round(np.array([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 3.5])) -> [0., 2., 2., -0., -2., -2., 4.]
      const got = values(np.round(np.array([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 3.5], { dtype })));
      expect(got).toEqual([0, 2, 2, -0, -2, -2, 4]);
      // toEqual does not tell 0 from -0: check the signs of the zeros.
      expect(Object.is(got[0], 0)).toBe(true);
      expect(Object.is(got[3], -0)).toBe(true);
    });
  }
});

describe("mod takes the sign of the divisor", () => {
  it("JS numbers", () => {
    // np.mod(-1, 3) -> 2; np.mod(1, -3) -> -2
    expect(np.mod(-1, 3).item()).toBe(2);
    expect(np.mod(1, -3).item()).toBe(-2);
  });
  for (const dtype of ["float32", "float64", "int32"] as DType[]) {
    it(dtype, () => {
      // np.mod([-1, 1, -7, 7], [3, -3, 3, -3]) -> [2, -2, 2, -2]
      const got = np.mod(np.array([-1, 1, -7, 7], { dtype }), np.array([3, -3, 3, -3], { dtype }));
      expect(got.dtype).toBe(dtype);
      expect(values(got)).toEqual([2, -2, 2, -2]);
    });
  }
  it("a small negative dividend", () => {
    // np.mod(np.float32(-0.25), np.float32(3)) -> 2.75
    expect(np.mod(np.array([-0.25]), 3).item()).toBe(2.75);
  });
});

describe("NaN", () => {
  for (const dtype of FLOATS) {
    it(`sign(NaN) is NaN (${dtype})`, () => {
      // np.sign(np.nan) -> nan
      expect(np.sign(np.array([NaN, -2, 3], { dtype })).data()[0]).toBeNaN();
    });
    it(`max and min propagate NaN (${dtype})`, () => {
      const x = np.array([1, NaN, 3], { dtype });
      // np.max([1, np.nan, 3]) -> nan; np.min(...) -> nan
      expect(np.max(x).item()).toBeNaN();
      expect(np.min(x).item()).toBeNaN();
      // np.max([[1, nan], [2, 3]], axis=0) -> [2., nan]; np.min(..., axis=1) -> [nan, 2.]
      const m = np.array([[1, NaN], [2, 3]], { dtype });
      expect(values(np.max(m, 0))).toEqual([2, NaN]);
      expect(values(np.min(m, 1))).toEqual([NaN, 2]);
    });
    it(`maximum and minimum propagate NaN from either side (${dtype})`, () => {
      const nan = np.array([NaN], { dtype });
      const one = np.array([1], { dtype });
      // np.maximum(nan, 1), np.maximum(1, nan), np.minimum(nan, 1), np.minimum(1, nan) -> nan
      expect(np.maximum(nan, one).item()).toBeNaN();
      expect(np.maximum(one, nan).item()).toBeNaN();
      expect(np.minimum(nan, one).item()).toBeNaN();
      expect(np.minimum(one, nan).item()).toBeNaN();
    });
    it(`argmax/argmin: the first NaN wins, ties give the first index (${dtype})`, () => {
      // np.argmax([1, nan, 3, nan]) -> 1; np.argmin([1, nan, 0]) -> 1
      expect(np.argmax(np.array([1, NaN, 3, NaN], { dtype })).item()).toBe(1);
      expect(np.argmin(np.array([1, NaN, 0], { dtype })).item()).toBe(1);
      // np.argmax([1, 3, 3]) -> 1; np.argmin([2, 0, 0, 0]) -> 1
      expect(np.argmax(np.array([1, 3, 3], { dtype })).item()).toBe(1);
      expect(np.argmin(np.array([2, 0, 0, 0], { dtype })).item()).toBe(1);
      // along a strided axis: np.argmax([[1, 5], [3, 5], [3, nan]], axis=0) -> [1, 2]
      const a = np.array([[1, 5], [3, 5], [3, NaN]], { dtype });
      expect(values(np.argmax(a, 0))).toEqual([1, 2]);
      // np.argmin([[1, 5], [3, 5], [0, nan]], axis=0) -> [2, 2]
      expect(values(np.argmin(np.array([[1, 5], [3, 5], [0, NaN]], { dtype }), 0))).toEqual([2, 2]);
      // np.argmax([[nan, 1, nan], [2, 2, 1]], axis=1) -> [0, 0]
      expect(values(np.argmax(np.array([[NaN, 1, NaN], [2, 2, 1]], { dtype }), 1))).toEqual([0, 0]);
    });
  }
});

describe("a long float32 sum is accurate", () => {
  it("sum of 1e6 float32 tenths is within 1e-7 relative of the float64 sum", () => {
    const n = 1_000_000;
    const x = np.full([n], 0.1); // float32(0.1) = 0.100000001490116...
    // np.full(10**6, 0.1, np.float32).astype(np.float64).sum() -> 100000.00149011612
    // (numpy's own float32 sum gives 100000.01; the float32 nearest the exact sum is 100000.0)
    const exact = n * Math.fround(0.1);
    expect(exact).toBeCloseTo(100000.00149011612, 6);
    const s = np.sum(x);
    expect(s.dtype).toBe("float32");
    expect(Math.abs(s.item() - exact) / exact).toBeLessThan(1e-7);
    // the mean likewise: np.float32(exact / 1e6) -> 0.1 as float32
    expect(Math.abs(np.mean(x).item() - Math.fround(0.1)) / 0.1).toBeLessThan(1e-7);
  });
});

describe("reductions without an identity", () => {
  it("max and min of an empty axis throw a ShapeError (numpy: ValueError, no identity)", () => {
    // np.max(np.zeros((0,))) -> ValueError: zero-size array to reduction operation maximum which has no identity
    expect(() => np.max(np.zeros([0]))).toThrow(ShapeError);
    expect(() => np.min(np.zeros([2, 0]), 1)).toThrow(ShapeError);
  });
});
