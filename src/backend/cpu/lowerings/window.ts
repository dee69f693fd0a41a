/** CPU lowerings of the windowed reductions (spread into src/backend/cpu/lowering.ts). */
import { REFERENCE } from "../../backend.js";
import type { WindowParams } from "../../../primitives/window/params.js";
import type { CpuLowering } from "../lowering-kit.js";

/**
 * One lowering (or the reference kernel) per primitive of this area. The reference kernels already
 * run one typed-array pass per window dim (sum, max, min) or one walk of each window (selections),
 * and windows do not fuse with elementwise loops.
 */
export const WINDOW_LOWERINGS: { readonly [N in keyof WindowParams]: CpuLowering<N> | typeof REFERENCE } = {
  reduce_window_sum: REFERENCE,
  reduce_window_max: REFERENCE,
  reduce_window_min: REFERENCE,
  select_and_gather_add: REFERENCE,
  select_and_scatter_add: REFERENCE,
};
