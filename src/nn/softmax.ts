/**
 * Log-sum-exp and softmax, shifted by a stop-gradient max so they never overflow (JAX's forms):
 * logsumexp, logmeanexp, softmax, logSoftmax.
 */
import { inContext } from "../errors.js";
import * as ops from "../primitives/ops.js";
import { scalar } from "../tensor/from-js.js";
import { reductionAxes, sizeOf } from "../tensor/shape.js";
import type { AxisArg, Tensor, TensorLike } from "../tensor/tensor.js";
import { tensorArg, toBool, toFloat } from "../np/coerce.js";
import * as np from "../np/index.js";
import { optionalArgs } from "../np/options.js";
import { stopGradient } from "./activations.js";

/** The axes `axis` names; `undefined` or `null` is every axis (JAX's `axis=None`). */
function axesOf(x: Tensor, axis: AxisArg, where: string): number[] {
  return reductionAxes(axis, x.ndim, where);
}

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

/** `nn.logmeanexp`'s options. */
export interface LogmeanexpOptions {
  axis?: AxisArg;
  where?: TensorLike;
  keepdims?: boolean;
}

/**
 * log of the mean of eˣ over `axis` (all axes by default): logsumexp(x) − log(n), with n the
 * number of elements reduced (those where `where` is true, when given; the others are left out).
 * @example `nn.logmeanexp([0, 0]).item()` // 0
 */
export function logmeanexp(x: TensorLike, ...rest: [axis?: AxisArg, where?: TensorLike, keepdims?: boolean, options?: LogmeanexpOptions] | [options: LogmeanexpOptions]): Tensor {
  return inContext("nn.logmeanexp", () => {
    const o = optionalArgs("nn.logmeanexp", ["axis", "where", "keepdims"], rest);
    let t = toFloat(tensorArg("logmeanexp", x));
    const axes = axesOf(t, o.axis as AxisArg, "nn.logmeanexp");
    const keepdims = o.keepdims === true;
    let count: Tensor;
    if (o.where === undefined) {
      count = scalar(sizeOf(axes.map((a) => t.shape[a]!)), t.dtype);
    } else {
      const w = np.broadcastTo(toBool(tensorArg("logmeanexp", o.where as TensorLike, "where")), t.shape);
      t = np.where(w, t, -Infinity);
      count = np.sum(ops.convert(w, t.dtype), axes, keepdims);
    }
    return np.sub(logsumexp(t, axes, keepdims), np.log(count));
  });
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
