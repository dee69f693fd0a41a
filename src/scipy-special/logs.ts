/**
 * Logit, expit and the x·log(y) family of `scipySpecial`, with JAX's custom derivatives: xlogy and
 * xlog1py are 0 where x = 0 (unless y is NaN), and their derivatives are the plain formulas.
 */
import { customJvp } from "../api/custom.js";
import * as ops from "../primitives/ops.js";
import { scalar } from "../tensor/from-js.js";
import type { Tensor, TensorLike } from "../tensor/tensor.js";
import * as np from "../np/index.js";
import { floatArg, floatArgs } from "./args.js";

const one = (x: Tensor): Tensor => scalar(1, x.dtype);

/** log(p/(1 − p)) with JAX's derivative 1/(p(1 − p)) (the quotient rule would give the same value less accurately). */
const logitRule = customJvp(
  (p: Tensor) => ops.log(ops.div(p, ops.sub(one(p), p))),
  ([p]: [Tensor], [dp]: [Tensor]) => [ops.log(ops.div(p, ops.sub(one(p), p))), ops.div(dp, ops.mul(p, ops.sub(one(p), p)))],
);

/**
 * The logit function log(p/(1 − p)), the inverse of expit: ±∞ at 1 and 0, NaN outside [0, 1].
 * Its derivative is 1/(p(1 − p)), as JAX's custom rule.
 * @example `scipySpecial.logit(0.75).item()` // 1.0986
 */
export function logit(p: TensorLike): Tensor {
  return logitRule(floatArg("scipySpecial.logit", p));
}

/**
 * The logistic sigmoid 1/(1 + e^(−x)) (lax.logistic), without overflow at either end.
 * @example `scipySpecial.expit(0).item()` // 0.5
 */
export function expit(x: TensorLike): Tensor {
  return ops.unaryOp("logistic", floatArg("scipySpecial.expit", x));
}

/** x·f(y), 0 where x = 0 unless y is NaN (as SciPy and JAX: NaN still propagates from y). */
function xTimes(f: (y: Tensor) => Tensor) {
  return (x: Tensor, y: Tensor): Tensor => {
    const keep = np.logicalOr(ops.binaryOp("ne", x, scalar(0, x.dtype)), ops.binaryOp("ne", y, y));
    return np.where(keep, ops.mul(x, f(y)), np.zerosLike(x));
  };
}

const xlogyValue = xTimes(ops.log);
const xlogyRule = customJvp(xlogyValue, ([x, y]: [Tensor, Tensor], [dx, dy]: [Tensor, Tensor]) => [
  xlogyValue(x, y),
  ops.add(ops.mul(dx, ops.log(y)), ops.div(ops.mul(dy, x), y)),
]);

/**
 * x·log(y), and 0 where x = 0 (also at y = 0) unless y is NaN. Its derivative is JAX's custom
 * rule: log(y)·dx + (x/y)·dy (so at x = 0, y > 0 the x-derivative is log y, not 0).
 * @example `scipySpecial.xlogy(0, 0).item()` // 0
 */
export function xlogy(x: TensorLike, y: TensorLike): Tensor {
  const [tx, ty] = floatArgs("scipySpecial.xlogy", [x, y]);
  return xlogyRule(tx!, ty!);
}

const xlog1pyValue = xTimes((y) => ops.unaryOp("log1p", y));
const xlog1pyRule = customJvp(xlog1pyValue, ([x, y]: [Tensor, Tensor], [dx, dy]: [Tensor, Tensor]) => [
  xlog1pyValue(x, y),
  ops.add(ops.mul(dx, ops.unaryOp("log1p", y)), ops.div(ops.mul(dy, x), ops.add(one(y), y))),
]);

/**
 * x·log(1 + y), and 0 where x = 0 (also at y = −1) unless y is NaN; accurate for tiny y. Its
 * derivative is JAX's custom rule: log(1 + y)·dx + x/(1 + y)·dy.
 * @example `scipySpecial.xlog1py(2, 0.5).item()` // 0.8109
 */
export function xlog1py(x: TensorLike, y: TensorLike): Tensor {
  const [tx, ty] = floatArgs("scipySpecial.xlog1py", [x, y]);
  return xlog1pyRule(tx!, ty!);
}
