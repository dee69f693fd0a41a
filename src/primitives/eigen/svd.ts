/**
 * svd[fullMatrices, computeUv](a) → (s, u, vt) or (s): JAX's `svd_p`. For each `[..., m, n]`
 * matrix A = U·diag(s)·Vᵀ with s descending (one-sided Jacobi in float64; signs fixed by the kernel).
 * jvp (JAX's rule): with dS = Uᵀ·Ȧ·V of the reduced factors, ṡ = diag(dS);
 * U̇ = U·(F ∘ (dS·S + S·dSᵀ)), V̇ = V·(F ∘ (S·dS + dSᵀ·S)) with F_ij = 1/(s_j² − s_i²) off the
 * diagonal (built as 1/(D + I) − I, so equal singular values give ∞/NaN where JAX's do), plus for a
 * tall A the part of Ȧ·V outside U's span divided by s (U̇ += (I − UUᵀ)·Ȧ·V·S⁻¹), for a wide one the
 * same for V. Like JAX's, the rule is not defined for full matrices of a non-square A
 * (NonDifferentiableError). Batches by moving the vmapped axis to the front.
 */
import { NonDifferentiableError, fmtShape } from "../../errors.js";
import { aval } from "../../ir/types.js";
import { jacobiSvd } from "../../tensor/kernels/eigen-svd.js";
import type { Tensor } from "../../tensor/tensor.js";
import { instantiate, isZero, zeroLike } from "../ad.js";
import { moveAxis } from "../batching.js";
import * as ops from "../ops.js";
import { definePrimitive } from "../rule-types.js";
import { asCol, asRow, checkFloatMatrices, diagonal, eyeLike, mT, mm } from "./matrix.js";
import { svd as bindSvd } from "./ops.js";
import type { SvdParams } from "./params.js";
import { runBatched } from "./run-batched.js";

/** F_ij = 1/((s_j + s_i)(s_j − s_i)) off the diagonal, 0 on it (JAX's construction). */
function gapReciprocals(s: Tensor): Tensor {
  const k = s.shape[s.ndim - 1]!;
  const row = asRow(s, k), col = asCol(s, k);
  const eye = eyeLike(row, k);
  const diffs = ops.mul(ops.add(row, col), ops.sub(row, col));
  return ops.sub(ops.integerPow(ops.add(diffs, eye), -1), eye);
}

/** The tangents (ṡ, U̇, V̇ᵀ) of the reduced SVD, or (ṡ) alone. */
function svdTangents(a: Tensor, da: Tensor, s: Tensor, u: Tensor, vt: Tensor, computeUv: boolean): Tensor[] {
  const [m, n] = a.shape.slice(-2) as [number, number];
  const k = s.shape[s.ndim - 1]!;
  const v = mT(vt);
  const dS = mm(mm(mT(u), da), v);
  const ds = diagonal(dS);
  if (!computeUv) return [ds];
  const f = gapReciprocals(s);
  const dSS = ops.mul(asRow(s, k), dS); // dS·diag(s)
  const SdS = ops.mul(asCol(s, k), dS); // diag(s)·dS
  let du = mm(u, ops.mul(f, ops.add(dSS, mT(dSS))));
  let dv = mm(v, ops.mul(f, ops.add(SdS, mT(SdS))));
  if (m > n) {
    const dav = mm(da, v);
    du = ops.add(du, ops.div(ops.sub(dav, mm(u, mm(mT(u), dav))), asRow(s, m)));
  }
  if (n > m) {
    const dau = mm(mT(da), u);
    dv = ops.add(dv, ops.div(ops.sub(dau, mm(v, mm(vt, dau))), asRow(s, n)));
  }
  return [ds, du, mT(dv)];
}

export const svd = definePrimitive({
  name: "svd",
  kind: "linalg",
  shapeRule: ([x], { fullMatrices, computeUv }) => {
    checkFloatMatrices("svd", x!);
    const batch = x!.shape.slice(0, -2);
    const [m, n] = x!.shape.slice(-2) as [number, number];
    const k = Math.min(m, n);
    const s = aval([...batch, k], x!.dtype);
    if (!computeUv) return [s];
    return [s, aval([...batch, m, fullMatrices ? m : k], x!.dtype), aval([...batch, fullMatrices ? n : k, n], x!.dtype)];
  },
  impl: ([x], { fullMatrices, computeUv }, outs) =>
    runBatched(x!, outs, (a, m, n) => {
      const { s, u, vt } = jacobiSvd(a, m, n, fullMatrices, computeUv);
      return computeUv ? [s, u!, vt!] : [s];
    }),
  jvpRule: ([x], [dx], params: SvdParams) => {
    const { fullMatrices, computeUv } = params;
    const [m, n] = x!.shape.slice(-2) as [number, number];
    if (computeUv && fullMatrices && m !== n) {
      throw new NonDifferentiableError(
        `svd: the derivative of full_matrices=True singular vectors is not defined for a non-square matrix (shape ${fmtShape(x!.shape)}), as in JAX. ` +
          "Differentiate the reduced SVD (fullMatrices: false), or only the singular values (computeUv: false).",
      );
    }
    const [s, u, vt] = bindSvd(x!, { fullMatrices: false, computeUv: true });
    const primals = computeUv ? [s!, u!, vt!] : [s!];
    if (isZero(dx)) return [primals, primals.map((p) => zeroLike(p))];
    return [primals, svdTangents(x!, instantiate(dx), s!, u!, vt!, computeUv)];
  },
  transposeRule: "nonlinear",
  batchRule: ([x], [bd], params) => {
    const outs = bindSvd(moveAxis(x!, bd!, 0), params);
    return [outs, outs.map(() => 0)];
  },
});

