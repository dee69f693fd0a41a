/**
 * Functions whose result length depends on the data: nonzero, flatnonzero, argwhere and unique. As
 * in JAX, a static `size` makes them traceable (results truncated, or padded with `fill_value`);
 * without it they need concrete input, and under a transform raise a ConcretizationError saying
 * to pass `size`. Positions of true mask entries come from a stable sort of the negated mask.
 */
import { ArgumentError, DTypeError, ShapeError, describeValue } from "../errors.js";
import { cumsum } from "../primitives/cumulative/ops.js";
import * as ops from "../primitives/ops.js";
import { isFloat } from "../tensor/dtype.js";
import { scalar } from "../tensor/from-js.js";
import { normalizeAxis, sizeOf, stridesOf } from "../tensor/shape.js";
import type { Tensor, TensorLike } from "../tensor/tensor.js";
import { tensorArg, toBool } from "./coerce.js";
import { optionalArgs } from "./options.js";
import { concreteOrSizeHint, iotaAlong, isNan, moveAxis, sizeArg, sortPermutation } from "./sorting-support.js";

/** Options of `np.nonzero`, `np.flatnonzero` and `np.argwhere`. */
export interface NonzeroOptions {
  readonly size?: number;
  readonly fill_value?: number | readonly number[];
}

/** Options of `np.unique` (JAX's keywords, by their JAX names). */
export interface UniqueOptions {
  readonly return_index?: boolean;
  readonly return_inverse?: boolean;
  readonly return_counts?: boolean;
  readonly axis?: number | null;
  readonly equal_nan?: boolean;
  readonly size?: number;
  readonly fill_value?: number;
  readonly sorted?: boolean;
}

const i32 = (v: number): Tensor => scalar(v, "int32");
const countOf = (mask: Tensor): Tensor => ops.reduceSum(ops.convert(mask, "int32"), [0]);

/**
 * The flat positions of the true entries of a 1-d bool mask, in order, as int32 [size]: the first
 * `size` of them, then zeros.
 */
function truePositions(mask: Tensor, size: number): Tensor {
  const n = mask.shape[0]!;
  if (n === 0 || size === 0) return ops.broadcastInDim(i32(0), [size], []);
  const falseFirst = ops.convert(ops.unaryOp("not", mask), "int32");
  const order = sortPermutation([falseFirst], 0);
  // Past the count of true entries the sort lists the false ones: those places read 0.
  const found = ops.select(ops.binaryOp("lt", iotaAlong([n], 0), countOf(mask)), order, ops.broadcastInDim(i32(0), [n], []));
  if (size <= n) return ops.slice(found, [0], [size], [1]);
  return ops.concatenate([found, ops.broadcastInDim(i32(0), [size - n], [])], 0);
}

/** The static size: given, or the concrete count of true entries (a ConcretizationError under a transform). */
function resultSize(op: string, mask: Tensor, size: number | undefined): number {
  if (size !== undefined) return size;
  const data = concreteOrSizeHint(op, mask);
  let count = 0;
  for (let i = 0; i < data.length; i++) if (data[i]) count++;
  return count;
}

/** A scalar fill value for one coordinate, checked. */
function fillNumber(op: string, v: unknown, what: string): number {
  if (typeof v !== "number" || !Number.isFinite(v)) throw new ArgumentError(`${op}: ${what} must be a finite number; got ${describeValue(v)}.`);
  return v;
}

function nonzeroOf(op: string, t: Tensor, size: unknown, fillValue: unknown): Tensor[] {
  if (t.ndim === 0) throw new ShapeError(`${op}: a 0-d array has no nonzero positions to list; use np.atleast1d(x) first.`);
  const mask = ops.reshape(toBool(t), [t.size]);
  const n = resultSize(op, mask, sizeArg(op, size));
  const flat = truePositions(mask, n);
  const strides = stridesOf(t.shape);
  let coords = t.shape.map((d, i) => (t.size === 0 ? flat : ops.binaryOp("rem", ops.div(flat, i32(strides[i]!)), i32(d))));
  if (fillValue !== undefined && fillValue !== null) {
    const fills = Array.isArray(fillValue) ? fillValue : t.shape.map(() => fillValue);
    if (fills.length !== t.ndim) throw new ArgumentError(`${op}: fill_value must be a number or a list of ${t.ndim} numbers (one per dimension); got ${describeValue(fillValue)}.`);
    const padded = ops.binaryOp("ge", iotaAlong([n], 0), countOf(mask));
    coords = coords.map((c, i) => ops.select(padded, ops.broadcastInDim(i32(fillNumber(op, fills[i], "fill_value")), [n], []), c));
  }
  return coords;
}

