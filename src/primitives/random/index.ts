/** The random-number primitives, as registry entries (src/primitives/registry.ts spreads them in). */
import { randomBitsPrim } from "./random-bits.js";

export const randomPrimitives = { random_bits: randomBitsPrim } as const;
