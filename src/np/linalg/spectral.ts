/**
 * np.linalg functions built on qr, eigh and svd, with numpy's semantics as jax.numpy has them:
 * qr, eigh, eigvalsh, svd (hermitian through eigh), svdvals, lstsq, pinv (JAX's custom jvp),
 * matrixRank. Tuple results are arrays that also carry JAX's namedtuple field names
 * (`const { eigenvalues, eigenvectors } = np.linalg.eigh(a)` and `const [w, v] = …` both work).
 */
import { ArgumentError, ShapeError, describeValue, fmtShape, inContext } from "../../errors.js";
import { eigh as eighOp, qr as qrOp, svd as svdOp } from "../../primitives/eigen/ops.js";
import { mT, mm, refuseComplex } from "../../primitives/eigen/matrix.js";
import * as ops from "../../primitives/ops.js";
import { sort as sortOp, takeAlong } from "../../primitives/sorting/ops.js";
import { scalar } from "../../tensor/from-js.js";
import type { Tensor, TensorLike } from "../../tensor/tensor.js";
import { promoteOperands, tensorArg, toFloat } from "../coerce.js";
import { withJvpRule } from "../math-common.js";
import { optionalArgs } from "../options.js";

/** One float operand (ints and bools become float32, as promote_dtypes_inexact makes them). */
const floatArg = (op: string, x: TensorLike): Tensor => toFloat(refuseComplex(op, tensorArg(op, x)));

const boolOption = (op: string, name: string, value: unknown, fallback: boolean): boolean => {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") throw new ArgumentError(`${op}: option ${name} must be true or false; got ${describeValue(value)}.`);
  return value;
};

/** Requires a batch of matrices `[..., m, n]`. */
function matrixArg(op: string, x: Tensor, square = false): void {
  if (x.ndim < 2) throw new ShapeError(`${op}: a has shape ${fmtShape(x.shape)}, but it must be a batch of matrices [..., m, n] (at least 2-D).`);
  const [m, n] = x.shape.slice(-2);
  if (square && m !== n) throw new ShapeError(`${op}: a has shape ${fmtShape(x.shape)}, but its last two axes must be equal (square matrices [..., n, n]).`);
}

/** An array result that also has JAX's namedtuple field names as read-only properties. */
function named<T extends readonly Tensor[], const K extends string>(values: T, names: readonly K[]): T & { readonly [P in K]: Tensor } {
  const out = [...values] as unknown as T & Record<K, Tensor>;
  names.forEach((name, i) => Object.defineProperty(out, name, { value: values[i], enumerable: false }));
  return out;
}

const eps = (x: Tensor): number => (x.dtype === "float32" ? 2 ** -23 : 2 ** -52);
const konst = (v: number, like: Tensor): Tensor => scalar(v, like.dtype);
const symmetrize = (x: Tensor): Tensor => ops.div(ops.add(x, mT(x)), konst(2, x));
const lastAxis = (x: Tensor): number => x.ndim - 1;

// ---- qr ----------------------------------------------------------------------------------------

/** `np.linalg.qr`'s result: `[Q, R]`, also as `.Q` and `.R`. */
export type QRResult = [Tensor, Tensor] & { readonly Q: Tensor; readonly R: Tensor };

/**
 * QR decomposition of each `[..., m, n]` matrix (Householder, LAPACK's signs): mode "reduced"
 * (default: Q `[..., m, k]`, R `[..., k, n]`, k = min(m, n)), "complete" (Q `[..., m, m]`, R
 * `[..., m, n]`) or "r" (R alone, reduced).
 * @example `np.linalg.qr([[3], [4]]).R.toArray()` // [[-5]]
 */
