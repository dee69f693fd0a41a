/** The cumulative reductions (cumsum, cumprod, cummax, cummin, cumlogsumexp) and logical reductions, as registry entries (src/primitives/registry.ts spreads them in). */
export const cumulativePrimitives = {} as const;
