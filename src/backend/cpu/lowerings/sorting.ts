/** CPU lowerings of the sorting (a stable multi-operand sort) and top-k (spread into src/backend/cpu/lowering.ts). */
import { REFERENCE } from "../../backend.js";
import type { SortingParams } from "../../../primitives/sorting/params.js";
import type { CpuLowering } from "../lowering-kit.js";

/** One lowering (or the reference kernel) per primitive of this area: sorts do not fuse with elementwise loops. */
export const SORTING_LOWERINGS: { readonly [N in keyof SortingParams]: CpuLowering<N> | typeof REFERENCE } = {
  sort: REFERENCE,
  top_k: REFERENCE,
};
