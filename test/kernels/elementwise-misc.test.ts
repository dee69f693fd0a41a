// select (3-way broadcasting), integerPow, convert and fill against naive references and pinned values.
import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { allocate, type DType, type DataArray } from "../../src/tensor/dtype.js";
import { convert, fill, integerPow, select } from "../../src/tensor/kernels/elementwise.js";
import { FC, broadcastIndex, mulberry32, sizeOf, unravel } from "./reference.js";

const SPECIALS = [NaN, Infinity, -Infinity, -0, 0, 0.5, -0.5, 2.5, 2147483647.5, -2147483649, 3e9, -1e-300];

function randomData(dtype: DType, n: number, rnd: () => number): DataArray {
  const out = allocate(dtype, n);
  for (let i = 0; i < n; i++) {
    const u = rnd();
    if (dtype === "bool") out[i] = u < 0.5 ? 1 : 0;
    else if (dtype === "int32") out[i] = Math.floor((rnd() * 2 - 1) * (u < 0.5 ? 10 : 2 ** 31));
    else if (dtype === "uint32") out[i] = Math.floor(rnd() * (u < 0.5 ? 10 : 2 ** 32));
    else out[i] = u < 0.2 ? SPECIALS[Math.floor(rnd() * SPECIALS.length)]! : (rnd() * 2 - 1) * (u < 0.6 ? 4 : 1e4);
  }
  return out;
}

const dimArb = fc.oneof(
  { weight: 1, arbitrary: fc.constant(0) },
  { weight: 3, arbitrary: fc.constant(1) },
  { weight: 8, arbitrary: fc.integer({ min: 2, max: 4 }) },
);
const operandArb = (out: number[]) =>
  fc.tuple(fc.integer({ min: 0, max: out.length }), fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }))
    .map(([drop, ones]) => out.slice(drop).map((d, i) => (ones[i + drop] ? 1 : d)));

describe("select", () => {
  it("broadcasts all three operands like numpy", () => {
    const arb = fc.array(dimArb, { maxLength: 4 }).chain((out) =>
      fc.tuple(fc.constant(out), operandArb(out), operandArb(out), operandArb(out), fc.integer(), fc.constantFrom<DType>("float32", "float64", "int32", "bool")),
    );
    fc.assert(
      fc.property(arb, ([out, pS, tS, fS, seed, dtype]) => {
        const rnd = mulberry32(seed);
        const p = randomData("bool", sizeOf(pS), rnd) as Uint8Array;
        const t = randomData(dtype, sizeOf(tS), rnd);
        const f = randomData(dtype, sizeOf(fS), rnd);
        const got = select(p, pS, t, tS, f, fS, out, dtype);
        expect(got.length).toBe(sizeOf(out));
        const want = allocate(dtype, sizeOf(out));
        for (let i = 0; i < want.length; i++) {
          const idx = unravel(i, out);
          want[i] = p[broadcastIndex(idx, pS)] ? t[broadcastIndex(idx, tS)]! : f[broadcastIndex(idx, fS)]!;
        }
        expect(got).toEqual(want);
      }),
      FC,
    );
  });
  it("picks elementwise on equal shapes and wholesale on a scalar predicate", () => {
    const t = Float32Array.of(1, 2, 3);
    const f = Float32Array.of(-1, -2, -3);
    expect(Array.from(select(Uint8Array.of(1, 0, 1), [3], t, [3], f, [3], [3], "float32"))).toEqual([1, -2, 3]);
    expect(Array.from(select(Uint8Array.of(0), [], t, [3], Float32Array.of(9), [], [3], "float32"))).toEqual([9, 9, 9]);
    expect(Array.from(select(Uint8Array.of(1), [], t, [3], Float32Array.of(9), [], [3], "float32"))).toEqual([1, 2, 3]);
  });
});

