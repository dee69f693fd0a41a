/** `lax.dot`: JAX's vector/matrix product without numpy's broadcasting rules. */
import { ShapeError, fmtShape } from "../errors.js";
import { dot as npDot } from "../np/matmul.js";
import { tensorArg } from "../np/coerce.js";
import type { Tensor, TensorLike } from "../tensor/tensor.js";

/**
 * The product of vectors and matrices (JAX's `lax.dot`): vector·vector, matrix·vector,
 * vector·matrix or matrix·matrix, contracting the last axis of `lhs` with the first of `rhs`.
 * Higher ranks are refused: use `lax`'s general form through `np.einsum`, `np.matmul` or
 * `np.tensordot`.
 *
 * @example
 * ```ts
 * lax.dot(np.array([[1, 2], [3, 4]]), np.array([1, 1])).toArray(); // [3, 7]
 * ```
 */
export function dot(lhs: TensorLike, rhs: TensorLike): Tensor {
  const a = tensorArg("lax.dot", lhs, "lhs (args[0])");
  const b = tensorArg("lax.dot", rhs, "rhs (args[1])");
  if (a.ndim < 1 || a.ndim > 2 || b.ndim < 1 || b.ndim > 2) {
    throw new ShapeError(
      `lax.dot: takes vectors and matrices; got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}. For other ranks use np.matmul, np.tensordot or np.einsum.`,
    );
  }
  return npDot(a, b);
}
