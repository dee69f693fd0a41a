/**
 * np.linalg functions built on cholesky, triangular_solve and lu, with numpy's semantics and JAX's
 * derivatives: cholesky, solve, inv, det, slogdet, matrixPower, tensorsolve, tensorinv — and the
 * array-API products multiDot, cross, diagonal, trace, outer (linalg-products.ts).
 */
import { ArgumentError, ShapeError, describeValue, fmtShape, inContext } from "../../errors.js";
import * as ops from "../../primitives/ops.js";
import { cholesky as choleskyOp, eyeLike, mT } from "../../primitives/factor/ops.js";
import { scalar } from "../../tensor/from-js.js";
import { broadcastShapes } from "../../tensor/shape.js";
import type { Tensor, TensorLike } from "../../tensor/tensor.js";
import { broadcastTensor, promoteOperands, tensorArg, toFloat } from "../coerce.js";
import { optionalArgs } from "../options.js";
import { checkSquareArg, detOf, slogdetOf } from "./det.js";
import { solveMatrix } from "./lu-solve.js";

export { cross, diagonal, multiDot, outer, trace } from "./linalg-products.js";

/** One float operand (ints and bools become float32, as promote_dtypes_inexact makes them). */
const floatArg = (op: string, x: TensorLike): Tensor => toFloat(tensorArg(op, x));

const boolOption = (op: string, name: string, value: unknown, fallback: boolean): boolean => {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") throw new ArgumentError(`${op}: option ${name} must be true or false; got ${describeValue(value)}.`);
  return value;
};

/**
 * The Cholesky factor of each `[..., n, n]` positive-definite matrix: lower L (A = L·Lᵀ), or upper
 * U = Lᵀ with `upper`. `symmetrizeInput` (default true) uses (A + Aᵀ)/2. Not positive definite:
 * NaN, as JAX. Non-square input is a ShapeError naming the shape.
 * @example `np.linalg.cholesky([[4, 2], [2, 2]]).toArray()` // [[2, 0], [1, 1]]
 */
export function cholesky(a: TensorLike, ...rest: [options?: { upper?: boolean; symmetrizeInput?: boolean }]): Tensor {
  const op = "np.linalg.cholesky";
  return inContext(op, () => {
    const o = optionalArgs(op, ["upper", "symmetrizeInput"], rest);
    let x = floatArg(op, a);
    checkSquareArg(op, x);
    if (boolOption(op, "symmetrizeInput", o.symmetrizeInput, true)) x = ops.div(ops.add(x, mT(x)), scalar(2, x.dtype));
    const l = choleskyOp(x);
    return boolOption(op, "upper", o.upper, false) ? mT(l) : l;
  });
}

/**
 * Solves a·x = b. `a` is `[..., m, m]`; `b` is a vector `[m]` (result `[..., m]`) or matrices
 * `[..., m, n]` whose batch dims broadcast with a's (JAX ≥ 0.5: a `b` of one axis fewer than `a` is
 * no longer a batch of vectors — write `solve(a, b[..., None])[..., 0]`). Singular a gives inf/NaN.
 * Differentiated as JAX's custom_linear_solve (one factorisation for value and derivatives).
 * @example `np.linalg.solve([[2, 0], [0, 4]], [2, 8]).toArray()` // [1, 2]
 */
