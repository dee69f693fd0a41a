/**
 * Params of the matrix factorisations and solves (cholesky, triangular_solve, lu): this area's part of the registry's params map
 * (src/primitives/params.ts extends it).
 */
export interface FactorParams {
  cholesky: Readonly<Record<never, never>>;
  triangular_solve: TriangularSolveParams;
  lu: Readonly<Record<never, never>>;
  lu_pivots_to_permutation: LuPivotsToPermutationParams;
}

/**
 * JAX's `triangular_solve_p`: op(A)·X = B when `leftSide`, else X·op(A) = B; A is read only in its
 * `lower` (or upper) triangle, its diagonal taken as ones when `unitDiagonal`; op(A) = Aᵀ when
 * `transposeA`. `conjugateA` conjugates A (no effect on real dtypes, the only ones taken so far).
 */
export interface TriangularSolveParams {
  readonly leftSide: boolean;
  readonly lower: boolean;
  readonly transposeA: boolean;
  readonly conjugateA: boolean;
  readonly unitDiagonal: boolean;
}

/** JAX's `lu_pivots_to_permutation_p`: the permutation of 0…permutationSize−1 that LU's row swaps make. */
export interface LuPivotsToPermutationParams {
  readonly permutationSize: number;
}
