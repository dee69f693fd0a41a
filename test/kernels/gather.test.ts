// gather / scatterAdd / scatterSet along one axis against naive index loops; index normalisation.
import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { allocate, type DType, type DataArray } from "../../src/tensor/dtype.js";
import { gather, scatterAdd, scatterSet } from "../../src/tensor/kernels/gather.js";
import { FC, ravel, sizeOf, unravel } from "./reference.js";

function data(dtype: DType, n: number, base: number): DataArray {
  const out = allocate(dtype, n);
  for (let i = 0; i < n; i++) out[i] = dtype === "bool" ? (i + base) % 3 === 0 ? 1 : 0 : (i + base) * (dtype === "int32" ? 1 : 0.5);
  return out;
}
/** The documented rule: negative i means i + n, then clamp into [0, n-1]. */
const norm = (i: number, n: number): number => Math.min(n - 1, Math.max(0, i < 0 ? i + n : i));

const dimArb = fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.constant(1) }, { weight: 6, arbitrary: fc.integer({ min: 2, max: 4 }) });
const caseArb = fc
  .array(dimArb, { minLength: 1, maxLength: 3 })
  .chain((shape) =>
    fc.tuple(
      fc.constant(shape),
      fc.integer({ min: 0, max: shape.length - 1 }),
      fc.array(dimArb, { maxLength: 2 }),
      fc.constantFrom<DType>("float32", "float64", "int32", "bool"),
    ),
  )
  .chain(([shape, axis, indicesShape, dtype]) =>
    fc.tuple(
      fc.constant(shape), fc.constant(axis), fc.constant(indicesShape), fc.constant(dtype),
      fc.array(fc.integer({ min: -7, max: 7 }), { minLength: sizeOf(indicesShape), maxLength: sizeOf(indicesShape) }),
    ),
  );

/** Output index of gather → (input flat index or -1 for "zero", indices flat position). */
function gatherSource(outIdx: number[], shape: number[], axis: number, indicesShape: number[], indices: Int32Array): number {
  const k = indicesShape.length;
  const j = ravel(outIdx.slice(axis, axis + k), indicesShape);
  const n = shape[axis]!;
  if (n === 0) return -1;
  const inIdx = [...outIdx.slice(0, axis), norm(indices[j]!, n), ...outIdx.slice(axis + k)];
  return ravel(inIdx, shape);
}

describe("gather", () => {
  it("is numpy take along the axis, with wrapped then clamped indices", () => {
    fc.assert(
      fc.property(caseArb, ([shape, axis, indicesShape, dtype, idx]) => {
        const x = data(dtype, sizeOf(shape), 1);
        const indices = Int32Array.from(idx);
        const outShape = [...shape.slice(0, axis), ...indicesShape, ...shape.slice(axis + 1)];
        const want = allocate(dtype, sizeOf(outShape));
        for (let f = 0; f < want.length; f++) {
          const s = gatherSource(unravel(f, outShape), shape, axis, indicesShape, indices);
          want[f] = s < 0 ? 0 : x[s]!;
        }
        const got = gather(x, shape, indices, indicesShape, axis);
        expect(got).toBeInstanceOf(x.constructor);
        expect(got).toEqual(want);
      }),
      FC,
    );
  });
  it("pins negative, out-of-range and empty-axis cases", () => {
    const x = Float32Array.of(10, 11, 12);
    expect(Array.from(gather(x, [3], Int32Array.of(-1, -3, 5, -9, 1), [5], 0))).toEqual([12, 10, 12, 10, 11]);
    expect(Array.from(gather(Float32Array.of(1, 2, 3, 4, 5, 6), [2, 3], Int32Array.of(2, 0), [2], 1))).toEqual([3, 1, 6, 4]);
    expect(Array.from(gather(new Float32Array(0), [2, 0], Int32Array.of(0, 3, -1), [3], 1))).toEqual([0, 0, 0, 0, 0, 0]);
  });
});

describe("scatterAdd / scatterSet", () => {
  it("scatterAdd is the transpose of gather (duplicates accumulate); scatterSet keeps the last write", () => {
    fc.assert(
      fc.property(caseArb, ([shape, axis, indicesShape, dtype, idx]) => {
        const operand = data(dtype, sizeOf(shape), 3);
        const indices = Int32Array.from(idx);
        const outShape = [...shape.slice(0, axis), ...indicesShape, ...shape.slice(axis + 1)];
        const updates = data(dtype, sizeOf(outShape), 7);
        const copy = operand.slice();
        const wantAdd = operand.slice();
        const wantSet = operand.slice();
        for (let f = 0; f < updates.length; f++) {
          const s = gatherSource(unravel(f, outShape), shape, axis, indicesShape, indices);
          if (s < 0) continue;
          wantAdd[s] = dtype === "bool" ? (wantAdd[s]! || updates[f]! ? 1 : 0) : wantAdd[s]! + updates[f]!;
          wantSet[s] = updates[f]!;
        }
        expect(scatterAdd(operand, shape, indices, indicesShape, updates, axis)).toEqual(wantAdd);
        expect(scatterSet(operand, shape, indices, indicesShape, updates, axis)).toEqual(wantSet);
        expect(operand).toEqual(copy);
      }),
      FC,
    );
  });
  it("satisfies <gather(x), u> = <x, scatterAdd(0, u)>", () => {
    const x = Float64Array.from({ length: 12 }, (_, i) => Math.sin(i + 1));
    const indices = Int32Array.of(2, -1, 0, 2, 9);
    const u = Float64Array.from({ length: 20 }, (_, i) => Math.cos(i)); // gather output is [4, 5]
    const g = gather(x, [4, 3], indices, [5], 1);
    const s = scatterAdd(new Float64Array(12), [4, 3], indices, [5], u, 1);
    const lhs = Array.from(g).reduce((acc, v, i) => acc + v * u[i]!, 0);
    const rhs = Array.from(s).reduce((acc, v, i) => acc + v * x[i]!, 0);
    expect(Math.abs(lhs - rhs)).toBeLessThan(1e-12);
  });
  it("pins duplicates", () => {
    const idx = Int32Array.of(1, 1, -1);
    expect(Array.from(scatterAdd(new Float32Array(3), [3], idx, [3], Float32Array.of(1, 2, 4), 0))).toEqual([0, 3, 4]);
    expect(Array.from(scatterSet(new Float32Array(3), [3], idx, [3], Float32Array.of(1, 2, 4), 0))).toEqual([0, 2, 4]);
    expect(Array.from(scatterAdd(Int32Array.of(2147483647), [1], Int32Array.of(0), [1], Int32Array.of(1), 0))).toEqual([-2147483648]);
  });
});
