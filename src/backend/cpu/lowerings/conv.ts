/** CPU lowerings of the convolution (conv_general_dilated) (spread into src/backend/cpu/lowering.ts). */
import { REFERENCE } from "../../backend.js";
import type { ConvParams } from "../../../primitives/conv/params.js";
import type { CpuLowering } from "../lowering-kit.js";

/**
 * One lowering (or the reference kernel) per primitive of this area. The reference kernel already
 * is the fast form (im2col onto the GEMM), so the CPU backend runs it as it is; it never fuses.
 */
export const CONV_LOWERINGS: { readonly [N in keyof ConvParams]: CpuLowering<N> | typeof REFERENCE } = {
  conv_general_dilated: REFERENCE,
};
