/** CPU lowerings of the sorting (a stable multi-operand sort) (spread into src/backend/cpu/lowering.ts). */
import type { REFERENCE } from "../../backend.js";
import type { SortingParams } from "../../../primitives/sorting/params.js";
import type { CpuLowering } from "../lowering-kit.js";

/** One lowering (or the reference kernel) per primitive of this area. */
export const SORTING_LOWERINGS: { readonly [N in keyof SortingParams]: CpuLowering<N> | typeof REFERENCE } = {};
