/**
 * Neural-network helpers in numerically stable forms: relu, sigmoid, softplus, gelu (tanh
 * approximation, JAX's default), softmax, logSoftmax, logsumexp.
 */
import * as ops from "../primitives/ops.js";
import { scalar } from "../tensor/from-js.js";
import { normalizeAxes } from "../tensor/shape.js";
import type { AxisArg, Tensor, TensorLike } from "../tensor/tensor.js";
import { tensorArg, toFloat } from "../np/coerce.js";
import * as np from "../np/index.js";

/**
 * max(x, 0), NaN-propagating; its derivative at 0 is 0 (as JAX), so it is written as a select on
 * `!(x ≤ 0)` rather than `maximum`, whose derivative splits ties.
 * @example `nn.relu([-1, 2]).toArray()` // [0, 2]
 */
export function relu(x: TensorLike): Tensor {
  const t = tensorArg("relu", x);
  return np.where(np.logicalNot(np.lessEqual(t, 0)), t, 0);
}

/** 1/(1 + e⁻ˣ) without overflow. @example `nn.sigmoid(0).item()` // 0.5 */
export function sigmoid(x: TensorLike): Tensor {
  return ops.unaryOp("logistic", toFloat(tensorArg("sigmoid", x)));
}

/** log(1 + eˣ), stable: max(x, 0) + log1p(e^−|x|). @example `nn.softplus(0).item()` // 0.6931472 */
export function softplus(x: TensorLike): Tensor {
  const t = toFloat(tensorArg("softplus", x));
  return np.add(np.maximum(t, 0), np.log1p(np.exp(np.neg(np.abs(t)))));
}

/** GELU, tanh approximation: x/2 · (1 + tanh(√(2/π)(x + 0.044715x³))). @example `nn.gelu(0).item()` // 0 */
export function gelu(x: TensorLike): Tensor {
  const t = toFloat(tensorArg("gelu", x));
  const inner = np.mul(Math.sqrt(2 / Math.PI), np.add(t, np.mul(0.044715, ops.integerPow(t, 3))));
  return np.mul(np.mul(t, 0.5), np.add(1, np.tanh(inner)));
}

function axesOf(x: Tensor, axis: AxisArg, where: string): number[] {
  if (axis === undefined) return x.shape.map((_, i) => i);
  return normalizeAxes(typeof axis === "number" ? [axis] : axis, x.ndim, where);
}

/**
 * log Σ eˣ over `axis` (all axes by default), shifted by the max so it never overflows. Entries of
 * −∞ contribute nothing; if all are −∞ the result is −∞ (log 0), as in JAX.
 * @example `nn.logsumexp([1000, 1000]).item()` // 1000.6931
 */
export function logsumexp(x: TensorLike, axis?: AxisArg, keepdims = false): Tensor {
  const t = toFloat(tensorArg("logsumexp", x));
  const axes = axesOf(t, axis, "nn.logsumexp");
  const m = np.max(t, axes, true);
  // An all −∞ (or ±∞) slice would give inf − inf = NaN in the shift: shift by 0 there instead.
  const shift = np.where(ops.unaryOp("abs", m).less(Infinity), m, scalar(0, t.dtype));
  const s = np.log(np.sum(np.exp(np.sub(t, shift)), axes, true));
  const out = np.add(s, shift);
  return keepdims ? out : np.squeeze(out, axes);
}

/** eˣ / Σ eˣ along `axis` (default −1). @example `nn.softmax([0, 0]).toArray()` // [0.5, 0.5] */
export function softmax(x: TensorLike, axis: AxisArg = -1): Tensor {
  const t = toFloat(tensorArg("softmax", x));
  const axes = axesOf(t, axis, "nn.softmax");
  const e = np.exp(np.sub(t, np.max(t, axes, true)));
  return np.div(e, np.sum(e, axes, true));
}

/** x − logsumexp(x) along `axis` (default −1). @example `nn.logSoftmax([0, 0]).toArray()` // [-0.693, -0.693] */
export function logSoftmax(x: TensorLike, axis: AxisArg = -1): Tensor {
  const t = toFloat(tensorArg("logSoftmax", x));
  const axes = axesOf(t, axis, "nn.logSoftmax");
  const shifted = np.sub(t, np.max(t, axes, true));
  return np.sub(shifted, np.log(np.sum(np.exp(shifted), axes, true)));
}
