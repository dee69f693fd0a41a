/**
 * Order statistics as JAX computes them: sort along the reduced axis (several axes are moved last
 * and merged), then read the two order statistics around q·(n−1) and combine them by `method`. The
 * nan-ignoring forms sort NaNs last and count the others per lane. Built on the sort primitive and
 * gathers, so gradients reach the elements selected (split by the interpolation weights).
 */
import { ArgumentError, ShapeError, fmtShape } from "../errors.js";
import * as ops from "../primitives/ops.js";
import { sort as sortOp, takeAlong } from "../primitives/sorting/ops.js";
import { scalar } from "../tensor/from-js.js";
import { normalizeAxes, normalizeAxis, sizeOf } from "../tensor/shape.js";
import type { Tensor, TensorLike } from "../tensor/tensor.js";
import { promoteOperands, tensorArg, toFloat } from "./coerce.js";
import { optionalArgs } from "./options.js";
import { isNan, methodArg, moveAxis } from "./sorting-support.js";

/** How `quantile` combines the order statistics around q·(n−1): JAX's methods. */
export type QuantileMethod = "linear" | "lower" | "higher" | "midpoint" | "nearest";

/** Options of `np.quantile`, `np.percentile` and their nan forms. */
export interface QuantileOptions {
  readonly axis?: number | readonly number[] | null;
  readonly out?: null;
  readonly overwrite_input?: boolean;
  readonly method?: QuantileMethod;
  readonly keepdims?: boolean;
}

/** Options of `np.median` and `np.nanmedian`. */
export interface MedianOptions {
  readonly axis?: number | readonly number[] | null;
  readonly out?: null;
  readonly overwrite_input?: boolean;
  readonly keepdims?: boolean;
}

const METHODS: readonly QuantileMethod[] = ["linear", "lower", "higher", "midpoint", "nearest"];
type Rest<O> = [axis?: number | readonly number[] | null, ...more: unknown[]] | [options: O];

/** The data with the reduced axes merged into one (`axis` of the result), and the shape keepdims restores. */
function reducedLayout(op: string, a: Tensor, axis: unknown): { x: Tensor; axis: number; keptShape: readonly number[] | undefined } {
  if (axis === undefined || axis === null) return { x: ops.reshape(a, [a.size]), axis: 0, keptShape: a.shape.map(() => 1) };
  if (typeof axis === "number") return { x: a, axis: normalizeAxis(axis, a.ndim, op), keptShape: undefined };
  if (!Array.isArray(axis)) throw new ShapeError(`${op}: axis must be an integer, a list of integers or null.`);
  const axes = normalizeAxes(axis as number[], a.ndim, op);
  const kept = a.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const moved = ops.transpose(a, [...kept, ...axes]);
  const x = ops.reshape(moved, [...kept.map((i) => a.shape[i]!), sizeOf(axes.map((i) => a.shape[i]!))]);
  return { x, axis: kept.length, keptShape: a.shape.map((d, i) => (axes.includes(i) ? 1 : d)) };
}

