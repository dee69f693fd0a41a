/** CPU lowerings of the complex-number constructors and parts (complex, real, imag, conj) (spread into src/backend/cpu/lowering.ts). */
import { REFERENCE } from "../../backend.js";
import type { ComplexParams } from "../../../primitives/complex/params.js";
import type { CpuLowering } from "../lowering-kit.js";

/**
 * One lowering (or the reference kernel) per primitive of this area. All four are copies of
 * interleaved parts: the reference loops, never fused (fusion skips complex dtypes).
 */
export const COMPLEX_LOWERINGS: { readonly [N in keyof ComplexParams]: CpuLowering<N> | typeof REFERENCE } = {
  complex: REFERENCE,
  real: REFERENCE,
  imag: REFERENCE,
  conj: REFERENCE,
};
