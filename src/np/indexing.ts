/**
 * Indexing: `take`, `x.get(i)`, `x.slice(...ranges)` and the functional `x.at(i).set/add(v)`.
 * Static JS-number indices become static slices (readable graphs); tensor indices (possibly
 * traced) become gather/scatter. Negative indices count from the end.
 */
import { DTypeError, ShapeError, describeValue, fmtShape } from "../errors.js";
import * as ops from "../primitives/ops.js";
import { arrayFrom } from "../tensor/from-js.js";
import { normalizeAxis } from "../tensor/shape.js";
import { type SliceRange, Tensor, type TensorLike } from "../tensor/tensor.js";
import { tensorArg } from "./coerce.js";
import { broadcastTo, reshape } from "./shape.js";

/**
 * The "use …" part of an out-of-range index message: the valid range, or, for an axis of size 0
 * (where the range [0, -1] would be empty), that no index is valid.
 */
function validIndices(n: number): string {
  return n === 0 ? "the axis is empty, so no index is valid; check the shape first" : `use an integer in [${-n}, ${n - 1}]`;
}

/** Indices as an int32 tensor (JS numbers are taken as integers). */
function indexTensor(op: string, indices: TensorLike): Tensor {
  if (indices instanceof Tensor) {
    if (indices.dtype !== "int32") {
      throw new DTypeError(`${op}: indices have dtype ${indices.dtype}; they must be int32. Cast with np.astype(i, "int32").`);
    }
    return indices;
  }
  const t = arrayFrom(indices, "float64", `${op}: indices`);
  const data = t.concreteData();
  for (let i = 0; i < data.length; i++) {
    if (!Number.isInteger(data[i])) {
      throw new DTypeError(`${op}: index ${data[i]} is not an integer; indices must be integers.`);
    }
  }
  return arrayFrom(indices, "int32", `${op}: indices`);
}

/**
 * Takes elements along `axis` (the flattened array when omitted), numpy `take`. Negative indices
 * count from the end; out-of-range indices are clamped.
 * @example `np.take([10, 20, 30], [2, 0])` // [30, 10]
 */
export function take(x: TensorLike, indices: TensorLike, axis?: number): Tensor {
  let t = tensorArg("take", x);
  if (axis === undefined) t = reshape(t, [t.size]);
  const a = normalizeAxis(axis ?? 0, t.ndim, "np.take");
  return ops.gather(t, indexTensor("np.take", indices), a);
}

/** `x[i]`: drops the leading axis. @example `np.array([[1, 2], [3, 4]]).get(-1)` // [3, 4] */
export function get(x: Tensor, index: TensorLike): Tensor {
  if (x.ndim === 0) throw new ShapeError("get: a 0-d tensor has no axis to index; use item().");
  if (typeof index === "number") {
    const n = x.shape[0]!;
    if (!Number.isInteger(index)) throw new DTypeError(`get: index ${index} is not an integer; indices must be integers.`);
    if (index < -n || index >= n) {
      throw new ShapeError(`get: index ${index} is out of range for axis 0 of size ${n} (shape ${fmtShape(x.shape)}); ${validIndices(n)}.`);
    }
    const i = index < 0 ? index + n : index;
    const starts = x.shape.map((_, d) => (d === 0 ? i : 0));
    const limits = x.shape.map((s, d) => (d === 0 ? i + 1 : s));
    return ops.reshape(ops.slice(x, starts, limits, x.shape.map(() => 1)), x.shape.slice(1));
  }
  return ops.gather(x, indexTensor("get", index), 0);
}

/** Resolves one numpy-style range against an axis of size n: start, count, step (step may be negative). */
function resolveRange(r: readonly (number | null)[], n: number, axis: number): [number, number, number] {
  const [start0 = null, stop0 = null, step0 = null] = r;
  const step = step0 ?? 1;
  if (![start0, stop0, step].every((v) => v === null || Number.isInteger(v)) || step === 0) {
    throw new ShapeError(`slice: range ${fmtRange(r)} for axis ${axis} must hold integers or null with a non-zero step.`);
  }
  // Python's rules: a negative bound counts from the end, out-of-range bounds clamp, and an open
  // end (null) runs to the edge the step walks towards — for a negative step, past index 0.
  const norm = (v: number, lo: number, hi: number): number => Math.min(Math.max(v < 0 ? v + n : v, lo), hi);
  if (step > 0) {
    const s = start0 === null ? 0 : norm(start0, 0, n);
    const e = stop0 === null ? n : norm(stop0, 0, n);
    return [s, Math.max(0, Math.ceil((e - s) / step)), step];
  }
  const s = start0 === null ? n - 1 : norm(start0, -1, n - 1);
  const e = stop0 === null ? -1 : norm(stop0, -1, n - 1);
  return [s, Math.max(0, Math.ceil((s - e) / -step)), step];
}