export function qr(a: TensorLike, mode: "r"): Tensor;
export function qr(a: TensorLike, mode?: "reduced" | "complete" | { mode?: "reduced" | "complete" }): QRResult;
export function qr(a: TensorLike, ...rest: unknown[]): QRResult | Tensor {
  const op = "np.linalg.qr";
  return inContext(op, () => {
    const o = optionalArgs(op, ["mode"], rest);
    const mode = o.mode ?? "reduced";
    if (mode === "raw") throw new ArgumentError(`${op}: mode "raw" (Householder vectors and taus) is not supported; use "reduced", "complete" or "r".`);
    if (mode !== "reduced" && mode !== "complete" && mode !== "r" && mode !== "full") {
      throw new ArgumentError(`${op}: unsupported mode ${describeValue(mode)}; use "reduced", "complete" or "r".`);
    }
    const x = floatArg(op, a);
    matrixArg(op, x);
    const [q, r] = qrOp(x, { fullMatrices: mode === "complete" });
    return mode === "r" ? r : named([q, r] as [Tensor, Tensor], ["Q", "R"]);
  });
}

// ---- eigh --------------------------------------------------------------------------------------

/** `np.linalg.eigh`'s result: `[eigenvalues, eigenvectors]`, also by those names (JAX's EighResult). */
export type EighResult = [Tensor, Tensor] & { readonly eigenvalues: Tensor; readonly eigenvectors: Tensor };

function lowerOf(op: string, uplo: unknown): boolean {
  if (uplo === undefined || uplo === null || uplo === "L") return true;
  if (uplo === "U") return false;
  throw new ArgumentError(`${op}: UPLO must be "L", "U" or null; got ${describeValue(uplo)}.`);
}

/** w and v of each symmetric matrix (lax's eigh with its defaults but for `lower`/`symmetrizeInput`). */
function eighOf(op: string, a: TensorLike, uplo: unknown, symmetrizeInput: unknown): [Tensor, Tensor] {
  let x = floatArg(op, a);
  matrixArg(op, x, true);
  if (boolOption(op, "symmetrizeInput", symmetrizeInput, true)) x = symmetrize(x);
  const [v, w] = eighOp(x, { lower: lowerOf(op, uplo), sortEigenvalues: true });
  return [w, v];
}

/**
 * Eigenvalues (ascending) and eigenvectors (columns, unit norm, largest entry positive) of each
 * symmetric `[..., n, n]` matrix. `UPLO` ("L" default, or "U") names the triangle read when
 * `symmetrizeInput` is false; by default (x + xᵀ)/2 is decomposed. The derivative of the
 * eigenvectors is ∞/NaN where eigenvalues repeat, as JAX's.
 * @example `np.linalg.eigh([[2, 1], [1, 2]]).eigenvalues.toArray()` // [1, 3]
 */
export function eigh(a: TensorLike, ...rest: [UPLO?: "L" | "U" | null, symmetrizeInput?: boolean, options?: { UPLO?: "L" | "U" | null; symmetrizeInput?: boolean }] | [options: { UPLO?: "L" | "U" | null; symmetrizeInput?: boolean }]): EighResult {
  const op = "np.linalg.eigh";
  return inContext(op, () => {
    const o = optionalArgs(op, ["UPLO", "symmetrizeInput"], rest);
    return named(eighOf(op, a, o.UPLO, o.symmetrizeInput), ["eigenvalues", "eigenvectors"]);
  });
}

/**
 * The eigenvalues (ascending) of each symmetric `[..., n, n]` matrix; options as `eigh`.
 * @example `np.linalg.eigvalsh([[2, 0], [0, 1]]).toArray()` // [1, 2]
 */
export function eigvalsh(a: TensorLike, ...rest: [UPLO?: "L" | "U" | null, options?: { UPLO?: "L" | "U" | null; symmetrizeInput?: boolean }] | [options: { UPLO?: "L" | "U" | null; symmetrizeInput?: boolean }]): Tensor {
  const op = "np.linalg.eigvalsh";
  return inContext(op, () => {
    const o = optionalArgs(op, ["UPLO", "symmetrizeInput"], rest);
    return eighOf(op, a, o.UPLO, o.symmetrizeInput)[0];
  });
}

// ---- svd ---------------------------------------------------------------------------------------

/** `np.linalg.svd`'s result: `[U, S, Vh]`, also by those names (JAX's SVDResult). */
export type SVDResult = [Tensor, Tensor, Tensor] & { readonly U: Tensor; readonly S: Tensor; readonly Vh: Tensor };

/** Options of `np.linalg.svd`. */
export interface SvdOptions {
  fullMatrices?: boolean;
  computeUv?: boolean;
  hermitian?: boolean;
}

