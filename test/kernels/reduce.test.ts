// Reductions and arg-reductions against a naive index-by-index reference; sum accuracy; edge values.
import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { allocate, type DType, type DataArray } from "../../src/tensor/dtype.js";
import { argReduce, reduce, type ReduceKernel } from "../../src/tensor/kernels/reduce.js";
import { FC, mulberry32, ravel, sizeOf, unravel } from "./reference.js";

function randomData(dtype: DType, n: number, rnd: () => number, specials: boolean): DataArray {
  const out = allocate(dtype, n);
  for (let i = 0; i < n; i++) {
    const u = rnd();
    if (dtype === "bool") out[i] = u < 0.5 ? 1 : 0;
    else if (dtype === "int32") out[i] = Math.floor((rnd() * 2 - 1) * (u < 0.5 ? 4 : 2 ** 31));
    else if (specials && u < 0.03) out[i] = [NaN, Infinity, -Infinity][Math.floor(rnd() * 3)]!;
    else out[i] = u < 0.3 ? Math.floor(rnd() * 4) : (rnd() * 2 - 1) * 100; // small integers make ties
  }
  return out;
}

/** Groups the input values by output position, in input (row-major) order. */
function groups(x: DataArray, shape: readonly number[], axes: readonly number[]): { outShape: number[]; vals: number[][] } {
  const kept = shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const outShape = kept.map((i) => shape[i]!);
  const vals: number[][] = Array.from({ length: sizeOf(outShape) }, () => []);
  for (let f = 0; f < x.length; f++) {
    const idx = unravel(f, shape);
    vals[ravel(kept.map((i) => idx[i]!), outShape)]!.push(x[f]!);
  }
  return { outShape, vals };
}

function refReduce(op: ReduceKernel, vs: number[], outDtype: DType): number {
  const int = outDtype === "int32";
  switch (op) {
    case "sum":
      return int ? Number(BigInt.asIntN(32, vs.reduce((s, v) => s + BigInt(v), 0n))) : vs.reduce((s, v) => s + v, 0);
    case "prod":
      return int ? Number(BigInt.asIntN(32, vs.reduce((s, v) => BigInt.asIntN(32, s * BigInt(v)), 1n))) : vs.reduce((s, v) => s * v, 1);
    case "max":
      if (vs.some(Number.isNaN)) return NaN;
      return vs.reduce((m, v) => (v > m ? v : m), int ? -2147483648 : outDtype === "bool" ? 0 : -Infinity);
    case "min":
      if (vs.some(Number.isNaN)) return NaN;
      return vs.reduce((m, v) => (v < m ? v : m), int ? 2147483647 : outDtype === "bool" ? 1 : Infinity);
  }
}

const shapeArb = fc.array(
  fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.constant(1) }, { weight: 6, arbitrary: fc.integer({ min: 2, max: 5 }) }),
  { maxLength: 4 },
);
const axesArb = (nd: number) => fc.shuffledSubarray(Array.from({ length: nd }, (_, i) => i));

