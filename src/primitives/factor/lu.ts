/**
 * lu(x): JAX's `lu_p` — LU with partial pivoting of each `[..., m, n]` matrix: P·A = L·U, with
 * `lu` holding U on and above the diagonal and L (unit diagonal, not stored) below it, `pivots`
 * (int32 `[..., min(m, n)]`: row i was swapped with row pivots[i], in order) and `permutation`
 * (int32 `[..., m]`: P·A = A[permutation]). jvp (de Hoog, Anderssen and Lukas, as JAX): with
 * F = L⁻¹·Ȧ[perm]·U⁻¹ (L padded to m×m, U to n×n with ones), L̇ = L·tril(F, −1), U̇ = triu(F)·U,
 * lu̇ = L̇ + U̇; the integer outputs have zero tangents. Batches by moving the vmapped axis to the front.
 */
import { aval } from "../../ir/types.js";
import { fromData } from "../../tensor/from-js.js";
import { lu as kernel } from "../../tensor/kernels/factor.js";
import type { Tensor } from "../../tensor/tensor.js";
import { instantiate, isZero, zeroLike } from "../ad.js";
import { moveAxis } from "../batching.js";
import * as ops from "../ops.js";
import { definePrimitive } from "../rule-types.js";
import { checkFloatMatrix } from "./check.js";
import { bmm, eyeLike, lu as bindLu, permuteRows, triangularSolve, tril, triu } from "./ops.js";

/** x[..., r0:r1, c0:c1]. */
function block(x: Tensor, r0: number, r1: number, c0: number, c1: number): Tensor {
  const r = x.ndim;
  return ops.slice(x, x.shape.map((_, i) => (i === r - 2 ? r0 : i === r - 1 ? c0 : 0)), x.shape.map((d, i) => (i === r - 2 ? r1 : i === r - 1 ? c1 : d)), x.shape.map(() => 1));
}

/** Zero rows (`rows`) or columns appended to each matrix. */
function padEnd(x: Tensor, rows: number, cols: number): Tensor {
  const r = x.ndim;
  return ops.pad(x, 0, x.shape.map((_, i) => (i === r - 2 ? [0, rows, 0] : i === r - 1 ? [0, cols, 0] : [0, 0, 0]) as [number, number, number]));
}

/** The tangent of the packed factors (JAX's `_lu_jvp_inner`, batched with ops). */
function luTangent(f: Tensor, da: Tensor, perm: Tensor): Tensor {
  const [m, n] = f.shape.slice(-2) as [number, number];
  const k = Math.min(m, n);
  const l = ops.add(padEnd(tril(block(f, 0, m, 0, k), -1), 0, m - k), eyeLike(f, m));
  // U padded to n×n, with ones on the diagonal of the padding so it stays invertible.
  const uEye = padEnd(ops.pad(eyeLike(f, n - k), 0, f.shape.map((_, i) => (i >= f.ndim - 2 ? [k, 0, 0] : [0, 0, 0]) as [number, number, number])), 0, 0);
  const u = ops.add(padEnd(triu(block(f, 0, k, 0, n)), n - k, 0), uEye);
  const la = triangularSolve(l, permuteRows(da, perm), { leftSide: true, lower: true, transposeA: false, conjugateA: false, unitDiagonal: true });
  const lau = triangularSolve(u, la, { leftSide: false, lower: false, transposeA: false, conjugateA: false, unitDiagonal: false });
  return ops.add(bmm(l, tril(lau, -1)), bmm(triu(lau), u));
}

export const lu = definePrimitive({
  name: "lu",
  kind: "linalg",
  shapeRule: ([x]) => {
    checkFloatMatrix("lu", "args[0]", x!);
    const [m, n] = x!.shape.slice(-2) as [number, number];
    const batch = x!.shape.slice(0, -2);
    return [aval(x!.shape, x!.dtype), aval([...batch, Math.min(m, n)], "int32"), aval([...batch, m], "int32")];
  },
  impl: ([x], _p, [o, p, q]) => {
    const r = kernel(x!.concreteData(), x!.shape, o!.dtype);
    return [fromData(o!.shape, o!.dtype, r.lu), fromData(p!.shape, "int32", r.pivots), fromData(q!.shape, "int32", r.permutation)];
  },
  jvpRule: ([x], [dx]) => {
    const [f, pivots, perm] = bindLu(x!);
    const df = isZero(dx) ? zeroLike(f) : luTangent(f, instantiate(dx!), perm);
    return [[f, pivots, perm], [df, zeroLike(pivots), zeroLike(perm)]];
  },
  transposeRule: "nonlinear",
  batchRule: ([x], [bd]) => [bindLu(moveAxis(x!, bd!, 0)), [0, 0, 0]],
});
