/** The sorting (a stable multi-operand sort), as registry entries (src/primitives/registry.ts spreads them in). */
export const sortingPrimitives = {} as const;
