/**
 * CPU lowerings of the special functions (erfc, erf_inv, lgamma, digamma, polygamma) (spread into
 * src/backend/cpu/lowering.ts). All run their reference kernels: the scalar functions are loops and
 * branches too long for a fused-loop expression, and an eager call already costs one loop.
 */
import { REFERENCE } from "../../backend.js";
import type { SpecialParams } from "../../../primitives/special/params.js";
import type { CpuLowering } from "../lowering-kit.js";

/** One lowering (or the reference kernel) per primitive of this area. */
export const SPECIAL_LOWERINGS: { readonly [N in keyof SpecialParams]: CpuLowering<N> | typeof REFERENCE } = {
  erfc: REFERENCE,
  erf_inv: REFERENCE,
  lgamma: REFERENCE,
  digamma: REFERENCE,
  polygamma: REFERENCE,
};
