/** CPU lowerings of the orthogonal decompositions (qr, eigh, svd) (spread into src/backend/cpu/lowering.ts). */
import type { REFERENCE } from "../../backend.js";
import type { EigenParams } from "../../../primitives/eigen/params.js";
import type { CpuLowering } from "../lowering-kit.js";

/** One lowering (or the reference kernel) per primitive of this area. */
export const EIGEN_LOWERINGS: { readonly [N in keyof EigenParams]: CpuLowering<N> | typeof REFERENCE } = {};
