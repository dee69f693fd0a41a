/**
 * Reductions with numpy's `(x, axis?, keepdims?)`: `axis` a number (negative allowed), an array,
 * or all axes when omitted. keepdims reinserts size-1 axes with a reshape.
 */
import { ShapeError, fmtShape } from "../errors.js";
import * as ops from "../primitives/ops.js";
import { scalar } from "../tensor/from-js.js";
import { normalizeAxis, reductionAxes, sizeOf } from "../tensor/shape.js";
import type { AxisArg, Tensor, TensorLike } from "../tensor/tensor.js";
import { tensorArg, toFloat } from "./coerce.js";

function axesOf(op: string, x: Tensor, axis: AxisArg): number[] {
  return reductionAxes(axis, x.ndim, `np.${op}`);
}

function keep(x: Tensor, out: Tensor, axes: readonly number[], keepdims: boolean | undefined): Tensor {
  if (!keepdims) return out;
  return ops.reshape(out, x.shape.map((d, i) => (axes.includes(i) ? 1 : d)));
}

/** Sum (bools count as ints). @example `np.sum([[1, 2], [3, 4]], 0)` // [4, 6] */
export function sum(x: TensorLike, axis?: AxisArg, keepdims?: boolean): Tensor {
  let t = tensorArg("sum", x);
  if (t.dtype === "bool") t = ops.convert(t, "int32");
  const axes = axesOf("sum", t, axis);
  return keep(t, ops.reduceSum(t, axes), axes, keepdims);
}

/** Arithmetic mean (ints give float32; an empty axis gives NaN). @example `np.mean([1, 2, 3, 4]).item()` // 2.5 */
export function mean(x: TensorLike, axis?: AxisArg, keepdims?: boolean): Tensor {
  const t = toFloat(tensorArg("mean", x));
  const axes = axesOf("mean", t, axis);
  const count = sizeOf(axes.map((a) => t.shape[a]!));
  const total = ops.reduceSum(t, axes);
  return keep(t, ops.div(total, scalar(count, t.dtype)), axes, keepdims);
}

function extreme(op: "max" | "min", x: TensorLike, axis: AxisArg, keepdims: boolean | undefined): Tensor {
  const t = tensorArg(op, x);
  const axes = axesOf(op, t, axis);
  const empty = axes.find((a) => t.shape[a] === 0);
  if (empty !== undefined) {
    throw new ShapeError(`np.${op}: axis ${empty} of ${fmtShape(t.shape)} is empty and ${op} has no identity; reduce a non-empty axis.`);
  }
  return keep(t, op === "max" ? ops.reduceMax(t, axes) : ops.reduceMin(t, axes), axes, keepdims);
}

/** Maximum (NaN-propagating). @example `np.max([1, 5, 3]).item()` // 5 */
export const max = (x: TensorLike, axis?: AxisArg, keepdims?: boolean): Tensor => extreme("max", x, axis, keepdims);
/** Minimum (NaN-propagating). @example `np.min([1, 5, 3]).item()` // 1 */
export const min = (x: TensorLike, axis?: AxisArg, keepdims?: boolean): Tensor => extreme("min", x, axis, keepdims);

/** Product (1 over an empty axis). @example `np.prod([1, 2, 3, 4]).item()` // 24 */
export function prod(x: TensorLike, axis?: AxisArg, keepdims?: boolean): Tensor {
  let t = tensorArg("prod", x);
  if (t.dtype === "bool") t = ops.convert(t, "int32");
  const axes = axesOf("prod", t, axis);
  return keep(t, ops.reduceProd(t, axes), axes, keepdims);
}

function argExtreme(op: "argmax" | "argmin", x: TensorLike, axis: AxisArg, keepdims: boolean | undefined): Tensor {
  let t = tensorArg(op, x);
  if (t.dtype === "bool") t = ops.convert(t, "int32");
  if (Array.isArray(axis)) throw new ShapeError(`np.${op}: axis must be a single number; got ${fmtShape(axis)}.`);
  if (axis === undefined || axis === null) {
    const flat = ops.reshape(t, [t.size]);
    const out = op === "argmax" ? ops.argmax(flat, 0) : ops.argmin(flat, 0);
    return keepdims ? ops.reshape(out, t.shape.map(() => 1)) : out;
  }
  const a = normalizeAxis(axis as number, t.ndim, `np.${op}`);
  const out = op === "argmax" ? ops.argmax(t, a) : ops.argmin(t, a);
  return keep(t, out, [a], keepdims);
}

/** Index of the first maximum (flattened when `axis` is omitted). @example `np.argmax([1, 5, 5]).item()` // 1 */
export const argmax = (x: TensorLike, axis?: AxisArg, keepdims?: boolean): Tensor => argExtreme("argmax", x, axis, keepdims);
/** Index of the first minimum. @example `np.argmin([3, 1, 1]).item()` // 1 */
export const argmin = (x: TensorLike, axis?: AxisArg, keepdims?: boolean): Tensor => argExtreme("argmin", x, axis, keepdims);
