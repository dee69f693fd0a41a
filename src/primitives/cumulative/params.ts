/**
 * Params of the cumulative reductions (cumsum, cumprod, cummax, cummin, cumlogsumexp) and logical reductions: this area's part of the registry's params map
 * (src/primitives/params.ts extends it).
 */
export interface CumulativeParams {
  cumsum: CumulativeAxis;
  cumprod: CumulativeAxis;
  cummax: CumulativeAxis;
  cummin: CumulativeAxis;
  cumlogsumexp: CumulativeAxis;
  reduce_and: { readonly axes: readonly number[] };
  reduce_or: { readonly axes: readonly number[] };
  reduce_xor: { readonly axes: readonly number[] };
}

/** The axis a cumulative reduction runs along (0 ≤ axis < rank, as JAX's primitives require), and its direction. */
export interface CumulativeAxis {
  readonly axis: number;
  readonly reverse: boolean;
}