/**
 * The indices of the nonzero (true) elements of `a`, one int32 array per dimension, in row-major
 * order. Under jit/vmap/grad pass a static `size`: the result is truncated or padded (with
 * `fill_value`, default 0) to it.
 * @example `np.nonzero([0, 3, 0, 5])[0]!.toArray()` // [1, 3]
 */
export function nonzero(a: TensorLike, options: NonzeroOptions = {}): Tensor[] {
  const { size, fill_value } = optionalArgs("np.nonzero", ["size", "fill_value"], [options]);
  return nonzeroOf("np.nonzero", tensorArg("nonzero", a), size, fill_value);
}

/**
 * The flat (row-major) indices of the nonzero elements of `a`; `size` and `fill_value` as in `nonzero`.
 * @example `np.flatnonzero([[0, 1], [1, 0]]).toArray()` // [1, 2]
 */
export function flatnonzero(a: TensorLike, options: NonzeroOptions = {}): Tensor {
  const { size, fill_value } = optionalArgs("np.flatnonzero", ["size", "fill_value"], [options]);
  const t = tensorArg("flatnonzero", a);
  return nonzeroOf("np.flatnonzero", ops.reshape(t, [t.size]), size, fill_value)[0]!;
}

/**
 * The indices of the nonzero elements of `a` as rows of an int32 [count, ndim] array; `size` and
 * `fill_value` as in `nonzero`.
 * @example `np.argwhere([[0, 1], [1, 0]]).toArray()` // [[0, 1], [1, 0]]
 */
export function argwhere(a: TensorLike, options: NonzeroOptions = {}): Tensor {
  const { size, fill_value } = optionalArgs("np.argwhere", ["size", "fill_value"], [options]);
  const t = tensorArg("argwhere", a);
  const coords = nonzeroOf("np.argwhere", t.ndim === 0 ? ops.reshape(t, [1]) : t, size, fill_value);
  const rows = coords[0]!.shape[0]!;
  if (t.ndim === 0) return ops.broadcastInDim(i32(0), [rows, 0], []);
  return ops.concatenate(coords.map((c) => ops.reshape(c, [rows, 1])), 1);
}

function flag(op: string, name: string, v: unknown): boolean {
  if (v === undefined) return false;
  if (typeof v !== "boolean") throw new ArgumentError(`${op}: ${name} must be true or false; got ${describeValue(v)}.`);
  return v;
}

/**
 * The sorted unique values of `a` (flattened, or unique slices along `axis`), and on request the
 * index of each one's first occurrence (`return_index`), the index into the result of every input
 * element (`return_inverse`) and how often each occurs (`return_counts`) — then an array
 * `[values, ...requested]`. NaNs count as one value unless `equal_nan` is false. Under a transform
 * pass a static `size`: the result is truncated, or padded with `fill_value` (default: the smallest value).
 * @example `np.unique([3, 1, 3, 2]).toArray()` // [1, 2, 3]
 */
