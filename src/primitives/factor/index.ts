/** The matrix factorisations and solves (cholesky, triangular_solve, lu), as registry entries (src/primitives/registry.ts spreads them in). */
export const factorPrimitives = {} as const;
