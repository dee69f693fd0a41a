/** CPU lowerings of the windowed reductions (reduce_window, select_and_scatter_add) (spread into src/backend/cpu/lowering.ts). */
import type { REFERENCE } from "../../backend.js";
import type { WindowParams } from "../../../primitives/window/params.js";
import type { CpuLowering } from "../lowering-kit.js";

/** One lowering (or the reference kernel) per primitive of this area. */
export const WINDOW_LOWERINGS: { readonly [N in keyof WindowParams]: CpuLowering<N> | typeof REFERENCE } = {};
