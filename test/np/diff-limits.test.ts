import { describe, expect, it } from "vitest";
import { np } from "../../src/index.js";

describe("np.diff with an n far beyond the axis", () => {
  it("returns the empty difference at once, as numpy", () => {
    expect(np.diff(np.array([1, 2, 4]), 2 ** 40).shape).toEqual([0]);
    expect(np.diff(np.array([[1, 2, 4]]), 5).shape).toEqual([1, 0]);
    expect(np.diff(np.array([1, 2, 4]), 2).toArray()).toEqual([1]);
  });
});
