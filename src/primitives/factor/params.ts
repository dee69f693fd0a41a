/**
 * Params of the matrix factorisations and solves (cholesky, triangular_solve, lu): this area's part of the registry's params map
 * (src/primitives/params.ts extends it).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled as the area's primitives land
export interface FactorParams {}
