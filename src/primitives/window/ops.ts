/** Typed binders of the windowed reductions (what rules, lax.reduceWindow and nn pooling call). */
import type { Tensor } from "../../tensor/tensor.js";
import { apply1 } from "../ops.js";
import type { SelectWindowParams, WindowGeometry } from "./params.js";

/** The names of the three monoid window reductions. */
export type ReduceWindowName = "reduce_window_sum" | "reduce_window_max" | "reduce_window_min";

/** The windowed sum, max or min of `x` over the windows `g` describes. */
export const reduceWindow = (name: ReduceWindowName, x: Tensor, g: WindowGeometry): Tensor => apply1(name, [x], geometryOf(g));

/** Each window's value of `t` where `x` has its first maximum ("ge") or minimum ("le"); 0 for a window of padding. */
export const selectAndGatherAdd = (t: Tensor, x: Tensor, p: SelectWindowParams): Tensor =>
  apply1("select_and_gather_add", [t, x], { ...geometryOf(p), selectPrim: p.selectPrim });

/** Each window's `source` value added onto the element of `x` that `p.selectPrim` selects in it (x's shape). */
export const selectAndScatterAdd = (source: Tensor, x: Tensor, p: SelectWindowParams): Tensor =>
  apply1("select_and_scatter_add", [source, x], { ...geometryOf(p), selectPrim: p.selectPrim });

/** Just the geometry fields (params stay exactly the fields their primitive declares). */
export function geometryOf(g: WindowGeometry): WindowGeometry {
  const { windowDimensions, windowStrides, padding, baseDilation, windowDilation } = g;
  return { windowDimensions, windowStrides, padding, baseDilation, windowDilation };
}

/** The geometry with a window dim of one tap inserted at `at` (a batch axis the windows leave alone). */
export function withUnitDim<G extends WindowGeometry>(g: G, at: number): G {
  const ins = <T,>(xs: readonly T[], v: T): T[] => [...xs.slice(0, at), v, ...xs.slice(at)];
  return {
    ...g,
    windowDimensions: ins(g.windowDimensions, 1),
    windowStrides: ins(g.windowStrides, 1),
    padding: ins(g.padding, [0, 0] as const),
    baseDilation: ins(g.baseDilation, 1),
    windowDilation: ins(g.windowDilation, 1),
  };
}
