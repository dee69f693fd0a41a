/**
 * Params of the special functions (erfc, erf_inv, lgamma, digamma, …): this area's part of the registry's params map
 * (src/primitives/params.ts extends it).
 */
export interface SpecialParams {}
