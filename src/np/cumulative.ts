/**
 * Cumulative reductions and differences: cumsum, cumprod, cumulativeSum, cumulativeProd,
 * nancumsum, nancumprod (on the cumsum/cumprod primitives), diff, ediff1d, trapezoid. JAX's
 * signatures: optional arguments in JAX's order or a trailing options object.
 */
import { ArgumentError, ShapeError, describeValue, fmtShape } from "../errors.js";
import { cumprod as cumprodOp, cumsum as cumsumOp } from "../primitives/cumulative/ops.js";
import * as ops from "../primitives/ops.js";
import { type DType, isFloat } from "../tensor/dtype.js";
import { scalar } from "../tensor/from-js.js";
import { normalizeAxis } from "../tensor/shape.js";
import type { Tensor, TensorLike } from "../tensor/tensor.js";
import { broadcastTensor, promoteOperands, tensorArg, toBool } from "./coerce.js";
import { optionalArgs } from "./options.js";
import { boolArg, dtypeOpt, refuseOut } from "./reduce-args.js";

/** JAX's keyword arguments of `np.cumsum` and `np.cumprod`. */
export interface CumulativeOptions {
  /** The axis to accumulate along; the flattened array when omitted. */
  readonly axis?: number | null;
  readonly dtype?: DType;
  readonly out?: null;
}

type Kind = "sum" | "prod";

/**
 * JAX's `_cumulative_reduction`: flatten when no axis is given, replace NaN (the nan variants),
 * accumulate bools as int32, and give an explicit bool dtype the non-zero pattern of the result.
 */
function accumulate(op: string, kind: Kind, a: TensorLike, axisArg: unknown, dtypeArg: unknown, fillNan: boolean): Tensor {
  const dtype = dtypeOpt(op, dtypeArg);
  let t = tensorArg(op.slice(3), a);
  if (axisArg === undefined || axisArg === null || t.ndim === 0) t = ops.reshape(t, [t.size]);
  const axis = axisArg === undefined || axisArg === null ? 0 : normalizeAxis(axisArg as number, t.ndim, op);
  if (fillNan && isFloat(t.dtype)) t = ops.select(ops.binaryOp("ne", t, t), scalar(kind === "sum" ? 0 : 1, t.dtype), t);
  let computation: DType;
  if (dtype === undefined) computation = t.dtype === "bool" ? "int32" : t.dtype;
  else if (dtype === "bool") {
    if (t.dtype !== "bool") t = toBool(t); // so that [-1, 1] cannot cancel
    computation = "int32";
  } else computation = dtype;
  const out = (kind === "sum" ? cumsumOp : cumprodOp)(ops.convert(t, computation), axis);
  return dtype === "bool" ? toBool(out) : out;
}

function cumulativeArgs(op: string, args: readonly unknown[]) {
  const o = optionalArgs(op, ["axis", "dtype", "out"] as const, args);
  refuseOut(op, o.out);
  return o;
}

/**
 * Cumulative sum along `axis` (of the flattened array when omitted). Bools accumulate as int32;
 * float32 accumulates in float64 and rounds each output once.
 *
 * @example
 * ```ts
 * np.cumsum([[1, 2], [3, 4]], 1).toArray(); // [[1, 3], [3, 7]]
 * np.cumsum([1, 2, 3]).toArray();           // [1, 3, 6]
 * ```
 */
export function cumsum(a: TensorLike, axis?: number | null | CumulativeOptions, ...rest: unknown[]): Tensor {
  const o = cumulativeArgs("np.cumsum", [axis, ...rest]);
  return accumulate("np.cumsum", "sum", a, o.axis, o.dtype, false);
}

/**
 * Cumulative product along `axis` (of the flattened array when omitted); its gradient is exact
 * where entries are 0.
 *
 * @example
 * ```ts
 * np.cumprod([1, 2, 3, 4]).toArray(); // [1, 2, 6, 24]
 * ```
 */
export function cumprod(a: TensorLike, axis?: number | null | CumulativeOptions, ...rest: unknown[]): Tensor {
  const o = cumulativeArgs("np.cumprod", [axis, ...rest]);
  return accumulate("np.cumprod", "prod", a, o.axis, o.dtype, false);
}

/**
 * Cumulative sum with NaN read as 0.
 *
 * @example
 * ```ts
 * np.nancumsum([1, NaN, 2]).toArray(); // [1, 1, 3]
 * ```
 */
