/**
 * Params of the cumulative reductions (cumsum, cumprod, cummax, cummin, cumlogsumexp) and logical reductions: this area's part of the registry's params map
 * (src/primitives/params.ts extends it).
 */
export interface CumulativeParams {}
