/** The random-number primitives, as registry entries (src/primitives/registry.ts spreads them in). */
import { randomBitsPrim } from "./random-bits.js";
import { randomFoldInPrim } from "./random-fold-in.js";
import { randomSplitPrim } from "./random-split.js";
import { randomGammaPrim } from "./random-gamma.js";
import { randomGammaGradPrim } from "./random-gamma-grad.js";
import { randomPoissonPrim } from "./random-poisson.js";

export const randomPrimitives = {
  random_bits: randomBitsPrim,
  random_split: randomSplitPrim,
  random_fold_in: randomFoldInPrim,
  random_gamma: randomGammaPrim,
  random_gamma_grad: randomGammaGradPrim,
  random_poisson: randomPoissonPrim,
} as const;
