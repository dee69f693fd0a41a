/**
 * Bitwise operations on integer and bool tensors (bitwiseAnd, leftShift, bitwiseCount, …), as
 * jax.numpy has them: operands promote (int32 with uint32 gives int32, a JS number takes the
 * tensor's dtype), and a float operand is a `DTypeError` naming the argument. and/or/xor/not take
 * bool too (logically); shifts and counts treat bool as int32, as JAX's numeric promotion does.
 * JS cannot tell 2 from 2.0, so a plain JS array is float32 here as everywhere in fluxion: give
 * integer data a dtype (`np.array([1, 2], { dtype: "int32" })`).
 */
import { DTypeError, fmtValue } from "../errors.js";
import * as ops from "../primitives/ops.js";
import { type DType, checkFits, isFloat } from "../tensor/dtype.js";
import { scalar } from "../tensor/from-js.js";
import { Tensor, type TensorLike } from "../tensor/tensor.js";
import { broadcastOperands, promoteOperands, tensorArg } from "./coerce.js";

/** Which dtypes a bitwise function takes: integers only, or integers and bool. */
type Accepts = "int" | "int or bool";

/** A `DTypeError` for an operand of dtype (or value) `what` that `fn` cannot take. */
function notIntegral(fn: string, arg: string, what: string, accepts: Accepts): DTypeError {
  const takes = accepts === "int" ? "int32 or uint32 (bool counts as int32)" : "int32, uint32 or bool";
  return new DTypeError(
    `np.${fn}: ${arg} is ${what}, but np.${fn} takes ${takes}. ` +
      `Cast it with np.astype(x, "int32"), or give integer data a dtype: np.array(data, { dtype: "int32" }).`,
  );
}

/** Converts and checks one operand: a tensor of an accepted dtype, or a weak JS integer/boolean. */
function operand(fn: string, x: TensorLike, i: number, accepts: Accepts): TensorLike {
  const arg = `args[${i}]`;
  if (typeof x === "number") {
    if (!Number.isInteger(x)) throw notIntegral(fn, arg, `the number ${fmtValue(x)}`, accepts);
    return x;
  }
  if (typeof x === "boolean") return x;
  const t = tensorArg(fn, x, arg);
  if (isFloat(t.dtype)) throw notIntegral(fn, arg, `${t.dtype}`, accepts);
  return t;
}

/**
 * The operands of a bitwise function, checked, promoted to one dtype and broadcast. With no
 * tensor among them, integers are int32 and booleans bool (JAX's weak types).
 */
function integerOperands(fn: string, xs: readonly TensorLike[], accepts: Accepts): Tensor[] {
  const checked = xs.map((x, i) => operand(fn, x, i, accepts));
  let out: Tensor[];
  if (checked.some((x) => x instanceof Tensor)) {
    out = promoteOperands(`np.${fn}`, checked);
  } else {
    const dtype: DType = checked.every((x) => typeof x === "boolean") ? "bool" : "int32";
    out = checked.map((x, i) => {
      checkFits(Number(x), dtype, `np.${fn}: args[${i}]`);
      return scalar(Number(x), dtype);
    });
  }
  // Shifts and counts are numeric: bool takes part as int32, as JAX promotes it.
  if (accepts === "int" && out[0]!.dtype === "bool") out = out.map((t) => ops.convert(t, "int32"));
  return broadcastOperands(fn, out);
}

function bitwiseBinary(fn: string, prim: "and" | "or" | "xor", x: TensorLike, y: TensorLike): Tensor {
  const [a, b] = integerOperands(fn, [x, y], "int or bool");
  return ops.binaryOp(prim, a!, b!);
}

/**
 * Bitwise and of integers (logical and of bools), broadcasting.
 * @example `np.bitwiseAnd(np.array([12, 10], { dtype: "int32" }), 6).toArray()` // [4, 2]
 */
export function bitwiseAnd(x: TensorLike, y: TensorLike): Tensor {
  return bitwiseBinary("bitwiseAnd", "and", x, y);
}

/**
 * Bitwise or of integers (logical or of bools), broadcasting.
 * @example `np.bitwiseOr(np.array([12, 10], { dtype: "int32" }), 1).toArray()` // [13, 11]
 */
export function bitwiseOr(x: TensorLike, y: TensorLike): Tensor {
  return bitwiseBinary("bitwiseOr", "or", x, y);
}

