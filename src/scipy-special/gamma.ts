/** The gamma-function family of `scipySpecial`: gammaln and digamma. */
import * as ops from "../primitives/ops.js";
import type { Tensor, TensorLike } from "../tensor/tensor.js";
import { floatArg } from "./args.js";

/**
 * ln|Γ(x)| (lax.lgamma), elementwise, accurate to float64 precision also next to its zeros at 1
 * and 2; +∞ at 0 and the negative integers (its poles) and at ±∞. Its derivative is digamma, whose
 * own is polygamma(1, x), and so on: it differentiates to any order.
 * @example `scipySpecial.gammaln(0.5).item()` // 0.5724
 */
export function gammaln(x: TensorLike): Tensor {
  return ops.unaryOp("lgamma", floatArg("scipySpecial.gammaln", x));
}

/**
 * The digamma function ψ(x) = d ln Γ(x)/dx (lax.digamma), elementwise, accurate to float64
 * precision also next to its positive root 1.4616…; NaN at its poles 0 and the negative integers,
 * as JAX (SciPy gives ∓∞ at ±0). Its derivative is the trigamma function polygamma(1, x).
 * @example `scipySpecial.digamma(1).item()` // -0.5772
 */
export function digamma(x: TensorLike): Tensor {
  return ops.unaryOp("digamma", floatArg("scipySpecial.digamma", x));
}
