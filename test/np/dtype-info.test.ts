/**
 * np.finfo, np.iinfo, np.promoteTypes, np.resultType, np.canCast, np.isscalar and the dtype names,
 * against JAX and numpy (test/fixtures/bitwise.json, from scripts/gen-bitwise.py).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ArgumentError, DTypeError, type DType, jit, np, type Tensor } from "../../src/index.js";
import { decode } from "./fixture.js";
import { bad, thrown } from "../support/index.js";

const fx = JSON.parse(readFileSync(new URL("../fixtures/bitwise.json", import.meta.url), "utf8"));
const DTYPES: DType[] = ["bool", "int32", "uint32", "float32", "float64"];

describe("finfo", () => {
  for (const d of ["float32", "float64"] as const) {
    it(`${d}: every field as JAX's finfo`, () => {
      const want = decode(fx.info.finfo[d]);
      const got = np.finfo(d) as unknown as Record<string, number | string>;
      for (const [k, v] of Object.entries(want)) {
        const g = got[k]!;
        if (typeof v === "string") expect(g, k).toBe(v);
        // float32 fields are float32 values: compare after rounding the fixture's shortest decimal.
        else expect(d === "float32" ? Math.fround(g as number) : g, k).toBe(d === "float32" ? Math.fround(v as number) : v);
      }
    });
  }
  it("takes arrays, and refuses integer and bool dtypes", () => {
    expect(np.finfo(np.ones([2], "float64")).eps).toBe(2 ** -52);
    expect(np.finfo(np.float32).max).toBe(Math.fround(3.4028234663852886e38));
    expect(thrown(() => np.finfo("int32"))).toBeInstanceOf(DTypeError);
    expect(thrown(() => np.finfo("bool")).message).toContain("np.finfo: bool is not a floating-point dtype");
    expect(thrown(() => np.finfo("float16"))).toBeInstanceOf(DTypeError);
    expect(thrown(() => np.finfo(bad(undefined)))).toBeInstanceOf(DTypeError);
  });
});

describe("iinfo", () => {
  for (const d of ["int32", "uint32"] as const) {
    it(`${d}: bits, min, max, kind as JAX's iinfo`, () => {
      expect({ ...np.iinfo(d) }).toEqual(fx.info.iinfo[d]);
    });
  }
  it("refuses floats and bool (as JAX)", () => {
    expect(thrown(() => np.iinfo("float32")).message).toContain("use np.finfo");
    expect(thrown(() => np.iinfo("bool"))).toBeInstanceOf(DTypeError);
    expect(np.iinfo(np.array([1], { dtype: "uint32" })).max).toBe(4294967295);
  });
});

describe("promoteTypes and resultType", () => {
  it("promoteTypes is JAX's table (int32 with uint32: int32, JAX without x64)", () => {
    for (const a of DTYPES) {
      for (const b of DTYPES) {
        const want = fx.promotion.x32[a]?.[b] ?? fx.promotion.x64[a][b];
        expect(np.promoteTypes(a, b), `${a}, ${b}`).toBe(want);
      }
    }
  });
  it("resultType promotes dtypes, arrays and weak numbers as JAX", () => {
    const rt = fx.info.result_type;
    expect(np.resultType("int32", "uint32")).toBe(rt["int32, uint32"]);
    expect(np.resultType(np.zeros([1], "int32"), 1.5)).toBe(rt["int32 array, python float"]);
    expect(np.resultType(np.zeros([1], "uint32"), 1)).toBe(rt["uint32 array, python int"]);
    expect(np.resultType(np.zeros([1], "bool"), 1)).toBe(rt["bool array, python int"]);
    expect(np.resultType("float32", "int32", "bool")).toBe(rt["float32, int32, bool"]);
    expect(np.resultType(1.5)).toBe(rt["python float"]);
    expect(np.resultType(true)).toBe(rt["python bool"]);
    // A JS number alone: float32 (JS cannot tell 1 from 1.0; JAX's Python int would be int32).
    expect(np.resultType(1)).toBe("float32");
    // It agrees with what arithmetic gives.
    expect(np.add(np.zeros([1], "uint32"), 2).dtype).toBe(np.resultType("uint32", 2));
  });
  it("refuses no arguments and non-dtypes", () => {
    expect(thrown(() => np.resultType())).toBeInstanceOf(ArgumentError);
    expect(thrown(() => np.resultType("int64"))).toBeInstanceOf(DTypeError);
    expect(thrown(() => np.promoteTypes("float32", bad(null))).message).toContain("args[1]");
  });
});

describe("canCast", () => {
  for (const mode of ["no", "equiv", "safe", "same_kind", "unsafe"] as const) {
    it(`casting="${mode}" as numpy/JAX for every pair`, () => {
      for (const a of DTYPES) {
        for (const b of DTYPES) {
          expect(np.canCast(a, b, mode), `${a} -> ${b}`).toBe(fx.info.can_cast[mode][a][b]);
          expect(np.canCast(a, b, { casting: mode }), `${a} -> ${b}`).toBe(fx.info.can_cast[mode][a][b]);
        }
      }
    });
  }
  it("defaults to safe, takes arrays, refuses unknown casting rules", () => {
    expect(np.canCast("int32", "float32")).toBe(false);
    expect(np.canCast(np.zeros([1], "int32"), "float64")).toBe(true);
    expect(thrown(() => np.canCast("int32", "float32", "sometimes"))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => np.canCast("int32", "float32", { cast: "safe" }))).toBeInstanceOf(ArgumentError);
  });
});

describe("isscalar", () => {
  it("as JAX: numbers, booleans and 0-d arrays", () => {
    const s = fx.info.isscalar;
    expect(np.isscalar(3)).toBe(s["python int"]);
    expect(np.isscalar(2.5)).toBe(s["python float"]);
    expect(np.isscalar(true)).toBe(s["python bool"]);
    expect(np.isscalar(np.array(1))).toBe(s["0-d array"]);
    expect(np.isscalar(np.array([1]))).toBe(s["1-d array"]);
    expect(np.isscalar([1])).toBe(s.list);
    expect(np.isscalar(null)).toBe(s.None);
    expect(np.isscalar(undefined)).toBe(false);
  });
  it("knows a traced 0-d value is a scalar", () => {
    let seen: boolean | undefined;
    jit((x: Tensor) => {
      seen = np.isscalar(x);
      return x;
    })(np.array(2));
    expect(seen).toBe(true);
  });
});

describe("dtype names", () => {
  it("np.float32 … np.bool_ are the dtype strings", () => {
    expect([np.float32, np.float64, np.int32, np.uint32, np.bool_]).toEqual(["float32", "float64", "int32", "uint32", "bool"]);
    expect(np.zeros([2], np.uint32).dtype).toBe("uint32");
  });
});
