/**
 * The error-function family of `scipySpecial`: erf, erfc, erfinv, and the normal distribution's
 * CDF and its inverse (ndtr, ndtri), built as jax.scipy.special builds them.
 */
import * as ops from "../primitives/ops.js";
import { scalar } from "../tensor/from-js.js";
import type { Tensor, TensorLike } from "../tensor/tensor.js";
import * as np from "../np/index.js";
import { floatArg } from "./args.js";

/**
 * The error function erf x = (2/√π) ∫₀ˣ e^(−t²) dt, elementwise (lax.erf). Ints and bools become
 * float32.
 * @example `scipySpecial.erf(0.5).item()` // 0.5205
 */
export function erf(x: TensorLike): Tensor {
  return ops.unaryOp("erf", floatArg("scipySpecial.erf", x));
}

/**
 * The complementary error function 1 − erf x, accurate relative to its value in the far tail too
 * (erfc 10 = 2.09e-45 in float64, where 1 − erf x is 0). Its derivative is −(2/√π) e^(−x²).
 * @example `scipySpecial.erfc(2).item()` // 0.004678
 */
export function erfc(x: TensorLike): Tensor {
  return ops.unaryOp("erfc", floatArg("scipySpecial.erfc", x));
}

/**
 * The inverse error function: erfinv(erf x) = x on (−1, 1); ±∞ at ±1 and NaN outside [−1, 1].
 * Accurate to float64 precision also next to ±1. Its derivative is (√π/2) e^(erfinv(y)²).
 * @example `scipySpecial.erfinv(0.5).item()` // 0.4769
 */
export function erfinv(x: TensorLike): Tensor {
  return ops.unaryOp("erf_inv", floatArg("scipySpecial.erfinv", x));
}

/**
 * The standard normal CDF Φ(x) = ½(1 + erf(x/√2)), as JAX computes it: from erf near 0 and from
 * erfc in the tails, so Φ(−30) = 4.9e-198 in float64 rather than 0.
 * @example `scipySpecial.ndtr(0).item()` // 0.5
 */
export function ndtr(x: TensorLike): Tensor {
  const t = floatArg("scipySpecial.ndtr", x);
  const c = (v: number): Tensor => scalar(v, t.dtype);
  const halfSqrt2 = c(0.5 * Math.SQRT2);
  const w = ops.mul(t, halfSqrt2);
  const z = ops.unaryOp("abs", w);
  const y = np.where(
    ops.binaryOp("lt", z, halfSqrt2),
    ops.add(c(1), ops.unaryOp("erf", w)),
    np.where(ops.binaryOp("gt", w, c(0)), ops.sub(c(2), ops.unaryOp("erfc", z)), ops.unaryOp("erfc", z)),
  );
  return ops.mul(c(0.5), y);
}

// Cephes' ndtri: piecewise rational approximations (the constants of jax.scipy.special.ndtri).
const P0 = [-5.99633501014107895267e1, 9.80010754185999661536e1, -5.66762857469070293439e1, 1.39312609387279679503e1, -1.23916583867381258016e0];
const Q0 = [1.0, 1.95448858338141759834e0, 4.67627912898881538453e0, 8.63602421390890590575e1, -2.25462687854119370527e2, 2.00260212380060660359e2, -8.20372256168333339912e1, 1.59056225126211695515e1, -1.18331621121330003142e0];
const P1 = [4.05544892305962419923e0, 3.15251094599893866154e1, 5.71628192246421288162e1, 4.40805073893200834700e1, 1.46849561928858024014e1, 2.18663306850790267539e0, -1.40256079171354495875e-1, -3.50424626827848203418e-2, -8.57456785154685413611e-4];
const Q1 = [1.0, 1.57799883256466749731e1, 4.53907635128879210584e1, 4.13172038254672030440e1, 1.50425385692907503408e1, 2.50464946208309415979e0, -1.42182922854787788574e-1, -3.80806407691578277194e-2, -9.33259480895457427372e-4];
const P2 = [3.23774891776946035970e0, 6.91522889068984211695e0, 3.93881025292474443415e0, 1.33303460815807542389e0, 2.01485389549179081538e-1, 1.23716634817820021358e-2, 3.01581553508235416007e-4, 2.65806974686737550832e-6, 6.23974539184983293730e-9];
const Q2 = [1.0, 6.02427039364742014255e0, 3.67983563856160859403e0, 1.37702099489081330271e0, 2.16236993594496635890e-1, 1.34204006088543189037e-2, 3.28014464682127739104e-4, 2.89247864745380683936e-6, 6.79019408009981274425e-9];

/** Σ cᵢ x^(n−1−i) by Horner's rule (coefficients highest power first, as np.polyval). */
function horner(coefs: readonly number[], x: Tensor): Tensor {
  let acc = scalar(coefs[0]!, x.dtype);
  for (let i = 1; i < coefs.length; i++) acc = ops.add(ops.mul(acc, x), scalar(coefs[i]!, x.dtype));
  return acc;
}

/**
 * The inverse of the standard normal CDF: ndtr(ndtri(p)) = p; −∞ at 0, +∞ at 1, NaN outside
 * [0, 1]. As jax.scipy.special.ndtri: Cephes' piecewise rational approximations (in w = p − ½ for
 * e^−2 < p < 1 − e^−2, in z = √(−2 ln p) in the tails, with 1 − p for the upper one), in the
 * input's dtype, differentiated through that composition.
 * @example `scipySpecial.ndtri(0.975).item()` // 1.96
 */
export function ndtri(p: TensorLike): Tensor {
  const t = floatArg("scipySpecial.ndtri", p);
  const c = (v: number): Tensor => scalar(v, t.dtype);
  const upper = ops.binaryOp("gt", t, c(-Math.expm1(-2)));
  const mcp = np.where(upper, ops.sub(c(1), t), t);
  // p = 0 (or 1) would make NaNs below in the branches not taken; any harmless value does.
  const safe = np.where(ops.binaryOp("eq", mcp, c(0)), c(0.5), mcp);
  const w = ops.sub(safe, c(0.5));
  const ww = ops.mul(w, w);
  const big = ops.mul(ops.add(w, ops.mul(ops.mul(w, ww), ops.div(horner(P0, ww), horner(Q0, ww)))), c(-Math.sqrt(2 * Math.PI)));
  const z = ops.unaryOp("sqrt", ops.mul(c(-2), ops.log(safe)));
  const first = ops.sub(z, ops.div(ops.log(z), z));
  const iz = ops.div(c(1), z);
  const tailTerm = (p: readonly number[], q: readonly number[]): Tensor => ops.div(ops.div(horner(p, iz), horner(q, iz)), z);
  const small = ops.sub(first, tailTerm(P2, Q2));
  const otherwise = ops.sub(first, tailTerm(P1, Q1));
  let x = np.where(ops.binaryOp("gt", safe, c(Math.exp(-2))), big, np.where(ops.binaryOp("ge", z, c(8)), small, otherwise));
  x = np.where(ops.binaryOp("gt", t, c(1 - Math.exp(-2))), x, ops.neg(x));
  return np.where(ops.binaryOp("eq", t, c(0)), c(-Infinity), np.where(ops.binaryOp("eq", t, c(1)), c(Infinity), x));
}
