/** The complex-number constructors and parts (complex, real, imag, conj), as registry entries (src/primitives/registry.ts spreads them in). */
export const complexPrimitives = {} as const;
