/**
 * Powers and logarithms beyond exp/log: cbrt, exp2, log2, log10, floatPower, and the stable
 * logaddexp/logaddexp2 with JAX's derivative rule (finite at ±∞ arguments, 0.5/0.5 at a tie).
 */
import * as ops from "../primitives/ops.js";
import type { Tensor, TensorLike } from "../tensor/tensor.js";
import { eq, floatArg, floatOperands, floatUnary, isNan, konst, withJvpRule } from "./math-common.js";

/** Elementwise cube root (negative for negative x). @example `np.cbrt(-8).item()` // -2 */
export const cbrt = (x: TensorLike): Tensor => floatUnary("cbrt", "cbrt", x);
/** Elementwise 2ˣ. @example `np.exp2(10).item()` // 1024 */
export const exp2 = (x: TensorLike): Tensor => floatUnary("exp2", "exp2", x);

/** Base-2 logarithm (ln x / ln 2). @example `np.log2(8).item()` // 3 */
export function log2(x: TensorLike): Tensor {
  const t = floatArg("log2", x);
  return ops.div(ops.log(t), konst(Math.LN2, t));
}

/** Base-10 logarithm (ln x · log10(e)). @example `np.log10(1000).item()` // 3 */
export function log10(x: TensorLike): Tensor {
  const t = floatArg("log10", x);
  return ops.mul(ops.log(t), konst(0.4342944819032518, t));
}

/** x1 ** x2 in floating point (int inputs become float32; no integer power). @example `np.floatPower(2, -1).item()` // 0.5 */
export function floatPower(x1: TensorLike, x2: TensorLike): Tensor {
  const [a, b] = floatOperands("floatPower", x1, x2);
  return ops.binaryOp("pow", a, b);
}

/** +∞ replaced by 0 (JAX's `_replace_inf`), so ∞ − ∞ never reaches the derivative's exponent. */
const replaceInf = (x: Tensor): Tensor => ops.select(eq(x, konst(Infinity, x)), konst(0, x), x);

type Base = { readonly name: string; readonly exp: (x: Tensor) => Tensor; readonly log1pOf: (x: Tensor) => Tensor };

const E: Base = { name: "logaddexp", exp: ops.exp, log1pOf: (x) => ops.unaryOp("log1p", ops.exp(x)) };
const TWO: Base = {
  name: "logaddexp2",
  exp: (x) => ops.unaryOp("exp2", x),
  log1pOf: (x) => ops.mul(konst(1 / Math.LN2, x), ops.unaryOp("log1p", ops.unaryOp("exp2", x))),
};

/**
 * log_b(bˣ¹ + bˣ²) as JAX computes it: max + log1p(b^−|x1 − x2|), and x1 + x2 where the difference
 * is NaN (a NaN, or infinities of one sign). Differentiated by JAX's rule:
 * d = dx1·b^(x1 − out) + dx2·b^(x2 − out), with +∞ read as 0 in the exponents.
 */
function logAddExpBase(base: Base, a: Tensor, b: Tensor): Tensor {
  const value = ([x1, x2]: Tensor[]): Tensor[] => {
    const delta = ops.sub(x1!, x2!);
    const smooth = ops.add(ops.binaryOp("max", x1!, x2!), base.log1pOf(ops.neg(ops.unaryOp("abs", delta))));
    return [ops.select(isNan(delta), ops.add(x1!, x2!), smooth)];
  };
  return withJvpRule(
    base.name,
    value,
    ([x1, x2], [t1, t2]) => {
      const out = logAddExpBase(base, x1!, x2!);
      const w = (x: Tensor): Tensor => base.exp(ops.sub(replaceInf(x), replaceInf(out)));
      return [[out], [ops.add(ops.mul(t1!, w(x1!)), ops.mul(t2!, w(x2!)))]];
    },
    [a, b],
  )[0]!;
}

/**
 * log(eˣ¹ + eˣ²) without overflow, broadcasting. logaddexp(−∞, −∞) = −∞; the gradient is the
 * softmax weights (0.5, 0.5 at equal arguments), (1, 0) beside −∞, and NaN at (−∞, −∞), as in JAX.
 * @example `np.logaddexp(0, 0).item()` // 0.6931471824645996
 */
export function logaddexp(x1: TensorLike, x2: TensorLike): Tensor {
  const [a, b] = floatOperands("logaddexp", x1, x2);
  return logAddExpBase(E, a, b);
}

/**
 * log₂(2ˣ¹ + 2ˣ²) without overflow, broadcasting; the base-2 {@link logaddexp}.
 * @example `np.logaddexp2(1, 1).item()` // 2
 */
export function logaddexp2(x1: TensorLike, x2: TensorLike): Tensor {
  const [a, b] = floatOperands("logaddexp2", x1, x2);
  return logAddExpBase(TWO, a, b);
}
