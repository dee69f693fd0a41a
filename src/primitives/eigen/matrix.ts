/**
 * Batched matrix helpers written with ops, for this area's rules: every function takes
 * `[..., m, n]` tensors with equal batch dims and binds only primitives, so a rule built from them
 * traces, differentiates again and batches. Also the operand check the shape rules share.
 */
import { DTypeError, ShapeError, fmtShape } from "../../errors.js";
import type { Aval } from "../../ir/types.js";
import { isFloat } from "../../tensor/dtype.js";
import { scalar } from "../../tensor/from-js.js";
import type { Tensor } from "../../tensor/tensor.js";
import * as ops from "../ops.js";

/**
 * Rejects everything but a batch of float32/float64 matrices: complex dtypes with a "not supported
 * yet" message, other dtypes with the cast to make, ranks below 2 with the shape expected.
 */
export function checkFloatMatrices(op: string, x: Aval, what = "[..., m, n]"): void {
  const dtype = String(x.dtype);
  if (dtype.startsWith("complex")) {
    throw new DTypeError(`${op}: the operand is ${dtype}; complex matrices are not supported yet by ${op}. Pass float32 or float64 (np.real(x) if the imaginary part is zero).`);
  }
  if (!isFloat(x.dtype)) {
    throw new DTypeError(`${op}: the operand has dtype ${dtype}, but ${op} takes float32 or float64 matrices. Cast it with np.astype(x, "float32").`);
  }
  if (x.shape.length < 2) {
    throw new ShapeError(`${op}: the operand has shape ${fmtShape(x.shape)}, but it must be a batch of matrices ${what} (at least 2-D).`);
  }
}

/**
 * Refuses a complex tensor before a wrapper's float conversion could drop its imaginary part: the
 * decompositions take real matrices only, for now.
 */
export function refuseComplex<T extends { readonly dtype: string }>(op: string, x: T): T {
  if (String(x.dtype).startsWith("complex")) {
    throw new DTypeError(`${op}: the operand is ${String(x.dtype)}; complex matrices are not supported yet by ${op}. Pass float32 or float64 (np.real(x) if the imaginary part is zero).`);
  }
  return x;
}

const range = (n: number, start = 0): number[] => Array.from({ length: n }, (_, i) => start + i);

/** x with its last two axes swapped (JAX's `_T`). */
export function mT(x: Tensor): Tensor {
  const r = x.ndim;
  return ops.transpose(x, [...range(r - 2), r - 1, r - 2]);
}

/** The batched product of `[..., m, k]` and `[..., k, n]`. */
export function mm(a: Tensor, b: Tensor): Tensor {
  const nb = a.ndim - 2;
  return ops.dotGeneral(a, b, { lhsContract: [nb + 1], rhsContract: [nb], lhsBatch: range(nb), rhsBatch: range(nb) });
}

/** A `[n, m]` 0/1 matrix of `dtype` that is 1 where `pred(col − row)` holds. */
function band(dtype: Tensor["dtype"], n: number, m: number, cmp: "eq" | "lt" | "le" | "gt" | "ge", k: number): Tensor {
  const diff = ops.sub(ops.iota("int32", [n, m], 1), ops.iota("int32", [n, m], 0));
  return ops.convert(ops.binaryOp(cmp, diff, scalar(k, "int32")), dtype);
}

/** `x` broadcast over the batch dims of `like` (x is `[n, m]`). */
function overBatch(x: Tensor, batch: readonly number[]): Tensor {
  const shape = [...batch, ...x.shape];
  return ops.broadcastInDim(x, shape, [batch.length, batch.length + 1]);
}

/** `[..., n, n]` identity matrices of x's dtype, with x's batch dims (x is `[..., *, *]`). */
export function eyeLike(x: Tensor, n: number): Tensor {
  return overBatch(band(x.dtype, n, n, "eq", 0), x.shape.slice(0, -2));
}

/** The entries with col − row < k kept (JAX's `_tril(x, k − 1)`); zeros elsewhere. Linear in x. */
export function strictLowerFrom(x: Tensor, k: number): Tensor {
  const [n, m] = x.shape.slice(-2) as [number, number];
  return ops.mul(x, overBatch(band(x.dtype, n, m, "lt", k), x.shape.slice(0, -2)));
}

/** The lower triangle including the diagonal (JAX's `_tril(x)`). */
export const tril = (x: Tensor): Tensor => strictLowerFrom(x, 1);

/** The diagonal of each `[..., n, n]` matrix, as `[..., n]`: a strided slice of the flattened matrix (linear, and exact: no 0·∞). */
export function diagonal(x: Tensor): Tensor {
  const n = x.shape[x.ndim - 1]!;
  const batch = x.shape.slice(0, -2);
  const flat = ops.reshape(x, [...batch, n * n]);
  const nb = batch.length;
  const taken = ops.slice(flat, [...batch.map(() => 0), 0], [...batch, Math.max(n * n, 0)], [...batch.map(() => 1), n + 1]);
  return n === 0 ? ops.reshape(taken, [...batch, 0]) : ops.reshape(taken, [...batch.slice(0, nb), n]);
}

/** `[..., n]` → `[..., n, n]` diagonal matrices: each entry followed by n zeros, laid out flat (exact: no 0·∞). */
export function diagMatrix(v: Tensor): Tensor {
  const n = v.shape[v.ndim - 1]!;
  const batch = v.shape.slice(0, -1);
  if (n === 0) return ops.reshape(v, [...batch, 0, 0]);
  const col = ops.reshape(v, [...batch, n, 1]);
  const padded = ops.pad(col, 0, [...batch.map(() => [0, 0, 0] as const), [0, 0, 0] as const, [0, n, 0] as const]);
  const flat = ops.reshape(padded, [...batch, n * (n + 1)]);
  const cut = ops.slice(flat, [...batch.map(() => 0), 0], [...batch, n * n], [...batch.map(() => 1), 1]);
  return ops.reshape(cut, [...batch, n, n]);
}

/** `x[..., r0:r1, c0:c1]`. */
export function block(x: Tensor, r0: number, r1: number, c0: number, c1: number): Tensor {
  const r = x.ndim;
  return ops.slice(x, x.shape.map((_, i) => (i === r - 2 ? r0 : i === r - 1 ? c0 : 0)), x.shape.map((d, i) => (i === r - 2 ? r1 : i === r - 1 ? c1 : d)), x.shape.map(() => 1));
}

/** `[..., n]` as `[..., 1, n]` (a row per matrix), for broadcasting against `[..., m, n]`. */
export function asRow(v: Tensor, m: number): Tensor {
  const shape = [...v.shape.slice(0, -1), m, v.shape[v.ndim - 1]!];
  return ops.broadcastInDim(v, shape, [...range(v.ndim - 1), v.ndim]);
}

/** `[..., n]` as columns: entry (i, j) = v[i], shape `[..., n, m]`. */
export function asCol(v: Tensor, m: number): Tensor {
  const shape = [...v.shape, m];
  return ops.broadcastInDim(v, shape, range(v.ndim));
}

/** A scalar constant of x's dtype broadcast to x's shape. */
export const full = (value: number, like: Tensor): Tensor => ops.broadcastInDim(scalar(value, like.dtype), like.shape, []);
