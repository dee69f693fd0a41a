/** Test domains of the random-number primitives (spread into laws/domains.ts). */
import * as fc from "fast-check";
import type { RandomParams } from "../src/primitives/random/params.js";
import { shapeArb, tensorArb } from "./arbitraries.js";
import type { Domain } from "./domains.js";

/** One domain per primitive of this area. */
export const randomDomains: { readonly [N in keyof RandomParams]: Domain<N> } = {
  random_bits: {
    cases: () =>
      fc
        .record({ batch: shapeArb({ maxRank: 1, maxDim: 3 }), shape: shapeArb({ maxRank: 2, maxDim: 4 }) })
        .chain(({ batch, shape }) =>
          tensorArb([...batch, 2], "int32", { special: false, element: () => fc.integer() }).map((keys) => ({
            name: "random_bits" as const,
            inputs: [keys],
            params: { shape },
          })),
        ),
  },
};
