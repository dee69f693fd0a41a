/** The special functions (erfc, erf_inv, lgamma, digamma, …), as registry entries (src/primitives/registry.ts spreads them in). */
export const specialPrimitives = {} as const;