describe("reduce vs reference", () => {
  const cases: [ReduceKernel, DType][] = [
    ["sum", "float32"], ["sum", "float64"], ["sum", "int32"],
    ["prod", "float64"], ["prod", "int32"],
    ["max", "float32"], ["max", "float64"], ["max", "int32"], ["max", "bool"],
    ["min", "float32"], ["min", "float64"], ["min", "int32"], ["min", "bool"],
  ];
  it("matches for random shapes and axis sets (any order), all dtypes", () => {
    fc.assert(
      fc.property(shapeArb.chain((s) => fc.tuple(fc.constant(s), axesArb(s.length), fc.integer())), ([shape, axes, seed]) => {
        const rnd = mulberry32(seed);
        for (const [op, dtype] of cases) {
          const x = randomData(dtype, sizeOf(shape), rnd, op !== "sum" || dtype !== "float32");
          const copy = x.slice();
          const got = reduce(op, x, shape, axes, dtype);
          const { outShape, vals } = groups(x, shape, axes);
          expect(got).toBeInstanceOf(allocate(dtype, 0).constructor);
          expect(got.length).toBe(sizeOf(outShape));
          expect(x).toEqual(copy);
          for (let i = 0; i < got.length; i++) {
            let want = refReduce(op, vals[i]!, dtype);
            if (dtype === "float32") want = Math.fround(want);
            const g = got[i]!;
            if (g === want || (g !== g && want !== want)) continue;
            // Sums are pairwise in the kernel and sequential here: allow rounding at the scale of Σ|x|.
            const scale = vals[i]!.reduce((s, v) => s + Math.abs(v), 0);
            const tol = op === "sum" ? (dtype === "float32" ? 2 ** -23 * Math.abs(want) + 1e-12 * scale : 1e-13 * scale) : 0;
            if (!(Math.abs(g - want) <= tol)) throw new Error(`${op} ${dtype} [${shape}] axes ${axes} @${i}: got ${g} want ${want}`);
          }
        }
      }),
      FC,
    );
  });

  it("matches on shapes large enough to split into pairwise blocks", () => {
    const rnd = mulberry32(3);
    const shapes: [number[], number[]][] = [
      [[1000], [0]], [[3, 700], [1]], [[130, 3], [0]], [[2, 77, 5], [1]], [[4, 3, 90], [0, 2]], [[33, 2, 40], [2, 0]],
    ];
    for (const [shape, axes] of shapes) {
      for (const dtype of ["float32", "float64", "int32"] as const) {
        const x = randomData(dtype, sizeOf(shape), rnd, false);
        const got = reduce("sum", x, shape, axes, "float64");
        const { vals } = groups(x, shape, axes);
        vals.forEach((vs, i) => {
          const want = vs.reduce((s, v) => s + v, 0);
          const scale = vs.reduce((s, v) => s + Math.abs(v), 0);
          expect(Math.abs(got[i]! - want), `[${shape}] axes ${axes} @${i}`).toBeLessThanOrEqual(1e-13 * scale);
        });
      }
    }
  });

  it("gives the identities for empty reductions", () => {
    const e = new Float32Array(0);
    expect(Array.from(reduce("sum", e, [2, 0], [1], "float32"))).toEqual([0, 0]);
    expect(Array.from(reduce("prod", e, [2, 0], [1], "float32"))).toEqual([1, 1]);
    expect(Array.from(reduce("max", e, [0], [0], "float32"))).toEqual([-Infinity]);
    expect(Array.from(reduce("min", e, [0], [0], "float64"))).toEqual([Infinity]);
    expect(Array.from(reduce("max", new Int32Array(0), [0, 3], [0], "int32"))).toEqual([-2147483648, -2147483648, -2147483648]);
    expect(Array.from(reduce("min", new Int32Array(0), [0], [0], "int32"))).toEqual([2147483647]);
    expect(reduce("sum", e, [0, 3], [1], "float32").length).toBe(0);
  });

  it("propagates NaN through max/min, in every layout", () => {
    const x = Float32Array.of(1, NaN, 3, 4, 5, 6);
    expect(Array.from(reduce("max", x, [6], [0], "float32"))).toEqual([NaN]);
    expect(Array.from(reduce("max", x, [2, 3], [1], "float32"))).toEqual([NaN, 6]);
    expect(Array.from(reduce("min", x, [2, 3], [0], "float32"))).toEqual([1, NaN, 3]);
    expect(Array.from(reduce("max", x, [3, 2], [0], "float32"))).toEqual([5, NaN]);
  });

  it("sums 1e6 float32 values accurately (float64 accumulation, pairwise)", () => {
    const n = 1_000_000;
    const x = new Float32Array(n).fill(0.1);
    const exact = n * Math.fround(0.1);
    const wide = reduce("sum", x, [n], [0], "float64")[0]!;
    expect(Math.abs(wide - exact) / exact).toBeLessThan(1e-9);
    expect(reduce("sum", x, [n], [0], "float32")[0]).toBe(Math.fround(exact));
    // Leading and trailing axes of a 1000×1000 matrix.
    const cols = reduce("sum", x, [1000, 1000], [0], "float64");
    const rows = reduce("sum", x, [1000, 1000], [1], "float64");
    for (const v of [...cols, ...rows]) expect(Math.abs(v - 1000 * Math.fround(0.1)) / v).toBeLessThan(1e-12);
    // float64 pairwise: sequential summation of 0.1 would drift by ~1e-12 relative.
    const d = new Float64Array(n).fill(0.1);
    expect(Math.abs(reduce("sum", d, [n], [0], "float64")[0]! - n * 0.1) / (n * 0.1)).toBeLessThan(1e-14);
    const dc = reduce("sum", d, [n / 2, 2], [0], "float64");
    expect(Math.abs(dc[0]! - (n / 2) * 0.1) / ((n / 2) * 0.1)).toBeLessThan(1e-14);
  });

  it("wraps int32 sums and reduces bool max/min as any/all", () => {
    expect(Array.from(reduce("sum", Int32Array.of(2147483647, 1), [2], [0], "int32"))).toEqual([-2147483648]);
    expect(Array.from(reduce("sum", Int32Array.of(2147483647, 1, 5, 5), [2, 2], [0], "int32"))).toEqual([2147483647 + 5 - 2 ** 32, 6]);
    expect(Array.from(reduce("max", Uint8Array.of(0, 1, 0, 0), [2, 2], [1], "bool"))).toEqual([1, 0]);
    expect(Array.from(reduce("min", Uint8Array.of(1, 1, 0, 1), [2, 2], [1], "bool"))).toEqual([1, 0]);
  });
});

