/** The convolution (conv_general_dilated), as registry entries (src/primitives/registry.ts spreads them in). */
export const convPrimitives = {} as const;
