/**
 * The diagonal of a plane of an array as one gather, shared by `trace` and `diag` (an internal
 * helper: np/index.ts does not re-export this file).
 */
import { ArgumentError, ShapeError, fmtValue } from "../errors.js";
import * as ops from "../primitives/ops.js";
import { arrayFrom } from "../tensor/from-js.js";
import { normalizeAxis } from "../tensor/shape.js";
import type { Tensor } from "../tensor/tensor.js";

/**
 * The diagonal `offset` of the planes spanned by `axis1` and `axis2`, as a last axis (the other
 * axes keep their order): one gather from the flattened plane.
 */
export function diagonalOf(x: Tensor, offset: number, axis1: number, axis2: number, where: string): Tensor {
  const a1 = normalizeAxis(axis1, x.ndim, where), a2 = normalizeAxis(axis2, x.ndim, where);
  if (a1 === a2) throw new ShapeError(`${where}: axis1 and axis2 are both axis ${a1}; give two different axes.`);
  if (!Number.isInteger(offset)) throw new ArgumentError(`${where}: offset ${fmtValue(offset)} must be an integer.`);
  const rest = Array.from({ length: x.ndim }, (_, d) => d).filter((d) => d !== a1 && d !== a2);
  const moved = ops.transpose(x, [...rest, a1, a2]);
  const n = x.shape[a1]!, m = x.shape[a2]!;
  const count = Math.max(0, Math.min(n + Math.min(offset, 0), m - Math.max(offset, 0)));
  const batch = rest.map((d) => x.shape[d]!);
  const flat = ops.reshape(moved, [...batch, n * m]);
  const idx = Array.from({ length: count }, (_, i) => (i - Math.min(offset, 0)) * m + i + Math.max(offset, 0));
  return ops.gather(flat, arrayFrom(idx, "int32"), batch.length);
}

