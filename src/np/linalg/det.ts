/**
 * np.linalg.det and slogdet with JAX's derivatives: det of 2×2 and 3×3 by their closed forms
 * (differentiated as written), larger ones from LU with JAX's custom jvp through the cofactor solve,
 * so a singular matrix has det 0 and the finite gradient adj(A)ᵀ (zero where rank < n − 1);
 * slogdet's log|det| has tangent tr(A⁻¹·Ȧ) and its sign a zero tangent.
 */
import { ShapeError, fmtShape } from "../../errors.js";
import * as ops from "../../primitives/ops.js";
import { lu, permuteRows, triangularSolve } from "../../primitives/factor/ops.js";
import { cumprod as bindCumprod } from "../../primitives/cumulative/ops.js";
import { scalar } from "../../tensor/from-js.js";
import type { Tensor } from "../../tensor/tensor.js";
import { luSolve, withCustomJvp } from "./lu-solve.js";

/** Checks a batch of square float matrices, naming the function and the shape. */
export function checkSquareArg(op: string, a: Tensor): void {
  if (a.ndim < 2 || a.shape[a.ndim - 1] !== a.shape[a.ndim - 2]) {
    throw new ShapeError(`${op}: args[0] has shape ${fmtShape(a.shape)}, but it must be a batch of square matrices [..., n, n].`);
  }
}

const k = (v: number, like: Tensor): Tensor => scalar(v, like.dtype);

/** a[..., i, j] as an array of the batch shape. */
export function entry(a: Tensor, i: number, j: number): Tensor {
  const r = a.ndim;
  const start = a.shape.map((_, d) => (d === r - 2 ? i : d === r - 1 ? j : 0));
  const limit = a.shape.map((n, d) => (d === r - 2 ? i + 1 : d === r - 1 ? j + 1 : n));
  return ops.reshape(ops.slice(a, start, limit, a.shape.map(() => 1)), a.shape.slice(0, -2));
}

/** The last axis of x at index i (dropped). */
function last(x: Tensor, i: number): Tensor {
  const r = x.ndim;
  return ops.reshape(ops.slice(x, x.shape.map((_, d) => (d === r - 1 ? i : 0)), x.shape.map((n, d) => (d === r - 1 ? i + 1 : n)), x.shape.map(() => 1)), x.shape.slice(0, -1));
}

/** The diagonal of each matrix, `[..., n]`. */
function diag(a: Tensor): Tensor {
  const n = a.shape[a.ndim - 1]!;
  const parts = Array.from({ length: n }, (_, i) => ops.reshape(entry(a, i, i), [...a.shape.slice(0, -2), 1]));
  return n === 0 ? ops.reshape(a, [...a.shape.slice(0, -2), 0]) : ops.concatenate(parts, a.ndim - 2);
}

/** ±1 from the number of pivots that moved a row (the permutation's parity), in `dtype`. */
function pivotSign(pivots: Tensor, like: Tensor): Tensor {
  const k0 = pivots.shape[pivots.ndim - 1]!;
  const iota = ops.broadcastInDim(ops.iota("int32", [k0], 0), pivots.shape, [pivots.ndim - 1]);
  const moved = ops.reduceSum(ops.convert(ops.binaryOp("ne", pivots, iota), "int32"), [pivots.ndim - 1]);
  const odd = ops.convert(ops.binaryOp("rem", moved, scalar(2, "int32")), like.dtype);
  return ops.sub(k(1, like), ops.mul(k(2, like), odd));
}

/** Zeros of x's type (sign's tangent: JAX's zeros_like). */
const zerosOf = (x: Tensor): Tensor => ops.broadcastInDim(k(0, x), x.shape, []);

const sum = (x: Tensor): Tensor => ops.reduceSum(x, [x.ndim - 1]);
const traceOf = (x: Tensor): Tensor => sum(diag(x));

// ---- slogdet -------------------------------------------------------------------------------------

