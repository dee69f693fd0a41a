/** lax.linalg.cholesky, lu and triangularSolve (JAX's argument conventions). */
export {};
