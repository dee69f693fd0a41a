/** CPU lowerings of the orthogonal decompositions (qr, eigh, svd) (spread into src/backend/cpu/lowering.ts). */
import { REFERENCE } from "../../backend.js";
import type { EigenParams } from "../../../primitives/eigen/params.js";
import type { CpuLowering } from "../lowering-kit.js";

/** One lowering (or the reference kernel) per primitive of this area: the decompositions run their float64 kernels and never fuse. */
export const EIGEN_LOWERINGS: { readonly [N in keyof EigenParams]: CpuLowering<N> | typeof REFERENCE } = {
  qr: REFERENCE,
  eigh: REFERENCE,
  svd: REFERENCE,
};
