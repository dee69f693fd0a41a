/** CPU lowerings of the matrix factorisations and solves (cholesky, triangular_solve, lu) (spread into src/backend/cpu/lowering.ts). */
import type { REFERENCE } from "../../backend.js";
import type { FactorParams } from "../../../primitives/factor/params.js";
import type { CpuLowering } from "../lowering-kit.js";

/** One lowering (or the reference kernel) per primitive of this area. */
export const FACTOR_LOWERINGS: { readonly [N in keyof FactorParams]: CpuLowering<N> | typeof REFERENCE } = {};