/**
 * JAX's hermitian SVD: eigh, then singular values |w| sorted descending (a stable ascending sort
 * reversed, so ties come out last index first, as JAX's), u the eigenvectors in that order, vh = (u·sign(w))ᵀ.
 */
function hermitianSvd(x: Tensor, computeUv: boolean): Tensor[] {
  const [v, w] = eighOp(symmetrize(x), { lower: true, sortEigenvalues: true });
  const s = ops.unaryOp("abs", w);
  const ax = lastAxis(s);
  if (!computeUv) return [ops.rev(sortOp([s], ax)[0]!, [ax])];
  const idx = ops.iota("int32", s.shape, ax);
  const [ss, ii, sg] = sortOp([s, idx, ops.unaryOp("sign", w)], ax, 1, true).map((t) => ops.rev(t, [ax]));
  const rows = ops.broadcastInDim(ii!, v.shape, [...Array.from({ length: ii!.ndim - 1 }, (_, i) => i), v.ndim - 1]);
  const u = takeAlong(v, rows, v.ndim - 1);
  const signs = ops.broadcastInDim(sg!, u.shape, [...Array.from({ length: sg!.ndim - 1 }, (_, i) => i), u.ndim - 1]);
  return [u, ss!, mT(ops.mul(u, signs))];
}

/**
 * Singular value decomposition of each `[..., m, n]` matrix: `[U, S, Vh]` with A = U·diag(S)·Vh, S
 * descending; `fullMatrices` (default true) gives U `[..., m, m]` and Vh `[..., n, n]`, else
 * `[..., m, k]` and `[..., k, n]`. `computeUv: false` returns S alone. `hermitian` decomposes
 * (a + aᵀ)/2 through eigh, as JAX does. The derivative of U and Vh with full matrices of a non-square
 * matrix is not defined (as in JAX); that of the singular values always is.
 * @example `np.linalg.svd([[3, 0], [0, -4]], { computeUv: false }).toArray()` // [4, 3]
 */
export function svd(a: TensorLike, fullMatrices: boolean | undefined, computeUv: false, hermitian?: boolean): Tensor;
export function svd(a: TensorLike, options: SvdOptions & { computeUv: false }): Tensor;
export function svd(a: TensorLike, fullMatrices?: boolean, computeUv?: true, hermitian?: boolean): SVDResult;
export function svd(a: TensorLike, options: SvdOptions & { computeUv?: true }): SVDResult;
export function svd(a: TensorLike, ...rest: unknown[]): SVDResult | Tensor {
  const op = "np.linalg.svd";
  return inContext(op, () => {
    const o = optionalArgs(op, ["fullMatrices", "computeUv", "hermitian"], rest);
    const x = floatArg(op, a);
    const computeUv = boolOption(op, "computeUv", o.computeUv, true);
    const fullMatrices = boolOption(op, "fullMatrices", o.fullMatrices, true);
    if (boolOption(op, "hermitian", o.hermitian, false)) {
      matrixArg(op, x, true);
      const outs = hermitianSvd(x, computeUv);
      return computeUv ? named(outs as [Tensor, Tensor, Tensor], ["U", "S", "Vh"]) : outs[0]!;
    }
    matrixArg(op, x);
    const outs = svdOp(x, { fullMatrices, computeUv });
    return computeUv ? named([outs[1]!, outs[0]!, outs[2]!] as [Tensor, Tensor, Tensor], ["U", "S", "Vh"]) : outs[0]!;
  });
}

/**
 * The singular values (descending) of each `[..., m, n]` matrix.
 * @example `np.linalg.svdvals([[0, 2], [1, 0]]).toArray()` // [2, 1]
 */
export function svdvals(x: TensorLike): Tensor {
  const op = "np.linalg.svdvals";
  return inContext(op, () => {
    const t = floatArg(op, x);
    matrixArg(op, t);
    return svdOp(t, { fullMatrices: true, computeUv: false })[0]!;
  });
}

