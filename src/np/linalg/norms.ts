/** np.linalg norms (norm, matrixNorm, vectorNorm). */
export {};
