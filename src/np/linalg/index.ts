/**
 * `np.linalg`: decompositions, solves and norms with JAX's semantics, batched over leading axes and
 * differentiable. Each file states one family; this index only gathers them.
 *
 * @module
 */
export * from "./factor.js";
export * from "./spectral.js";
export * from "./norms.js";
// The array-API names numpy.linalg shares with the top level (jnp.linalg.matmul is jnp.matmul).
export { matmul } from "../matmul.js";
export { matrixTranspose } from "../rearrange.js";
export { tensordot, vecdot } from "../products.js";
