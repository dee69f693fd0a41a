/**
 * Searching sorted data: searchsorted (JAX's binary search, or its comparison-count and co-sorting
 * methods: same results) and isin. Comparisons use JAX's sort order (NaN after every number), so
 * NaN queries land at the end of a sorted array, as JAX's do.
 */
import { ShapeError, fmtShape } from "../errors.js";
import * as ops from "../primitives/ops.js";
import { sort as sortOp } from "../primitives/sorting/ops.js";
import { scalar } from "../tensor/from-js.js";
import type { Tensor, TensorLike } from "../tensor/tensor.js";
import { promoteOperands, tensorArg } from "./coerce.js";
import { optionalArgs } from "./options.js";
import { iotaAlong, lessEqualTotal, lessTotal, methodArg } from "./sorting-support.js";

/** Options of `np.searchsorted`. */
export interface SearchsortedOptions {
  readonly side?: "left" | "right";
  readonly sorter?: TensorLike | null;
  readonly method?: "scan" | "scan_unrolled" | "sort" | "compare_all";
}

/** Options of `np.isin`. */
export interface IsinOptions {
  readonly assume_unique?: boolean;
  readonly invert?: boolean;
  readonly method?: "auto" | "compare_all" | "binary_search" | "sort";
}

const i32 = (v: number): Tensor => scalar(v, "int32");

/** JAX's scan: ⌈log₂(n+1)⌉ halvings of [low, high) for every query at once (unrolled; the bounds are static). */
function binarySearch(a: Tensor, q: Tensor, side: "left" | "right"): Tensor {
  const n = a.shape[0]!;
  let low = ops.broadcastInDim(i32(0), q.shape, []);
  let high = ops.broadcastInDim(i32(n), q.shape, []);
  const levels = Math.ceil(Math.log2(n + 1));
  for (let level = 0; level < levels; level++) {
    const mid = ops.add(low, ops.div(ops.sub(high, low), i32(2)));
    const atMid = ops.gather(a, mid, 0);
    const goLeft = side === "left" ? lessEqualTotal(q, atMid) : lessTotal(q, atMid);
    [low, high] = [ops.select(goLeft, low, mid), ops.select(goLeft, mid, high)];
  }
  return high;
}

/** How many elements of `a` precede each query: a comparison of every pair, summed. */
function compareAll(a: Tensor, q: Tensor, side: "left" | "right"): Tensor {
  const shape = [a.shape[0]!, ...q.shape];
  const aa = ops.broadcastInDim(a, shape, [0]);
  const qq = ops.broadcastInDim(q, shape, q.shape.map((_, i) => i + 1));
  const before = side === "left" ? lessTotal(aa, qq) : lessEqualTotal(aa, qq);
  return ops.reduceSum(ops.convert(before, "int32"), [0]);
}

/** Rank of every element of a 1-d array in its stable sort (the inverse of the sorting permutation). */
function rank(x: Tensor): Tensor {
  const perm = sortOp([x, iotaAlong(x.shape, 0)], 0)[1]!;
  return sortOp([perm, iotaAlong(x.shape, 0)], 0)[1]!;
}

/** JAX's co-sorting method: a query's rank among queries and data, less its rank among queries. */
function coSort(a: Tensor, q: Tensor, side: "left" | "right"): Tensor {
  const flat = ops.reshape(q, [q.size]);
  const m = q.size, n = a.shape[0]!;
  const joint = side === "left" ? rank(ops.concatenate([flat, a], 0)) : rank(ops.concatenate([a, flat], 0));
  const start = side === "left" ? 0 : n;
  const own = ops.slice(joint, [start], [start + m], [1]);
  return ops.reshape(ops.sub(own, rank(flat)), q.shape);
}

