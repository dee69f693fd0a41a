/**
 * Neural-network helpers in numerically stable forms: relu, sigmoid, softplus, gelu (tanh
 * approximation, JAX's default), softmax, logSoftmax, logsumexp.
 */
import * as ops from "../primitives/ops.js";
import { scalar } from "../tensor/from-js.js";
import { reductionAxes } from "../tensor/shape.js";
import type { AxisArg, Tensor, TensorLike } from "../tensor/tensor.js";
import { tensorArg, toFloat } from "../np/coerce.js";
import * as np from "../np/index.js";

/**
 * max(x, 0), NaN-propagating. Its derivative is JAX's: 1 where x > 0, else 0 — so 0 at 0 and at
 * NaN. Written as selects (not `maximum`, whose derivative splits the tie at 0): x where x > 0,
 * 0 where x ≤ 0, and otherwise (NaN) x held constant by a stop-gradient, so NaN propagates with
 * derivative 0.
 * @example `nn.relu([-1, 2]).toArray()` // [0, 2]
 */
export function relu(x: TensorLike): Tensor {
  const t = tensorArg("relu", x);
  return np.where(np.greater(t, 0), t, np.where(np.lessEqual(t, 0), 0, stopGradient(t)));
}

/** 1/(1 + e⁻ˣ) without overflow. @example `nn.sigmoid(0).item()` // 0.5 */
export function sigmoid(x: TensorLike): Tensor {
  return ops.unaryOp("logistic", toFloat(tensorArg("sigmoid", x)));
}

/**
 * log(1 + eˣ), stable: max(x, 0) + log1p(e^−|x|), with max(x, 0) and −|x| written as selects on
 * x > 0. Then the derivative is σ(x) everywhere — ½ at 0, 1 at +∞, 0 at −∞, NaN at NaN — as
 * JAX's `logaddexp(x, 0)` custom rule gives; with `maximum` and `abs` the kinks at 0 would give
 * ½ − ½ = 0. The second derivative σ(x)(1 − σ(x)) is accurate for large x, where JAX's rule,
 * 1 − e^(x − softplus x), cancels (at x = 30, float64, JAX gives 9.24e-14 for 9.36e-14).
 * @example `nn.softplus(0).item()` // 0.6931472
 */
export function softplus(x: TensorLike): Tensor {
  const t = toFloat(tensorArg("softplus", x));
  const positive = np.greater(t, 0);
  const negAbs = np.where(positive, np.neg(t), t);
  return np.add(np.where(positive, t, 0), np.log1p(np.exp(negAbs)));
}

/** GELU, tanh approximation: x/2 · (1 + tanh(√(2/π)(x + 0.044715x³))). @example `nn.gelu(0).item()` // 0 */
export function gelu(x: TensorLike): Tensor {
  const t = toFloat(tensorArg("gelu", x));
  const inner = np.mul(Math.sqrt(2 / Math.PI), np.add(t, np.mul(0.044715, ops.integerPow(t, 3))));
  return np.mul(np.mul(t, 0.5), np.add(1, np.tanh(inner)));
}

/** The axes `axis` names; `undefined` or `null` is every axis (JAX's `axis=None`). */
function axesOf(x: Tensor, axis: AxisArg, where: string): number[] {
  return reductionAxes(axis, x.ndim, where);
}

/** x with no derivative (the stop_gradient primitive). */
const stopGradient = (x: Tensor): Tensor => ops.apply1("stop_gradient", [x], {});

/**
 * The max of `x` over `axes`, kept as size-1 axes and held constant for differentiation, as JAX
 * does: the shift only keeps exp from overflowing, the result does not depend on it, so its
 * derivative would only add terms that cancel (or not, at ties, ±∞ and NaN). −∞ over an empty axis.
 */
function maxShift(x: Tensor, axes: readonly number[]): Tensor {
  const m = ops.reduceMax(x, axes);
  return stopGradient(ops.reshape(m, x.shape.map((d, i) => (axes.includes(i) ? 1 : d))));
}

/**
 * log Σ eˣ over `axis` (all axes by default), shifted by the max so it never overflows. Entries of
 * −∞ contribute nothing; if all are −∞ the result is −∞ (log 0), as in JAX, and so is the result
 * over an empty axis. The gradient is softmax(x): NaN over an all −∞ slice, and at +∞ entries
 * (0 at the finite ones), as in JAX.
 * @example `nn.logsumexp([1000, 1000]).item()` // 1000.6931
 */
export function logsumexp(x: TensorLike, axis?: AxisArg, keepdims = false): Tensor {
  const t = toFloat(tensorArg("logsumexp", x));
  const axes = axesOf(t, axis, "nn.logsumexp");
  const m = maxShift(t, axes);
  // An all −∞ (or ±∞, NaN, empty) slice would give inf − inf = NaN in the shift: shift by 0 there instead.
  const shift = np.where(ops.unaryOp("abs", m).less(Infinity), m, scalar(0, t.dtype));
  const s = np.log(np.sum(np.exp(np.sub(t, shift)), axes, true));
  const out = np.add(s, shift);
  return keepdims ? out : np.squeeze(out, axes);
}

/**
 * eˣ / Σ eˣ along `axis` (default −1); its derivative is JAX's softmax rule y·(dx − Σ y·dx). An
 * empty axis gives an empty result; a +∞ entry makes the slice NaN (∞/∞), as in JAX.
 * @example `nn.softmax([0, 0]).toArray()` // [0.5, 0.5]
 */
export function softmax(x: TensorLike, axis: AxisArg = -1): Tensor {
  const t = toFloat(tensorArg("softmax", x));
  const axes = axesOf(t, axis, "nn.softmax");
  const e = np.exp(np.sub(t, maxShift(t, axes)));
  return np.div(e, np.sum(e, axes, true));
}

/**
 * x − logsumexp(x) along `axis` (default −1), shifted by the max (held constant, as JAX). An empty
 * axis gives an empty result.
 * @example `nn.logSoftmax([0, 0]).toArray()` // [-0.693, -0.693]
 */
export function logSoftmax(x: TensorLike, axis: AxisArg = -1): Tensor {
  const t = toFloat(tensorArg("logSoftmax", x));
  const axes = axesOf(t, axis, "nn.logSoftmax");
  const shifted = np.sub(t, maxShift(t, axes));
  return np.sub(shifted, np.log(np.sum(np.exp(shifted), axes, true)));
}
