/**
 * The `np` namespace: numpy-style array functions. Importing it installs nothing: the package
 * root wires the primitive registry and `Tensor`'s methods (src/wire.ts).
 *
 * @module
 */
// Re-exported by name (not destructured into new constants) so each function keeps its own TSDoc
// in editors and in the emitted declarations.
export { array, zeros, ones, full, arange, linspace, eye, zerosLike, onesLike } from "./creation.js";
export {
  add, sub, mul, div, neg, pow, exp, log, log1p, expm1, sin, cos, tan, tanh, sqrt, abs, sign, square, reciprocal,
  mod, maximum, minimum, where, clip, floor, ceil, round,
  less, lessEqual, greater, greaterEqual, equal, notEqual, logicalAnd, logicalOr, logicalNot,
} from "./elementwise.js";
export { sum, mean, max, min, prod, argmax, argmin } from "./reduce.js";
export { reshape, transpose, expandDims, squeeze, broadcastTo, concatenate, stack, astype } from "./shape.js";
export { take } from "./indexing.js";
export { matmul, dot, outer } from "./matmul.js";
export { einsum } from "./einsum.js";
export * from "./bitwise.js";
export * from "./dtype-info.js";
export * from "./math.js";
export * from "./statistics.js";
export * from "./cumulative.js";
export * from "./sorting.js";
export * from "./rearrange.js";
export * from "./split.js";
export * from "./select-index.js";
export * from "./products.js";
export * from "./construct.js";
export * from "./polynomial.js";
export * from "./constants.js";
export * from "./apply.js";
export * from "./complex.js";
export * as linalg from "./linalg/index.js";
export * as fft from "./fft/index.js";
