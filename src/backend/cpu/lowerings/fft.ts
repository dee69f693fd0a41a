/** CPU lowerings of the fast Fourier transforms (spread into src/backend/cpu/lowering.ts). */
import { REFERENCE } from "../../backend.js";
import type { FftParams } from "../../../primitives/fft/params.js";
import type { CpuLowering } from "../lowering-kit.js";

/** One lowering (or the reference kernel) per primitive of this area: transforms do not fuse with elementwise loops. */
export const FFT_LOWERINGS: { readonly [N in keyof FftParams]: CpuLowering<N> | typeof REFERENCE } = {
  fft: REFERENCE,
};
