/**
 * Reductions with JAX's signatures: `np.sum(a, axis, dtype, out, keepdims, initial, where)`, the
 * optional arguments positionally in JAX's order or in a trailing options object
 * (`np.sum(x, { axis: 1, keepdims: true })`), and the form `np.sum(x, axis, keepdims)` as before.
 * `axis` is a number (negative allowed), an array, or all axes when omitted or null.
 */
import { ArgumentError, ShapeError, fmtShape } from "../errors.js";
import * as ops from "../primitives/ops.js";
import { type DType, isInexact } from "../tensor/dtype.js";
import { scalar } from "../tensor/from-js.js";
import { normalizeAxis, sizeOf } from "../tensor/shape.js";
import type { AxisArg, Tensor, TensorLike } from "../tensor/tensor.js";
import { tensorArg, toBool } from "./coerce.js";
import { axesArg, boolArg, dtypeOpt, keepDims, masked, reductionArgs, refuseOut, whereArg } from "./reduce-args.js";

/** JAX's keyword arguments of `np.sum` and `np.prod`. */
export interface SumOptions {
  readonly axis?: AxisArg | null;
  readonly dtype?: DType;
  readonly out?: null;
  readonly keepdims?: boolean;
  /** A value folded into every result (added for sum, multiplied for prod). */
  readonly initial?: number;
  /** Only the elements where this (broadcast) mask holds take part. */
  readonly where?: TensorLike;
  readonly promote_integers?: boolean;
}
/** JAX's keyword arguments of `np.mean`. */
export interface MeanOptions {
  readonly axis?: AxisArg | null;
  readonly dtype?: DType;
  readonly out?: null;
  readonly keepdims?: boolean;
  readonly where?: TensorLike;
}
/** JAX's keyword arguments of `np.max` and `np.min`. */
export interface ExtremeOptions {
  readonly axis?: AxisArg | null;
  readonly out?: null;
  readonly keepdims?: boolean;
  /** A value that joins every reduction (required for an empty axis or with `where`). */
  readonly initial?: number;
  readonly where?: TensorLike;
}
/** JAX's keyword arguments of `np.argmax` and `np.argmin`. */
export interface ArgExtremeOptions {
  readonly axis?: number | null;
  readonly out?: null;
  readonly keepdims?: boolean;
}

const SUM_ARGS = ["axis", "dtype", "out", "keepdims", "initial", "where", "promote_integers"] as const;

/** The dtype a sum or product computes in: `dtype` if given, else bool counts as int32. */
function accumulationDType(t: Tensor, dtype: DType | undefined): DType {
  if (dtype !== undefined) return dtype === "bool" ? "int32" : dtype;
  return t.dtype === "bool" ? "int32" : t.dtype;
}

function sumOrProd(op: "sum" | "prod", x: TensorLike, args: readonly unknown[]): Tensor {
  const name = `np.${op}`;
  const o = reductionArgs(name, SUM_ARGS, args);
  refuseOut(name, o.out);
  const dtype = dtypeOpt(name, o.dtype);
  boolArg(name, "promote_integers", o.promote_integers, true);
  let t = tensorArg(op, x);
  // An explicit bool result counts the non-zero entries, as JAX does (so [-1, 1] does not cancel).
  if (dtype === "bool" && op === "sum" && t.dtype !== "bool") t = toBool(t);
  t = ops.convert(t, accumulationDType(t, dtype));
  const axes = axesArg(name, o.axis, t.ndim);
  const keepdims = boolArg(name, "keepdims", o.keepdims, false);
  const identity = op === "sum" ? 0 : 1;
  t = masked(t, whereArg(name, o.where, t.shape), identity);
  let out = op === "sum" ? ops.reduceSum(t, axes) : ops.reduceProd(t, axes);
  if (o.initial !== undefined && o.initial !== null) {
    const init = scalar(initialArg(name, o.initial), out.dtype);
    out = op === "sum" ? ops.add(out, init) : ops.mul(out, init);
  }
  if (dtype === "bool") out = toBool(out);
  return keepDims(t.shape, out, axes, keepdims);
}

