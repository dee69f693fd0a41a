/**
 * lax.linalg.eigh, svd and qr with JAX's argument conventions (keyword arguments as a trailing
 * options object), over the eigen primitives. Outputs come in JAX's order: eigh gives [v, w]
 * (eigenvectors first), svd gives [u, s, vh].
 */
import { ArgumentError, describeValue, inContext } from "../../errors.js";
import { tensorArg, toFloat } from "../../np/coerce.js";
import { optionalArgs } from "../../np/options.js";
import { mT, refuseComplex } from "../../primitives/eigen/matrix.js";
import { eigh as eighOp, qr as qrOp, svd as svdOp } from "../../primitives/eigen/ops.js";
import * as ops from "../../primitives/ops.js";
import { scalar } from "../../tensor/from-js.js";
import type { Tensor, TensorLike } from "../../tensor/tensor.js";

const flag = (op: string, name: string, value: unknown, fallback: boolean): boolean => {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") throw new ArgumentError(`${op}: option ${name} must be true or false; got ${describeValue(value)}.`);
  return value;
};

/** (x + xᵀ)/2 over the last two axes (JAX's `symmetrize`); a rank below 2 is left for the primitive to refuse. */
const symmetrize = (x: Tensor): Tensor => (x.ndim < 2 ? x : ops.div(ops.add(x, mT(x)), scalar(2, x.dtype)));

/** Options of `eigh` (JAX's keyword arguments). */
export interface EighOptions {
  lower?: boolean;
  symmetrizeInput?: boolean;
  sortEigenvalues?: boolean;
}

/**
 * Eigendecomposition of each symmetric `[..., n, n]` matrix: `[v, w]` with the eigenvectors as the
 * columns of v and the eigenvalues w ascending, A = V·diag(w)·Vᵀ. `symmetrizeInput` (default true)
 * decomposes (x + xᵀ)/2; with false only the `lower` (default) or upper triangle is read.
 * Eigenvectors have unit norm and their largest-magnitude entry positive (JAX leaves signs to LAPACK).
 * The derivative of v is ∞/NaN where eigenvalues repeat, as JAX's.
 * @example `lax.linalg.eigh([[2, 1], [1, 2]])[1].toArray()` // [1, 3]
 */
export function eigh(x: TensorLike, ...rest: [options?: EighOptions]): [Tensor, Tensor] {
  const op = "lax.linalg.eigh";
  return inContext(op, () => {
    const o = optionalArgs(op, ["lower", "symmetrizeInput", "sortEigenvalues"], rest);
    let a = toFloat(refuseComplex(op, tensorArg(op, x)));
    if (flag(op, "symmetrizeInput", o.symmetrizeInput, true)) a = symmetrize(a);
    return eighOp(a, { lower: flag(op, "lower", o.lower, true), sortEigenvalues: flag(op, "sortEigenvalues", o.sortEigenvalues, true) });
  });
}

/** Options of `svd` (JAX's keyword arguments). */
export interface SvdOptions {
  fullMatrices?: boolean;
  computeUv?: boolean;
}

/**
 * Singular value decomposition of each `[..., m, n]` matrix: `[u, s, vh]` with A = U·diag(s)·Vh and
 * s descending; with `computeUv: false`, s alone. `fullMatrices` (default true) makes u `[..., m, m]`
 * and vh `[..., n, n]`; otherwise `[..., m, k]` and `[..., k, n]`, k = min(m, n).
 * @example `lax.linalg.svd([[3, 0], [0, -4]], { computeUv: false }).toArray()` // [4, 3]
 */
export function svd(x: TensorLike, options: SvdOptions & { computeUv: false }): Tensor;
export function svd(x: TensorLike, options?: SvdOptions & { computeUv?: true }): [Tensor, Tensor, Tensor];
export function svd(x: TensorLike, options?: SvdOptions): Tensor | [Tensor, Tensor, Tensor];
export function svd(x: TensorLike, ...rest: [options?: SvdOptions]): Tensor | [Tensor, Tensor, Tensor] {
  const op = "lax.linalg.svd";
  return inContext(op, () => {
    const o = optionalArgs(op, ["fullMatrices", "computeUv"], rest);
    const computeUv = flag(op, "computeUv", o.computeUv, true);
    const outs = svdOp(toFloat(refuseComplex(op, tensorArg(op, x))), { fullMatrices: flag(op, "fullMatrices", o.fullMatrices, true), computeUv });
    return computeUv ? [outs[1]!, outs[0]!, outs[2]!] : outs[0]!;
  });
}

/**
 * QR decomposition of each `[..., m, n]` matrix by Householder reflections: `[q, r]` with A = Q·R,
 * Q orthonormal columns, R upper triangular, signs as LAPACK's (R's diagonal is −sign of the pivot
 * times the column norm). `fullMatrices` (default true) makes q `[..., m, m]` and r `[..., m, n]`;
 * otherwise `[..., m, k]` and `[..., k, n]`, k = min(m, n).
 * @example `lax.linalg.qr([[3], [4]], { fullMatrices: false })[1].toArray()` // [[-5]]
 */
export function qr(x: TensorLike, ...rest: [options?: { fullMatrices?: boolean }]): [Tensor, Tensor] {
  const op = "lax.linalg.qr";
  return inContext(op, () => {
    const o = optionalArgs(op, ["fullMatrices"], rest);
    return qrOp(toFloat(refuseComplex(op, tensorArg(op, x))), { fullMatrices: flag(op, "fullMatrices", o.fullMatrices, true) });
  });
}
