/**
 * Helpers for writing derivative rules with ops: symbolic zeros (`Zero`) that propagate without
 * allocating, broadcasting of scalar operands, and the rule shapes shared by many primitives
 * (elementwise jvp from a derivative, structural ops that are their own jvp).
 */
import { type Aval, aval } from "../ir/types.js";
import { isInexact } from "../tensor/dtype.js";
import { scalar } from "../tensor/from-js.js";
import { shapesEqual } from "../tensor/shape.js";
import type { Tensor } from "../tensor/tensor.js";
import * as ops from "./ops.js";
import type { PrimitiveName, PrimitiveParams } from "./params.js";
import { type JvpRule, type Tangent, Zero } from "./rule-types.js";

/** The aval of a tensor. */
export const avalOfTensor = (x: Tensor): Aval => aval(x.shape, x.dtype);

/** True for a symbolic zero. */
export function isZero(t: Tangent | unknown): t is Zero {
  return t instanceof Zero;
}

/** A symbolic zero shaped like `x`. */
export function zeroLike(x: Tensor | Aval): Zero {
  return new Zero(aval(x.shape, x.dtype));
}

/** An array of zeros of type `a` (an equation when traced). */
export function zerosOf(a: Aval): Tensor {
  const z = scalar(0, a.dtype);
  return a.shape.length === 0 ? z : ops.broadcastInDim(z, a.shape, []);
}

/** A tangent as an array (symbolic zeros materialised). */
export function instantiate(t: Tangent): Tensor {
  return t instanceof Zero ? zerosOf(t.aval) : t;
}

/** Broadcasts a scalar to `shape` (no-op when shapes already match). */
export function expandTo(x: Tensor, shape: readonly number[]): Tensor {
  return shapesEqual(x.shape, shape) ? x : ops.broadcastInDim(x, shape, []);
}

/** Sums a cotangent down to a scalar operand's shape (the transpose of `expandTo`). */
export function unbroadcast(ct: Tensor, a: Aval): Tensor {
  if (shapesEqual(ct.shape, a.shape)) return ct;
  return ops.reduceSum(ct, ct.shape.map((_, i) => i));
}

/** a + b on tangents, keeping zeros symbolic; the result has shape `shape`. */
export function addTangents(a: Tangent, b: Tangent, shape: readonly number[]): Tangent {
  if (a instanceof Zero && b instanceof Zero) return new Zero(aval(shape, a.aval.dtype));
  if (a instanceof Zero) return expandTo(b as Tensor, shape);
  if (b instanceof Zero) return expandTo(a, shape);
  return ops.add(expandTo(a, shape), expandTo(b, shape));
}

/** Applies a linear map to a tangent, keeping zeros symbolic (`outAval` types the zero). */
export function mapTangent(t: Tangent, f: (t: Tensor) => Tensor, outAval: Aval): Tangent {
  return t instanceof Zero ? new Zero(outAval) : f(t);
}

/** Tangents exist only for float and complex values; integer and bool outputs get a symbolic zero. */
export function hasTangent(a: Aval): boolean {
  return isInexact(a.dtype);
}

/**
 * The jvp rule of an elementwise unary op from its derivative: `dy = f'(x) · dx`.
 * `derivative(x, y)` may use the primal output `y` (e.g. exp' = y).
 */
export function elementwiseJvp<N extends PrimitiveName>(
  apply: (x: Tensor) => Tensor,
  derivative: (x: Tensor, y: Tensor) => Tensor,
): JvpRule<N> {
  return ([x], [dx]) => {
    const y = apply(x!);
    if (dx instanceof Zero || !hasTangent(avalOfTensor(y))) return [[y], [zeroLike(y)]];
    return [[y], [ops.mul(dx!, derivative(x!, y))]];
  };
}

/** The jvp rule of an op whose derivative is zero almost everywhere (floor, sign, comparisons). */
export function zeroJvp<N extends PrimitiveName>(apply: (xs: readonly Tensor[], params: PrimitiveParams[N]) => Tensor[]): JvpRule<N> {
  return (xs, _ts, params) => {
    const ys = apply(xs, params);
    return [ys, ys.map(zeroLike)];
  };
}

/**
 * The jvp rule of an op that is linear in all its inputs: apply it to the tangents (zeros
 * materialised only when some input tangent is non-zero).
 */
export function linearJvp<N extends PrimitiveName>(apply: (xs: readonly Tensor[], params: PrimitiveParams[N]) => Tensor[]): JvpRule<N> {
  return (xs, ts, params) => {
    const ys = apply(xs, params);
    if (ts.every(isZero)) return [ys, ys.map(zeroLike)];
    return [ys, apply(ts.map(instantiate), params)];
  };
}

/** A float constant of the given dtype (for rules: 0.5, 2, …). */
export function constant(value: number, like: Tensor | Aval): Tensor {
  return scalar(value, like.dtype);
}
