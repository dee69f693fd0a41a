/** CPU lowerings of the random-number primitives (spread into src/backend/cpu/lowering.ts). */
import { REFERENCE } from "../../backend.js";
import type { RandomParams } from "../../../primitives/random/params.js";
import type { CpuLowering } from "../lowering-kit.js";

/** One lowering (or the reference kernel) per primitive of this area: the Threefry kernels. */
export const RANDOM_LOWERINGS: { readonly [N in keyof RandomParams]: CpuLowering<N> | typeof REFERENCE } = {
  random_bits: REFERENCE,
  random_split: REFERENCE,
  random_fold_in: REFERENCE,
  random_gamma: REFERENCE,
  random_gamma_grad: REFERENCE,
  random_poisson: REFERENCE,
};
