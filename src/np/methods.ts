/**
 * The np functions behind `Tensor`'s methods (`x.sin()`, `x.add(y)`, `x.sum(0)`, …), as the
 * table `Tensor` expects. `Tensor` cannot import `np` (np imports Tensor), so the package root
 * installs this table once (src/wire.ts).
 */
import type { Tensor, TensorLike, TensorMethodImpls } from "../tensor/tensor.js";
import * as ew from "./elementwise.js";
import * as indexing from "./indexing.js";
import * as linalg from "./matmul.js";
import * as reduce from "./reduce.js";
import * as shape from "./shape.js";
import { toArray } from "./to-array.js";

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

/** What each `Tensor` method calls. */
export const tensorMethods: TensorMethodImpls = Object.freeze<TensorMethodImpls>({
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
