/** CPU lowerings of the matrix factorisations and solves (cholesky, triangular_solve, lu) (spread into src/backend/cpu/lowering.ts). */
import { REFERENCE } from "../../backend.js";
import type { FactorParams } from "../../../primitives/factor/params.js";
import type { CpuLowering } from "../lowering-kit.js";

/** One lowering (or the reference kernel) per primitive of this area: the factorisations run their float64 kernels and never fuse. */
export const FACTOR_LOWERINGS: { readonly [N in keyof FactorParams]: CpuLowering<N> | typeof REFERENCE } = {
  cholesky: REFERENCE,
  triangular_solve: REFERENCE,
  lu: REFERENCE,
  lu_pivots_to_permutation: REFERENCE,
};
