/** Test domains of the sorting (a stable multi-operand sort) and top-k (spread into laws/domains.ts). */
import * as fc from "fast-check";
import type { SortingParams } from "../src/primitives/sorting/params.js";
import { isFloat } from "../src/tensor/dtype.js";
import type { Tensor } from "../src/tensor/tensor.js";
import { ALL_DTYPES, NUMERIC_DTYPES, type Values, dtypeArb, makeTensor, shapeArb, tensorArb } from "./arbitraries.js";
import type { Domain } from "./domains.js";

/** The gap spreadTies leaves between neighbours of a lane (far above a finite-difference step). */
const TIE_GAP = 0.05;

/**
 * A float tensor with every lane along `axis` spread apart: each element moves up by TIE_GAP times
 * its rank in the lane, so the order is kept and neighbours differ by at least TIE_GAP. A sort's
 * permutation (and top-k's selection) jumps at ties, which finite differences cannot follow;
 * drawing such values directly (fast-check's doubles favour repeats) beats filtering them out.
 * Ties themselves are pinned against JAX's values in the tests. Other dtypes are returned as they are.
 */
function spreadTies(x: Tensor, axis: number): Tensor {
  if (!isFloat(x.dtype) || x.size === 0) return x;
  const data = Array.from(x.concreteData());
  const n = x.shape[axis]!;
  const K = x.shape.slice(axis + 1).reduce((p, d) => p * d, 1);
  const O = x.size / (n * K);
  for (let o = 0; o < O; o++) {
    for (let k = 0; k < K; k++) {
      const at = (i: number): number => (o * n + i) * K + k;
      const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => data[at(i)]! - data[at(j)]! || i - j);
      const base = order.map((i) => data[at(i)]!);
      order.forEach((i, r) => (data[at(i)] = base[r]! + r * TIE_GAP));
    }
  }
  return makeTensor(x.shape, x.dtype, data);
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
        .map((xs) => (v.special ? xs : xs.map((x, i) => (i < numKeys ? spreadTies(x, dimension) : x))))
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
        .map((x) => (v.special ? x : spreadTies(x, axis)))
        .map((x) => ({ name: "top_k" as const, inputs: [x], params: { k: k % (shape[axis]! + 1), axis } }));
    });
}

/** One domain per primitive of this area. */
export const sortingDomains: { readonly [N in keyof SortingParams]: Domain<N> } = {
  sort: { cases: sortCases },
  top_k: { cases: topKCases },
};