/**
 * Bitwise exclusive or of integers (logical xor of bools), broadcasting.
 * @example `np.bitwiseXor(np.array([12, 10], { dtype: "int32" }), 6).toArray()` // [10, 12]
 */
export function bitwiseXor(x: TensorLike, y: TensorLike): Tensor {
  return bitwiseBinary("bitwiseXor", "xor", x, y);
}

function notOf(fn: string, x: TensorLike): Tensor {
  const [a] = integerOperands(fn, [x], "int or bool");
  return ops.unaryOp("not", a!);
}

/**
 * Bitwise not: every bit flipped (`~x`, so −x − 1 for int32 and 2^32 − 1 − x for uint32); logical
 * not of bools. The same function as `np.invert` and `np.bitwiseInvert`.
 * @example `np.bitwiseNot(np.array([0, 5], { dtype: "int32" })).toArray()` // [-1, -6]
 */
export function bitwiseNot(x: TensorLike): Tensor {
  return notOf("bitwiseNot", x);
}

/**
 * Bitwise not (numpy's name); see `np.bitwiseNot`.
 * @example `np.invert(np.array([true, false])).toArray()` // [false, true]
 */
export function invert(x: TensorLike): Tensor {
  return notOf("invert", x);
}

/**
 * Bitwise not (the array API's name); see `np.bitwiseNot`.
 * @example `np.bitwiseInvert(np.array([0], { dtype: "uint32" })).toArray()` // [4294967295]
 */
export function bitwiseInvert(x: TensorLike): Tensor {
  return notOf("bitwiseInvert", x);
}

function shiftLeftOf(fn: string, x: TensorLike, y: TensorLike): Tensor {
  const [a, b] = integerOperands(fn, [x, y], "int");
  return ops.binaryOp("shift_left", a!, b!);
}

/**
 * `x << y`, broadcasting. As XLA: a shift by 32 or more, or by a negative amount, gives 0.
 * @example `np.leftShift(np.array([1, 3], { dtype: "int32" }), 2).toArray()` // [4, 12]
 */
export function leftShift(x: TensorLike, y: TensorLike): Tensor {
  return shiftLeftOf("leftShift", x, y);
}

/**
 * `x << y` (the array API's name); see `np.leftShift`.
 * @example `np.bitwiseLeftShift(np.array([1], { dtype: "uint32" }), 31).toArray()` // [2147483648]
 */
export function bitwiseLeftShift(x: TensorLike, y: TensorLike): Tensor {
  return shiftLeftOf("bitwiseLeftShift", x, y);
}

function shiftRightOf(fn: string, x: TensorLike, y: TensorLike): Tensor {
  const [a, b] = integerOperands(fn, [x, y], "int");
  // As jnp.right_shift: arithmetic (sign-filling) for signed integers, logical for unsigned.
  return ops.binaryOp(a!.dtype === "uint32" ? "shift_right_logical" : "shift_right_arithmetic", a!, b!);
}

/**
 * `x >> y`, broadcasting: sign-filling for int32 (−8 >> 1 is −4), zero-filling for uint32. As
 * XLA: a shift by 32 or more, or by a negative amount, gives 0 (−1 for a negative int32).
 * @example `np.rightShift(np.array([-8, 8], { dtype: "int32" }), 1).toArray()` // [-4, 4]
 */
export function rightShift(x: TensorLike, y: TensorLike): Tensor {
  return shiftRightOf("rightShift", x, y);
}

/**
 * `x >> y` (the array API's name); see `np.rightShift`.
 * @example `np.bitwiseRightShift(np.array([4294967295], { dtype: "uint32" }), 28).toArray()` // [15]
 */
export function bitwiseRightShift(x: TensorLike, y: TensorLike): Tensor {
  return shiftRightOf("bitwiseRightShift", x, y);
}

/**
 * The number of 1 bits in the absolute value of each element (so −1 counts 1, as in numpy and
 * JAX). JAX returns uint8, which fluxion does not have: the count is uint32 (unsigned as JAX's,
 * and promoting with int32 to int32). Bool counts as int32 (1 or 0).
 * @example `np.bitwiseCount(np.array([0, 7, -1], { dtype: "int32" })).toArray()` // [0, 3, 1]
 */
export function bitwiseCount(x: TensorLike): Tensor {
  const [a] = integerOperands("bitwiseCount", [x], "int");
  const magnitude = a!.dtype === "int32" ? ops.unaryOp("abs", a!) : a!;
  return ops.convert(ops.unaryOp("population_count", magnitude), "uint32");
}