/**
 * Where the values `v` would be inserted into the sorted 1-d array `a` to keep it sorted: int32
 * indices of v's shape. `side` "left" (default) gives the first such place, "right" the last;
 * `sorter` holds the indices that sort `a` (as argsort gives). `method` picks JAX's algorithm
 * ("scan", the default binary search, "scan_unrolled", "sort" or "compare_all"); all give the same
 * indices. NaN sorts after every number.
 * @example `np.searchsorted([1, 2, 3, 4], [2, 5]).toArray()` // [1, 4]
 */
export function searchsorted(
  a: TensorLike,
  v: TensorLike,
  ...rest: [side?: "left" | "right", sorter?: TensorLike | null, options?: SearchsortedOptions] | [options: SearchsortedOptions]
): Tensor {
  const { side = "left", sorter, method = "scan" } = optionalArgs("np.searchsorted", ["side", "sorter", "method"], rest);
  const s = methodArg("np.searchsorted", side, ["left", "right"] as const);
  const how = methodArg("np.searchsorted", method, ["scan", "scan_unrolled", "sort", "compare_all"] as const);
  let [sorted, q] = promoteOperands("np.searchsorted", [tensorArg("searchsorted", a), v]) as [Tensor, Tensor];
  if (sorted.ndim !== 1) throw new ShapeError(`np.searchsorted: a must be 1-d; got shape ${fmtShape(sorted.shape)}.`);
  if (sorter !== undefined && sorter !== null) {
    const order = tensorArg("searchsorted", sorter as TensorLike, "sorter", "int32");
    if (order.ndim !== 1 || order.shape[0] !== sorted.shape[0]) {
      throw new ShapeError(`np.searchsorted: sorter must be 1-d of a's length ${sorted.shape[0]}; got shape ${fmtShape(order.shape)}.`);
    }
    sorted = ops.gather(sorted, order, 0);
  }
  if (sorted.shape[0] === 0) return ops.broadcastInDim(i32(0), q.shape, []);
  if (how === "compare_all") return compareAll(sorted, q, s);
  if (how === "sort") return coSort(sorted, q, s);
  return binarySearch(sorted, q, s);
}

/**
 * Whether each element of `element` occurs in `testElements` (bool, element's shape); `invert`
 * negates. NaN is never found (NaN ≠ NaN). `method` ("auto" = "compare_all", "binary_search",
 * "sort") picks JAX's algorithm — "sort" searches the sorted test elements as "binary_search" does,
 * with the same result; `assume_unique` is accepted and changes nothing.
 * @example `np.isin([1, 2, 3], [2, 3, 5]).toArray()` // [false, true, true]
 */
export function isin(
  element: TensorLike,
  testElements: TensorLike,
  ...rest: [assumeUnique?: boolean, invert?: boolean, options?: IsinOptions] | [options: IsinOptions]
): Tensor {
  const { invert = false, method = "auto" } = optionalArgs("np.isin", ["assume_unique", "invert", "method"], rest);
  const how = methodArg("np.isin", method, ["auto", "compare_all", "binary_search", "sort"] as const);
  const [e, t] = promoteOperands("np.isin", [tensorArg("isin", element), tensorArg("isin", testElements, "args[1]")]) as [Tensor, Tensor];
  const flatE = ops.reshape(e, [e.size]), flatT = ops.reshape(t, [t.size]);
  let found: Tensor;
  if (e.size === 0 || t.size === 0) {
    found = ops.broadcastInDim(scalar(0, "bool"), [e.size], []);
  } else if (how === "auto" || how === "compare_all") {
    const shape = [e.size, t.size];
    const eq = ops.binaryOp("eq", ops.broadcastInDim(flatE, shape, [0]), ops.broadcastInDim(flatT, shape, [1]));
    found = ops.binaryOp("gt", ops.reduceMax(ops.convert(eq, "int32"), [1]), i32(0));
  } else {
    const sortedT = sortOp([flatT], 0)[0]!;
    const at = ops.gather(sortedT, binarySearch(sortedT, flatE, "left"), 0);
    found = ops.binaryOp("eq", flatE, at);
  }
  if (invert === true) found = ops.unaryOp("not", found);
  return ops.reshape(found, e.shape);
}
