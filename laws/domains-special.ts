/** Test domains of the special functions (erfc, erf_inv, lgamma, digamma, …) (spread into laws/domains.ts). */
import type { SpecialParams } from "../src/primitives/special/params.js";
import type { Domain } from "./domains.js";

/** One domain per primitive of this area. */
export const specialDomains: { readonly [N in keyof SpecialParams]: Domain<N> } = {};
