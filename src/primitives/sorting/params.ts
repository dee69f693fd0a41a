/**
 * Params of the sorting (a stable multi-operand sort) and top-k: this area's part of the registry's params map
 * (src/primitives/params.ts extends it).
 */
export interface SortingParams {
  sort: SortParams;
  top_k: TopKParams;
}

/**
 * JAX's `sort_p`: sort along `dimension` (0 ≤ dimension < rank) lexicographically by the first
 * `numKeys` operands. `isStable` is JAX's flag; the reference kernel is always stable, which an
 * unstable sort is allowed to be.
 */
export interface SortParams {
  readonly dimension: number;
  readonly isStable: boolean;
  readonly numKeys: number;
}

/** JAX's `top_k_p`: the `k` largest entries along `axis` (0 ≤ axis < rank). */
export interface TopKParams {
  readonly k: number;
  readonly axis: number;
}
