// Movement kernels (transpose, broadcastInDim, slice, pad, concatenate, reverse, iota) against
// naive references that map every output index back to its input index.
import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { allocate, type DType, type DataArray } from "../../src/tensor/dtype.js";
import { broadcastInDim, concatenate, iota, pad, reverse, slice, transpose } from "../../src/tensor/kernels/layout.js";
import { FC, ravel, sizeOf, unravel } from "./reference.js";

const DTYPES: DType[] = ["float32", "float64", "int32", "bool"];

/** Distinct values (1, 2, 3, … wrapped per dtype) so that any misplaced element shows. */
function iotaData(dtype: DType, n: number): DataArray {
  const out = allocate(dtype, n);
  for (let i = 0; i < n; i++) out[i] = dtype === "bool" ? (i * 7) % 3 === 0 ? 1 : 0 : i + 1;
  return out;
}
/** Builds the expected output by asking `source(idx)` for the input flat index (or a fill value). */
function build(dtype: DType, outShape: readonly number[], value: (idx: number[]) => number): DataArray {
  const out = allocate(dtype, sizeOf(outShape));
  for (let f = 0; f < out.length; f++) out[f] = value(unravel(f, outShape));
  return out;
}

const dimArb = fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.constant(1) }, { weight: 6, arbitrary: fc.integer({ min: 2, max: 5 }) });
const shapeArb = fc.array(dimArb, { maxLength: 4 });
const dtypeArb = fc.constantFrom(...DTYPES);

function checkTranspose(shape: number[], perm: number[], dtype: DType): void {
  const x = iotaData(dtype, sizeOf(shape));
  const outShape = perm.map((p) => shape[p]!);
  const want = build(dtype, outShape, (idx) => {
    const inIdx = new Array<number>(shape.length);
    perm.forEach((p, i) => (inIdx[p] = idx[i]!));
    return x[ravel(inIdx, shape)]!;
  });
  const got = transpose(x, shape, perm);
  expect(got).toBeInstanceOf(x.constructor);
  expect(got).toEqual(want);
}

describe("transpose", () => {
  it("permutes axes like the index definition", () => {
    const arb = shapeArb.chain((s) => fc.tuple(fc.constant(s), fc.shuffledSubarray(s.map((_, i) => i), { minLength: s.length, maxLength: s.length }), dtypeArb));
    fc.assert(fc.property(arb, ([shape, perm, dtype]) => checkTranspose(shape, perm, dtype)), FC);
  });
  it("handles the tiled paths: big 2-D, batched, skinny and identity", () => {
    checkTranspose([70, 45], [1, 0], "float32");
    checkTranspose([3, 50, 37], [0, 2, 1], "float64");
    checkTranspose([2, 3, 40, 33], [3, 1, 0, 2], "int32");
    checkTranspose([1000, 2], [1, 0], "float32");
    checkTranspose([2, 1000], [1, 0], "bool");
    checkTranspose([5, 6, 7], [0, 1, 2], "float32");
  });
});

describe("broadcastInDim", () => {
  it("maps operand dim i to output dim broadcastDimensions[i]", () => {
    const arb = shapeArb.chain((out) =>
      fc.tuple(fc.constant(out), fc.subarray(out.map((_, i) => i)), fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }), dtypeArb),
    );
    fc.assert(
      fc.property(arb, ([outShape, dims, ones, dtype]) => {
        const shape = dims.map((d) => (ones[d] ? 1 : outShape[d]!));
        const x = iotaData(dtype, sizeOf(shape));
        const want = build(dtype, outShape, (idx) => x[ravel(dims.map((d, i) => (shape[i] === 1 ? 0 : idx[d]!)), shape)]!);
        expect(broadcastInDim(x, shape, outShape, dims)).toEqual(want);
      }),
      FC,
    );
  });
  it("broadcasts a row and a column", () => {
    expect(Array.from(broadcastInDim(Float32Array.of(1, 2), [2], [3, 2], [1]))).toEqual([1, 2, 1, 2, 1, 2]);
    expect(Array.from(broadcastInDim(Float32Array.of(1, 2), [2], [2, 3], [0]))).toEqual([1, 1, 1, 2, 2, 2]);
    expect(Array.from(broadcastInDim(Int32Array.of(7), [], [2, 2], []))).toEqual([7, 7, 7, 7]);
  });
});

describe("slice", () => {
  it("takes start + i·stride below limit along every dim", () => {
    const arb = shapeArb.chain((s) =>
      fc.tuple(
        fc.constant(s),
        fc.tuple(...s.map((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.integer({ min: 0, max: n }), fc.integer({ min: 1, max: 3 })))),
        dtypeArb,
      ),
    );
    fc.assert(
      fc.property(arb, ([shape, spec, dtype]) => {
        const starts = spec.map(([a, b]) => Math.min(a, b));
        const limits = spec.map(([a, b]) => Math.max(a, b));
        const strides = spec.map(([, , s]) => s);
        const outShape = shape.map((_, d) => Math.ceil((limits[d]! - starts[d]!) / strides[d]!));
        const x = iotaData(dtype, sizeOf(shape));
        const want = build(dtype, outShape, (idx) => x[ravel(idx.map((i, d) => starts[d]! + i * strides[d]!), shape)]!);
        expect(slice(x, shape, starts, limits, strides)).toEqual(want);
      }),
      FC,
    );
  });
});

