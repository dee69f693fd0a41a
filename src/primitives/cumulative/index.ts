/** The cumulative reductions (cumsum, cumprod, cummax, cummin, cumlogsumexp) and logical reductions, as registry entries (src/primitives/registry.ts spreads them in). */
import { cumlogsumexp, cummax, cummin, cumprod, cumsum } from "./cumulative.js";
import { reduceAnd, reduceOr, reduceXor } from "./logical.js";

export const cumulativePrimitives = {
  cumsum, cumprod, cummax, cummin, cumlogsumexp,
  reduce_and: reduceAnd, reduce_or: reduceOr, reduce_xor: reduceXor,
} as const;
