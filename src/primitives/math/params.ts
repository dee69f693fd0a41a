/**
 * Params of the elementwise math primitives (inverse and hyperbolic trig, atan2, cbrt, …): this area's part of the registry's params map
 * (src/primitives/params.ts extends it).
 */
export interface MathParams {}