/** The reduced [u, s, vh] (or hermitian) of each matrix. */
function reducedSvd(x: Tensor, hermitian: boolean): [Tensor, Tensor, Tensor] {
  if (hermitian) return hermitianSvd(x, true) as [Tensor, Tensor, Tensor];
  const [s, u, vt] = svdOp(x, { fullMatrices: false, computeUv: true });
  return [u!, s!, vt!];
}

// ---- pinv --------------------------------------------------------------------------------------

/** rtol as a tensor that broadcasts against s `[..., k]` (a scalar or the batch shape). */
function rtolTensor(op: string, rtol: unknown, x: Tensor): Tensor {
  const [m, n] = x.shape.slice(-2) as [number, number];
  if (rtol === undefined || rtol === null) return konst(10 * Math.max(m, n) * eps(x), x);
  const t = ops.convert(tensorArg(op, rtol as TensorLike, "rtol"), x.dtype);
  return t;
}

/** The pseudo-inverse as JAX computes it: V·diag(1/s)·Uᵀ with s ≤ rtol·s_max dropped (1/∞ = 0). */
function pinvValue(op: string, x: Tensor, rtol: unknown, hermitian: boolean): Tensor {
  const [m, n] = x.shape.slice(-2) as [number, number];
  const batch = x.shape.slice(0, -2);
  if (m === 0 || n === 0) return ops.broadcastInDim(konst(0, x), [...batch, n, m], []);
  const [u, s, vh] = reducedSvd(x, hermitian);
  const k = s.shape[s.ndim - 1]!;
  let r = rtolTensor(op, rtol, x);
  // rtol[..., None] broadcast against s[..., :1]: rtol's dims are s's leading dims.
  const sMax = ops.slice(s, s.shape.map(() => 0), [...s.shape.slice(0, -1), 1], s.shape.map(() => 1));
  r = ops.broadcastInDim(r, sMax.shape, Array.from({ length: r.ndim }, (_, i) => sMax.ndim - 1 - r.ndim + i));
  const cutoff = ops.broadcastInDim(ops.reshape(ops.mul(r, sMax), sMax.shape.slice(0, -1)), s.shape, Array.from({ length: s.ndim - 1 }, (_, i) => i));
  const kept = ops.select(ops.binaryOp("gt", s, cutoff), s, ops.broadcastInDim(konst(Infinity, s), s.shape, []));
  const scaled = ops.div(mT(u), ops.broadcastInDim(kept, [...batch, k, m], [...batch.map((_, i) => i), batch.length]));
  return mm(mT(vh), scaled);
}

/**
 * The Moore–Penrose pseudo-inverse `[..., n, m]` of each `[..., m, n]` matrix, from its SVD with
 * singular values at most `rtol`·s_max dropped (default rtol 10·max(m, n)·eps; `rcond` is its
 * older name). Differentiated by JAX's rule (Golub and Pereyra), not through the SVD, so the
 * derivative is finite wherever the rank does not change.
 * @example `np.linalg.pinv([[2, 0], [0, 0]]).toArray()` // [[0.5, 0], [0, 0]]
 */
export function pinv(a: TensorLike, ...rest: [rtol?: TensorLike | null, hermitian?: boolean, options?: { rtol?: TensorLike | null; hermitian?: boolean; rcond?: TensorLike | null }] | [options: { rtol?: TensorLike | null; hermitian?: boolean; rcond?: TensorLike | null }]): Tensor {
  const op = "np.linalg.pinv";
  return inContext(op, () => {
    const o = optionalArgs(op, ["rtol", "hermitian", "rcond"], rest);
    if (o.rcond !== undefined && o.rcond !== null && o.rtol !== undefined && o.rtol !== null) {
      throw new ArgumentError(`${op}: give only one of rtol and rcond (rcond is rtol's older name).`);
    }
    const rtol = o.rtol ?? o.rcond;
    const hermitian = boolOption(op, "hermitian", o.hermitian, false);
    const x = floatArg(op, a);
    matrixArg(op, x, hermitian);
    return pinvWithRule(op, x, rtol, hermitian);
  });
}

