/** The windowed reductions (reduce_window_sum/max/min, select_and_gather_add, select_and_scatter_add), as registry entries (src/primitives/registry.ts spreads them in). */
import { reduceWindowMax, reduceWindowMin, reduceWindowSum } from "./reduce-window.js";
import { selectAndGatherAddPrim, selectAndScatterAddPrim } from "./select.js";

export const windowPrimitives = {
  reduce_window_sum: reduceWindowSum,
  reduce_window_max: reduceWindowMax,
  reduce_window_min: reduceWindowMin,
  select_and_gather_add: selectAndGatherAddPrim,
  select_and_scatter_add: selectAndScatterAddPrim,
} as const;
