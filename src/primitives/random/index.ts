/** The random-number primitives, as registry entries (src/primitives/registry.ts spreads them in). */
import { randomBitsPrim } from "./random-bits.js";
import { randomFoldInPrim } from "./random-fold-in.js";
import { randomSplitPrim } from "./random-split.js";

export const randomPrimitives = {
  random_bits: randomBitsPrim,
  random_split: randomSplitPrim,
  random_fold_in: randomFoldInPrim,
} as const;
