/** Test domains of the bitwise and integer primitives (xor, shifts, population count, count of leading zeros) (spread into laws/domains.ts). */
import type { BitwiseParams } from "../src/primitives/bitwise/params.js";
import type { Domain } from "./domains.js";

/** One domain per primitive of this area. */
export const bitwiseDomains: { readonly [N in keyof BitwiseParams]: Domain<N> } = {};
