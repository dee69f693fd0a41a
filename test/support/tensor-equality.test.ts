import { describe, expect, it } from "vitest";
import { np } from "../../src/index.js";
import { tensorEquality } from "./tensor-equality.js";

describe("toEqual on tensors compares shape, dtype and elements", () => {
  it("tells equal tensors from different ones", () => {
    expect(np.array([1, NaN])).toEqual(np.array([1, NaN]));
    expect(np.array([1, 2])).not.toEqual(np.array([1, 3]));
    expect(np.array([1, 2])).not.toEqual(np.array([[1, 2]]));
    expect(np.array([1, 2], { dtype: "float32" })).not.toEqual(np.array([1, 2], { dtype: "float64" }));
    expect([np.array(3), { w: np.array([1]) }]).toEqual([np.array(3), { w: np.array([1]) }]);
    expect(tensorEquality(np.array(1), 1)).toBe(false);
    expect(tensorEquality(1, 1)).toBeUndefined();
  });
});
