/**
 * Argument coercion for the np layer: JS data to tensors, dtype promotion with weakly typed JS
 * numbers (a number takes the dtype of the tensor it meets), and numpy broadcasting made explicit
 * with broadcast_in_dim — so primitives only ever see equal shapes or scalars.
 */
import { DTypeError, ShapeError, describeValue } from "../errors.js";
import * as ops from "../primitives/ops.js";
import { type DType, checkFits, isInexact, promoteTypes, weakNumberDType } from "../tensor/dtype.js";
import { arrayFrom, asTensor, scalar } from "../tensor/from-js.js";
import { broadcastShapes, shapesEqual } from "../tensor/shape.js";
import { Tensor, type TensorLike } from "../tensor/tensor.js";

/** The dtype `x` has when it stands alone (numbers float32, booleans bool). */
function strongDType(x: TensorLike): DType | undefined {
  if (x instanceof Tensor) return x.dtype;
  if (typeof x === "number") return undefined; // weak
  if (typeof x === "boolean") return undefined; // weak
  return undefined;
}

/**
 * Converts operands to tensors of one common dtype. Tensors and arrays are strongly typed and
 * promote (bool < int32, uint32 < float32 < float64, with int32 and uint32 giving int32: see
 * `promoteTypes`); bare numbers and booleans are weak and adopt it.
 */
export function promoteOperands(op: string, xs: readonly TensorLike[]): Tensor[] {
  const strong = xs.map((x, i) => {
    const d = strongDType(x);
    if (d !== undefined || typeof x === "number" || typeof x === "boolean") return x;
    return asTensor(x, `${op}: args[${i}]`);
  });
  let common: DType | undefined;
  for (const x of strong) if (x instanceof Tensor) common = common === undefined ? x.dtype : promoteTypes(common, x.dtype);
  if (common === undefined) {
    // Only weak values: JAX-like defaults (booleans stay bool, numbers float32).
    common = strong.every((x) => typeof x === "boolean") ? "bool" : "float32";
  }
  for (const x of strong) {
    if (typeof x === "number") common = promoteTypes(common, weakNumberDType(x, common));
  }
  const target = common;
  return strong.map((x, i) => {
    if (x instanceof Tensor) return ops.convert(x, target);
    // A weak number that the common dtype cannot hold is refused, as JAX refuses a Python int
    // that overflows (int32 + 3e9 would otherwise saturate or wrap without a word).
    if (typeof x === "number") {
      checkFits(x, target, `${op}: args[${i}]`, `cast the other operand to a float dtype first (np.astype(x, "float64")): a JS number takes the dtype of the array it meets.`);
    }
    return scalar(Number(x), target);
  });
}

/** Converts one operand to a tensor (numbers float32 unless `dtype`). */
export function tensorArg(op: string, x: TensorLike, arg = "args[0]", dtype?: DType): Tensor {
  if (x instanceof Tensor) return dtype === undefined ? x : ops.convert(x, dtype);
  return arrayFrom(x, dtype, `${op}: ${arg}`);
}

/**
 * A list of array arguments (`np.concatenate(xs)`, `np.stack(xs)`), each converted to a tensor. Not
 * an array, an empty list, or a hole (`[a, , b]`, which `map` would skip and leave undefined) is an
 * error naming the function and `args[0][i]`. Walks by index, so it stops at the first hole even of
 * a huge sparse array.
 */
export function tensorListArg(op: string, xs: unknown): Tensor[] {
  if (!Array.isArray(xs) || xs.length === 0) {
    throw new ShapeError(`np.${op}: args[0] must be a non-empty array of arrays; got ${describeValue(xs)}.`);
  }
  const out: Tensor[] = [];
  for (let i = 0; i < xs.length; i++) {
    if (!(i in xs)) {
      throw new DTypeError(`np.${op}: args[0][${i}] is a hole (an empty slot of a sparse array such as [a, , b]); give every element a value.`);
    }
    out.push(tensorArg(op, xs[i] as TensorLike, `args[0][${i}]`));
  }
  return out;
}

/**
 * Casts ints and bools to float32 for ops that are only defined on floats (as JAX does); float
 * and complex tensors stay as they are (the primitive says whether it takes complex).
 */
export function toFloat(x: Tensor): Tensor {
  return isInexact(x.dtype) ? x : ops.convert(x, "float32");
}

/** numpy `broadcast_to` via broadcast_in_dim (no-op when the shape already matches). */
export function broadcastTensor(x: Tensor, shape: readonly number[]): Tensor {
  if (shapesEqual(x.shape, shape)) return x;
  const offset = shape.length - x.shape.length;
  const dims = x.shape.map((_, i) => i + offset);
  // Dimensions of size 1 that stretch must be dropped from the operand first when they change size.
  return ops.broadcastInDim(x, shape, dims);
}

/** Broadcasts operands to their common shape; scalars stay scalars (primitives accept them). */
export function broadcastOperands(op: string, xs: readonly Tensor[]): Tensor[] {
  if (xs.every((x) => shapesEqual(x.shape, xs[0]!.shape))) return [...xs];
  const shape = broadcastShapes(op, xs.map((x) => x.shape));
  return xs.map((x) => (x.shape.length === 0 ? x : broadcastTensor(x, shape)));
}

/** Promotes and broadcasts. */
export function prepareOperands(op: string, xs: readonly TensorLike[]): Tensor[] {
  return broadcastOperands(op, promoteOperands(op, xs));
}

/** `x` as bool: x ≠ 0 (bool stays as it is). */
export function toBool(x: Tensor): Tensor {
  if (x.dtype === "bool") return x;
  return ops.binaryOp("ne", x, scalar(0, x.dtype));
}

/** Rejects a dtype an op cannot take. */
export function requireNumeric(op: string, x: Tensor, arg = "args[0]"): void {
  if (x.dtype === "bool") {
    throw new DTypeError(`np.${op}: ${arg} is bool; np.${op} needs numbers. Cast with np.astype(x, "float32").`);
  }
}
