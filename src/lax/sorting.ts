/** lax's sorting: `topK` (JAX's lax.top_k), `sort` over several operands and `sortKeyVal`. */
import { ArgumentError, ShapeError, describeValue, fmtShape } from "../errors.js";
import { tensorArg, tensorListArg } from "../np/coerce.js";
import { optionalArgs } from "../np/options.js";
import { checkDType } from "../primitives/kinds.js";
import { sort as sortOp, topK as topKOp } from "../primitives/sorting/ops.js";
import { normalizeAxis, shapesEqual } from "../tensor/shape.js";
import type { Tensor, TensorLike } from "../tensor/tensor.js";

/**
 * The `k` largest entries along `axis` (default −1, JAX's `lax.top_k`), descending, and their int32
 * indices: `[values, indices]`. Ties keep index order; floats compare in IEEE total order (NaN
 * above +∞). The gradient reaches the selected entries.
 * @example `lax.topK([1, 3, 2], 2)[1]!.toArray()` // [1, 2]
 */
export function topK(operand: TensorLike, k: number, ...rest: [options?: { axis?: number }]): [Tensor, Tensor] {
  const { axis = -1 } = optionalArgs("lax.topK", ["axis"], rest);
  const x = tensorArg("lax.topK", operand);
  checkDType("lax.topK", "args[0]", x.dtype, "numeric");
  if (x.ndim === 0) throw new ShapeError("lax.topK: the operand is 0-d; it needs at least one dimension (np.atleast1d(x)).");
  const a = normalizeAxis(axis as number, x.ndim, "lax.topK");
  if (typeof k !== "number" || !Number.isInteger(k) || k < 0 || k > x.shape[a]!) {
    throw new ArgumentError(`lax.topK: k must be an integer from 0 to ${x.shape[a]} (the size of axis ${a}); got ${describeValue(k)}.`);
  }
  return topKOp(x, k, a);
}

/**
 * JAX's `lax.sort`: sorts one array, or several of one shape by the first `numKeys` of them
 * (lexicographically, stably by default), along `dimension` (default −1). NaNs last; −0 equals +0.
 * @example `(lax.sort([np.array([2, 1]), np.array([10, 20])]) as Tensor[])[1]!.toArray()` // [20, 10]
 */
export function sort(
  operand: TensorLike | readonly TensorLike[],
  ...rest: [dimension?: number, isStable?: boolean, numKeys?: number] | [options: { dimension?: number; is_stable?: boolean; num_keys?: number }]
): Tensor | Tensor[] {
  const o = optionalArgs("lax.sort", ["dimension", "is_stable", "num_keys"], rest);
  const single = !Array.isArray(operand);
  const xs = single ? [tensorArg("lax.sort", operand as TensorLike)] : tensorListArg("lax.sort", operand);
  if (xs[0]!.ndim === 0) throw new ShapeError("lax.sort: the operand is 0-d; sort a 1-d or larger array.");
  const d = normalizeAxis((o.dimension ?? -1) as number, xs[0]!.ndim, "lax.sort");
  const numKeys = (o.num_keys ?? 1) as number;
  const isStable = (o.is_stable ?? true) as boolean;
  const out = sortOp(xs, d, numKeys, isStable);
  return single ? out[0]! : out;
}

/**
 * JAX's `lax.sort_key_val`: sorts `keys` along `dimension` (default −1) and permutes `values` alike.
 * @example `lax.sortKeyVal([3, 1, 2], [0, 1, 2])[1]!.toArray()` // [1, 2, 0]
 */
export function sortKeyVal(keys: TensorLike, values: TensorLike, ...rest: [dimension?: number, isStable?: boolean] | [options: { dimension?: number; is_stable?: boolean }]): [Tensor, Tensor] {
  const o = optionalArgs("lax.sortKeyVal", ["dimension", "is_stable"], rest);
  const k = tensorArg("lax.sortKeyVal", keys), v = tensorArg("lax.sortKeyVal", values, "args[1]");
  if (k.ndim === 0) throw new ShapeError("lax.sortKeyVal: keys are 0-d; sort a 1-d or larger array.");
  if (!shapesEqual(k.shape, v.shape)) {
    throw new ShapeError(`lax.sortKeyVal: keys ${fmtShape(k.shape)} and values ${fmtShape(v.shape)} must have one shape; broadcast them first.`);
  }
  const d = normalizeAxis((o.dimension ?? -1) as number, k.ndim, "lax.sortKeyVal");
  const [sk, sv] = sortOp([k, v], d, 1, (o.is_stable ?? true) as boolean);
  return [sk!, sv!];
}
