/** Test domains of the random-number primitives (spread into laws/domains.ts). */
import * as fc from "fast-check";
import type { RandomParams } from "../src/primitives/random/params.js";
import { WORD_DTYPE } from "../src/primitives/random/words.js";
import { FLOAT_DTYPES, type Values, dtypeArb, inDomain, shapeArb, tensorArb } from "./arbitraries.js";
import type { Domain } from "./domains.js";

/** A batch of keys (any words) of batch rank 0 or 1, with its batch shape. */
const keysArb = () =>
  shapeArb({ maxRank: 1, maxDim: 3 }).chain((batch) =>
    tensorArb([...batch, 2], WORD_DTYPE, { special: false, element: () => fc.integer({ min: 0, max: 2 ** 32 - 1 }) }).map((keys) => ({ batch, keys })),
  );

/** One domain per primitive of this area. */
export const randomDomains: { readonly [N in keyof RandomParams]: Domain<N> } = {
  random_bits: {
    cases: () =>
      fc.record({ k: keysArb(), shape: shapeArb({ maxRank: 2, maxDim: 4 }) }).map(({ k, shape }) => ({
        name: "random_bits" as const,
        inputs: [k.keys],
        params: { shape },
      })),
  },
  random_split: {
    cases: () =>
      fc.record({ k: keysArb(), shape: shapeArb({ maxRank: 2, maxDim: 3 }) }).map(({ k, shape }) => ({
        name: "random_split" as const,
        inputs: [k.keys],
        params: { shape },
      })),
  },
  random_fold_in: {
    cases: () =>
      keysArb().chain(({ batch, keys }) =>
        tensorArb(batch, "int32", { special: false, element: () => fc.integer() }).map((data) => ({
          name: "random_fold_in" as const,
          inputs: [keys, data],
          params: {},
        })),
      ),
  },
  random_gamma: {
    // Shapes: the key batch, then up to two more dims of alpha (one stream per element).
    cases: (v: Values = inDomain) =>
      fc
        .record({ k: keysArb(), rest: shapeArb({ maxRank: 2, maxDim: 3 }), dtype: dtypeArb(FLOAT_DTYPES), logSpace: fc.boolean() })
        .chain(({ k, rest, dtype, logSpace }) =>
          tensorArb([...k.batch, ...rest], dtype, v, { min: 0.3, max: 6 }).map((alpha) => ({
            name: "random_gamma" as const,
            inputs: [k.keys, alpha],
            params: { logSpace },
          })),
        ),
  },
  random_gamma_grad: {
    cases: (v: Values = inDomain) =>
      fc.record({ shape: shapeArb({ maxRank: 2, maxDim: 3 }), dtype: dtypeArb(FLOAT_DTYPES) }).chain(({ shape, dtype }) =>
        fc.tuple(tensorArb(shape, dtype, v, { min: 0.3, max: 6 }), tensorArb(shape, dtype, v, { min: 0.3, max: 8 })).map(([alpha, x]) => ({
          name: "random_gamma_grad" as const,
          inputs: [alpha, x],
          params: {},
        })),
      ),
  },
  random_poisson: {
    cases: () =>
      fc.record({ k: keysArb(), rest: shapeArb({ maxRank: 2, maxDim: 3 }) }).chain(({ k, rest }) =>
        tensorArb([...k.batch, ...rest], "float32", { special: false, element: () => fc.oneof(fc.constant(0), fc.double({ min: 0, max: 40, noNaN: true }).map(Math.fround)) }).map(
          (lam) => ({ name: "random_poisson" as const, inputs: [k.keys, lam], params: {} }),
        ),
      ),
  },
};
