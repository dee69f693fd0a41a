/**
 * Shape functions: reshape (with one inferred −1), transpose, expandDims, squeeze, broadcastTo,
 * concatenate, stack. Each validates user input and names the offending dimension.
 */
import { ShapeError, fmtShape, fmtValue } from "../errors.js";
import * as ops from "../primitives/ops.js";
import { type DType, dtypeArg } from "../tensor/dtype.js";
import { MAX_ELEMENTS, checkShape, normalizeAxes, normalizeAxis, shapesEqual, sizeOf, tryBroadcastShapes } from "../tensor/shape.js";
import type { AxisArg, Tensor, TensorLike } from "../tensor/tensor.js";
import { broadcastTensor, promoteOperands, tensorArg, tensorListArg } from "./coerce.js";

/**
 * Same elements, new shape; one dimension may be −1 (inferred).
 * @example `np.reshape(np.arange(6), [2, -1]).shape` // [2, 3]
 */
export function reshape(x: TensorLike, shape: readonly number[]): Tensor {
  const t = tensorArg("reshape", x);
  if (!Array.isArray(shape)) throw new ShapeError(`np.reshape: the shape must be an array of integers; got ${fmtValue(shape)}.`);
  // A reshape keeps the element count, so a valid new shape has few dimensions that multiply to it;
  // refuse an absurd length (a sparse array) before walking it.
  if (shape.length > MAX_ELEMENTS) {
    throw new ShapeError(`np.reshape: the new shape has ${shape.length} dimensions; pass an array of a few integers.`);
  }
  let inferred = -1;
  // By index, not forEach: a hole must be reported, not skipped.
  for (let i = 0; i < shape.length; i++) {
    const d: unknown = shape[i];
    if (d === -1 && inferred === -1) inferred = i;
    else if (typeof d !== "number" || !Number.isInteger(d) || d < 0) {
      throw new ShapeError(
        `np.reshape: dimension ${i} of the new shape ${fmtShape(shape)} is ${fmtValue(d)}; ` +
          `use non-negative integers, with at most one -1 to infer a dimension.`,
      );
    }
  }
  const target = Array.from(shape);
  if (inferred >= 0) {
    const known = sizeOf(target.filter((_, i) => i !== inferred));
    if (known === 0 || t.size % known !== 0) {
      throw new ShapeError(`np.reshape: cannot infer dimension ${inferred} to reshape ${fmtShape(t.shape)} (${t.size} elements) to ${fmtShape(shape)}.`);
    }
    target[inferred] = t.size / known;
  }
  if (shapesEqual(target, t.shape)) return t;
  return ops.reshape(t, target);
}

/** Permutes axes (reverses them when `axes` is omitted). @example `np.transpose(np.ones([2, 3])).shape` // [3, 2] */
export function transpose(x: TensorLike, axes?: readonly number[]): Tensor {
  const t = tensorArg("transpose", x);
  if (axes !== undefined && !Array.isArray(axes)) {
    throw new ShapeError(`np.transpose: axes must be an array of integers; got ${fmtValue(axes)}.`);
  }
  const perm = axes === undefined ? t.shape.map((_, i) => t.ndim - 1 - i) : normalizeAxes(axes, t.ndim, "np.transpose");
  if (perm.length !== t.ndim) {
    throw new ShapeError(`np.transpose: axes ${fmtShape(axes ?? [])} must list all ${t.ndim} axes of ${fmtShape(t.shape)} once.`);
  }
  if (perm.every((p, i) => p === i)) return t;
  return ops.transpose(t, perm);
}

/** Inserts a size-1 axis at `axis`. @example `np.expandDims(np.ones([3]), 0).shape` // [1, 3] */
export function expandDims(x: TensorLike, axis: number): Tensor {
  const t = tensorArg("expandDims", x);
  const a = normalizeAxis(axis, t.ndim + 1, "np.expandDims");
  const shape = [...t.shape];
  shape.splice(a, 0, 1);
  return ops.reshape(t, shape);
}

/** Removes size-1 axes (all of them, or those named). @example `np.squeeze(np.ones([1, 3, 1])).shape` // [3] */
export function squeeze(x: TensorLike, axis?: AxisArg): Tensor {
  const t = tensorArg("squeeze", x);
  let axes: number[];
  if (axis === undefined || axis === null) axes = t.shape.flatMap((d, i) => (d === 1 ? [i] : []));
  else {
    axes = normalizeAxes(typeof axis === "number" ? [axis] : axis, t.ndim, "np.squeeze");
    for (const a of axes) {
      if (t.shape[a] !== 1) {
        throw new ShapeError(`np.squeeze: axis ${a} of ${fmtShape(t.shape)} has size ${t.shape[a]}; only size-1 axes can be squeezed.`);
      }
    }
  }
  if (axes.length === 0) return t;
  return ops.reshape(t, t.shape.filter((_, i) => !axes.includes(i)));
}

/** Broadcasts to `shape` by numpy rules. @example `np.broadcastTo([1, 2], [3, 2]).shape` // [3, 2] */
export function broadcastTo(x: TensorLike, shape: readonly number[]): Tensor {
  const t = tensorArg("broadcastTo", x);
  checkShape(shape, "np.broadcastTo");
  const b = tryBroadcastShapes(t.shape, shape);
  if (b === undefined || !shapesEqual(b, shape)) {
    throw new ShapeError(`np.broadcastTo: cannot broadcast ${fmtShape(t.shape)} to ${fmtShape(shape)}; each trailing dimension must be equal or 1.`);
  }
  return broadcastTensor(t, shape);
}

/** Joins arrays along an existing axis (dtypes promote). @example `np.concatenate([[1], [2, 3]]).shape` // [3] */
export function concatenate(xs: readonly TensorLike[], axis = 0): Tensor {
  const ts = promoteOperands("concatenate", tensorListArg("concatenate", xs));
  const first = ts[0]!;
  if (first.ndim === 0) throw new ShapeError("np.concatenate: zero-dimensional arrays cannot be concatenated; use np.stack.");
  const a = normalizeAxis(axis, first.ndim, "np.concatenate");
  if (ts.length === 1) return first;
  return ops.concatenate(ts, a);
}

/** Joins arrays of one shape along a new axis. @example `np.stack([[1, 2], [3, 4]], 1).shape` // [2, 2] */
export function stack(xs: readonly TensorLike[], axis = 0): Tensor {
  const ts = promoteOperands("stack", tensorListArg("stack", xs));
  ts.forEach((t, i) => {
    if (!shapesEqual(t.shape, ts[0]!.shape)) {
      throw new ShapeError(`np.stack: args[0][${i}] has shape ${fmtShape(t.shape)} but args[0][0] has ${fmtShape(ts[0]!.shape)}; stacked arrays must share one shape.`);
    }
  });
  const a = normalizeAxis(axis, ts[0]!.ndim + 1, "np.stack");
  const expanded = ts.map((t) => expandDims(t, a));
  return expanded.length === 1 ? expanded[0]! : ops.concatenate(expanded, a);
}

/** Casts to `dtype`. @example `np.astype([1.7, -1.7], "int32")` // [1, -1] */
export function astype(x: TensorLike, dtype: DType): Tensor {
  return ops.convert(tensorArg("astype", x), dtypeArg(dtype, "np.astype"));
}
