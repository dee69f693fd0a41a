/** Test domains of the sorting (a stable multi-operand sort) (spread into laws/domains.ts). */
import type { SortingParams } from "../src/primitives/sorting/params.js";
import type { Domain } from "./domains.js";

/** One domain per primitive of this area. */
export const sortingDomains: { readonly [N in keyof SortingParams]: Domain<N> } = {};
