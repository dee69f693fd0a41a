/**
 * matmul (numpy semantics: 1-D operands promoted and squeezed, batch dims broadcast), dot and
 * outer, all lowered to one dot_general so the blocked GEMM kernel does the work.
 */
import { ShapeError, fmtShape } from "../errors.js";
import * as ops from "../primitives/ops.js";
import { broadcastShapes } from "../tensor/shape.js";
import type { Tensor, TensorLike } from "../tensor/tensor.js";
import { broadcastTensor, promoteOperands, requireNumeric } from "./coerce.js";
import { reshape } from "./shape.js";

/**
 * Matrix product with numpy's rules: a 1-D left operand is a row, a 1-D right operand a column
 * (both dropped from the result); leading batch dimensions broadcast.
 * @example `np.matmul(np.ones([2, 3]), np.ones([3, 4])).shape` // [2, 4]
 */
export function matmul(x: TensorLike, y: TensorLike): Tensor {
  const [a0, b0] = promoteOperands("matmul", [x, y]);
  requireNumeric("matmul", a0!);
  if (a0!.ndim === 0 || b0!.ndim === 0) {
    throw new ShapeError(`np.matmul: operands must be at least 1-D; got ${fmtShape(a0!.shape)} and ${fmtShape(b0!.shape)}. Use np.mul for scalars.`);
  }
  const a = a0!.ndim === 1 ? reshape(a0!, [1, a0!.shape[0]!]) : a0!;
  const b = b0!.ndim === 1 ? reshape(b0!, [b0!.shape[0]!, 1]) : b0!;
  const k1 = a.shape[a.ndim - 1]!, k2 = b.shape[b.ndim - 2]!;
  if (k1 !== k2) {
    throw new ShapeError(
      `np.matmul: contraction mismatch: args[0] ${fmtShape(a0!.shape)} axis ${a0!.ndim - 1} has size ${k1} but ` +
        `args[1] ${fmtShape(b0!.shape)} axis ${Math.max(0, b0!.ndim - 2)} has size ${k2}. Transpose one operand or fix the shapes.`,
    );
  }
  const batch = broadcastShapes("np.matmul", [a.shape.slice(0, -2), b.shape.slice(0, -2)]);
  const nb = batch.length;
  const ab = broadcastTensor(a, [...batch, ...a.shape.slice(-2)]);
  const bb = broadcastTensor(b, [...batch, ...b.shape.slice(-2)]);
  const range = Array.from({ length: nb }, (_, i) => i);
  let out = ops.dotGeneral(ab, bb, { lhsContract: [nb + 1], rhsContract: [nb], lhsBatch: range, rhsBatch: range });
  if (a0!.ndim === 1 || b0!.ndim === 1) {
    out = reshape(out, [...batch, ...(a0!.ndim === 1 ? [] : [a.shape[a.ndim - 2]!]), ...(b0!.ndim === 1 ? [] : [b.shape[b.ndim - 1]!])]);
  }
  return out;
}

/**
 * numpy `dot`: scalars multiply; otherwise contracts the last axis of x with the second-to-last
 * of y (the only axis when y is 1-D).
 * @example `np.dot([1, 2, 3], [4, 5, 6]).item()` // 32
 */
export function dot(x: TensorLike, y: TensorLike): Tensor {
  const [a, b] = promoteOperands("dot", [x, y]);
  requireNumeric("dot", a!);
  if (a!.ndim === 0 || b!.ndim === 0) return ops.mul(...(broadcastPair(a!, b!) as [Tensor, Tensor]));
  const ca = a!.ndim - 1, cb = b!.ndim === 1 ? 0 : b!.ndim - 2;
  if (a!.shape[ca] !== b!.shape[cb]) {
    throw new ShapeError(
      `np.dot: contraction mismatch: args[0] ${fmtShape(a!.shape)} axis ${ca} has size ${a!.shape[ca]} but ` +
        `args[1] ${fmtShape(b!.shape)} axis ${cb} has size ${b!.shape[cb]}.`,
    );
  }
  return ops.dotGeneral(a!, b!, { lhsContract: [ca], rhsContract: [cb], lhsBatch: [], rhsBatch: [] });
}

function broadcastPair(a: Tensor, b: Tensor): Tensor[] {
  const shape = broadcastShapes("np.dot", [a.shape, b.shape]);
  return [a.ndim === 0 ? a : broadcastTensor(a, shape), b.ndim === 0 ? b : broadcastTensor(b, shape)];
}

/** Outer product of the flattened operands. @example `np.outer([1, 2], [3, 4, 5]).shape` // [2, 3] */
export function outer(x: TensorLike, y: TensorLike): Tensor {
  const [a, b] = promoteOperands("outer", [x, y]);
  requireNumeric("outer", a!);
  const fa = reshape(a!, [a!.size, 1]), fb = reshape(b!, [1, b!.size]);
  return ops.dotGeneral(fa, fb, { lhsContract: [1], rhsContract: [0], lhsBatch: [], rhsBatch: [] });
}
