/**
 * lax.linalg.cholesky, lu, luPivotsToPermutation and triangularSolve with JAX's argument
 * conventions (keyword arguments as a trailing options object), over the factor primitives.
 */
import { ArgumentError, ShapeError, describeValue, fmtShape, inContext } from "../../errors.js";
import { tensorArg, toFloat } from "../../np/coerce.js";
import { optionalArgs } from "../../np/options.js";
import { intArg } from "../../np/static-args.js";
import * as ops from "../../primitives/ops.js";
import { cholesky as choleskyOp, luPivotsToPermutation as pivotsOp, lu as luOp, mT, triangularSolve as solveOp } from "../../primitives/factor/ops.js";
import { scalar } from "../../tensor/from-js.js";
import type { Tensor, TensorLike } from "../../tensor/tensor.js";

const flag = (op: string, name: string, value: unknown, fallback: boolean): boolean => {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") throw new ArgumentError(`${op}: option ${name} must be true or false; got ${describeValue(value)}.`);
  return value;
};

/**
 * The lower Cholesky factor L (A = L·Lᵀ) of each `[..., n, n]` positive-definite matrix, zeros above
 * the diagonal. `symmetrizeInput` (default true) first replaces x by (x + xᵀ)/2, which is what makes
 * the gradient symmetric; with false only the lower triangle is read. A matrix that is not positive
 * definite gives NaN in its lower triangle, as JAX does.
 * @example `lax.linalg.cholesky([[4, 2], [2, 2]]).toArray()` // [[2, 0], [1, 1]]
 */
export function cholesky(x: TensorLike, ...rest: [options?: { symmetrizeInput?: boolean }]): Tensor {
  return inContext("lax.linalg.cholesky", () => {
    const { symmetrizeInput } = optionalArgs("lax.linalg.cholesky", ["symmetrizeInput"], rest);
    let a = toFloat(tensorArg("lax.linalg.cholesky", x));
    if (flag("lax.linalg.cholesky", "symmetrizeInput", symmetrizeInput, true) && a.ndim >= 2) {
      a = ops.div(ops.add(a, mT(a)), scalar(2, a.dtype));
    }
    return choleskyOp(a);
  });
}

/**
 * LU decomposition with partial pivoting of each `[..., m, n]` matrix: `[lu, pivots, permutation]`
 * with P·A = L·U, L unit lower (below lu's diagonal), U upper (on and above it), `pivots` the int32
 * row swaps `[..., min(m, n)]` and `permutation` the int32 rows of P `[..., m]` (A[permutation] = L·U).
 * @example `lax.linalg.lu([[1, 2], [3, 4]])[2].toArray()` // [1, 0]
 */
export function lu(x: TensorLike): [Tensor, Tensor, Tensor] {
  return inContext("lax.linalg.lu", () => luOp(toFloat(tensorArg("lax.linalg.lu", x))));
}

/**
 * The permutation (int32 `[..., permutationSize]`) that LU's row swaps `pivots` make.
 * @example `lax.linalg.luPivotsToPermutation(np.array([1, 1], { dtype: "int32" }), 3).toArray()` // [1, 0, 2]
 */
export function luPivotsToPermutation(pivots: TensorLike, permutationSize: number): Tensor {
  return inContext("lax.linalg.luPivotsToPermutation", () => pivotsOp(
      tensorArg("lax.linalg.luPivotsToPermutation", pivots, "args[0]", "int32"),
      intArg("lax.linalg.luPivotsToPermutation", "permutationSize", permutationSize, 0),
    ));
}

/** Options of `triangularSolve` (JAX's keyword arguments, all false by default). */
export interface TriangularSolveOptions {
  leftSide?: boolean;
  lower?: boolean;
  transposeA?: boolean;
  conjugateA?: boolean;
  unitDiagonal?: boolean;
}

/**
 * Solves op(A)·X = B (`leftSide`) or X·op(A) = B (the default, as JAX) for triangular A
 * `[..., m, m]`: only its `lower` (default upper) triangle is read, its diagonal taken as ones when
 * `unitDiagonal`; op(A) = Aᵀ with `transposeA`. B is `[..., m, n]` (left) or `[..., n, m]`; a b with
 * one axis fewer than a is one vector (a column on the left, a row on the right), as JAX allows.
 * @example `lax.linalg.triangularSolve([[2, 0], [1, 1]], [[2], [3]], { leftSide: true, lower: true }).toArray()` // [[1], [2]]
 */
export function triangularSolve(a: TensorLike, b: TensorLike, ...rest: [options?: TriangularSolveOptions]): Tensor {
  const op = "lax.linalg.triangularSolve";
  return inContext(op, () => {
    const o = optionalArgs(op, ["leftSide", "lower", "transposeA", "conjugateA", "unitDiagonal"], rest);
    const params = {
      leftSide: flag(op, "leftSide", o.leftSide, false),
      lower: flag(op, "lower", o.lower, false),
      transposeA: flag(op, "transposeA", o.transposeA, false),
      // conjugateA has no effect on real matrices (JAX drops it for them); complex ones are refused by the primitive.
      conjugateA: flag(op, "conjugateA", o.conjugateA, false),
      unitDiagonal: flag(op, "unitDiagonal", o.unitDiagonal, false),
    };
    const x = toFloat(tensorArg(op, a, "args[0] (a)"));
    let y = tensorArg(op, b, "args[1] (b)");
    y = ops.convert(y, x.dtype === "float64" || y.dtype === "float64" ? "float64" : x.dtype);
    const xa = ops.convert(x, y.dtype);
    if (xa.ndim < 2) throw new ShapeError(`${op}: a has shape ${fmtShape(xa.shape)}; it must be a batch of square matrices [..., m, m].`);
    const singleton = y.ndim === xa.ndim - 1;
    if (singleton) y = ops.reshape(y, params.leftSide ? [...y.shape, 1] : [...y.shape.slice(0, -1), 1, y.shape[y.ndim - 1]!]);
    const out = solveOp(xa, y, { ...params, conjugateA: false });
    return singleton ? ops.reshape(out, params.leftSide ? out.shape.slice(0, -1) : [...out.shape.slice(0, -2), out.shape[out.ndim - 1]!]) : out;
  });
}
