/**
 * The `scipySpecial` namespace (jax.scipy.special): error functions, gamma-family functions,
 * logit/expit and the x·log(y) family, accurate to float64 precision in float64.
 */
export {};
