/** Test domains of the random-number primitives (spread into laws/domains.ts). */
import * as fc from "fast-check";
import type { RandomParams } from "../src/primitives/random/params.js";
import { WORD_DTYPE } from "../src/primitives/random/words.js";
import { shapeArb, tensorArb } from "./arbitraries.js";
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
};