function pinvWithRule(op: string, x: Tensor, rtol: unknown, hermitian: boolean): Tensor {
  return withJvpRule(
    "pinv",
    ([a]) => [pinvValue(op, a!, rtol, hermitian)],
    ([a0], [da0]) => {
      const p = pinvWithRule(op, a0!, rtol, hermitian);
      const a = hermitian ? symmetrize(a0!) : a0!;
      const da = hermitian ? symmetrize(da0!) : da0!;
      const [m, n] = a.shape.slice(-2) as [number, number];
      let pd: Tensor;
      if (m >= n) {
        const s = mm(mm(p, mT(p)), mT(da));
        const t = mm(mm(mT(da), mT(p)), p);
        // −(p·ȧ)·p + s − (s·a)·p + t − (p·a)·t, associated as JAX does.
        pd = ops.sub(ops.add(ops.sub(ops.add(ops.neg(mm(mm(p, da), p)), s), mm(mm(s, a), p)), t), mm(mm(p, a), t));
      } else {
        const s = mm(p, mm(mT(p), mT(da)));
        const t = mm(mT(da), mm(mT(p), p));
        pd = ops.sub(ops.add(ops.sub(ops.add(ops.neg(mm(p, mm(da, p))), s), mm(s, mm(a, p))), t), mm(p, mm(a, t)));
      }
      return [[p], [pd]];
    },
    [x],
  )[0]!;
}

// ---- matrixRank and lstsq ----------------------------------------------------------------------

/**
 * The rank of each `[..., m, n]` matrix: how many singular values exceed the threshold, by default
 * s_max·max(m, n)·eps; a given `rtol` (or its older name `tol`) is used as the threshold itself, as
 * JAX uses it. Below 2-D: 1 if any entry is non-zero. int32 (JAX's default integer without x64).
 * @example `np.linalg.matrixRank([[1, 2], [2, 4]]).item()` // 1
 */
export function matrixRank(M: TensorLike, ...rest: [rtol?: TensorLike | null, options?: { rtol?: TensorLike | null; hermitian?: boolean; tol?: TensorLike | null }] | [options: { rtol?: TensorLike | null; hermitian?: boolean; tol?: TensorLike | null }]): Tensor {
  const op = "np.linalg.matrixRank";
  return inContext(op, () => {
    const o = optionalArgs(op, ["rtol", "hermitian", "tol"], rest);
    if (o.tol !== undefined && o.tol !== null && o.rtol !== undefined && o.rtol !== null) {
      throw new ArgumentError(`${op}: give only one of tol and rtol.`);
    }
    const given = o.rtol ?? o.tol;
    const x = floatArg(op, M);
    if (x.ndim < 2) {
      const nz = ops.convert(ops.binaryOp("ne", x, konst(0, x)), "int32");
      return ops.convert(ops.binaryOp("gt", ops.reduceSum(nz, nz.shape.map((_, i) => i)), scalar(0, "int32")), "int32");
    }
    const hermitian = boolOption(op, "hermitian", o.hermitian, false);
    if (hermitian) matrixArg(op, x, true);
    const s = hermitian ? hermitianSvd(x, false)[0]! : svdOp(x, { fullMatrices: false, computeUv: false })[0]!;
    const ax = lastAxis(s);
    const k = s.shape[ax]!;
    let threshold: Tensor;
    if (given === undefined || given === null) {
      const [m, n] = x.shape.slice(-2) as [number, number];
      const sMax = k === 0 ? ops.broadcastInDim(konst(-Infinity, s), s.shape.slice(0, -1), []) : ops.reduceMax(s, [ax]);
      threshold = ops.mul(sMax, konst(Math.max(m, n) * eps(x), s));
    } else {
      threshold = ops.convert(tensorArg(op, given as TensorLike, "rtol"), s.dtype);
    }
    const t = ops.broadcastInDim(threshold, s.shape, threshold.ndim === 0 ? [] : Array.from({ length: threshold.ndim }, (_, i) => i));
    return ops.reduceSum(ops.convert(ops.binaryOp("gt", s, t), "int32"), [ax]);
  });
}

/** `np.linalg.lstsq`'s result: `[x, residuals, rank, s]`. */
export type LstsqResult = [Tensor, Tensor, Tensor, Tensor];

