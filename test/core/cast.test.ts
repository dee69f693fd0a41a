/** np.array with a dtype and np.astype store values by one rule (numpy's behaviour is undefined here; JAX's saturates). */
import { describe, expect, it } from "vitest";
import { np } from "../../src/index.js";

describe("scalar store rule", () => {
  const values = [3e9, -3e9, 2.9, -2.9, NaN, Infinity, -Infinity, -0.5];
  it("np.array(…, int32) and astype(int32) agree: truncate toward zero, saturate, NaN → 0", () => {
    const direct = np.array(values, { dtype: "int32" }).toArray();
    const viaCast = np.array(values, { dtype: "float64" }).astype("int32").toArray();
    expect(direct).toEqual([2147483647, -2147483648, 2, -2, 0, 2147483647, -2147483648, 0]);
    expect(viaCast).toEqual(direct);
  });
  it("bool is value ≠ 0, with NaN true, both ways", () => {
    const direct = np.array(values, { dtype: "bool" }).toArray();
    expect(direct).toEqual([true, true, true, true, true, true, true, true]);
    expect(np.array([0, -0, 1], { dtype: "bool" }).toArray()).toEqual([false, false, true]);
    expect(np.array(values, { dtype: "float64" }).astype("bool").toArray()).toEqual(direct);
  });
});
