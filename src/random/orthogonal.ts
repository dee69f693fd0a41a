/** random.orthogonal (Haar-distributed orthogonal matrices from a QR of a normal matrix, as JAX). */
export {};