/** `[1,null,-1]` as written (a string element keeps its quotes). */
const fmtRange = (r: readonly (number | null)[]): string => fmtShape(r);

/**
 * One range per leading axis: `[start, stop]`, `[start, stop, step]` as Python's `start:stop:step`
 * (`null` for an open end, negative indices from the end), an index (axis dropped) or `null`
 * (whole axis). Out-of-range bounds clamp as in numpy.
 * @example `np.arange(10).slice([2, 8, 3])` // [2, 5]
 * @example `np.arange(5).slice([null, null, -1])` // [4, 3, 2, 1, 0]
 */
export function slice(x: Tensor, ranges: readonly SliceRange[]): Tensor {
  if (ranges.length > x.ndim) {
    throw new ShapeError(`slice: ${ranges.length} ranges given for a tensor of rank ${x.ndim} (shape ${fmtShape(x.shape)}); give at most one per axis.`);
  }
  let t = x;
  const starts: number[] = [], limits: number[] = [], strides: number[] = [], reversed: number[] = [], dropped: number[] = [];
  x.shape.forEach((n, axis) => {
    const r = ranges[axis];
    if (r === undefined || r === null) {
      starts.push(0), limits.push(n), strides.push(1);
    } else if (typeof r === "number") {
      if (!Number.isInteger(r)) throw new DTypeError(`slice: index ${r} for axis ${axis} is not an integer; indices must be integers.`);
      if (r < -n || r >= n) {
        throw new ShapeError(`slice: index ${r} is out of range for axis ${axis} of size ${n}; ${validIndices(n)}.`);
      }
      const i = r < 0 ? r + n : r;
      starts.push(i), limits.push(i + 1), strides.push(1), dropped.push(axis);
    } else if (Array.isArray(r) && (r.length === 2 || r.length === 3)) {
      const [s, count, step] = resolveRange(r, n, axis);
      if (step > 0) {
        starts.push(s), limits.push(count === 0 ? s : s + (count - 1) * step + 1), strides.push(step);
      } else {
        // A negative step reads the reversed axis forwards: index i maps to n-1-i.
        reversed.push(axis);
        const rs = n - 1 - s;
        starts.push(count === 0 ? 0 : rs), limits.push(count === 0 ? 0 : rs + (count - 1) * -step + 1), strides.push(-step);
      }
    } else {
      const given = Array.isArray(r) ? fmtShape(r) : describeValue(r);
      throw new ShapeError(`slice: range ${given} for axis ${axis} must be [start, stop], [start, stop, step], an index or null.`);
    }
  });
  if (reversed.length > 0) t = ops.rev(t, reversed);
  const identity = starts.every((s, i) => s === 0 && limits[i] === x.shape[i] && strides[i] === 1);
  if (!identity) t = ops.slice(t, starts, limits, strides);
  if (dropped.length > 0) t = ops.reshape(t, t.shape.filter((_, i) => !dropped.includes(i)));
  return t;
}

/**
 * Functional update along axis 0: a copy of `x` with `x[index] = value` (mode "set") or
 * `x[index] += value` (mode "add"). `value` broadcasts to the indexed shape.
 * @example `np.zeros([3]).at(1).set(5)` // [0, 5, 0]
 */
export function atSet(x: Tensor, index: TensorLike, value: TensorLike, mode: "set" | "add"): Tensor {
  if (x.ndim === 0) throw new ShapeError(`at(): a 0-d tensor has no axis to index; use the value directly.`);
  if (typeof index === "number") {
    const n = x.shape[0]!;
    if (!Number.isInteger(index)) throw new DTypeError(`at(${index}): the index is not an integer; indices must be integers.`);
    if (index < -n || index >= n) {
      throw new ShapeError(`at(${index}): index out of range for axis 0 of size ${n}; ${validIndices(n)}.`);
    }
  }
  const idx = indexTensor(`at(...).${mode}`, index);
  const target = [...idx.shape, ...x.shape.slice(1)];
  let v = value instanceof Tensor ? value : arrayFrom(value, x.dtype, `at(...).${mode}: value`);
  v = ops.convert(v, x.dtype);
  v = broadcastTo(v, target);
  return mode === "set" ? ops.scatter(x, idx, v, 0) : ops.scatterAdd(x, idx, v, 0);
}