export function unique(
  ar: TensorLike,
  ...rest:
    | [returnIndex?: boolean, returnInverse?: boolean, returnCounts?: boolean, axis?: number | null, options?: UniqueOptions]
    | [options: UniqueOptions]
): Tensor | Tensor[] {
  const o = optionalArgs(
    "np.unique",
    ["return_index", "return_inverse", "return_counts", "axis", "equal_nan", "size", "fill_value", "sorted"],
    rest,
  );
  const op = "np.unique";
  const [wantIndex, wantInverse, wantCounts] = [flag(op, "return_index", o.return_index), flag(op, "return_inverse", o.return_inverse), flag(op, "return_counts", o.return_counts)];
  const equalNan = o.equal_nan === undefined ? true : flag(op, "equal_nan", o.equal_nan);
  let size = sizeArg(op, o.size);
  const t0 = tensorArg("unique", ar);
  if (size === undefined) concreteOrSizeHint(op, t0);
  const flatInput = o.axis === undefined || o.axis === null;
  const t = flatInput ? ops.reshape(t0, [t0.size]) : t0;
  if (t.ndim === 0) throw new ShapeError(`${op}: axis ${describeValue(o.axis)} was given but the array is 0-d; pass no axis.`);
  const axis = flatInput ? 0 : normalizeAxis(o.axis as number, t.ndim, op);
  const fill = o.fill_value === undefined || o.fill_value === null ? undefined : fillNumber(op, o.fill_value, "fill_value");
  if (t.shape[axis] === 0 && size && fill === undefined) {
    throw new ArgumentError(`${op}: for an empty input and a nonzero size, pass fill_value (there is no smallest value to pad with).`);
  }
  if (t.dtype === "bool" && fill !== undefined && fill !== 0 && fill !== 1) {
    throw new DTypeError(`${op}: fill_value ${fill} does not fit a bool array; pass 0 or 1.`);
  }

  // Sort the slices along `axis` lexicographically (JAX: lexsort of the flattened slices).
  let aux = moveAxis(t, axis, 0);
  const [n, ...inner] = aux.shape as [number, ...number[]];
  const width = sizeOf(inner);
  let perm: Tensor;
  if (width === 0) {
    perm = ops.broadcastInDim(i32(0), [1], []);
  } else {
    const rows = ops.reshape(aux, [n, width]);
    const columns = Array.from({ length: width }, (_, j) => ops.reshape(ops.slice(rows, [0, j], [n, j + 1], [1, 1]), [n]));
    perm = sortPermutation(columns, 0);
  }
  aux = ops.gather(aux, perm, 0);
  const m = aux.shape[0]!;

  // mask[i]: slice i of the sorted slices starts a new value.
  let mask: Tensor;
  if (aux.size > 0) {
    const head = ops.slice(aux, [1, ...inner.map(() => 0)], aux.shape, aux.shape.map(() => 1));
    const prev = ops.slice(aux, aux.shape.map(() => 0), [m - 1, ...inner], aux.shape.map(() => 1));
    let differs = ops.binaryOp("ne", head, prev);
    if (isFloat(aux.dtype) && equalNan) differs = ops.binaryOp("and", differs, ops.unaryOp("not", ops.binaryOp("and", isNan(head), isNan(prev))));
    const anyDiff = inner.length === 0 ? differs : ops.binaryOp("gt", ops.reduceMax(ops.convert(differs, "int32"), inner.map((_, i) => i + 1)), i32(0));
    mask = ops.concatenate([ops.broadcastInDim(scalar(1, "bool"), [1], []), anyDiff], 0);
  } else {
    mask = ops.broadcastInDim(scalar(0, "bool"), [m], []);
  }
  size = resultSize(op, mask, size);
  const ind = truePositions(mask, size);

  let values = aux.size > 0 ? ops.gather(aux, ind, 0) : aux;
  if (o.size !== undefined && fill !== undefined) {
    const fillT = scalar(fill, values.dtype);
    if (values.shape[0]! > 0) {
      const valid = ops.broadcastInDim(ops.binaryOp("lt", iotaAlong([size], 0), countOf(mask)), values.shape, [0]);
      values = ops.select(valid, values, ops.broadcastInDim(fillT, values.shape, []));
    } else {
      values = ops.broadcastInDim(fillT, [size, ...inner], []);
    }
  }
  const out: Tensor[] = [moveAxis(values, 0, axis)];
  if (wantIndex) out.push(aux.size > 0 ? ops.gather(perm, ind, 0) : perm);
  if (wantInverse) {
    let inverse: Tensor;
    if (aux.size > 0) {
      const position = ops.sub(cumsum(ops.convert(mask, "int32"), 0), i32(1));
      inverse = ops.scatter(ops.broadcastInDim(i32(0), [m], []), perm, position, 0);
    } else {
      inverse = ops.broadcastInDim(i32(0), [t.shape[axis]!], []);
    }
    out.push(flatInput ? ops.reshape(inverse, t0.shape) : inverse);
  }
  if (wantCounts) {
    if (aux.size > 0) {
      const starts = truePositions(mask, size + 1);
      const later = ops.slice(starts, [1], [size + 1], [1]);
      // Padding starts (0) become the end m, so the counts past the last value are 0 (JAX's diff).
      const ends = ops.select(ops.binaryOp("ne", later, i32(0)), later, ops.broadcastInDim(i32(m), [size], []));
      const bounds = ops.concatenate([ops.slice(starts, [0], [1], [1]), ends], 0);
      out.push(ops.sub(ops.slice(bounds, [1], [size + 1], [1]), ops.slice(bounds, [0], [size], [1])));
    } else {
      out.push(t.shape[axis]! > 0 ? ops.broadcastInDim(i32(t.shape[axis]!), [1], []) : ops.broadcastInDim(i32(0), [0], []));
    }
  }
  return out.length === 1 ? out[0]! : out;
}