export function nancumsum(a: TensorLike, axis?: number | null | CumulativeOptions, ...rest: unknown[]): Tensor {
  const o = cumulativeArgs("np.nancumsum", [axis, ...rest]);
  return accumulate("np.nancumsum", "sum", a, o.axis, o.dtype, true);
}

/**
 * Cumulative product with NaN read as 1.
 *
 * @example
 * ```ts
 * np.nancumprod([2, NaN, 3]).toArray(); // [2, 2, 6]
 * ```
 */
export function nancumprod(a: TensorLike, axis?: number | null | CumulativeOptions, ...rest: unknown[]): Tensor {
  const o = cumulativeArgs("np.nancumprod", [axis, ...rest]);
  return accumulate("np.nancumprod", "prod", a, o.axis, o.dtype, true);
}

/** The array API's keyword arguments of `np.cumulativeSum` and `np.cumulativeProd` (keyword-only in JAX). */
export interface CumulativeApiOptions {
  /** Required unless the array is 1-d. */
  readonly axis?: number | null;
  readonly dtype?: DType;
  /** Start with the identity (0 or 1), so the result is one longer along `axis`. */
  readonly include_initial?: boolean;
}

function cumulativeApi(op: string, kind: Kind, x: TensorLike, options: unknown): Tensor {
  const o = optionalArgs(op, ["axis", "dtype", "include_initial"] as const, options === undefined ? [] : [options]);
  if (options !== undefined && typeof options !== "object") {
    throw new ArgumentError(`${op}: its optional arguments are keyword-only in JAX; pass an options object ({ axis, dtype, include_initial }), got ${describeValue(options)}.`);
  }
  const t = tensorArg(op.slice(3), x);
  if (t.ndim === 0) throw new ShapeError(`${op}: the input is 0-d; a cumulative ${kind} needs at least one axis (reshape it to [1]).`);
  if ((o.axis === undefined || o.axis === null) && t.ndim > 1) {
    throw new ShapeError(`${op}: the input has rank ${t.ndim} (shape ${fmtShape(t.shape)}) and no axis was given; give { axis } (only 1-d input may leave it out).`);
  }
  const axis = o.axis === undefined || o.axis === null ? 0 : normalizeAxis(o.axis as number, t.ndim, op);
  // _cumsum_with_promotion: bools (and narrower ints) accumulate as the default int.
  const out = accumulate(op, kind, t, axis, o.dtype, false);
  if (!boolArg(op, "include_initial", o.include_initial, false)) return out;
  const initShape = out.shape.map((d, i) => (i === axis ? 1 : d));
  const init = broadcastTensor(scalar(kind === "sum" ? 0 : 1, out.dtype), initShape);
  return ops.concatenate([init, out], axis);
}

/**
 * The array API's cumulative sum: `axis` required for input of rank > 1; `include_initial`
 * prepends 0.
 *
 * @example
 * ```ts
 * np.cumulativeSum([1, 2, 3], { include_initial: true }).toArray(); // [0, 1, 3, 6]
 * ```
 */
export function cumulativeSum(x: TensorLike, options?: CumulativeApiOptions): Tensor {
  return cumulativeApi("np.cumulativeSum", "sum", x, options);
}

/**
 * The array API's cumulative product: `axis` required for input of rank > 1; `include_initial`
 * prepends 1.
 *
 * @example
 * ```ts
 * np.cumulativeProd([[1, 2], [3, 4]], { axis: 1 }).toArray(); // [[1, 2], [3, 12]]
 * ```
 */
export function cumulativeProd(x: TensorLike, options?: CumulativeApiOptions): Tensor {
  return cumulativeApi("np.cumulativeProd", "prod", x, options);
}

/** x[1:] − x[:-1] along `axis` (logical xor for bool, as numpy's `not_equal`). */
function firstDifference(x: Tensor, axis: number): Tensor {
  const n = x.shape[axis]!;
  const start = x.shape.map(() => 0);
  const hi = x.shape.map((d, i) => (i === axis ? Math.max(n - 1, 0) : d));
  const lo = x.shape.map((_, i) => (i === axis ? Math.min(1, n) : 0));
  const strides = x.shape.map(() => 1);
  const later = ops.slice(x, lo, x.shape, strides);
  const earlier = ops.slice(x, start, hi, strides);
  return x.dtype === "bool" ? ops.binaryOp("ne", later, earlier) : ops.sub(later, earlier);
}

