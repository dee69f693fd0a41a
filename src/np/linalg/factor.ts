/** np.linalg functions built on cholesky, triangular_solve and lu (solve, inv, det, …). */
export {};
