/**
 * Sorting and searching: sort, argsort, lexsort, partition, argpartition (here); searchsorted and
 * isin (sorting-search.ts); unique, nonzero, argwhere, flatnonzero (sorting-unique.ts); quantile,
 * percentile, median and their nan-ignoring forms (sorting-quantile.ts). As in JAX, each is built
 * on the `sort` primitive (argsort sorts an iota along) or on `top_k` (the partitions).
 */
import { ArgumentError, DTypeError, ShapeError, describeValue, fmtShape } from "../errors.js";
import * as ops from "../primitives/ops.js";
import { sort as sortOp, topK } from "../primitives/sorting/ops.js";
import { type DType, dtypeArg } from "../tensor/dtype.js";
import { scalar } from "../tensor/from-js.js";
import { normalizeAxis, shapesEqual, sizeOf } from "../tensor/shape.js";
import type { Tensor, TensorLike } from "../tensor/tensor.js";
import { tensorArg, tensorListArg } from "./coerce.js";
import { optionalArgs } from "./options.js";
import { iotaAlong, moveAxis, sortAxis } from "./sorting-support.js";

export { isin, searchsorted, type IsinOptions, type SearchsortedOptions } from "./sorting-search.js";
export { argwhere, flatnonzero, nonzero, unique, type NonzeroOptions, type UniqueOptions } from "./sorting-unique.js";
export {
  median, nanmedian, nanpercentile, nanquantile, percentile, quantile, type MedianOptions, type QuantileOptions,
} from "./sorting-quantile.js";

/** Options of `np.sort` (JAX's keywords; `kind` and `order` are refused, as JAX refuses them). */
export interface SortOptions {
  readonly axis?: number | null;
  readonly kind?: null;
  readonly order?: null;
  readonly stable?: boolean;
  readonly descending?: boolean;
}

/** Options of `np.argsort`: those of `sort`, and the index `dtype` (int32 by default). */
export interface ArgsortOptions extends SortOptions {
  readonly dtype?: DType;
}

const SORT_NAMES = ["axis", "kind", "order", "stable", "descending"] as const;

function refuseKindOrder(op: string, kind: unknown, order: unknown): void {
  if (kind !== undefined && kind !== null) {
    throw new ArgumentError(`${op}: the "kind" argument is not supported; use { stable: true } or { stable: false } to choose the sort.`);
  }
  if (order !== undefined && order !== null) throw new ArgumentError(`${op}: the "order" argument is not supported (there are no structured arrays).`);
}

function boolArg(op: string, name: string, v: unknown, fallback: boolean): boolean {
  if (v === undefined) return fallback;
  if (typeof v !== "boolean") throw new ArgumentError(`${op}: ${name} must be true or false; got ${describeValue(v)}.`);
  return v;
}

/**
 * A sorted copy of `a` along `axis` (default −1; `null` sorts the flattened array). Stable; NaNs
 * sort last and −0 equals +0 (JAX's order); `descending` reverses the ascending result, as JAX does.
 * Differentiable: the gradient goes to the element each output came from.
 * @example `np.sort([3, 1, 2]).toArray()` // [1, 2, 3]
 */
export function sort(a: TensorLike, ...rest: [axis?: number | null, options?: SortOptions] | [options: SortOptions]): Tensor {
  const { axis = -1, kind, order, stable, descending } = optionalArgs("np.sort", SORT_NAMES, rest);
  refuseKindOrder("np.sort", kind, order);
  const [t, d] = sortAxis("np.sort", tensorArg("sort", a), axis);
  const isStable = boolArg("np.sort", "stable", stable, true);
  const sorted = sortOp([t], d, 1, isStable)[0]!;
  return boolArg("np.sort", "descending", descending, false) ? ops.rev(sorted, [d]) : sorted;
}

/**
 * The int32 indices that sort `a` along `axis` (default −1; `null` flattens). Stable, also when
 * `descending` (equal elements keep their order, as JAX's); NaNs sort last (first when descending).
 * @example `np.argsort([3, 1, 2]).toArray()` // [1, 2, 0]
 */
export function argsort(a: TensorLike, ...rest: [axis?: number | null, options?: ArgsortOptions] | [options: ArgsortOptions]): Tensor {
  const { axis = -1, kind, order, stable, descending, dtype } = optionalArgs("np.argsort", [...SORT_NAMES, "dtype"], rest);
  refuseKindOrder("np.argsort", kind, order);
  let [t, d] = sortAxis("np.argsort", tensorArg("argsort", a), axis);
  const isStable = boolArg("np.argsort", "stable", stable, true);
  const desc = boolArg("np.argsort", "descending", descending, false);
  const outDType = dtype === undefined ? "int32" : dtypeArg(dtype, "np.argsort", "dtype");
  if (outDType !== "int32" && outDType !== "uint32") {
    throw new DTypeError(`np.argsort: dtype ${outDType} cannot hold indices; pass "int32" or "uint32".`);
  }
  let iota = iotaAlong(t.shape, d);
  // Reversing first keeps equal elements in their original order once the result is reversed back.
  if (desc && isStable) [t, iota] = [ops.rev(t, [d]), ops.rev(iota, [d])];
  const indices = sortOp([t, iota], d, 1, isStable)[1]!;
  return ops.convert(desc ? ops.rev(indices, [d]) : indices, outDType);
}

