/**
 * CPU lowerings of the special functions (erfc, erf_inv, lgamma, digamma, polygamma) (spread into
 * src/backend/cpu/lowering.ts). Eagerly they run their reference kernels (one loop each); in jit's
 * fused loops the unary ones are a call of the same scalar function (a snippet helper), computed in
 * float64 and rounded where stored, as the reference kernel does — so both give the same bits.
 * polygamma has an int32 order operand, which the float fusion forms do not take.
 */
import { REFERENCE } from "../../backend.js";
import type { SpecialParams } from "../../../primitives/special/params.js";
import type { CpuLowering } from "../lowering-kit.js";

/** One lowering (or the reference kernel) per primitive of this area. */
export const SPECIAL_LOWERINGS: { readonly [N in keyof SpecialParams]: CpuLowering<N> | typeof REFERENCE } = {
  erfc: { fusion: { form: "float", expr: "erfc(x)" } },
  erf_inv: { fusion: { form: "float", expr: "erfinv(x)" } },
  lgamma: { fusion: { form: "float", expr: "lgamma(x)" } },
  digamma: { fusion: { form: "float", expr: "digamma(x)" } },
  polygamma: REFERENCE,
};