/** [sign, log|det|] of 1×1 and 2×2 matrices by formula, with JAX's analytic tangent. */
function slogdetSmall(a: Tensor): Tensor[] {
  const n = a.shape[a.ndim - 1]!;
  const detOf = (x: Tensor): Tensor => (n === 1 ? entry(x, 0, 0) : ops.sub(ops.mul(entry(x, 0, 0), entry(x, 1, 1)), ops.mul(entry(x, 0, 1), entry(x, 1, 0))));
  const f = ([x]: Tensor[]): Tensor[] => {
    const d = detOf(x!);
    return [ops.unaryOp("sign", d), ops.log(ops.unaryOp("abs", d))];
  };
  return withCustomJvp("slogdet", f, ([x], [g]) => {
    const out = f([x!]);
    const dot = n === 1
      ? ops.div(entry(g!, 0, 0), entry(x!, 0, 0))
      : ops.div(
          ops.add(ops.sub(ops.sub(ops.mul(entry(g!, 0, 0), entry(x!, 1, 1)), ops.mul(entry(g!, 0, 1), entry(x!, 1, 0))), ops.mul(entry(g!, 1, 0), entry(x!, 0, 1))), ops.mul(entry(g!, 1, 1), entry(x!, 0, 0))),
          detOf(x!),
        );
    return [out, [zerosOf(out[0]!), dot]];
  }, [a]);
}

/** [sign, log|det|] from LU (JAX's `_slogdet_lu`): a zero on U's diagonal gives [0, −∞]. */
function slogdetLuValue(a: Tensor): Tensor[] {
  const [f, pivots] = lu(a);
  const d = diag(f);
  const isZero = ops.reduceMax(ops.convert(ops.binaryOp("eq", d, k(0, d)), "int32"), [d.ndim - 1]);
  const negatives = ops.reduceSum(ops.convert(ops.binaryOp("lt", d, k(0, d)), "int32"), [d.ndim - 1]);
  const negSign = ops.sub(k(1, a), ops.mul(k(2, a), ops.convert(ops.binaryOp("rem", negatives, scalar(2, "int32")), a.dtype)));
  const zero = ops.binaryOp("ne", isZero, scalar(0, "int32"));
  const sign = ops.select(zero, ops.broadcastInDim(k(0, a), isZero.shape, []), ops.mul(pivotSign(pivots, a), negSign));
  const logdet = ops.select(zero, ops.broadcastInDim(k(-Infinity, a), isZero.shape, []), sum(ops.log(ops.unaryOp("abs", d))));
  return [sign, logdet];
}

/** slogdet with JAX's rules (n ≥ 1); an empty matrix has sign 1 and log|det| 0. */
export function slogdetOf(a: Tensor): [Tensor, Tensor] {
  const n = a.shape[a.ndim - 1]!;
  const batch = a.shape.slice(0, -2);
  if (n === 0) return [ops.broadcastInDim(k(1, a), batch, []), ops.broadcastInDim(k(0, a), batch, [])];
  if (n <= 2) {
    const [s, l] = slogdetSmall(a);
    return [s!, l!];
  }
  const [s, l] = withCustomJvp("slogdet", ([x]) => slogdetLuValue(x!), ([x], [g]) => {
    const out = slogdetLuValue(x!);
    const [f, , perm] = lu(x!);
    return [out, [zerosOf(out[0]!), traceOf(luSolve(f, perm, g!))]];
  }, [a]);
  return [s!, l!];
}

// ---- det -----------------------------------------------------------------------------------------

/**
 * JAX's `_cofactor_solve`: [det(a), adj(a)·b] for square a and b of a's shape, well defined when a
 * is singular — rank n−1 through U's last pivot replaced by 1/∏ of the others, lower rank by zeros.
 */