function initialArg(op: string, value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return Number(value);
  throw new ArgumentError(`${op}: initial must be a number; got ${typeof value}.`);
}

/**
 * Sum over `axis` (all axes when omitted). Bools count as int32; `dtype` sets the accumulation
 * and result dtype; `initial` is added; `where` masks elements out. Float sums are pairwise in
 * float64, rounded once.
 *
 * @example
 * ```ts
 * np.sum([[1, 2], [3, 4]], 0).toArray();                    // [4, 6]
 * np.sum([[1, 2], [3, 4]], { axis: 1, keepdims: true }).toArray(); // [[3], [7]]
 * ```
 */
export function sum(x: TensorLike, axis?: AxisArg | null | SumOptions, ...rest: unknown[]): Tensor {
  return sumOrProd("sum", x, [axis, ...rest]);
}

/**
 * Product over `axis` (1 over an empty axis). Options as `np.sum`.
 *
 * @example
 * ```ts
 * np.prod([1, 2, 3, 4]).item(); // 24
 * ```
 */
export function prod(x: TensorLike, axis?: AxisArg | null | SumOptions, ...rest: unknown[]): Tensor {
  return sumOrProd("prod", x, [axis, ...rest]);
}

/**
 * Arithmetic mean (ints and bools give float32; an empty axis gives NaN). `where` averages only
 * the masked elements; `dtype` sets the computation and result dtype.
 *
 * @example
 * ```ts
 * np.mean([1, 2, 3, 4]).item(); // 2.5
 * np.mean([1, 2, 3, 4], { where: [true, true, false, false] }).item(); // 1.5
 * ```
 */
export function mean(x: TensorLike, axis?: AxisArg | null | MeanOptions, ...rest: unknown[]): Tensor {
  const o = reductionArgs("np.mean", ["axis", "dtype", "out", "keepdims", "where"] as const, [axis, ...rest]);
  refuseOut("np.mean", o.out);
  const dtype = dtypeOpt("np.mean", o.dtype);
  const raw = tensorArg("mean", x);
  const target = dtype ?? (isInexact(raw.dtype) ? raw.dtype : "float32");
  const t = ops.convert(raw, target);
  const axes = axesArg("np.mean", o.axis, t.ndim);
  const keepdims = boolArg("np.mean", "keepdims", o.keepdims, false);
  const mask = whereArg("np.mean", o.where, t.shape);
  const total = ops.reduceSum(masked(t, mask, 0), axes);
  const count =
    mask === undefined ? scalar(sizeOf(axes.map((a) => t.shape[a]!)), target) : ops.reduceSum(ops.convert(mask, target), axes);
  return keepDims(t.shape, ops.div(total, count), axes, keepdims);
}

/** The lowest (for max) or highest (for min) value of a dtype: where a masked-out element stands. */
function extremeIdentity(op: "max" | "min", dtype: DType): number {
  if (dtype === "bool") return op === "max" ? 0 : 1;
  if (dtype === "int32") return op === "max" ? -2147483648 : 2147483647;
  if (dtype === "uint32") return op === "max" ? 0 : 4294967295;
  return op === "max" ? -Infinity : Infinity;
}

