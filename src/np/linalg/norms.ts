/**
 * np.linalg norms (norm, matrixNorm, vectorNorm), composed exactly as jax.numpy composes them —
 * sqrt of a sum of squares, max/min of absolute row or column sums, singular values for 2, −2 and
 * "nuc" — so values and gradients are JAX's, at 0 included: the 2-norm's gradient at a zero vector is
 * NaN (sqrt′(0)·0), the ∞-norm's is 0 there (|x|′ = sign(x) = 0), as in JAX.
 */
import { ArgumentError, ShapeError, describeValue, fmtShape, inContext } from "../../errors.js";
import { refuseComplex } from "../../primitives/eigen/matrix.js";
import { svd as svdOp } from "../../primitives/eigen/ops.js";
import * as ops from "../../primitives/ops.js";
import { scalar } from "../../tensor/from-js.js";
import type { Tensor, TensorLike } from "../../tensor/tensor.js";
import { normalizeAxis } from "../../tensor/shape.js";
import { tensorArg, toFloat } from "../coerce.js";
import { optionalArgs } from "../options.js";

/** A norm order: a number (±Infinity included) or one of numpy's names. */
export type NormOrd = number | "fro" | "f" | "nuc" | null;

const konst = (v: number, like: Tensor): Tensor => scalar(v, like.dtype);
const abs = (x: Tensor): Tensor => ops.unaryOp("abs", x);

/** The reduced shape with `axes` kept as ones (keepdims), from the reduction over `axes`. */
function keep(shape: readonly number[], y: Tensor, axes: readonly number[], keepdims: boolean): Tensor {
  return keepdims ? ops.reshape(y, shape.map((d, i) => (axes.includes(i) ? 1 : d))) : y;
}

function sumOver(x: Tensor, axes: readonly number[], keepdims: boolean): Tensor {
  return keep(x.shape, ops.reduceSum(x, axes), axes, keepdims);
}

/** max/min over one axis, with JAX's `initial` folded in when given (max(…, 0) for the norms' maxima). */
function extreme(op: "max" | "min", x: Tensor, axis: number, keepdims: boolean, initial?: number): Tensor {
  if (x.shape[axis] === 0 && initial === undefined) {
    throw new ShapeError(`np.linalg.norm: axis ${axis} of ${fmtShape(x.shape)} is empty, and its ${op} has no identity.`);
  }
  let y = op === "max" ? ops.reduceMax(x, [axis]) : ops.reduceMin(x, [axis]);
  if (initial !== undefined) y = ops.binaryOp(op, y, konst(initial, y));
  return keep(x.shape, y, [axis], keepdims);
}

/** sqrt(Σ x²) over `axes` (numpy's 2-norm and Frobenius norm). */
const euclid = (x: Tensor, axes: readonly number[], keepdims: boolean): Tensor => ops.unaryOp("sqrt", sumOver(ops.mul(x, x), axes, keepdims));

/** Normalises an `axis` argument to a list of distinct non-negative axes (or undefined for "all"). */
function axesOf(op: string, axis: unknown, ndim: number): number[] | undefined {
  if (axis === undefined || axis === null) return undefined;
  const list = typeof axis === "number" ? [axis] : Array.isArray(axis) ? axis : undefined;
  if (list === undefined || !list.every((a) => typeof a === "number")) {
    throw new ArgumentError(`${op}: axis must be a number, a list of numbers or null; got ${describeValue(axis)}.`);
  }
  const axes = (list as number[]).map((a) => normalizeAxis(a, ndim, op));
  if (new Set(axes).size !== axes.length) throw new ShapeError(`${op}: axis ${describeValue(axis)} repeats an axis.`);
  return axes;
}

function vectorNormOf(op: string, x: Tensor, ord: unknown, axes: readonly number[], keepdims: boolean): Tensor {
  if (ord === null || ord === undefined || ord === 2) return euclid(x, axes, keepdims);
  if (typeof ord !== "number") {
    throw new ArgumentError(`${op}: invalid order ${describeValue(ord)} for a vector norm; use a number (Infinity and -Infinity included).`);
  }
  const ax = axes.length === 1 ? axes[0]! : -1;
  if (ord === Infinity || ord === -Infinity) {
    // JAX reduces over all the axes at once; flattening them first gives the same max/min.
    const a = abs(x);
    if (axes.length === 1) return extreme(ord > 0 ? "max" : "min", a, ax, keepdims, ord > 0 ? 0 : undefined);
    const y = ord > 0 ? ops.binaryOp("max", ops.reduceMax(a, axes), konst(0, a)) : ops.reduceMin(a, axes);
    return keep(x.shape, y, axes, keepdims);
  }
  if (ord === 0) return sumOver(ops.convert(ops.binaryOp("ne", x, konst(0, x)), x.dtype), axes, keepdims);
  if (ord === 1) return sumOver(abs(x), axes, keepdims);
  const total = sumOver(ops.binaryOp("pow", abs(x), konst(ord, x)), axes, keepdims);
  return ops.binaryOp("pow", total, konst(1 / ord, x));
}

