/**
 * The `scipySpecial` namespace (jax.scipy.special): error functions, gamma-family functions,
 * logit/expit, the x·log(y) family and logsumexp/softmax, accurate to float64 precision in float64,
 * each differentiable (to any order where its derivatives are special functions again).
 *
 * @module
 */
export { erf, erfc, erfinv, ndtr, ndtri } from "./error.js";
export { digamma, gammaln } from "./gamma.js";
export { expit, logit, xlog1py, xlogy } from "./logs.js";
export { logSoftmax, logsumexp, softmax, type LogsumexpOptions } from "./logsumexp.js";