function cofactorSolve(a: Tensor, b: Tensor): [Tensor, Tensor] {
  const n = a.shape[a.ndim - 1]!;
  if (n === 1) return [entry(a, 0, 0), b];
  const [f, pivots, perm] = lu(a);
  const d = diag(f);
  const sign = pivotSign(pivots, a);
  const partial = ops.mul(bindCumprod(d, d.ndim - 1, false), ops.broadcastInDim(sign, d.shape, sign.shape.map((_, i) => i)));
  const full = last(partial, n - 1);
  // U's corner set to 1/∏_{i<n−1} u_ii (so the triangular solves stay finite at rank n − 1).
  const r = a.ndim;
  const corner = ops.broadcastInDim(
    ops.binaryOp("and", ops.binaryOp("eq", ops.iota("int32", [n, n], 0), scalar(n - 1, "int32")), ops.binaryOp("eq", ops.iota("int32", [n, n], 1), scalar(n - 1, "int32"))),
    a.shape, [r - 2, r - 1],
  );
  const fixed = ops.select(corner, ops.broadcastInDim(ops.div(k(1, a), last(partial, n - 2)), a.shape, a.shape.slice(0, -2).map((_, i) => i)), f);
  const solve = (x: Tensor, lower: boolean): Tensor =>
    triangularSolve(fixed, x, { leftSide: true, lower, transposeA: false, conjugateA: false, unitDiagonal: lower });
  // Matrices whose solve still overflows have rank < n − 1: their cofactors are all zero.
  const probe = solve(ops.broadcastInDim(k(1, a), [...a.shape.slice(0, -1), 1], []), false);
  const bad = ops.reduceMax(ops.convert(ops.binaryOp("or", ops.binaryOp("ne", probe, probe), ops.binaryOp("eq", ops.unaryOp("abs", probe), k(Infinity, a))), "int32"), [r - 2, r - 1]);
  const badMask = ops.broadcastInDim(ops.binaryOp("ne", bad, scalar(0, "int32")), b.shape, a.shape.slice(0, -2).map((_, i) => i));
  const zeros = ops.broadcastInDim(k(0, b), b.shape, []);
  let x = ops.select(badMask, zeros, b);
  x = solve(permuteRows(x, perm), true);
  const scale = ops.concatenate(
    [ops.broadcastInDim(full, [...a.shape.slice(0, -2), n - 1, n], a.shape.slice(0, -2).map((_, i) => i)), ops.broadcastInDim(k(1, a), [...a.shape.slice(0, -2), 1, n], [])],
    r - 2,
  );
  x = solve(ops.mul(x, scale), false);
  return [full, ops.select(badMask, zeros, x)];
}

/** det for n ≥ 4 (and 1): sign·exp(log|det|), differentiated by JAX's cofactor rule. */
function detLu(a: Tensor): Tensor {
  return withCustomJvp("det", ([x]) => {
    const [s, l] = slogdetOf(x!);
    return [ops.mul(s, ops.exp(l))];
  }, ([x], [g]) => {
    const [y, z] = cofactorSolve(x!, g!);
    return [[y], [traceOf(z)]];
  }, [a])[0]!;
}

/** det with JAX's choice of method by size. */
export function detOf(a: Tensor): Tensor {
  const n = a.shape[a.ndim - 1]!;
  const e = (i: number, j: number): Tensor => entry(a, i, j);
  if (n === 2) return ops.sub(ops.mul(e(0, 0), e(1, 1)), ops.mul(e(0, 1), e(1, 0)));
  if (n === 3) {
    const p = (i: number, j: number, l: number): Tensor => ops.mul(ops.mul(e(0, i), e(1, j)), e(2, l));
    return ops.sub(ops.sub(ops.sub(ops.add(ops.add(p(0, 1, 2), p(1, 2, 0)), p(2, 0, 1)), p(2, 1, 0)), p(0, 2, 1)), p(1, 0, 2));
  }
  if (n === 0) return ops.broadcastInDim(k(1, a), a.shape.slice(0, -2), []);
  return detLu(a);
}
