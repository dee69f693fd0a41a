/**
 * cholesky(x): JAX's `cholesky_p` followed by the `tril` lax.linalg.cholesky applies — the lower
 * factor L of each `[..., n, n]` matrix, with zeros above the diagonal, read from x's lower
 * triangle only (LAPACK's potrf). Where a matrix is not positive definite its lower triangle is
 * NaN (JAX's value). jvp (Murray 2016, arXiv:1602.07527, as JAX): L̇ = L·Φ(L⁻¹·Ȧ·L⁻ᵀ), Φ = the
 * lower triangle with the diagonal halved; Ȧ is the tangent's lower triangle mirrored, which is the
 * derivative of a map that reads only the lower triangle (and equals Ȧ for the symmetric tangents
 * of `symmetrizeInput`). Batches by moving the vmapped axis to the front.
 */
import { aval } from "../../ir/types.js";
import { fromData } from "../../tensor/from-js.js";
import { cholesky as kernel } from "../../tensor/kernels/factor.js";
import type { Tensor } from "../../tensor/tensor.js";
import { constant, instantiate, isZero, zeroLike } from "../ad.js";
import { moveAxis } from "../batching.js";
import * as ops from "../ops.js";
import { definePrimitive } from "../rule-types.js";
import { checkSquare } from "./check.js";
import { bmm, cholesky as bindCholesky, eyeLike, mT, triangularSolve, tril } from "./ops.js";

/** Φ(X): the lower triangle of X with its diagonal halved. */
const phi = (x: Tensor): Tensor => ops.div(tril(x), ops.add(constant(1, x), eyeLike(x)));


export const cholesky = definePrimitive({
  name: "cholesky",
  kind: "linalg",
  shapeRule: ([x]) => {
    checkSquare("cholesky", "args[0]", x!);
    return [aval(x!.shape, x!.dtype)];
  },
  impl: ([x], _p, [o]) => [fromData(o!.shape, o!.dtype, kernel(x!.concreteData(), x!.shape, o!.dtype))],
  jvpRule: ([x], [dx]) => {
    const l = bindCholesky(x!);
    if (isZero(dx)) return [[l], [zeroLike(l)]];
    const t = instantiate(dx!);
    const sym = ops.add(tril(t), mT(tril(t, -1)));
    const right = triangularSolve(l, sym, { leftSide: false, lower: true, transposeA: true, conjugateA: false, unitDiagonal: false });
    const inner = triangularSolve(l, right, { leftSide: true, lower: true, transposeA: false, conjugateA: false, unitDiagonal: false });
    return [[l], [bmm(l, phi(inner))]];
  },
  transposeRule: "nonlinear",
  batchRule: ([x], [bd]) => [[bindCholesky(moveAxis(x!, bd!, 0))], [0]],
});
