/**
 * The array-API products of np.linalg: multiDot (the cheapest order of a chain of matrix products,
 * numpy's dynamic programme), cross (3-vectors only), diagonal and trace over the last two axes,
 * and outer of two 1-D arrays.
 */
import { ArgumentError, ShapeError, describeValue, fmtShape, inContext } from "../../errors.js";
import * as ops from "../../primitives/ops.js";
import { type DType, dtypeArg } from "../../tensor/dtype.js";
import { normalizeAxis } from "../../tensor/shape.js";
import type { Tensor, TensorLike } from "../../tensor/tensor.js";
import { promoteOperands, requireNumeric, tensorArg, tensorListArg } from "../coerce.js";
import { optionalArgs } from "../options.js";
import { cross as npCross, trace as npTrace } from "../products.js";
import { diagonal as npDiagonal } from "../select-index.js";

/** Products of a chain of matrices with dims p[0]×p[1], …: the split of [i, j] that costs least (numpy's order). */
function chainSplits(p: readonly number[]): number[][] {
  const n = p.length - 1;
  const cost = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const split = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let len = 1; len < n; len++) {
    for (let i = 0; i + len < n; i++) {
      const j = i + len;
      cost[i]![j] = Infinity;
      for (let k = i; k < j; k++) {
        const c = cost[i]![k]! + cost[k + 1]![j]! + p[i]! * p[k + 1]! * p[j + 1]!;
        if (c < cost[i]![j]!) (cost[i]![j] = c), (split[i]![j] = k);
      }
    }
  }
  return split;
}

/**
 * The product of a chain of matrices in the order that needs the fewest multiplications (numpy's
 * and JAX's choice); the first and last may be 1-D (a row and a column, dropped from the result).
 * @example `np.linalg.multiDot([np.ones([2, 3]), np.ones([3, 4]), np.ones([4])]).toArray()` // [12, 12]
 */
export function multiDot(arrays: readonly TensorLike[]): Tensor {
  const op = "np.linalg.multiDot";
  return inContext(op, () => {
    if (!Array.isArray(arrays) || arrays.length < 2) throw new ArgumentError(`${op}: needs a list of at least two arrays; got ${describeValue(arrays)}.`);
    const xs = promoteOperands(op, tensorListArg("linalg.multiDot", arrays));
    requireNumeric("linalg.multiDot", xs[0]!);
    const first = xs[0]!, lastX = xs[xs.length - 1]!;
    const shapes = xs.map((x) => fmtShape(x.shape)).join(", ");
    if (![1, 2].includes(first.ndim) || ![1, 2].includes(lastX.ndim) || xs.slice(1, -1).some((x) => x.ndim !== 2)) {
      throw new ShapeError(`${op}: every array must be 2-D except the first and last, which may be 1-D; got ${shapes}.`);
    }
    const mats = xs.map((x, i) => (x.ndim === 2 ? x : ops.reshape(x, i === 0 ? [1, x.shape[0]!] : [x.shape[0]!, 1])));
    for (let i = 0; i + 1 < mats.length; i++) {
      if (mats[i]!.shape[1] !== mats[i + 1]!.shape[0]) throw new ShapeError(`${op}: array ${i}'s last axis does not match array ${i + 1}'s first; got ${shapes}.`);
    }
    const split = chainSplits([...mats.map((m) => m.shape[0]!), mats[mats.length - 1]!.shape[1]!]);
    const product = (i: number, j: number): Tensor => {
      if (i === j) return mats[i]!;
      const k = split[i]![j]!;
      return ops.dotGeneral(product(i, k), product(k + 1, j), { lhsContract: [1], rhsContract: [0], lhsBatch: [], rhsBatch: [] });
    };
    const out = product(0, mats.length - 1);
    const shape = [...(first.ndim === 2 ? [out.shape[0]!] : []), ...(lastX.ndim === 2 ? [out.shape[1]!] : [])];
    return ops.reshape(out, shape);
  });
}

/**
 * The cross product of 3-vectors along `axis` (default −1) of both arrays; the other axes broadcast.
 * @example `np.linalg.cross([1, 0, 0], [0, 1, 0]).toArray()` // [0, 0, 1]
 */
export function cross(x1: TensorLike, x2: TensorLike, ...rest: [options?: { axis?: number }]): Tensor {
  const op = "np.linalg.cross";
  return inContext(op, () => {
    const { axis = -1 } = optionalArgs(op, ["axis"], rest);
    const a = tensorArg(op, x1, "args[0]"), b = tensorArg(op, x2, "args[1]");
    const na = a.ndim === 0 ? 0 : a.shape[normalizeAxis(axis as number, a.ndim, op)]!;
    const nb = b.ndim === 0 ? 0 : b.shape[normalizeAxis(axis as number, b.ndim, op)]!;
    if (na !== 3 || nb !== 3) throw new ShapeError(`${op}: both arrays must hold 3-vectors along axis ${axis}; got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}.`);
    return npCross(a, b, { axis: axis as number });
  });
}

/**
 * The diagonal (`offset` above it, or below when negative) of each matrix over the last two axes.
 * @example `np.linalg.diagonal([[1, 2], [3, 4]]).toArray()` // [1, 4]
 */
export function diagonal(x: TensorLike, ...rest: [options?: { offset?: number }]): Tensor {
  const op = "np.linalg.diagonal";
  return inContext(op, () => {
    const { offset = 0 } = optionalArgs(op, ["offset"], rest);
    return npDiagonal(x, { offset: offset as number, axis1: -2, axis2: -1 });
  });
}

/**
 * The trace (sum of the `offset` diagonal) of each matrix over the last two axes, optionally in `dtype`.
 * @example `np.linalg.trace([[1, 2], [3, 4]]).item()` // 5
 */
export function trace(x: TensorLike, ...rest: [options?: { offset?: number; dtype?: DType }]): Tensor {
  const op = "np.linalg.trace";
  return inContext(op, () => {
    const { offset = 0, dtype } = optionalArgs(op, ["offset", "dtype"], rest);
    let t = tensorArg(op, x);
    if (dtype !== undefined && dtype !== null) t = ops.convert(t, dtypeArg(dtype, op));
    return npTrace(t, { offset: offset as number, axis1: -2, axis2: -1 });
  });
}

/**
 * The outer product of two 1-D arrays: out[i, j] = x1[i]·x2[j].
 * @example `np.linalg.outer([1, 2], [3, 4]).toArray()` // [[3, 4], [6, 8]]
 */
export function outer(x1: TensorLike, x2: TensorLike): Tensor {
  const op = "np.linalg.outer";
  return inContext(op, () => {
    const [a, b] = promoteOperands(op, [x1, x2]) as [Tensor, Tensor];
    if (a.ndim !== 1 || b.ndim !== 1) throw new ShapeError(`${op}: both arrays must be 1-D; got ${fmtShape(a.shape)} and ${fmtShape(b.shape)} (np.outer flattens them).`);
    const n = a.shape[0]!, m = b.shape[0]!;
    return ops.mul(ops.broadcastInDim(a, [n, m], [0]), ops.broadcastInDim(b, [n, m], [1]));
  });
}
