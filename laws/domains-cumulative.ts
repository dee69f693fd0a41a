/** Test domains of the cumulative reductions (cumsum, cumprod, cummax, cummin, cumlogsumexp) and logical reductions (spread into laws/domains.ts). */
import * as fc from "fast-check";
import type { CumulativeParams } from "../src/primitives/cumulative/params.js";
import { type DType, isFloat } from "../src/tensor/dtype.js";
import type { Tensor } from "../src/tensor/tensor.js";
import { FLOAT_DTYPES, NUMERIC_DTYPES, type Range, axesArb, dtypeArb, makeTensor, permutationArb, shapeArb, tensorArb } from "./arbitraries.js";
import { allFloatArgs } from "./domains-linear.js";
import type { Domain, DomainBase } from "./domains.js";

type CumulativeName = "cumsum" | "cumprod" | "cummax" | "cummin" | "cumlogsumexp";
type LogicalName = "reduce_and" | "reduce_or" | "reduce_xor";

/**
 * Float values for cummax/cummin without ties: a random permutation of an evenly spaced grid (step
 * 0.07, jittered by < 0.01), so any two elements are more than 0.06 apart — far above a finite-difference
 * step, across the kink a tie would be. Ties themselves are pinned against JAX's values in the tests.
 */
function tieFreeArb(shape: readonly number[], dtype: DType): fc.Arbitrary<Tensor> {
  const n = shape.reduce((p, d) => p * d, 1);
  return fc
    .tuple(permutationArb(n), fc.array(fc.integer({ min: 0, max: 99 }), { minLength: n, maxLength: n }))
    .map(([perm, jitter]) => makeTensor(shape, dtype, perm.map((p, i) => (p - n / 2) * 0.07 + jitter[i]! * 1e-4)));
}

/** A tensor of rank ≥ 1, an axis of it (non-negative, as the primitives take it) and a direction. */
function cumulative<N extends CumulativeName>(name: N, dtypes: readonly DType[], r: Range, tieFree = false): DomainBase<N> {
  return {
    cases: (v) =>
      fc
        .tuple(shapeArb({ minRank: 1 }), dtypeArb(dtypes), fc.nat(), fc.boolean())
        .chain(([shape, dtype, a, reverse]) => {
          const axis = a % shape.length;
          // Special values keep their ties (NaN, ±∞, ±0 are what that law is about).
          const drawn = tieFree && !v.special && isFloat(dtype) ? tieFreeArb(shape, dtype) : tensorArb(shape, dtype, v, r);
          return drawn.map((x) => ({ name, inputs: [x], params: { axis, reverse } as CumulativeParams[N] }));
        }),
  };
}

/** A bool or int32 tensor and a subset of its axes (maybe negative). */
function logical<N extends LogicalName>(name: N): DomainBase<N> {
  return {
    cases: (v) =>
      fc
        .tuple(shapeArb(), dtypeArb(["bool", "int32"]))
        .chain(([shape, dtype]) =>
          fc.tuple(tensorArb(shape, dtype, v), axesArb(shape.length)).map(([x, axes]) => ({ name, inputs: [x], params: { axes } as CumulativeParams[N] })),
        ),
  };
}

/** One domain per primitive of this area. */
export const cumulativeDomains: { readonly [N in keyof CumulativeParams]: Domain<N> } = {
  cumsum: { ...cumulative("cumsum", NUMERIC_DTYPES, { min: -5, max: 5 }), linearArgs: allFloatArgs },
  // Factors of order one keep products of up to 5 of them well inside float32.
  cumprod: cumulative("cumprod", NUMERIC_DTYPES, { min: -2, max: 2 }),
  cummax: cumulative("cummax", NUMERIC_DTYPES, { min: -5, max: 5 }, true),
  cummin: cumulative("cummin", NUMERIC_DTYPES, { min: -5, max: 5 }, true),
  cumlogsumexp: cumulative("cumlogsumexp", FLOAT_DTYPES, { min: -5, max: 5 }),
  reduce_and: logical("reduce_and"),
  reduce_or: logical("reduce_or"),
  reduce_xor: logical("reduce_xor"),
};
