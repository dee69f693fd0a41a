/**
 * Typed binders of this area's primitives, and the matrix helpers their rules and the linalg
 * wrappers share (triangles, batched products, the last two axes swapped, rows permuted): all
 * written with ops over `[..., m, n]` arrays, so every rule traces, batches and differentiates.
 */
import { scalar } from "../../tensor/from-js.js";
import type { Tensor } from "../../tensor/tensor.js";
import * as ops from "../ops.js";
import { apply1, applyN } from "../ops.js";
import { takeAlong } from "../sorting/ops.js";
import type { TriangularSolveParams } from "./params.js";

/** The lower Cholesky factor of each `[..., n, n]` matrix (zeros above; NaN where not positive definite). */
export const cholesky = (x: Tensor): Tensor => apply1("cholesky", [x], {});

/** op(A)·X = B or X·op(A) = B (see TriangularSolveParams). */
export const triangularSolve = (a: Tensor, b: Tensor, params: TriangularSolveParams): Tensor => apply1("triangular_solve", [a, b], params);

/** [lu, pivots, permutation] of each `[..., m, n]` matrix. */
export function lu(x: Tensor): [Tensor, Tensor, Tensor] {
  const [f, p, q] = applyN("lu", [x], {});
  return [f!, p!, q!];
}

/** The permutation that LU's row swaps make, of size `permutationSize`. */
export const luPivotsToPermutation = (pivots: Tensor, permutationSize: number): Tensor =>
  apply1("lu_pivots_to_permutation", [pivots], { permutationSize });

/** x with its last two axes swapped (JAX's `_T` / `.mT`). */
export function mT(x: Tensor): Tensor {
  const r = x.ndim;
  return ops.transpose(x, [...Array.from({ length: r - 2 }, (_, i) => i), r - 1, r - 2]);
}

/** The bool mask [..., n, m] of positions on or below diagonal k (j − i ≤ k), broadcast to `shape`. */
function triMask(shape: readonly number[], k: number): Tensor {
  const [n, m] = shape.slice(-2) as [number, number];
  const rows = ops.iota("int32", [n, m], 0);
  const cols = ops.iota("int32", [n, m], 1);
  const mask = ops.binaryOp("le", ops.sub(cols, rows), scalar(k, "int32"));
  return ops.broadcastInDim(mask, shape, [shape.length - 2, shape.length - 1]);
}

const zerosLike = (x: Tensor): Tensor => ops.broadcastInDim(scalar(0, x.dtype), x.shape, []);

/** The lower triangle of each matrix from diagonal k down (JAX's `_tril(m, k)`); zeros elsewhere. */
export const tril = (x: Tensor, k = 0): Tensor => ops.select(triMask(x.shape, k), x, zerosLike(x));

/** The upper triangle of each matrix from diagonal k up (JAX's `_triu(m, k)`); zeros elsewhere. */
export const triu = (x: Tensor, k = 0): Tensor => ops.select(triMask(x.shape, k - 1), zerosLike(x), x);

/** The batched matrix product of `[..., m, k]` and `[..., k, n]` (equal batch dims). */
export function bmm(a: Tensor, b: Tensor): Tensor {
  const nb = a.ndim - 2;
  const batch = Array.from({ length: nb }, (_, i) => i);
  return ops.dotGeneral(a, b, { lhsContract: [nb + 1], rhsContract: [nb], lhsBatch: batch, rhsBatch: batch });
}

/** `[..., n, n]` identity matrices of x's dtype and batch shape. */
export function eyeLike(x: Tensor, n = x.shape[x.ndim - 1]!): Tensor {
  const eye = ops.convert(ops.binaryOp("eq", ops.iota("int32", [n, n], 0), ops.iota("int32", [n, n], 1)), x.dtype);
  const shape = [...x.shape.slice(0, -2), n, n];
  return ops.broadcastInDim(eye, shape, [shape.length - 2, shape.length - 1]);
}

/** The rows of each `[..., m, n]` matrix taken in the order `perm` (`[..., m]` int32): x[..., perm, :]. */
export function permuteRows(x: Tensor, perm: Tensor): Tensor {
  const idx = ops.broadcastInDim(perm, x.shape, Array.from({ length: x.ndim - 1 }, (_, i) => i));
  return takeAlong(x, idx, x.ndim - 2);
}
