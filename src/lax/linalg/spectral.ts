/** lax.linalg.eigh, svd and qr (JAX's argument conventions). */
export {};
