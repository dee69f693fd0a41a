/**
 * The `np` namespace: numpy-style array functions. Loading it installs the primitive registry
 * and wires `Tensor`'s methods to these functions.
 */
import "../primitives/registry.js";
import { installTensorMethods } from "../tensor/method-hooks.js";
import type { Tensor, TensorLike } from "../tensor/tensor.js";
import * as ew from "./elementwise.js";
import * as indexing from "./indexing.js";
import * as linalg from "./linalg.js";
import * as reduce from "./reduce.js";
import * as shape from "./shape.js";
import { toArray } from "./to-array.js";

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
export { matmul, dot, outer } from "./linalg.js";
export { einsum } from "./einsum.js";

const unaryByName: Record<string, (x: TensorLike) => Tensor> = {
  neg: ew.neg, exp: ew.exp, log: ew.log, log1p: ew.log1p, expm1: ew.expm1, sin: ew.sin, cos: ew.cos, tan: ew.tan,
  tanh: ew.tanh, sqrt: ew.sqrt, abs: ew.abs, sign: ew.sign, square: ew.square, reciprocal: ew.reciprocal,
  floor: ew.floor, ceil: ew.ceil, round: ew.round, logicalNot: ew.logicalNot,
};
const binaryByName: Record<string, (x: TensorLike, y: TensorLike) => Tensor> = {
  add: ew.add, sub: ew.sub, mul: ew.mul, div: ew.div, pow: ew.pow, mod: ew.mod, maximum: ew.maximum, minimum: ew.minimum,
  less: ew.less, lessEqual: ew.lessEqual, greater: ew.greater, greaterEqual: ew.greaterEqual, equal: ew.equal,
  notEqual: ew.notEqual, logicalAnd: ew.logicalAnd, logicalOr: ew.logicalOr, matmul: linalg.matmul, dot: linalg.dot,
};
const reduceByName = {
  sum: reduce.sum, mean: reduce.mean, max: reduce.max, min: reduce.min, prod: reduce.prod,
  argmax: reduce.argmax, argmin: reduce.argmin,
} as const;

installTensorMethods({
  unary: (name, x) => unaryByName[name]!(x),
  binary: (name, x, y) => binaryByName[name]!(x, y),
  reduce: (name, x, axis, keepdims) => reduceByName[name as keyof typeof reduceByName](x, axis, keepdims),
  reshape: shape.reshape,
  transpose: shape.transpose,
  expandDims: shape.expandDims,
  squeeze: shape.squeeze,
  broadcastTo: shape.broadcastTo,
  take: indexing.take,
  get: indexing.get,
  slice: indexing.slice,
  atSet: indexing.atSet,
  astype: shape.astype,
  clip: ew.clip,
  toArray,
});
