/**
 * eigh[lower, sortEigenvalues](a) → (v, w): JAX's `eigh_p`. For each `[..., n, n]` matrix, read
 * from one triangle only, the eigenvectors v (columns, signs fixed by the kernel) and the ascending
 * eigenvalues w, with A = V·diag(w)·Vᵀ. jvp (first-order perturbation theory, as JAX):
 * ẇ = diag(Vᵀ·Ȧ·V), V̇ = V·(F ∘ Vᵀ·Ȧ·V) with F_ij = 1/(w_j − w_i) off the diagonal and 0 on it,
 * built as JAX builds it (1/(I + w_j − w_i) − I), so repeated eigenvalues give ∞/NaN in V̇ exactly
 * where JAX's do (ẇ stays finite). Ȧ is the tangent's triangle mirrored — the derivative of a map that
 * reads one triangle, equal to Ȧ for the symmetric tangents `symmetrizeInput` produces (JAX's rule
 * uses Ȧ as given, which differs only for non-symmetric tangents). Batches by moving the vmapped
 * axis to the front.
 */
import { ShapeError, fmtShape } from "../../errors.js";
import { aval } from "../../ir/types.js";
import { symmetricEigen } from "../../tensor/kernels/eigen-eigh.js";
import { instantiate, isZero, zeroLike } from "../ad.js";
import { moveAxis } from "../batching.js";
import * as ops from "../ops.js";
import { definePrimitive } from "../rule-types.js";
import { asCol, asRow, checkFloatMatrices, diagonal, eyeLike, mT, mm, strictLowerFrom } from "./matrix.js";
import { eigh as bindEigh } from "./ops.js";
import type { EighParams } from "./params.js";
import { runBatched } from "./run-batched.js";
import type { Tensor } from "../../tensor/tensor.js";

/** The symmetric matrix whose `lower` (or upper) triangle is t's: the tangent of what the kernel reads. */
function mirrored(t: Tensor, lower: boolean): Tensor {
  const tri = lower ? t : mT(t);
  const strict = strictLowerFrom(tri, 0);
  return ops.add(ops.add(strict, mT(strict)), ops.mul(tri, eyeLike(t, t.shape[t.ndim - 1]!)));
}

/** JAX's reciprocal eigenvalue gaps: F_ij = 1/(w_j − w_i), 0 on the diagonal, via 1/(I + w_j − w_i) − I. */
function gapReciprocals(w: Tensor): Tensor {
  const n = w.shape[w.ndim - 1]!;
  const eye = eyeLike(asRow(w, n), n);
  const diff = ops.sub(asRow(w, n), asCol(w, n));
  return ops.sub(ops.integerPow(ops.add(eye, diff), -1), eye);
}

export const eigh = definePrimitive({
  name: "eigh",
  kind: "linalg",
  shapeRule: ([x]) => {
    checkFloatMatrices("eigh", x!, "[..., n, n]");
    const [m, n] = x!.shape.slice(-2);
    if (m !== n) {
      throw new ShapeError(`eigh: the operand has shape ${fmtShape(x!.shape)}, but eigh needs square matrices [..., n, n] (its last two axes differ: ${m} ≠ ${n}). Use svd for non-square matrices.`);
    }
    return [aval(x!.shape, x!.dtype), aval(x!.shape.slice(0, -1), x!.dtype)];
  },
  impl: ([x], { lower }, outs) =>
    runBatched(x!, outs, (a, n) => {
      const { v, w } = symmetricEigen(a, n, lower);
      return [v, w];
    }),
  jvpRule: ([x], [dx], params: EighParams) => {
    const [v, w] = bindEigh(x!, params);
    if (isZero(dx)) return [[v!, w!], [zeroLike(v!), zeroLike(w!)]];
    const vtav = mm(mm(mT(v!), mirrored(instantiate(dx), params.lower)), v!);
    const dv = mm(v!, ops.mul(gapReciprocals(w!), vtav));
    return [[v!, w!], [dv, diagonal(vtav)]];
  },
  transposeRule: "nonlinear",
  batchRule: ([x], [bd], params) => [bindEigh(moveAxis(x!, bd!, 0), params), [0, 0]],
});