/** JAX's `_quantile`: q of rank ≤ 1; the q axis, if any, leads the result. */
function quantileOf(op: string, aLike: TensorLike, qLike: TensorLike, o: Partial<Record<string, unknown>>, ignoreNan: boolean, qScale = 1): Tensor {
  if (o.out !== undefined && o.out !== null) throw new ArgumentError(`${op}: out is not supported (arrays are immutable); use the returned array.`);
  if (o.overwrite_input) throw new ArgumentError(`${op}: overwrite_input is not supported (arrays are immutable).`);
  const method = methodArg(op, o.method ?? "linear", METHODS);
  const keepdims = o.keepdims === true;
  let [a, q] = promoteOperands(op, [tensorArg(op.slice(3), aLike), qLike]).map(toFloat) as [Tensor, Tensor];
  if (q.ndim > 1) throw new ShapeError(`${op}: q must be a number or a 1-d array; got shape ${fmtShape(q.shape)}.`);
  if (qScale !== 1) q = ops.div(q, scalar(qScale, q.dtype));
  const { x, axis, keptShape } = reducedLayout(op, a, o.axis);
  const n = x.shape[axis]!;
  if (n === 0) throw new ShapeError(`${op}: the reduced axis of ${fmtShape(a.shape)} is empty; a quantile needs at least one element.`);
  const dt = x.dtype;
  const c = (v: number): Tensor => scalar(v, dt);
  const laneShape = x.shape.map((d, i) => (i === axis ? 1 : d)); // K: the reduced axis kept as 1
  const nanInLane = (t: Tensor): Tensor => ops.binaryOp("gt", ops.reduceMax(ops.convert(isNan(t), "int32"), [axis]), scalar(0, "int32"));

  let data = x;
  let counts: Tensor;
  if (ignoreNan) {
    counts = ops.reshape(ops.reduceSum(ops.convert(ops.unaryOp("not", isNan(x)), dt), [axis]), laneShape);
  } else {
    // A lane holding a NaN gives NaN, whatever the method: fill the whole lane with NaN.
    const poisoned = ops.broadcastInDim(ops.reshape(nanInLane(x), laneShape), x.shape, x.shape.map((_, i) => i));
    data = ops.select(poisoned, ops.broadcastInDim(c(NaN), x.shape, []), x);
    counts = ops.broadcastInDim(c(n), laneShape, []);
  }
  const sorted = sortOp([data], axis)[0]!;

  // Positions q·(count−1), shaped [Q?, ...K].
  const qs = q.ndim === 1 ? q.shape[0]! : undefined;
  const outK = qs === undefined ? laneShape : [qs, ...laneShape];
  const qB = ops.broadcastInDim(q, outK, qs === undefined ? [] : [0]);
  const countsB = ops.broadcastInDim(counts, outK, laneShape.map((_, i) => i + (qs === undefined ? 0 : 1)));
  const last = ops.sub(countsB, c(1));
  const pos = ops.mul(qB, last);
  const lowF = ops.unaryOp("floor", pos), highF = ops.unaryOp("ceil", pos);
  const highWeight = ops.sub(pos, lowF);
  const lowWeight = ops.sub(c(1), highWeight);
  const clampIndex = (v: Tensor): Tensor => ops.convert(ops.binaryOp("max", c(0), ops.binaryOp("min", v, last)), "int32");

  /** sorted[…, index, …] along the reduced axis for every q: [Q?, ...K]. */
  const pick = (index: Tensor): Tensor => {
    if (qs === undefined) return takeAlong(sorted, index, axis);
    const rest = laneShape.filter((_, i) => i !== axis);
    const perLane = moveAxis(ops.reshape(index, [qs, ...rest]), 0, axis);
    return ops.reshape(moveAxis(takeAlong(sorted, perLane, axis), axis, 0), outK);
  };
  const lowValue = pick(clampIndex(lowF)), highValue = pick(clampIndex(highF));
  let result: Tensor;
  switch (method) {
    case "linear": result = ops.add(ops.mul(lowValue, lowWeight), ops.mul(highValue, highWeight)); break;
    case "lower": result = lowValue; break;
    case "higher": result = highValue; break;
    case "nearest": result = ops.select(ops.binaryOp("le", highWeight, c(0.5)), lowValue, highValue); break;
    case "midpoint": result = ops.mul(ops.add(lowValue, highValue), c(0.5)); break;
  }
  // Shape: [Q?] + reduced shape (keepdims: the reduced axes kept as 1).
  const lead = qs === undefined ? [] : [qs];
  if (keepdims) return ops.reshape(result, [...lead, ...(keptShape ?? laneShape)]);
  return ops.reshape(result, [...lead, ...laneShape.filter((_, i) => i !== axis)]);
}

const Q_NAMES = ["axis", "out", "overwrite_input", "method", "keepdims"] as const;
const MEDIAN_NAMES = ["axis", "out", "overwrite_input", "keepdims"] as const;

/**
 * The q-th quantiles (q in [0, 1], a number or a 1-d array, whose axis then leads the result) of
 * `a` along `axis` (default: all; an axis or a list). `method`: "linear" (default), "lower",
 * "higher", "midpoint" or "nearest" (ties at .5 go lower, as JAX's). A NaN in a lane gives NaN.
 * @example `np.quantile([1, 2, 3, 4], 0.5).item()` // 2.5
 */
export function quantile(a: TensorLike, q: TensorLike, ...rest: Rest<QuantileOptions>): Tensor {
  return quantileOf("np.quantile", a, q, optionalArgs("np.quantile", Q_NAMES, rest), false);
}

/**
 * `quantile` with q in percent (0…100).
 * @example `np.percentile([1, 2, 3, 4], 25).item()` // 1.75
 */
export function percentile(a: TensorLike, q: TensorLike, ...rest: Rest<QuantileOptions>): Tensor {
  return quantileOf("np.percentile", a, q, optionalArgs("np.percentile", Q_NAMES, rest), false, 100);
}

/**
 * The median along `axis` (default: all), JAX's quantile 0.5 with method "midpoint"; NaN if the lane has a NaN.
 * @example `np.median([3, 1, 4, 2]).item()` // 2.5
 */
export function median(a: TensorLike, ...rest: Rest<MedianOptions>): Tensor {
  const o = optionalArgs("np.median", MEDIAN_NAMES, rest);
  return quantileOf("np.median", a, 0.5, { ...o, method: "midpoint" }, false);
}

/**
 * `quantile` ignoring NaNs (a lane of NaNs only gives NaN).
 * @example `np.nanquantile([1, NaN, 3], 0.5).item()` // 2
 */
export function nanquantile(a: TensorLike, q: TensorLike, ...rest: Rest<QuantileOptions>): Tensor {
  return quantileOf("np.nanquantile", a, q, optionalArgs("np.nanquantile", Q_NAMES, rest), true);
}

/**
 * `percentile` ignoring NaNs.
 * @example `np.nanpercentile([1, NaN, 3], 50).item()` // 2
 */
export function nanpercentile(a: TensorLike, q: TensorLike, ...rest: Rest<QuantileOptions>): Tensor {
  return quantileOf("np.nanpercentile", a, q, optionalArgs("np.nanpercentile", Q_NAMES, rest), true, 100);
}

/**
 * `median` ignoring NaNs.
 * @example `np.nanmedian([1, NaN, 3, 2]).item()` // 2
 */
export function nanmedian(a: TensorLike, ...rest: Rest<MedianOptions>): Tensor {
  const o = optionalArgs("np.nanmedian", MEDIAN_NAMES, rest);
  return quantileOf("np.nanmedian", a, 0.5, { ...o, method: "midpoint" }, true);
}
