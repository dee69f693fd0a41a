/** CPU lowerings of the cumulative reductions (cumsum, cumprod, cummax, cummin, cumlogsumexp) and logical reductions (spread into src/backend/cpu/lowering.ts). */
import type { REFERENCE } from "../../backend.js";
import type { CumulativeParams } from "../../../primitives/cumulative/params.js";
import type { CpuLowering } from "../lowering-kit.js";

/** One lowering (or the reference kernel) per primitive of this area. */
export const CUMULATIVE_LOWERINGS: { readonly [N in keyof CumulativeParams]: CpuLowering<N> | typeof REFERENCE } = {};
