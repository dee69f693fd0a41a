/**
 * Functional random numbers, bit for bit as current JAX makes them: a key is the raw data of a
 * Threefry-2x32 key (two 32-bit words, JAX's `PRNGKey`), never mutated; `split` and `foldIn`
 * derive new keys, and every sampler is JAX's algorithm on JAX's bits (the "partitionable"
 * Threefry scheme, JAX's default since 0.5). Samplers trace, jit and vmap over batches of keys.
 *
 * @module
 */
export { key, split, foldIn, keyData } from "./keys.js";
export { bits, uniform } from "./bits.js";
export {
  normal, exponential, gumbel, laplace, logistic, cauchy, truncatedNormal, lognormal, pareto, weibullMin, rayleigh,
  maxwell, doubleSidedMaxwell, triangular,
} from "./continuous.js";
export { randint, bernoulli, rademacher, geometric, permutation, choice, categorical } from "./discrete.js";
export { gamma, loggamma, beta, dirichlet, poisson, chisquare, f, t, generalizedNormal, ball } from "./gamma.js";
export * from "./multivariate.js";
export * from "./orthogonal.js";
