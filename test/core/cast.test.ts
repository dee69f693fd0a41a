/**
 * np.array with a dtype and np.astype store values by one rule (numpy's behaviour is undefined
 * here; JAX's cast saturates). JS numbers that int32 cannot hold are refused by np.array with an
 * OverflowError (as JAX refuses a Python int that overflows); casting a tensor saturates.
 */
import { describe, expect, it } from "vitest";
import { OverflowError, np } from "../../src/index.js";

describe("scalar store rule", () => {
  const values = [3e9, -3e9, 2.9, -2.9, NaN, Infinity, -Infinity, -0.5];
  it("np.array(…, int32) and astype(int32) agree where int32 holds the value: truncate toward zero", () => {
    const inRange = [2.9, -2.9, -0.5, 2147483647, -2147483648, 2147483647.5];
    const direct = np.array(inRange, { dtype: "int32" }).toArray();
    const viaCast = np.array(inRange, { dtype: "float64" }).astype("int32").toArray();
    expect(direct).toEqual([2, -2, 0, 2147483647, -2147483648, 2147483647]);
    expect(viaCast).toEqual(direct);
  });
  it("astype(int32) of a tensor saturates, NaN → 0; np.array refuses those JS numbers instead", () => {
    expect(np.array(values, { dtype: "float64" }).astype("int32").toArray()).toEqual([2147483647, -2147483648, 2, -2, 0, 2147483647, -2147483648, 0]);
    for (const v of [3e9, -3e9, NaN, Infinity, -Infinity]) expect(() => np.array([v], { dtype: "int32" })).toThrow(OverflowError);
  });
  it("bool is value ≠ 0, with NaN true, both ways", () => {
    const direct = np.array(values, { dtype: "bool" }).toArray();
    expect(direct).toEqual([true, true, true, true, true, true, true, true]);
    expect(np.array([0, -0, 1], { dtype: "bool" }).toArray()).toEqual([false, false, true]);
    expect(np.array(values, { dtype: "float64" }).astype("bool").toArray()).toEqual(direct);
  });
});
