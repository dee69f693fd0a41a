/** CPU lowerings of the complex-number constructors and parts (complex, real, imag, conj) (spread into src/backend/cpu/lowering.ts). */
import type { REFERENCE } from "../../backend.js";
import type { ComplexParams } from "../../../primitives/complex/params.js";
import type { CpuLowering } from "../lowering-kit.js";

/** One lowering (or the reference kernel) per primitive of this area. */
export const COMPLEX_LOWERINGS: { readonly [N in keyof ComplexParams]: CpuLowering<N> | typeof REFERENCE } = {};
