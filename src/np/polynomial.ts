/** Polynomials and 1-d convolution: polyval, polyadd, polysub, polymul, convolve, correlate. */
export {};