describe("pad", () => {
  it("matches XLA pad with negative edges and interior padding", () => {
    const arb = shapeArb.chain((s) =>
      fc.tuple(
        fc.constant(s),
        fc.tuple(...s.map(() => fc.tuple(fc.integer({ min: -3, max: 3 }), fc.integer({ min: -3, max: 3 }), fc.integer({ min: 0, max: 2 })))),
        dtypeArb,
        fc.constantFrom(0, -1, 2.5, NaN),
      ),
    );
    fc.assert(
      fc.property(arb, ([shape, config, dtype, value]) => {
        const outShape = shape.map((n, d) => config[d]![0] + config[d]![1] + n + Math.max(n - 1, 0) * config[d]![2]);
        fc.pre(outShape.every((n) => n >= 0));
        const x = iotaData(dtype, sizeOf(shape));
        const padValue = allocate(dtype, 1);
        padValue[0] = dtype === "int32" ? (Number.isNaN(value) ? 0 : Math.trunc(value)) : dtype === "bool" ? (value !== 0 ? 1 : 0) : value;
        const want = build(dtype, outShape, (idx) => {
          const inIdx: number[] = [];
          for (let d = 0; d < shape.length; d++) {
            const [lo, , interior] = config[d]!;
            const t = idx[d]! - lo;
            if (t < 0 || t % (interior + 1) !== 0 || t / (interior + 1) >= shape[d]!) return padValue[0]!;
            inIdx.push(t / (interior + 1));
          }
          return x[ravel(inIdx, shape)]!;
        });
        expect(pad(x, shape, value, config)).toEqual(want);
      }),
      FC,
    );
  });
  it("pins a 1-D example", () => {
    expect(Array.from(pad(Float32Array.of(1, 2, 3), [3], 0, [[1, -1, 1]]))).toEqual([0, 1, 0, 2, 0]);
    expect(Array.from(pad(Float32Array.of(1, 2, 3), [3], 9, [[-2, 2, 0]]))).toEqual([3, 9, 9]);
    // Cropping into interior padding: input column 0 lands at -1 and must not spill into the row above.
    expect(Array.from(pad(Float32Array.of(1, 2, 3, 4, 5, 6), [2, 3], 0, [[0, 0, 0], [-1, 0, 1]]))).toEqual([0, 2, 0, 3, 0, 5, 0, 6]);
  });
});

describe("concatenate", () => {
  it("joins along an axis", () => {
    const arb = fc
      .array(dimArb, { minLength: 1, maxLength: 4 })
      .chain((s) => fc.tuple(fc.constant(s), fc.integer({ min: 0, max: s.length - 1 }), fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 4 }), dtypeArb));
    fc.assert(
      fc.property(arb, ([base, axis, sizes, dtype]) => {
        const shapes = sizes.map((n) => base.map((d, i) => (i === axis ? n : d)));
        let offset = 1;
        const xs = shapes.map((s) => {
          const x = iotaData(dtype, sizeOf(s));
          if (dtype !== "bool") for (let i = 0; i < x.length; i++) x[i] = x[i]! + offset; // distinct across inputs
          offset += x.length;
          return x;
        });
        const outShape = base.map((d, i) => (i === axis ? sizes.reduce((a, b) => a + b, 0) : d));
        const want = build(dtype, outShape, (idx) => {
          let k = idx[axis]!;
          let j = 0;
          while (k >= sizes[j]!) k -= sizes[j++]!;
          const inIdx = [...idx];
          inIdx[axis] = k;
          return xs[j]![ravel(inIdx, shapes[j]!)]!;
        });
        expect(concatenate(xs, shapes, axis, dtype)).toEqual(want);
      }),
      FC,
    );
  });
});

describe("reverse", () => {
  it("flips the given axes", () => {
    const arb = shapeArb.chain((s) => fc.tuple(fc.constant(s), fc.subarray(s.map((_, i) => i)), dtypeArb));
    fc.assert(
      fc.property(arb, ([shape, axes, dtype]) => {
        const x = iotaData(dtype, sizeOf(shape));
        const want = build(dtype, shape, (idx) => x[ravel(idx.map((i, d) => (axes.includes(d) ? shape[d]! - 1 - i : i)), shape)]!);
        expect(reverse(x, shape, axes)).toEqual(want);
      }),
      FC,
    );
  });
});

describe("iota", () => {
  it("holds the coordinate along the dimension", () => {
    const arb = fc.array(dimArb, { minLength: 1, maxLength: 4 }).chain((s) => fc.tuple(fc.constant(s), fc.integer({ min: 0, max: s.length - 1 }), dtypeArb));
    fc.assert(
      fc.property(arb, ([shape, dim, dtype]) => {
        const want = build(dtype, shape, (idx) => (dtype === "bool" ? (idx[dim]! !== 0 ? 1 : 0) : idx[dim]!));
        const got = iota(dtype, shape, dim);
        expect(got).toBeInstanceOf(allocate(dtype, 0).constructor);
        expect(got).toEqual(want);
      }),
      FC,
    );
    expect(Array.from(iota("int32", [2, 3], 1))).toEqual([0, 1, 2, 0, 1, 2]);
    expect(Array.from(iota("float32", [2, 3], 0))).toEqual([0, 0, 0, 1, 1, 1]);
  });
});
