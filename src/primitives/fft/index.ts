/** The fast Fourier transforms, as registry entries (src/primitives/registry.ts spreads them in). */
export const fftPrimitives = {} as const;
