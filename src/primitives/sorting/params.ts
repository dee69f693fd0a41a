/**
 * Params of the sorting (a stable multi-operand sort): this area's part of the registry's params map
 * (src/primitives/params.ts extends it).
 */
export interface SortingParams {}