/** An edge array for diff: a scalar broadcast to one slice along `axis`, or an array of a's rank. */
function edgeArg(op: string, name: string, v: unknown, like: Tensor, axis: number): Tensor {
  const t = tensorArg(op.slice(3), v as TensorLike, name);
  if (t.ndim === 0) return broadcastTensor(t, like.shape.map((d, i) => (i === axis ? 1 : d)));
  if (t.ndim !== like.ndim || t.shape.some((d, i) => i !== axis && d !== like.shape[i])) {
    throw new ShapeError(`${op}: ${name} of shape ${fmtShape(t.shape)} does not match the array's shape ${fmtShape(like.shape)} outside axis ${axis}; give a scalar or an array of that shape.`);
  }
  return t;
}

/** JAX's keyword arguments of `np.diff`. */
export interface DiffOptions {
  /** How many times to difference (default 1). */
  readonly n?: number;
  /** Default −1. */
  readonly axis?: number;
  /** Values joined before a along `axis` before differencing. */
  readonly prepend?: TensorLike;
  /** Values joined after a along `axis` before differencing. */
  readonly append?: TensorLike;
}

/**
 * The n-th discrete difference along `axis` (default the last): out[i] = a[i+1] − a[i], applied
 * n times, after joining `prepend`/`append` (scalars are broadcast). bool differences are xor.
 *
 * @example
 * ```ts
 * np.diff([1, 4, 9, 16]).toArray();            // [3, 5, 7]
 * np.diff([1, 4, 9, 16], { n: 2 }).toArray();  // [2, 2]
 * ```
 */
export function diff(a: TensorLike, n?: number | DiffOptions, ...rest: unknown[]): Tensor {
  const o = optionalArgs("np.diff", ["n", "axis", "prepend", "append"] as const, [n, ...rest]);
  let t = tensorArg("diff", a);
  const times = o.n === undefined || o.n === null ? 1 : o.n;
  if (typeof times !== "number" || !Number.isInteger(times) || times < 0) {
    throw new ArgumentError(`np.diff: n must be a non-negative integer; got ${describeValue(times)}.`);
  }
  if (t.ndim === 0) throw new ShapeError("np.diff: the input is 0-d; diff needs at least one axis (reshape it to [1]).");
  const axis = normalizeAxis(o.axis === undefined || o.axis === null ? -1 : (o.axis as number), t.ndim, "np.diff");
  if (times === 0) return t;
  const parts: Tensor[] = [];
  if (o.prepend !== undefined && o.prepend !== null) parts.push(edgeArg("np.diff", "prepend", o.prepend, t, axis));
  parts.push(t);
  if (o.append !== undefined && o.append !== null) parts.push(edgeArg("np.diff", "append", o.append, t, axis));
  if (parts.length > 1) t = ops.concatenate(promoteOperands("np.diff", parts), axis);
  // Each difference shortens the axis by one; past its length the result stays empty, so a huge
  // `n` costs no more than the axis is long.
  const steps = Math.min(times, t.shape[axis]! + 1);
  for (let i = 0; i < steps; i++) t = firstDifference(t, axis);
  return t;
}

/** JAX's keyword arguments of `np.ediff1d`. */
export interface Ediff1dOptions {
  /** Values appended after the differences. */
  readonly to_end?: TensorLike;
  /** Values prepended before the differences. */
  readonly to_begin?: TensorLike;
}

/**
 * Differences of consecutive elements of the flattened array, with `to_begin` and `to_end`
 * (flattened) joined around them.
 *
 * @example
 * ```ts
 * np.ediff1d([1, 2, 4, 7], { to_begin: 0 }).toArray(); // [0, 1, 2, 3]
 * ```
 */
export function ediff1d(ary: TensorLike, toEnd?: TensorLike | Ediff1dOptions, ...rest: unknown[]): Tensor {
  const o = optionalArgs("np.ediff1d", ["to_end", "to_begin"] as const, [toEnd, ...rest]);
  const t = tensorArg("ediff1d", ary);
  const flat = ops.reshape(t, [t.size]);
  const d = t.size === 0 ? flat : firstDifference(flat, 0);
  const flatten = (v: unknown, name: string): Tensor => {
    const e = ops.convert(tensorArg("ediff1d", v as TensorLike, name), d.dtype);
    return ops.reshape(e, [e.size]);
  };
  const parts: Tensor[] = [];
  if (o.to_begin !== undefined && o.to_begin !== null) parts.push(flatten(o.to_begin, "to_begin"));
  parts.push(d);
  if (o.to_end !== undefined && o.to_end !== null) parts.push(flatten(o.to_end, "to_end"));
  return parts.length === 1 ? d : ops.concatenate(parts, 0);
}