function matrixNormOf(op: string, x: Tensor, ord: unknown, [row, col]: readonly [number, number], keepdims: boolean): Tensor {
  if (ord === null || ord === undefined || ord === "fro" || ord === "f") return euclid(x, [row, col], keepdims);
  const colAfterRow = !keepdims && col > row ? col - 1 : col;
  const rowAfterCol = !keepdims && row > col ? row - 1 : row;
  switch (ord) {
    case 1:
      return extreme("max", sumOver(abs(x), [row], keepdims), colAfterRow, keepdims, 0);
    case -1:
      return extreme("min", sumOver(abs(x), [row], keepdims), colAfterRow, keepdims);
    case Infinity:
      return extreme("max", sumOver(abs(x), [col], keepdims), rowAfterCol, keepdims, 0);
    case -Infinity:
      return extreme("min", sumOver(abs(x), [col], keepdims), rowAfterCol, keepdims);
    case 2:
    case -2:
    case "nuc": {
      const rest = x.shape.map((_, i) => i).filter((i) => i !== row && i !== col);
      const moved = ops.transpose(x, [...rest, row, col]);
      const s = svdOp(moved, { fullMatrices: true, computeUv: false })[0]!;
      const last = s.ndim - 1;
      let y: Tensor;
      if (ord === 2) y = ops.binaryOp("max", ops.reduceMax(s, [last]), konst(0, s));
      else if (ord === -2) {
        if (s.shape[last] === 0) throw new ShapeError(`${op}: the -2 norm of an empty matrix ${fmtShape(x.shape)} is undefined.`);
        y = ops.reduceMin(s, [last]);
      } else y = ops.reduceSum(s, [last]);
      return keepdims ? ops.reshape(y, x.shape.map((d, i) => (i === row || i === col ? 1 : d))) : y;
    }
    default:
      throw new ArgumentError(`${op}: invalid order ${describeValue(ord)} for a matrix norm; use "fro", "nuc", 1, -1, 2, -2, Infinity or -Infinity.`);
  }
}

/**
 * numpy's `norm`: over all elements as a 2-norm when `ord` and `axis` are both absent; over one axis a
 * vector norm (`ord` a number, default 2); over two axes a matrix norm (`ord` "fro" (default), "nuc",
 * ±1, ±2, ±Infinity). With `axis` absent and `ord` given, x must be 1-D or 2-D.
 * @example `np.linalg.norm([3, 4]).item()` // 5
 */
export function norm(x: TensorLike, ...rest: [ord?: NormOrd, axis?: number | readonly number[] | null, keepdims?: boolean, options?: { ord?: NormOrd; axis?: number | readonly number[] | null; keepdims?: boolean }] | [options: { ord?: NormOrd; axis?: number | readonly number[] | null; keepdims?: boolean }]): Tensor {
  const op = "np.linalg.norm";
  return inContext(op, () => {
    const o = optionalArgs(op, ["ord", "axis", "keepdims"], rest);
    const t = toFloat(refuseComplex(op, tensorArg(op, x)));
    const keepdims = o.keepdims === undefined ? false : o.keepdims === true ? true : o.keepdims === false ? false : badKeepdims(op, o.keepdims);
    let axes = axesOf(op, o.axis, t.ndim);
    if (axes === undefined) {
      if (o.ord === undefined || o.ord === null) return euclid(t, t.shape.map((_, i) => i), keepdims);
      axes = t.shape.map((_, i) => i);
    }
    if (axes.length === 1) return vectorNormOf(op, t, o.ord ?? 2, axes, keepdims);
    if (axes.length === 2) return matrixNormOf(op, t, o.ord, [axes[0]!, axes[1]!], keepdims);
    throw new ShapeError(`${op}: a norm is over one axis (a vector norm) or two (a matrix norm), but got axes ${describeValue(axes)} for an array of shape ${fmtShape(t.shape)}; pass axis.`);
  });
}

function badKeepdims(op: string, v: unknown): never {
  throw new ArgumentError(`${op}: keepdims must be true or false; got ${describeValue(v)}.`);
}

/**
 * The array API's `matrix_norm`: a matrix norm over the last two axes (`ord` default "fro").
 * @example `np.linalg.matrixNorm([[1, 2], [3, 4]], { ord: 1 }).item()` // 6
 */
export function matrixNorm(x: TensorLike, ...rest: [options?: { keepdims?: boolean; ord?: NormOrd }]): Tensor {
  const op = "np.linalg.matrixNorm";
  return inContext(op, () => {
    const o = optionalArgs(op, ["keepdims", "ord"], rest);
    const t = toFloat(refuseComplex(op, tensorArg(op, x)));
    if (t.ndim < 2) throw new ShapeError(`${op}: x has shape ${fmtShape(t.shape)}; it must be a batch of matrices [..., m, n].`);
    const keepdims = o.keepdims === undefined ? false : o.keepdims === true ? true : o.keepdims === false ? false : badKeepdims(op, o.keepdims);
    return matrixNormOf(op, t, o.ord ?? "fro", [t.ndim - 2, t.ndim - 1], keepdims);
  });
}

/**
 * The array API's `vector_norm`: over `axis` (default all axes, flattened), `ord` a number (default 2,
 * ±Infinity, 0 counts non-zeros).
 * @example `np.linalg.vectorNorm([3, -4], { ord: 1 }).item()` // 7
 */
export function vectorNorm(x: TensorLike, ...rest: [options?: { axis?: number | readonly number[] | null; keepdims?: boolean; ord?: number }]): Tensor {
  const op = "np.linalg.vectorNorm";
  return inContext(op, () => {
    const o = optionalArgs(op, ["axis", "keepdims", "ord"], rest);
    const t = toFloat(refuseComplex(op, tensorArg(op, x)));
    const keepdims = o.keepdims === undefined ? false : o.keepdims === true ? true : o.keepdims === false ? false : badKeepdims(op, o.keepdims);
    const axes = axesOf(op, o.axis, t.ndim) ?? t.shape.map((_, i) => i);
    return vectorNormOf(op, t, o.ord ?? 2, axes, keepdims);
  });
}
