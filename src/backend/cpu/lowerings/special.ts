/** CPU lowerings of the special functions (erfc, erf_inv, lgamma, digamma, …) (spread into src/backend/cpu/lowering.ts). */
import type { REFERENCE } from "../../backend.js";
import type { SpecialParams } from "../../../primitives/special/params.js";
import type { CpuLowering } from "../lowering-kit.js";

/** One lowering (or the reference kernel) per primitive of this area. */
export const SPECIAL_LOWERINGS: { readonly [N in keyof SpecialParams]: CpuLowering<N> | typeof REFERENCE } = {};
