/**
 * qr[fullMatrices](a) → (q, r): JAX's `qr_p` without pivoting. Householder QR of each `[..., m, n]`
 * matrix with LAPACK's signs (geqrf + orgqr), so Q and R are JAX's to rounding. jvp (JAX's rule,
 * after Townsend's note): for m ≥ n with X = Ȧ·R⁻¹ and C = QᵀX, Ω = tril(C, −1) − tril(C, −1)ᵀ,
 * Q̇ = Q·(Ω − C) + X and Ṙ = (C − Ω)·R; a wide A splits as [A₁ A₂] with Ṙ₂ = Q̇ᵀA₂ + QᵀȦ₂; full
 * matrices of a tall A extend Q̇ to Q's last m − n columns by arXiv:2409.13374 (eq. 32–33, one LU
 * solve with Q₁₁ − I). Batches by moving the vmapped axis to the front.
 */
import { aval } from "../../ir/types.js";
import { scalar } from "../../tensor/from-js.js";
import { householderQr } from "../../tensor/kernels/eigen-qr.js";
import type { Tensor } from "../../tensor/tensor.js";
import { instantiate, isZero, zeroLike } from "../ad.js";
import { moveAxis } from "../batching.js";
import { lu, triangularSolve } from "../factor/ops.js";
import * as ops from "../ops.js";
import { definePrimitive } from "../rule-types.js";
import { block, checkFloatMatrices, eyeLike, mT, mm, strictLowerFrom } from "./matrix.js";
import { qr as bindQr } from "./ops.js";
import type { QrParams } from "./params.js";
import { runBatched } from "./run-batched.js";

const solveFlags = { conjugateA: false } as const;

/** JAX's `_thin_qr_jvp` for q `[..., m, n]`, r `[..., n, n]` (m ≥ n) and the tangent dx `[..., m, n]`. */
function thinQrJvp(q: Tensor, r: Tensor, dx: Tensor): [Tensor, Tensor] {
  const dxRinv = triangularSolve(r, dx, { ...solveFlags, leftSide: false, lower: false, transposeA: false, unitDiagonal: false });
  const c = mm(mT(q), dxRinv);
  const low = strictLowerFrom(c, 0);
  const omega = ops.sub(low, mT(low));
  const dq = ops.add(mm(q, ops.sub(omega, c)), dxRinv);
  const dr = mm(ops.sub(c, omega), r);
  return [dq, dr];
}

/** Xᵀ-solve with the LU of b: X with bᵀ·X = c (JAX's `lu_solve(…, trans=2)` for real b). */
function solveTransposed(b: Tensor, c: Tensor): Tensor {
  const [packed, , perm] = lu(b);
  const y = triangularSolve(packed, c, { ...solveFlags, leftSide: true, lower: false, transposeA: true, unitDiagonal: false });
  const z = triangularSolve(packed, y, { ...solveFlags, leftSide: true, lower: true, transposeA: true, unitDiagonal: true });
  // b[perm] = L·U, so bᵀ = Uᵀ·Lᵀ·P and X = Pᵀ·z, P the one-hot rows of perm.
  const n = b.shape[b.ndim - 1]!;
  const cols = ops.broadcastInDim(ops.iota("int32", [n], 0), [...perm.shape, n], [perm.ndim]);
  const rows = ops.broadcastInDim(perm, [...perm.shape, n], Array.from({ length: perm.ndim }, (_, i) => i));
  const p = ops.convert(ops.binaryOp("eq", rows, cols), b.dtype);
  return mm(mT(p), z);
}

function qrTangents(x: Tensor, dx: Tensor, q: Tensor, r: Tensor, fullMatrices: boolean): [Tensor, Tensor] {
  const [m, n] = x.shape.slice(-2) as [number, number];
  if (m < n) {
    const [dq, dr1] = thinQrJvp(q, block(r, 0, m, 0, m), block(dx, 0, m, 0, m));
    const dr2 = ops.add(mm(mT(dq), block(x, 0, m, m, n)), mm(mT(q), block(dx, 0, m, m, n)));
    return [dq, ops.concatenate([dr1, dr2], x.ndim - 1)];
  }
  const full = fullMatrices && m > n;
  const qmn = full ? block(q, 0, m, 0, n) : q;
  const rnn = full ? block(r, 0, n, 0, n) : r;
  const [dqmn, drnn] = thinQrJvp(qmn, rnn, dx);
  if (!full) return [dqmn, drnn];
  const qnn = block(qmn, 0, n, 0, n), qpn = block(qmn, n, m, 0, n), qmp = block(q, 0, m, n, m);
  const dqnn = block(dqmn, 0, n, 0, n), dqpn = block(dqmn, n, m, 0, n);
  const zpnT = solveTransposed(ops.sub(qnn, eyeLike(qnn, n)), mT(qpn));
  const zpn = mT(zpnT);
  const dqmp = ops.sub(mm(dqmn, zpnT), mm(ops.add(qmn, mm(qmp, zpn)), mT(ops.sub(dqpn, mm(zpn, dqnn)))));
  const zeros = ops.broadcastInDim(scalar(0, x.dtype), [...x.shape.slice(0, -2), m - n, n], []);
  return [ops.concatenate([dqmn, dqmp], x.ndim - 1), ops.concatenate([drnn, zeros], x.ndim - 2)];
}

export const qr = definePrimitive({
  name: "qr",
  kind: "linalg",
  shapeRule: ([x], { fullMatrices }) => {
    checkFloatMatrices("qr", x!);
    const batch = x!.shape.slice(0, -2);
    const [m, n] = x!.shape.slice(-2) as [number, number];
    const k = fullMatrices ? m : Math.min(m, n);
    return [aval([...batch, m, k], x!.dtype), aval([...batch, k, n], x!.dtype)];
  },
  impl: ([x], { fullMatrices }, outs) =>
    runBatched(x!, outs, (a, m, n) => {
      const { q, r } = householderQr(a, m, n, fullMatrices);
      return [q, r];
    }),
  jvpRule: ([x], [dx], params: QrParams) => {
    const [q, r] = bindQr(x!, params);
    if (isZero(dx)) return [[q, r], [zeroLike(q), zeroLike(r)]];
    return [[q, r], qrTangents(x!, instantiate(dx), q, r, params.fullMatrices)];
  },
  transposeRule: "nonlinear",
  batchRule: ([x], [bd], params) => [bindQr(moveAxis(x!, bd!, 0), params), [0, 0]],
});