describe("integerPow", () => {
  /** x^n by n-fold multiplication (|n| small), the slow obvious way. */
  function powRef(x: number, n: number): number {
    let r = 1;
    for (let k = 0; k < Math.abs(n); k++) r *= x;
    return n < 0 ? 1 / r : r;
  }
  it("matches repeated multiplication for floats, with negative exponents", () => {
    fc.assert(
      fc.property(fc.integer({ min: -9, max: 9 }), fc.integer(), fc.constantFrom<DType>("float32", "float64"), (n, seed, dtype) => {
        const x = randomData(dtype, 30, mulberry32(seed));
        const got = integerPow(x, n, dtype);
        for (let i = 0; i < x.length; i++) {
          const want = dtype === "float32" ? Math.fround(powRef(x[i]!, n)) : powRef(x[i]!, n);
          const g = got[i]!;
          // Squaring and n-fold multiplication round differently: allow a few ulps.
          const ok = g === want || (g !== g && want !== want) || Math.abs(g - want) <= 1e-6 * Math.abs(want);
          if (!ok) throw new Error(`${x[i]}^${n}: got ${g}, want ${want}`);
        }
      }),
      FC,
    );
  });
  it("wraps for int32 and gives 1 for n = 0 everywhere", () => {
    expect(Array.from(integerPow(Int32Array.of(3, -2, 2, 1, -1, 5), 31, "int32"))).toEqual([
      Number(BigInt.asIntN(32, 3n ** 31n)), -2147483648, -2147483648, 1, -1, Number(BigInt.asIntN(32, 5n ** 31n)),
    ]);
    expect(Array.from(integerPow(Int32Array.of(1, -1, 2, 0), -3, "int32"))).toEqual([1, -1, 0, 0]);
    expect(Array.from(integerPow(Float64Array.of(0, NaN, Infinity, -2), 0, "float64"))).toEqual([1, 1, 1, 1]);
    expect(Array.from(integerPow(Float64Array.of(0, -0, 2), -1, "float64"))).toEqual([Infinity, -Infinity, 0.5]);
    expect(Array.from(integerPow(Float64Array.of(2), 1100, "float64"))).toEqual([Infinity]);
  });
});

describe("convert", () => {
  const refConvert = (v: number, to: DType, from: DType): number => {
    switch (to) {
      case "float32": return Math.fround(v);
      case "float64": return v;
      case "bool": return v !== 0 ? 1 : 0; // NaN != 0 is true, as numpy
      case "int32":
        if (Number.isNaN(v)) return 0;
        if (from === "uint32") return v | 0; // the 32 bits reread as signed
        return Math.min(2147483647, Math.max(-2147483648, Math.trunc(v))) + 0; // + 0: no -0 in int32
      case "uint32":
        if (Number.isNaN(v)) return 0;
        if (from === "int32") return v >>> 0; // the 32 bits reread as unsigned
        return Math.min(4294967295, Math.max(0, Math.trunc(v))) + 0; // saturating, as JAX
      default:
        throw new Error(`no reference conversion to ${to}`); // complex targets: test/tensor/complex.test.ts
    }
  };
  it("matches the scalar rules for every pair of dtypes", () => {
    const dtypes: DType[] = ["float32", "float64", "int32", "uint32", "bool"];
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 0, max: 40 }), (seed, n) => {
        const rnd = mulberry32(seed);
        for (const from of dtypes) {
          const x = randomData(from, n, rnd);
          const copy = x.slice();
          for (const to of dtypes) {
            const got = convert(x, to);
            expect(got).toBeInstanceOf(allocate(to, 0).constructor);
            expect(got).not.toBe(x);
            expect(Array.from(got)).toEqual(Array.from(x, (v) => refConvert(v, to, from)));
          }
          expect(x).toEqual(copy);
        }
      }),
      FC,
    );
  });
  it("pins the edge values", () => {
    expect(Array.from(convert(Float64Array.of(NaN, Infinity, -Infinity, -2.9, 2.9, 3e9, -0), "int32"))).toEqual([
      0, 2147483647, -2147483648, -2, 2, 2147483647, 0,
    ]);
    expect(Array.from(convert(Float64Array.of(NaN, 0, -0, 1e-300), "bool"))).toEqual([1, 0, 0, 1]);
    expect(Array.from(convert(Uint8Array.of(1, 0), "float32"))).toEqual([1, 0]);
    expect(convert(Float64Array.of(0.1), "float32")[0]).toBe(Math.fround(0.1));
  });
});

describe("fill", () => {
  it("fills with the value converted to the dtype", () => {
    expect(Array.from(fill("float32", 3, 0.1))).toEqual([Math.fround(0.1), Math.fround(0.1), Math.fround(0.1)]);
    expect(Array.from(fill("int32", 2, -2.7))).toEqual([-2, -2]);
    expect(Array.from(fill("int32", 1, Infinity))).toEqual([2147483647]);
    expect(Array.from(fill("bool", 2, NaN))).toEqual([1, 1]);
    expect(Object.is(fill("float64", 1, -0)[0], -0)).toBe(true);
    expect(fill("float64", 0, 5).length).toBe(0);
    expect(fill("int32", 4, 7)).toBeInstanceOf(Int32Array);
  });
});
