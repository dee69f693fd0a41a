/**
 * Params of the windowed reductions (reduce_window_sum/max/min, select_and_gather_add,
 * select_and_scatter_add): this area's part of the registry's params map (src/primitives/params.ts
 * extends it).
 */
export interface WindowParams {
  reduce_window_sum: WindowGeometry;
  reduce_window_max: WindowGeometry;
  reduce_window_min: WindowGeometry;
  select_and_gather_add: SelectWindowParams;
  select_and_scatter_add: SelectWindowParams;
}

/**
 * Where the windows of an operand of rank r lie, as XLA's ReduceWindow states it; every list has r
 * entries. The operand is first dilated (`baseDilation[i] − 1` holes between neighbours), then
 * padded (`padding[i] = [lo, hi]`, non-negative); windows of `windowDimensions[i]` taps spaced
 * `windowDilation[i]` apart start every `windowStrides[i]` positions. Holes and padding hold the
 * reduction's identity.
 */
export interface WindowGeometry {
  readonly windowDimensions: readonly number[];
  readonly windowStrides: readonly number[];
  readonly padding: readonly (readonly [number, number])[];
  readonly baseDilation: readonly number[];
  readonly windowDilation: readonly number[];
}

/**
 * JAX's `select_and_gather_add_p` / `select_and_scatter_add_p`: the window geometry and which
 * comparison selects ("ge": the first maximum of each window, "le": the first minimum). JAX's
 * select_and_scatter_add has no dilations (its callers pad and slice around it); ours carries the
 * full geometry, so each of the two is exactly the other's transpose, window dilation included.
 */
export interface SelectWindowParams extends WindowGeometry {
  readonly selectPrim: "ge" | "le";
}
