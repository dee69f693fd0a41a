/**
 * numpy's other spellings of functions np already has (absolute, multiply, subtract, divide,
 * trueDivide, power, negative), plus positive and logicalXor.
 */
import { inContext } from "../errors.js";
import * as ops from "../primitives/ops.js";
import type { Tensor, TensorLike } from "../tensor/tensor.js";
import { broadcastOperands, tensorArg, toBool } from "./coerce.js";
import { abs, div, mul, neg, pow, sub } from "./elementwise.js";

/** Alias of `np.abs`. @example `np.absolute(-2).item()` // 2 */
export const absolute = (x: TensorLike): Tensor => inContext("np.absolute", () => abs(x));
/** Alias of `np.mul`. @example `np.multiply([1, 2], 3)` // [3, 6] */
export const multiply = (x: TensorLike, y: TensorLike): Tensor => inContext("np.multiply", () => mul(x, y));
/** Alias of `np.sub`. @example `np.subtract(5, [1, 2])` // [4, 3] */
export const subtract = (x: TensorLike, y: TensorLike): Tensor => inContext("np.subtract", () => sub(x, y));
/** Alias of `np.div` (true division: integers give float32). @example `np.divide(1, 4).item()` // 0.25 */
export const divide = (x: TensorLike, y: TensorLike): Tensor => inContext("np.divide", () => div(x, y));
/** Alias of `np.div`. @example `np.trueDivide(3, 2).item()` // 1.5 */
export const trueDivide = (x: TensorLike, y: TensorLike): Tensor => inContext("np.trueDivide", () => div(x, y));
/** Alias of `np.pow`. @example `np.power(2, 3).item()` // 8 */
export const power = (x: TensorLike, y: TensorLike): Tensor => inContext("np.power", () => pow(x, y));
/** Alias of `np.neg`. @example `np.negative([1, -2])` // [-1, 2] */
export const negative = (x: TensorLike): Tensor => inContext("np.negative", () => neg(x));

/** +x: the array itself, dtype unchanged. @example `np.positive([-1, 2])` // [-1, 2] */
export function positive(x: TensorLike): Tensor {
  return tensorArg("positive", x);
}

/** Logical exclusive or (non-bool inputs are tested against 0), broadcasting. @example `np.logicalXor([true, true], [true, false])` // [false, true] */
export function logicalXor(x: TensorLike, y: TensorLike): Tensor {
  const [a, b] = broadcastOperands("logicalXor", [toBool(tensorArg("logicalXor", x)), toBool(tensorArg("logicalXor", y, "args[1]"))]);
  return ops.binaryOp("ne", a!, b!);
}