/**
 * Indices that sort by several keys: the last key is the primary one, earlier keys break its ties
 * (numpy's convention), stably along `axis` (default −1). All keys must have one shape.
 * @example `np.lexsort([[1, 2, 0], [0, 0, 1]]).toArray()` // [0, 1, 2]
 */
export function lexsort(keys: readonly TensorLike[], ...rest: [axis?: number, options?: { axis?: number }] | [options: { axis?: number }]): Tensor {
  const { axis = -1 } = optionalArgs("np.lexsort", ["axis"], rest);
  const ts = tensorListArg("lexsort", keys);
  ts.forEach((t, i) => {
    if (!shapesEqual(t.shape, ts[0]!.shape)) {
      throw new ShapeError(`np.lexsort: all keys need one shape, but keys[0] is ${fmtShape(ts[0]!.shape)} and keys[${i}] is ${fmtShape(t.shape)}.`);
    }
  });
  if (ts[0]!.ndim === 0) return scalar(0, "int32");
  const d = normalizeAxis(axis as number, ts[0]!.ndim, "np.lexsort");
  const out = sortOp([...ts.reverse(), iotaAlong(ts[0]!.shape, d)], d, ts.length);
  return out[out.length - 1]!;
}

/** The operand of a partition with its axis last, and `kth` checked against that axis. */
function partitionOperand(op: string, a: TensorLike, kth: unknown, axis: unknown): { t: Tensor; d: number; k: number; n: number } {
  const t0 = tensorArg(op.slice(3), a);
  if (t0.dtype === "bool") throw new DTypeError(`${op}: args[0] is bool, which top_k cannot order; cast it with np.astype(x, "int32").`);
  if (t0.ndim === 0) throw new ShapeError(`${op}: the array is 0-d; partition a 1-d or larger array.`);
  const d = normalizeAxis(axis as number, t0.ndim, op);
  const n = t0.shape[d]!;
  if (typeof kth !== "number" || !Number.isInteger(kth) || kth < -n || kth >= n) {
    throw new ArgumentError(`${op}: kth must be an integer in [${-n}, ${n - 1}] for an axis of size ${n}; got ${describeValue(kth)}.`);
  }
  return { t: moveAxis(t0, d, t0.ndim - 1), d, k: kth < 0 ? kth + n : kth, n };
}

/** −x, or −(x+1) for uint32 so that 0 stays the largest negated value (JAX's trick). */
function negatedForBottom(t: Tensor): Tensor {
  return t.dtype === "uint32" ? ops.neg(ops.add(t, scalar(1, "uint32"))) : ops.neg(t);
}

/**
 * A copy of `a` partitioned at `kth` along `axis` (default −1): element kth is where a full sort
 * puts it, smaller ones before it, larger ones after (each side in top_k's order, as JAX's).
 * @example `np.partition([5, 1, 4, 2, 3], 2).toArray()` // [1, 2, 3, 5, 4]
 */
export function partition(a: TensorLike, kth: number, ...rest: [axis?: number, options?: { axis?: number }] | [options: { axis?: number }]): Tensor {
  const { axis = -1 } = optionalArgs("np.partition", ["axis"], rest);
  const { t, d, k, n } = partitionOperand("np.partition", a, kth, axis);
  const last = t.ndim - 1;
  const negBottom = topK(negatedForBottom(t), k + 1, last)[0];
  const bottom = t.dtype === "uint32" ? ops.sub(ops.neg(negBottom), scalar(1, "uint32")) : ops.neg(negBottom);
  const top = topK(t, n - k - 1, last)[0];
  return moveAxis(ops.concatenate([bottom, top], last), last, d);
}

/**
 * Indices that partition `a` at `kth` along `axis` (default −1), as `partition` places the elements.
 * @example `np.argpartition([5, 1, 4, 2, 3], 2).toArray()` // [1, 3, 4, 0, 2]
 */
export function argpartition(a: TensorLike, kth: number, ...rest: [axis?: number, options?: { axis?: number }] | [options: { axis?: number }]): Tensor {
  const { axis = -1 } = optionalArgs("np.argpartition", ["axis"], rest);
  const { t, d, k, n } = partitionOperand("np.argpartition", a, kth, axis);
  const last = t.ndim - 1;
  const bottom = topK(negatedForBottom(t), k + 1, last)[1];
  // The rest are the indices not in `bottom`: mark those with 0 in a proxy of ones, take its top.
  const rows = sizeOf(t.shape.slice(0, last));
  const offsets = ops.mul(ops.iota("int32", [rows, k + 1], 0), scalar(n, "int32"));
  const flatBottom = ops.add(ops.reshape(bottom, [rows, k + 1]), offsets);
  const ones = ops.broadcastInDim(scalar(1, "float32"), [rows * n], []);
  const zeros = ops.broadcastInDim(scalar(0, "float32"), [rows, k + 1], []);
  const proxy = ops.reshape(ops.scatter(ones, flatBottom, zeros, 0), t.shape);
  const top = topK(proxy, n - k - 1, last)[1];
  return moveAxis(ops.concatenate([bottom, top], last), last, d);
}
