/** Test domains of the sorting (a stable multi-operand sort) and top-k (spread into laws/domains.ts). */
import * as fc from "fast-check";
import type { SortingParams } from "../src/primitives/sorting/params.js";
import { isFloat } from "../src/tensor/dtype.js";
import type { Tensor } from "../src/tensor/tensor.js";
import { ALL_DTYPES, NUMERIC_DTYPES, type Values, dtypeArb, shapeArb, tensorArb } from "./arbitraries.js";
import type { Domain } from "./domains.js";

/** The gap floats of one lane keep from each other (far above a finite-difference step). */
const TIE_GAP = 1e-2;

/**
 * True when no two elements of a float tensor's lane along `axis` come within TIE_GAP: a sort's
 * permutation (and top-k's selection) jumps at such ties, which finite differences cannot follow.
 * Ties themselves are pinned against JAX's values in the tests.
 */
function clearOfTies(x: Tensor, axis: number): boolean {
  if (!isFloat(x.dtype) || x.size === 0) return true;
  const data = x.concreteData();
  const n = x.shape[axis]!;
  const K = x.shape.slice(axis + 1).reduce((p, d) => p * d, 1);
  const O = x.size / (n * K);
  for (let o = 0; o < O; o++) {
    for (let k = 0; k < K; k++) {
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          if (Math.abs(data[(o * n + i) * K + k]! - data[(o * n + j) * K + k]!) < TIE_GAP) return false;
        }
      }
    }
  }
  return true;
}

/** Operands of one shape (rank ≥ 1, 1–3 of them, any dtypes), a dimension, a key count and a stability flag. */
function sortCases(v: Values): fc.Arbitrary<{ name: "sort"; inputs: Tensor[]; params: SortingParams["sort"] }> {
  return fc
    .tuple(shapeArb({ minRank: 1 }), fc.array(dtypeArb(ALL_DTYPES), { minLength: 1, maxLength: 3 }), fc.nat(), fc.nat(), fc.boolean())
    .chain(([shape, dtypes, d, k, isStable]) => {
      const dimension = d % shape.length;
      const numKeys = 1 + (k % dtypes.length);
      return fc
        .tuple(...dtypes.map((dtype) => tensorArb(shape, dtype, v)))
        .filter((xs) => v.special || xs.slice(0, numKeys).every((x) => clearOfTies(x, dimension)))
        .map((inputs) => ({ name: "sort" as const, inputs, params: { dimension, isStable, numKeys } }));
    });
}

/** A numeric tensor of rank ≥ 1, an axis of it and a k up to that axis's size. */
function topKCases(v: Values): fc.Arbitrary<{ name: "top_k"; inputs: Tensor[]; params: SortingParams["top_k"] }> {
  return fc
    .tuple(shapeArb({ minRank: 1 }), dtypeArb(NUMERIC_DTYPES), fc.nat(), fc.nat())
    .chain(([shape, dtype, a, k]) => {
      const axis = a % shape.length;
      return tensorArb(shape, dtype, v)
        .filter((x) => v.special || clearOfTies(x, axis))
        .map((x) => ({ name: "top_k" as const, inputs: [x], params: { k: k % (shape[axis]! + 1), axis } }));
    });
}

/** One domain per primitive of this area. */
export const sortingDomains: { readonly [N in keyof SortingParams]: Domain<N> } = {
  sort: { cases: sortCases },
  top_k: { cases: topKCases },
};
