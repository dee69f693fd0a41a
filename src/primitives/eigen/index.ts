/** The orthogonal decompositions (qr, eigh, svd), as registry entries (src/primitives/registry.ts spreads them in). */
export const eigenPrimitives = {} as const;