export function solve(a: TensorLike, b: TensorLike): Tensor {
  const op = "np.linalg.solve";
  return inContext(op, () => {
    const [a0, b0] = promoteOperands(op, [a, b]);
    const x = toFloat(a0!), y = ops.convert(b0!, toFloat(a0!).dtype);
    if (x.ndim < 2) throw new ShapeError(`${op}: a has shape ${fmtShape(x.shape)}; it must be at least 2-D ([..., m, m]).`);
    checkSquareArg(op, x);
    const m = x.shape[x.ndim - 1]!;
    if (y.ndim > 1 && x.ndim === y.ndim + 1 && m === y.shape[y.ndim - 1] && m !== y.shape[y.ndim - 2]) {
      throw new ShapeError(`${op}: invalid shapes a ${fmtShape(x.shape)} and b ${fmtShape(y.shape)}: a b with one axis fewer than a is not a batch of vectors (as JAX ≥ 0.5); use solve(a, b[..., None])[..., 0].`);
    }
    const vector = y.ndim === 1;
    if (y.ndim === 0 || y.shape[vector ? 0 : y.ndim - 2] !== m) {
      throw new ShapeError(`${op}: a ${fmtShape(x.shape)} and b ${fmtShape(y.shape)} do not fit: b must be [${m}] or [..., ${m}, n].`);
    }
    const bm = vector ? ops.reshape(y, [m, 1]) : y;
    const batch = broadcastShapes(op, [x.shape.slice(0, -2), bm.shape.slice(0, -2)]);
    const xb = broadcastTensor(x, [...batch, m, m]);
    const yb = broadcastTensor(bm, [...batch, ...bm.shape.slice(-2)]);
    const out = solveMatrix(xb, yb);
    return vector ? ops.reshape(out, [...batch, m]) : out;
  });
}

/**
 * The inverse of each `[..., n, n]` matrix (a solve against the identity, as JAX); singular
 * matrices give inf/NaN. Non-square input is a ShapeError naming the shape.
 * @example `np.linalg.inv([[2, 0], [0, 4]]).toArray()` // [[0.5, 0], [0, 0.25]]
 */
export function inv(a: TensorLike): Tensor {
  const op = "np.linalg.inv";
  return inContext(op, () => {
    const x = floatArg(op, a);
    checkSquareArg(op, x);
    return solveMatrix(x, eyeLike(x));
  });
}

/**
 * The determinant of each `[..., n, n]` matrix. 2×2 and 3×3 by formula, larger by LU; a singular
 * matrix has det 0 and JAX's finite gradient (the cofactor matrix, zero where rank < n − 1).
 * @example `np.linalg.det([[1, 2], [3, 4]]).item()` // -2
 */
export function det(a: TensorLike): Tensor {
  const op = "np.linalg.det";
  return inContext(op, () => {
    const x = floatArg(op, a);
    checkSquareArg(op, x);
    return detOf(x);
  });
}

/**
 * `[sign, logabsdet]` of the determinant of each `[..., n, n]` matrix (sign 0 and −∞ when
 * singular). `method` "lu" (default); "qr" is not available yet. logabsdet's gradient is A⁻ᵀ.
 * @example `np.linalg.slogdet([[1, 2], [3, 4]])[0].item()` // -1
 */
export function slogdet(a: TensorLike, ...rest: [options?: { method?: string }]): [Tensor, Tensor] {
  const op = "np.linalg.slogdet";
  return inContext(op, () => {
    const { method } = optionalArgs(op, ["method"], rest);
    if (method !== undefined && method !== null && method !== "lu") {
      throw new ArgumentError(`${op}: method ${describeValue(method)} is not supported${method === "qr" ? " yet" : ""}; use "lu" (the default).`);
    }
    const x = floatArg(op, a);
    checkSquareArg(op, x);
    return slogdetOf(x);
  });
}

/**
 * Each `[..., m, m]` matrix to the integer power n by repeated squaring (JAX's order of products);
 * n = 0 gives identities, n < 0 powers of the inverse.
 * @example `np.linalg.matrixPower([[1, 1], [0, 1]], 3).toArray()` // [[1, 3], [0, 1]]
 */
