/** The elementwise math primitives (inverse and hyperbolic trig, atan2, cbrt, …), as registry entries (src/primitives/registry.ts spreads them in). */
export const mathPrimitives = {} as const;
