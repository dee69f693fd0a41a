/** CPU lowerings of the cumulative reductions (cumsum, cumprod, cummax, cummin, cumlogsumexp) and logical reductions (spread into src/backend/cpu/lowering.ts). */
import { REFERENCE } from "../../backend.js";
import type { CumulativeParams } from "../../../primitives/cumulative/params.js";
import type { CpuLowering } from "../lowering-kit.js";

/**
 * One lowering (or the reference kernel) per primitive of this area. The reference kernels are
 * already one pass per lane (src/tensor/kernels/cumulative.ts); scans do not fuse with elementwise loops.
 */
export const CUMULATIVE_LOWERINGS: { readonly [N in keyof CumulativeParams]: CpuLowering<N> | typeof REFERENCE } = {
  cumsum: REFERENCE,
  cumprod: REFERENCE,
  cummax: REFERENCE,
  cummin: REFERENCE,
  cumlogsumexp: REFERENCE,
  reduce_and: REFERENCE,
  reduce_or: REFERENCE,
  reduce_xor: REFERENCE,
};