/**
 * The least-squares solution x of a·x ≈ b for a 2-D `a` `[m, n]` and `b` `[m]` or `[m, k]`, from a's
 * SVD with singular values below `rcond`·s_max dropped (default eps·max(m, n); a negative rcond
 * means eps): `[x, residuals, rank, s]`. Residuals are ‖b − a·x‖² per column always (JAX's default);
 * with `numpyResid: true` they are empty where numpy returns none (rank < n or m ≤ n), which needs a
 * concrete rank (not under jit). Differentiated through the SVD, as JAX does.
 * @example `np.linalg.lstsq([[1, 0], [0, 1], [0, 0]], [1, 2, 3])[0].toArray()` // [1, 2]
 */
export function lstsq(a: TensorLike, b: TensorLike, ...rest: [rcond?: number | null, options?: { rcond?: number | null; numpyResid?: boolean }] | [options: { rcond?: number | null; numpyResid?: boolean }]): LstsqResult {
  const op = "np.linalg.lstsq";
  return inContext(op, () => {
    const o = optionalArgs(op, ["rcond", "numpyResid"], rest);
    const [a0, b0] = promoteOperands(op, [a, b]);
    const x = toFloat(refuseComplex(op, a0!));
    let y = ops.convert(refuseComplex(op, b0!), x.dtype);
    if (x.ndim !== 2) throw new ShapeError(`${op}: a has shape ${fmtShape(x.shape)}; it must be 2-D [m, n].`);
    if (y.ndim !== 1 && y.ndim !== 2) throw new ShapeError(`${op}: b has shape ${fmtShape(y.shape)}; it must be 1-D [m] or 2-D [m, k].`);
    if (x.shape[0] !== y.shape[0]) throw new ShapeError(`${op}: a ${fmtShape(x.shape)} and b ${fmtShape(y.shape)} must have the same number of rows (their leading dimensions differ).`);
    const vector = y.ndim === 1;
    if (vector) y = ops.reshape(y, [y.shape[0]!, 1]);
    const [m, n] = x.shape as [number, number];
    const k = y.shape[1]!;
    if (o.rcond !== undefined && o.rcond !== null && typeof o.rcond !== "number") throw new ArgumentError(`${op}: rcond must be a number or null; got ${describeValue(o.rcond)}.`);
    let sol: Tensor, rank: Tensor, s: Tensor;
    if (m * n === 0) {
      s = ops.broadcastInDim(konst(0, x), [0], []);
      rank = scalar(0, "int32");
      sol = ops.broadcastInDim(konst(0, x), [n, k], []);
    } else {
      const given = o.rcond as number | undefined | null;
      const rcond = given === undefined || given === null ? eps(x) * Math.max(m, n) : given < 0 ? eps(x) : given;
      const [u, s0, vt] = reducedSvd(x, false);
      s = s0;
      const s1 = ops.broadcastInDim(ops.reshape(ops.slice(s, [0], [1], [1]), []), s.shape, []);
      const mask = ops.binaryOp("and", ops.binaryOp("gt", s, konst(0, s)), ops.binaryOp("ge", s, ops.mul(konst(rcond, s), s1)));
      rank = ops.reduceSum(ops.convert(mask, "int32"), [0]);
      const ones = ops.broadcastInDim(konst(1, s), s.shape, []), zeros = ops.broadcastInDim(konst(0, s), s.shape, []);
      const safe = ops.select(mask, s, ones);
      const sInv = ops.select(mask, ops.div(ones, safe), zeros);
      const uTb = mm(mT(u), y);
      sol = mm(mT(vt), ops.mul(ops.broadcastInDim(sInv, uTb.shape, [0]), uTb));
    }
    let resid: Tensor;
    if (boolOption(op, "numpyResid", o.numpyResid, false) && (rank.item() < n || m <= n)) {
      resid = ops.broadcastInDim(konst(0, x), [0], []);
    } else {
      const r = ops.sub(y, mm(x, sol));
      const norm = ops.unaryOp("sqrt", ops.reduceSum(ops.mul(r, r), [0]));
      resid = ops.integerPow(norm, 2);
    }
    if (vector) sol = ops.reshape(sol, [n]);
    return [sol, resid, rank, s];
  });
}

