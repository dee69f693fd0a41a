/** Typed binders of this area's primitives (rules and the lax/np layers call these, never the kernels). */
import type { Tensor } from "../../tensor/tensor.js";
import { applyN } from "../ops.js";
import type { EighParams, QrParams, SvdParams } from "./params.js";

/** [q, r] of each `[..., m, n]` matrix (Householder, LAPACK's signs). */
export function qr(x: Tensor, params: QrParams): [Tensor, Tensor] {
  const [q, r] = applyN("qr", [x], params);
  return [q!, r!];
}

/** [v, w]: eigenvectors (columns) and ascending eigenvalues of each symmetric `[..., n, n]` matrix. */
export function eigh(x: Tensor, params: EighParams): [Tensor, Tensor] {
  const [v, w] = applyN("eigh", [x], params);
  return [v!, w!];
}

/** [s, u, vt] with `computeUv`, else [s]: singular values descending. */
export const svd = (x: Tensor, params: SvdParams): Tensor[] => applyN("svd", [x], params);
