/**
 * Typed binder of conv_general_dilated, and JAX's two reshapes that fold an axis into another or
 * split one out (`_reshape_axis_into` / `_reshape_axis_out_of`), with which its transpose and
 * batching rules move groups and batch axes between roles.
 */
import type { Tensor } from "../../tensor/tensor.js";
import * as ops from "../ops.js";
import { apply1 } from "../ops.js";
import type { ConvGeneralDilatedParams } from "./params.js";

/** Binds conv_general_dilated (params already resolved: explicit padding, index-array dimension numbers). */
export const convGeneralDilated = (lhs: Tensor, rhs: Tensor, params: ConvGeneralDilatedParams): Tensor =>
  apply1("conv_general_dilated", [lhs, rhs], params);

/**
 * Merges axis `src` of x into the axis that is `dst` once `src` is removed, `src` becoming the
 * major part: sizes (…, a@src, …, b@dst, …) → (…, a·b, …).
 */
export function reshapeAxisInto(src: number, dst: number, x: Tensor): Tensor {
  const perm = x.shape.map((_, i) => i).filter((i) => i !== src);
  perm.splice(dst, 0, src);
  const shape = x.shape.filter((_, i) => i !== src);
  shape[dst] = shape[dst]! * x.shape[src]!;
  const moved = perm.every((p, i) => p === i) ? x : ops.transpose(x, perm);
  return ops.reshape(moved, shape);
}

/** Splits axis `src` of x into (size1, rest), size1 major. */
export function reshapeAxisOutOf(src: number, size1: number, x: Tensor): Tensor {
  const shape = [...x.shape];
  shape.splice(src, 1, size1, x.shape[src]! / size1);
  return ops.reshape(x, shape);
}
