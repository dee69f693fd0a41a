/** np.linalg functions built on qr, eigh and svd (eigvalsh, svdvals, lstsq, pinv, matrixRank, …). */
export {};