/** JAX's keyword arguments of `np.trapezoid`. */
export interface TrapezoidOptions {
  /** Sample points (1-d along `axis`, or y's shape); spacing `dx` when omitted. */
  readonly x?: TensorLike;
  /** Spacing of the samples when `x` is omitted (default 1). */
  readonly dx?: number;
  /** Default −1. */
  readonly axis?: number;
}

/**
 * The integral of y along `axis` by the trapezoidal rule: Σ (x[i+1] − x[i])·(y[i] + y[i+1])/2, with
 * uniform spacing `dx` when `x` is omitted. Ints give float32.
 *
 * @example
 * ```ts
 * np.trapezoid([1, 2, 3]).item();                  // 4
 * np.trapezoid([1, 2, 3], { x: [0, 1, 3] }).item(); // 6.5
 * ```
 */
export function trapezoid(y: TensorLike, x?: TensorLike | null | TrapezoidOptions, ...rest: unknown[]): Tensor {
  const o = optionalArgs("np.trapezoid", ["x", "dx", "axis"] as const, [x, ...rest]);
  let t = tensorArg("trapezoid", y);
  if (t.ndim === 0) throw new ShapeError("np.trapezoid: y is 0-d; give samples along at least one axis.");
  if (!isFloat(t.dtype)) t = ops.convert(t, "float32");
  const axis = normalizeAxis(o.axis === undefined || o.axis === null ? -1 : (o.axis as number), t.ndim, "np.trapezoid");
  const n = t.shape[axis]!;
  let dx: Tensor | undefined; // one spacing (0-d, or a slice along axis removed) for the constant-spacing form
  let dxs: Tensor | undefined; // a spacing per interval, along axis
  if (o.x === undefined || o.x === null) {
    const step = o.dx === undefined || o.dx === null ? 1 : o.dx;
    if (typeof step !== "number") throw new ArgumentError(`np.trapezoid: dx must be a number; got ${describeValue(step)}.`);
    dx = scalar(step, t.dtype);
  } else {
    if (o.dx !== undefined && o.dx !== null) throw new ArgumentError("np.trapezoid: give x or dx, not both.");
    let [xs, yt] = promoteOperands("np.trapezoid", [o.x as TensorLike, t]);
    if (!isFloat(xs!.dtype)) [xs, yt] = [ops.convert(xs!, "float32"), ops.convert(yt!, "float32")];
    t = yt!;
    let points = xs!;
    if (points.ndim === 1) {
      if (points.shape[0] !== n) {
        throw new ShapeError(`np.trapezoid: ${points.shape[0]} sample points x for ${n} samples of y along axis ${axis}; give one point per sample.`);
      }
      points = ops.broadcastInDim(points, t.shape, [axis]);
    } else if (points.ndim !== t.ndim || points.shape.some((d, i) => d !== t.shape[i])) {
      throw new ShapeError(`np.trapezoid: x of shape ${fmtShape(points.shape)} must be 1-d or have y's shape ${fmtShape(t.shape)}.`);
    }
    dxs = firstDifference(points, axis);
    if (n === 2) dx = ops.reshape(dxs, t.shape.filter((_, i) => i !== axis));
  }
  const half = scalar(0.5, t.dtype);
  // An empty axis integrates to 0 (numpy's value; JAX's constant-spacing form indexes y[0] and fails).
  if (n === 0) return ops.reduceSum(t, [axis]);
  const strides = t.shape.map(() => 1);
  const at = (i: number): Tensor =>
    ops.reshape(
      ops.slice(t, t.shape.map((_, d) => (d === axis ? i : 0)), t.shape.map((s, d) => (d === axis ? i + 1 : s)), strides),
      t.shape.filter((_, d) => d !== axis),
    );
  if (dx !== undefined) {
    // JAX's form for a constant spacing: dx·(Σy − (y₀ + yₙ₋₁)/2).
    return ops.mul(dx, ops.sub(ops.reduceSum(t, [axis]), ops.mul(half, ops.add(at(0), at(n - 1)))));
  }
  const head = ops.slice(t, t.shape.map(() => 0), t.shape.map((d, i) => (i === axis ? n - 1 : d)), strides);
  const tail = ops.slice(t, t.shape.map((_, i) => (i === axis ? 1 : 0)), t.shape, strides);
  return ops.mul(half, ops.reduceSum(ops.mul(dxs!, ops.add(head, tail)), [axis]));
}