export function matrixPower(a: TensorLike, n: number): Tensor {
  const op = "np.linalg.matrixPower";
  return inContext(op, () => {
    let x = tensorArg(op, a);
    if (x.ndim < 2 || x.shape[x.ndim - 1] !== x.shape[x.ndim - 2]) {
      throw new ShapeError(`${op}: args[0] has shape ${fmtShape(x.shape)}, but it must be a batch of square matrices [..., m, m].`);
    }
    if (typeof n !== "number" || !Number.isInteger(n)) throw new ArgumentError(`${op}: the exponent must be an integer; got ${describeValue(n)}.`);
    const mm = (p: Tensor, q: Tensor): Tensor => {
      const nb = p.ndim - 2;
      const batch = Array.from({ length: nb }, (_, i) => i);
      return ops.dotGeneral(p, q, { lhsContract: [nb + 1], rhsContract: [nb], lhsBatch: batch, rhsBatch: batch });
    };
    if (n === 0) return eyeLike(x);
    if (n < 0) x = inv(x);
    let e = Math.abs(n);
    if (e === 1) return x;
    if (e === 2) return mm(x, x);
    if (e === 3) return mm(mm(x, x), x);
    let z: Tensor | undefined, result: Tensor | undefined;
    while (e > 0) {
      z = z === undefined ? x : mm(z, z);
      const bit = e % 2;
      e = Math.floor(e / 2);
      if (bit) result = result === undefined ? z : mm(result, z);
    }
    return result!;
  });
}

/**
 * x with tensordot(a, x, x.ndim) = b: a's leading axes match b's shape, the rest are x's (after
 * moving `axes` of a to the end); their sizes must have equal products.
 * @example `np.linalg.tensorsolve(np.reshape(np.eye(4), [2, 2, 4]), [[1, 2], [3, 4]]).toArray()` // [1, 2, 3, 4]
 */
export function tensorsolve(a: TensorLike, b: TensorLike, axes?: readonly number[] | null): Tensor {
  const op = "np.linalg.tensorsolve";
  return inContext(op, () => {
    let [x, y] = promoteOperands(op, [a, b]) as [Tensor, Tensor];
    x = toFloat(x);
    y = ops.convert(y, x.dtype);
    if (axes !== undefined && axes !== null) {
      const moved = axes.map((ax) => (ax < 0 ? ax + x.ndim : ax));
      const keep = x.shape.map((_, i) => i).filter((i) => !moved.includes(i));
      x = ops.transpose(x, [...keep, ...moved]);
    }
    const outShape = x.shape.slice(y.ndim);
    const lead = x.shape.slice(0, y.ndim);
    const size = outShape.reduce((p, d) => p * d, 1);
    if (lead.join() !== y.shape.join() || y.size !== size) {
      throw new ShapeError(`${op}: a ${fmtShape(x.shape)} (after moving axes) must start with b's shape ${fmtShape(y.shape)} and the rest must have ${y.size} elements in all.`);
    }
    return ops.reshape(solve(ops.reshape(x, [y.size, size]), ops.reshape(y, [y.size])), outShape);
  });
}

/**
 * The inverse of tensordot(a, ·, ind): a `[...a.shape[ind:], ...a.shape[:ind]]` array; the products of
 * the first `ind` (default 2) axes and of the rest must be equal.
 * @example `np.linalg.tensorinv(np.reshape(np.eye(4), [4, 2, 2]), 1).shape` // [2, 2, 4]
 */
export function tensorinv(a: TensorLike, ...rest: [ind?: number] | [options: { ind?: number }]): Tensor {
  const op = "np.linalg.tensorinv";
  return inContext(op, () => {
    const { ind = 2 } = optionalArgs(op, ["ind"], rest);
    const x = floatArg(op, a);
    if (typeof ind !== "number" || !Number.isInteger(ind) || ind <= 0) throw new ArgumentError(`${op}: ind must be a positive integer; got ${describeValue(ind)}.`);
    const front = x.shape.slice(0, ind), back = x.shape.slice(ind);
    const p = front.reduce((s, d) => s * d, 1), q = back.reduce((s, d) => s * d, 1);
    if (p !== q) throw new ShapeError(`${op}: the first ${ind} axes of ${fmtShape(x.shape)} hold ${p} elements and the rest ${q}; they must be equal.`);
    return ops.reshape(inv(ops.reshape(x, [p, q])), [...back, ...front]);
  });
}
