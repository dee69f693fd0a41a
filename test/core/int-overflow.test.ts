/**
 * A JS number that int32 cannot hold is refused with an `OverflowError` naming the value and the
 * dtype, wherever it meets int32: as a weakly typed operand of an int32 or bool array, as int32
 * array data or fill value, in an int32 `arange`, and in `at().set/add`. The expected behaviour of
 * each case is JAX's, read from test/fixtures/jax-int-overflow.json (scripts/gen-int-overflow.py);
 * the few cases where JAX wraps without a word are listed in DEVIATIONS and refused here.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FluxionError, OverflowError, type Tensor, np } from "../../src/index.js";
import { thrown } from "../support/index.js";

interface Case {
  readonly id: string;
  readonly jax: { readonly raises: "OverflowError" } | { readonly value: readonly number[]; readonly dtype: string };
}
const fixture = JSON.parse(readFileSync(new URL("../fixtures/jax-int-overflow.json", import.meta.url), "utf8")) as { cases: Case[] };

const one = () => np.array([1], { dtype: "int32" });
const zeros3 = () => np.zeros([3], "int32");

/** How fluxion runs each fixture case (the JS number plays the Python number's part). */
const RUNNERS: Record<string, () => Tensor> = {
  "int32 + 3e9": () => np.add(one(), 3e9),
  "int32 + 2^31": () => one().add(2 ** 31),
  "int32 + (-2^31 - 1)": () => np.add(one(), -(2 ** 31) - 1),
  "int32 + (2^31 - 1)": () => np.add(one(), 2 ** 31 - 1),
  "int32 + (-2^31)": () => np.add(one(), -(2 ** 31)),
  "int32 + 2.5": () => np.add(one(), 2.5),
  "int32 * 1e10 + 0.5": () => np.mul(one(), 1e10 + 0.5),
  "bool + 3e9": () => np.add(np.array([true]), 3e9),
  "maximum(int32, 3e9)": () => np.maximum(one(), 3e9),
  "where(c, int32, 3e9)": () => np.where(np.greater(one(), 0), one(), 3e9),
  "int32 < 3e9": () => np.less(one(), 3e9),
  "array([3e9], int32)": () => np.array([3e9], { dtype: "int32" }),
  "array([-3e9], int32)": () => np.array([-3e9], { dtype: "int32" }),
  "array([2^31 - 1, -2^31], int32)": () => np.array([2 ** 31 - 1, -(2 ** 31)], { dtype: "int32" }),
  "array([2.5, -2.9], int32)": () => np.array([2.5, -2.9], { dtype: "int32" }),
  "zeros(3, int32).at[0].set(3e9)": () => zeros3().at(0).set(3e9),
  "zeros(3, int32).at[0].add(3e9)": () => zeros3().at(0).add(3e9),
  "zeros(3, int32).at[0].set(2.5)": () => zeros3().at(0).set(2.5),
  "arange(2^31 - 3, 2^31 - 1, int32)": () => np.arange(2 ** 31 - 3, 2 ** 31 - 1, 1, "int32"),
  "arange(0, 2^31, 2^30, int32)": () => np.arange(0, 2 ** 31, 2 ** 30, "int32"),
  "arange(2^31 - 3, 2^31 + 2, int32)": () => np.arange(2 ** 31 - 3, 2 ** 31 + 2, 1, "int32"),
  "full(2, 3e9, int32)": () => np.full([2], 3e9, "int32"),
};

/** Where JAX stores a wrapped value without a word; fluxion refuses it (a returned number must be right). */
const DEVIATIONS = new Set(["arange(2^31 - 3, 2^31 + 2, int32)", "full(2, 3e9, int32)"]);

describe("JS numbers meeting int32, against JAX", () => {
  it("every fixture case has a runner and every runner a case", () => {
    expect(Object.keys(RUNNERS).sort()).toEqual(fixture.cases.map((c) => c.id).sort());
  });
  for (const c of fixture.cases) {
    const run = RUNNERS[c.id]!;
    if ("raises" in c.jax || DEVIATIONS.has(c.id)) {
      it(`${c.id}: OverflowError${DEVIATIONS.has(c.id) ? " (JAX wraps silently)" : " (as JAX)"}`, () => {
        const e = thrown(run);
        expect(e, `${e.name}: ${e.message}`).toBeInstanceOf(OverflowError);
        expect(e).toBeInstanceOf(FluxionError);
        expect(e.message).toMatch(/int32/);
        expect(e.message).toMatch(/float/); // the fix: a float dtype
      });
    } else {
      const { value, dtype } = c.jax;
      it(`${c.id}: ${JSON.stringify(value)} ${dtype} (as JAX)`, () => {
        const r = run();
        expect(r.dtype).toBe(dtype);
        expect(Array.from(r.data())).toEqual(value);
      });
    }
  }
});

describe("OverflowError messages name the value, the dtype and where", () => {
  it("a weak operand: the op and the argument", () => {
    const e = thrown(() => np.add(one(), 3e9));
    expect(e.message).toMatch(/^add: args\[1\] is 3000000000, which int32 cannot hold/);
    expect(e.message).toContain("np.astype");
  });
  it("array data: the path of the element", () => {
    expect(thrown(() => np.array([[1, 2], [3, 3e9]], { dtype: "int32" })).message).toMatch(/^np\.array: data\[1\]\[1\] is 3000000000, which int32/);
  });
  it("NaN and ±∞ are not int32 values either (JAX refuses them too)", () => {
    expect(thrown(() => np.array([1, NaN], { dtype: "int32" })).message).toMatch(/data\[1\] is NaN, which int32 cannot hold/);
    expect(thrown(() => np.array(-Infinity, { dtype: "int32" }))).toBeInstanceOf(OverflowError);
    expect(thrown(() => np.full([2], NaN, "int32"))).toBeInstanceOf(OverflowError);
  });
  it("arange: the value that does not fit, with a float64 call to use instead", () => {
    const e = thrown(() => np.arange(2 ** 31 - 3, 2 ** 31 + 2));
    expect(e).toBeInstanceOf(OverflowError);
    expect(e.message).toContain("2147483649");
    expect(e.message).toContain('"float64"');
    expect(thrown(() => np.arange(-(2 ** 31) - 2, -(2 ** 31) + 2, 1, "int32")).message).toMatch(/the first value is -2147483650/);
  });
  it("linspace with an int32 dtype: its ends", () => {
    expect(thrown(() => np.linspace(0, 3e9, 3, "int32"))).toBeInstanceOf(OverflowError);
    expect(np.linspace(0, 10, 3, "int32").toArray()).toEqual([0, 5, 10]);
  });
});

describe("what stays as it was", () => {
  it("float arrays take any JS number (float32 overflows to ∞ as IEEE says)", () => {
    expect(np.add(np.array([1], { dtype: "float64" }), 3e9).toArray()).toEqual([3000000001]);
    expect(np.array([1e40]).toArray()).toEqual([Infinity]);
  });
  it("weak non-integers meeting int32 make a float32 result, however large (NaN, ±∞ included)", () => {
    expect(np.add(one(), Infinity).dtype).toBe("float32");
    expect(np.add(one(), NaN).toArray()).toEqual([NaN]);
  });
  it("casting a tensor saturates (astype is a cast, not a JS number)", () => {
    expect(np.array([3e9, NaN], { dtype: "float64" }).astype("int32").toArray()).toEqual([2147483647, 0]);
    expect(np.array(new Float64Array([3e9]), { dtype: "int32" }).toArray()).toEqual([2147483647]);
  });
});
