/** The matrix factorisations and solves (cholesky, triangular_solve, lu), as registry entries (src/primitives/registry.ts spreads them in). */
import { cholesky } from "./cholesky.js";
import { lu } from "./lu.js";
import { luPivotsToPermutation } from "./lu-pivots.js";
import { triangularSolve } from "./triangular-solve.js";

export const factorPrimitives = {
  cholesky,
  triangular_solve: triangularSolve,
  lu,
  lu_pivots_to_permutation: luPivotsToPermutation,
} as const;
