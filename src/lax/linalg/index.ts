/**
 * `lax.linalg`: the decomposition primitives with JAX's argument conventions.
 *
 * @module
 */
export * from "./factor.js";
export * from "./spectral.js";