function extreme(op: "max" | "min", x: TensorLike, args: readonly unknown[]): Tensor {
  const name = `np.${op}`;
  const o = reductionArgs(name, ["axis", "out", "keepdims", "initial", "where"] as const, args);
  refuseOut(name, o.out);
  const t = tensorArg(op, x);
  const axes = axesArg(name, o.axis, t.ndim);
  const keepdims = boolArg(name, "keepdims", o.keepdims, false);
  const hasInitial = o.initial !== undefined && o.initial !== null;
  const mask = whereArg(name, o.where, t.shape);
  if (mask !== undefined && !hasInitial) {
    throw new ArgumentError(`${name}: a where mask needs an initial value (max has no identity to stand for masked-out elements); pass { initial }.`);
  }
  const empty = axes.find((a) => t.shape[a] === 0);
  if (empty !== undefined && !hasInitial) {
    throw new ShapeError(`${name}: axis ${empty} of ${fmtShape(t.shape)} is empty and ${op} has no identity; reduce a non-empty axis, or pass { initial }.`);
  }
  const reduce = op === "max" ? ops.reduceMax : ops.reduceMin;
  let out = reduce(masked(t, mask, extremeIdentity(op, t.dtype)), axes);
  if (hasInitial) {
    const init = scalar(initialArg(name, o.initial), out.dtype);
    out = ops.binaryOp(op, out, init);
  }
  return keepDims(t.shape, out, axes, keepdims);
}

/**
 * Maximum over `axis` (NaN-propagating). An empty axis needs `initial`; `where` needs it too.
 *
 * @example
 * ```ts
 * np.max([1, 5, 3]).item(); // 5
 * np.max([], { initial: 0 }).item(); // 0
 * ```
 */
export function max(x: TensorLike, axis?: AxisArg | null | ExtremeOptions, ...rest: unknown[]): Tensor {
  return extreme("max", x, [axis, ...rest]);
}

/**
 * Minimum over `axis` (NaN-propagating). An empty axis needs `initial`; `where` needs it too.
 *
 * @example
 * ```ts
 * np.min([1, 5, 3]).item(); // 1
 * ```
 */
export function min(x: TensorLike, axis?: AxisArg | null | ExtremeOptions, ...rest: unknown[]): Tensor {
  return extreme("min", x, [axis, ...rest]);
}

function argExtreme(op: "argmax" | "argmin", x: TensorLike, args: readonly unknown[]): Tensor {
  const name = `np.${op}`;
  const o = reductionArgs(name, ["axis", "out", "keepdims"] as const, args);
  refuseOut(name, o.out);
  let t = tensorArg(op, x);
  if (t.dtype === "bool") t = ops.convert(t, "int32");
  const keepdims = boolArg(name, "keepdims", o.keepdims, false);
  const axis = o.axis;
  if (Array.isArray(axis)) throw new ShapeError(`${name}: axis must be a single number; got ${fmtShape(axis)}.`);
  if (axis === undefined || axis === null) {
    if (t.size === 0) throw new ShapeError(`${name}: the array of shape ${fmtShape(t.shape)} is empty; an empty array has no ${op}.`);
    const flat = ops.reshape(t, [t.size]);
    const out = op === "argmax" ? ops.argmax(flat, 0) : ops.argmin(flat, 0);
    return keepdims ? ops.reshape(out, t.shape.map(() => 1)) : out;
  }
  const a = normalizeAxis(axis as number, t.ndim, name);
  const out = op === "argmax" ? ops.argmax(t, a) : ops.argmin(t, a);
  return keepDims(t.shape, out, [a], keepdims);
}

/**
 * Index of the first maximum (flattened when `axis` is omitted; NaN counts as the maximum).
 *
 * @example
 * ```ts
 * np.argmax([1, 5, 5]).item(); // 1
 * ```
 */
export function argmax(x: TensorLike, axis?: number | null | ArgExtremeOptions, ...rest: unknown[]): Tensor {
  return argExtreme("argmax", x, [axis, ...rest]);
}

/**
 * Index of the first minimum (flattened when `axis` is omitted; NaN counts as the minimum).
 *
 * @example
 * ```ts
 * np.argmin([3, 1, 1]).item(); // 1
 * ```
 */
export function argmin(x: TensorLike, axis?: number | null | ArgExtremeOptions, ...rest: unknown[]): Tensor {
  return argExtreme("argmin", x, [axis, ...rest]);
}
