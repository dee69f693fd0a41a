/**
 * np's bitwise functions against JAX (test/fixtures/bitwise.json, from scripts/gen-bitwise.py):
 * and/or/xor/not on int32, uint32 and bool, shifts by in- and out-of-range amounts (arithmetic
 * right shift for int32, logical for uint32), bitwiseCount, promotion, broadcasting, vmap and jit,
 * and the errors for float operands.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DTypeError, OverflowError, type DType, type Tensor, grad, jit, np, vmap } from "../../src/index.js";
import { thrown } from "../support/index.js";

const fx = JSON.parse(readFileSync(new URL("../fixtures/bitwise.json", import.meta.url), "utf8"));
const values = (t: Tensor): number[] => Array.from(t.data() as ArrayLike<number>, Number);
const arr = (xs: readonly (number | boolean)[], dtype: DType): Tensor => np.array(xs.map(Number), { dtype });

describe("bitwiseAnd, bitwiseOr, bitwiseXor, bitwiseNot, invert, bitwiseInvert", () => {
  for (const d of ["int32", "uint32", "bool"] as const) {
    it(`${d}: as JAX`, () => {
      const c = fx.logic[d];
      const a = () => arr(c.a, d), b = () => arr(c.b, d);
      const cases: [string, Tensor, number[]][] = [
        ["and", np.bitwiseAnd(a(), b()), c.and], ["or", np.bitwiseOr(a(), b()), c.or], ["xor", np.bitwiseXor(a(), b()), c.xor],
        ["not", np.bitwiseNot(a()), c.not], ["invert", np.invert(a()), c.invert], ["bitwiseInvert", np.bitwiseInvert(a()), c.invert],
      ];
      for (const [name, got, want] of cases) {
        expect(got.dtype, name).toBe(d);
        expect(values(got), name).toEqual(want);
      }
      expect(values(jit((x: Tensor, y: Tensor) => np.bitwiseXor(x, y))(a(), b()))).toEqual(c.xor);
    });
  }

  it("promotes: int32 with uint32 gives int32, a weak integer meeting bool gives int32", () => {
    const m = fx.logic["mixed int32 uint32 and"];
    const got = np.bitwiseAnd(arr(fx.logic.int32.a, "int32"), arr(fx.logic.uint32.a, "uint32"));
    expect(got.dtype).toBe(m.dtype);
    expect(values(got)).toEqual(m.out);
    const b = fx.logic["bool and 3"];
    const gb = np.bitwiseAnd(arr(fx.logic.bool.a, "bool"), 3);
    expect(gb.dtype).toBe(b.dtype);
    expect(values(gb)).toEqual(b.out);
    // Numbers alone are int32 (JAX's weak ints); booleans alone bool.
    expect(np.bitwiseOr(12, 3).dtype).toBe("int32");
    expect(values(np.bitwiseOr(12, 3))).toEqual([15]);
    expect(np.bitwiseXor(true, false).dtype).toBe("bool");
  });

  it("broadcasts, including size-0 and size-1 dims", () => {
    const x = np.array([[1, 2, 3], [4, 5, 6]], { dtype: "int32" });
    const got = np.bitwiseAnd(x, np.array([[1], [4]], { dtype: "int32" }));
    expect(got.shape).toEqual([2, 3]);
    expect(values(got)).toEqual([1, 0, 1, 4, 4, 4]);
    expect(np.bitwiseOr(np.zeros([0, 3], "uint32"), np.zeros([3], "uint32")).shape).toEqual([0, 3]);
  });

  it("refuses floats and fractions, naming the argument", () => {
    const e = thrown(() => np.bitwiseAnd(np.array([1, 2], { dtype: "int32" }), np.array([1.5, 2])));
    expect(e).toBeInstanceOf(DTypeError);
    expect(e.message).toContain("np.bitwiseAnd: args[1] is float32");
    expect(thrown(() => np.bitwiseOr(np.array([1], { dtype: "int32" }), 2.5)).message).toContain("args[1] is the number 2.5");
    expect(thrown(() => np.bitwiseNot(np.ones([2], "float64")))).toBeInstanceOf(DTypeError);
    expect(thrown(() => np.bitwiseXor(1.5, 1))).toBeInstanceOf(DTypeError);
    expect(thrown(() => np.bitwiseAnd(np.zeros([1], "int32"), 3e9))).toBeInstanceOf(OverflowError);
  });
});

describe("leftShift, rightShift and their array-API names", () => {
  for (const d of ["int32", "uint32"] as const) {
    it(`${d}: shifts by 0, 1, 31, 32, 33, −1 and 100 as JAX`, () => {
      const { x, by } = fx.shifts[d];
      for (const [amount, row] of Object.entries(by) as [string, Record<string, number[]>][]) {
        const a = () => np.array(x, { dtype: d });
        const n = Number(amount);
        expect(values(np.leftShift(a(), n)), `${x} << ${n}`).toEqual(row.left_shift);
        expect(values(np.bitwiseLeftShift(a(), n)), `${x} << ${n}`).toEqual(row.left_shift);
        expect(values(np.rightShift(a(), n)), `${x} >> ${n}`).toEqual(row.right_shift);
        expect(values(np.bitwiseRightShift(a(), np.full([x.length], n, d))), `${x} >> ${n}`).toEqual(row.right_shift);
        expect(np.rightShift(a(), n).dtype).toBe(d);
      }
    });
  }
  it("right shift is arithmetic for int32 and logical for uint32", () => {
    expect(values(np.rightShift(np.array([-8], { dtype: "int32" }), 1))).toEqual([-4]);
    expect(values(np.rightShift(np.array([2 ** 32 - 8], { dtype: "uint32" }), 1))).toEqual([2 ** 31 - 4]);
    // uint32 >> int32 promotes to int32 (JAX too), so the shift turns arithmetic.
    expect(np.rightShift(np.array([2 ** 31], { dtype: "uint32" }), np.array([1], { dtype: "int32" })).dtype).toBe(fx.logic["uint32 right_shift int32"].dtype);
  });
  it("bool shifts as int32, floats are refused", () => {
    const got = np.leftShift(np.array([true, false]), 1);
    expect(got.dtype).toBe("int32");
    expect(values(got)).toEqual([2, 0]);
    expect(thrown(() => np.leftShift(np.ones([2]), 1))).toBeInstanceOf(DTypeError);
    expect(thrown(() => np.rightShift(np.array([1], { dtype: "int32" }), 0.5)).message).toContain("np.rightShift: args[1]");
  });
  it("vectorises and compiles", () => {
    const x = np.array([[1, 2], [3, 4]], { dtype: "int32" });
    const s = np.array([1, 2], { dtype: "int32" });
    const f = (row: Tensor, k: Tensor) => np.leftShift(row, k);
    expect(values(vmap(f)(x, s))).toEqual([2, 4, 12, 16]);
    expect(values(jit(vmap(f))(x, s))).toEqual([2, 4, 12, 16]);
  });
});

describe("bitwiseCount", () => {
  for (const d of ["int32", "uint32"] as const) {
    it(`${d}: counts the bits of |x|, 0 and all ones included`, () => {
      const c = fx.counts[d];
      const got = np.bitwiseCount(np.array(c.x, { dtype: d }));
      expect(values(got)).toEqual(c.bitwise_count);
      // JAX's count is uint8, which fluxion lacks: it is uint32.
      expect(fx.counts["bitwise_count dtype"]).toBe("uint8");
      expect(got.dtype).toBe("uint32");
    });
  }
  it("bool counts as int32", () => {
    expect(values(np.bitwiseCount(np.array([true, false])))).toEqual(fx.counts["bool bitwise_count"]);
  });
  it("has a zero derivative where it composes with floats", () => {
    const f = (x: Tensor) => np.sum(np.mul(x, np.astype(np.bitwiseCount(np.array([3, 1], { dtype: "int32" })), "float32")));
    expect(values(grad(f)(np.array([1, 1])))).toEqual([2, 1]);
  });
});
