/** Test domains of the cumulative reductions (cumsum, cumprod, cummax, cummin, cumlogsumexp) and logical reductions (spread into laws/domains.ts). */
import type { CumulativeParams } from "../src/primitives/cumulative/params.js";
import type { Domain } from "./domains.js";

/** One domain per primitive of this area. */
export const cumulativeDomains: { readonly [N in keyof CumulativeParams]: Domain<N> } = {};