describe("argReduce", () => {
  function refArg(op: "argmax" | "argmin", vs: number[]): number {
    let best = 0;
    for (let i = 0; i < vs.length; i++) {
      if (Number.isNaN(vs[i])) return i;
      if (op === "argmax" ? vs[i]! > vs[best]! : vs[i]! < vs[best]!) best = i;
    }
    return best;
  }
  it("matches first-occurrence / first-NaN semantics on random shapes", () => {
    const arb = shapeArb
      .filter((s) => s.length > 0)
      .chain((s) => fc.tuple(fc.constant(s), fc.integer({ min: 0, max: s.length - 1 }), fc.integer(), fc.constantFrom<DType>("float32", "float64", "int32", "bool")));
    fc.assert(
      fc.property(arb, ([shape, axis, seed, dtype]) => {
        const x = randomData(dtype, sizeOf(shape), mulberry32(seed), true);
        for (const op of ["argmax", "argmin"] as const) {
          const got = argReduce(op, x, shape, axis);
          const { vals } = groups(x, shape, [axis]);
          expect(got).toBeInstanceOf(Int32Array);
          expect(Array.from(got)).toEqual(vals.map((v) => (v.length === 0 ? 0 : refArg(op, v))));
        }
      }),
      FC,
    );
  });
  it("pins ties and NaN", () => {
    expect(Array.from(argReduce("argmax", Float32Array.of(1, 3, 3, 2), [4], 0))).toEqual([1]);
    expect(Array.from(argReduce("argmin", Float32Array.of(1, 0, 0, 2), [4], 0))).toEqual([1]);
    expect(Array.from(argReduce("argmax", Float64Array.of(1, NaN, 5, NaN), [4], 0))).toEqual([1]);
    expect(Array.from(argReduce("argmin", Float64Array.of(NaN, -5), [2], 0))).toEqual([0]);
    // Strided axis: columns of [[1, 7], [7, NaN], [7, 9]]
    expect(Array.from(argReduce("argmax", Float64Array.of(1, 7, 7, NaN, 7, 9), [3, 2], 0))).toEqual([1, 1]);
  });
});
