/** random.multivariateNormal (a Cholesky factor of the covariance, as JAX's default method). */
export {};
