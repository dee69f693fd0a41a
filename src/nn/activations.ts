/**
 * Activation functions, each written as JAX writes it (the same selects, so the same values and
 * derivatives at kinks, ±∞ and NaN): relu, relu6, sigmoid, softplus, silu/swish, mish, logSigmoid,
 * leakyRelu, elu, celu, selu, gelu, glu, softSign, hardTanh, hardSigmoid, hardSilu/hardSwish,
 * squareplus, sparsePlus, sparseSigmoid, log1mexp, identity. Ints and bools compute in float32
 * (as JAX's weak float constants promote them), except `identity` and `hardTanh`.
 */
import { customJvp } from "../api/custom.js";
import { ArgumentError, ShapeError, describeValue, fmtShape, inContext } from "../errors.js";
import * as ops from "../primitives/ops.js";
import { normalizeAxis } from "../tensor/shape.js";
import type { Tensor, TensorLike } from "../tensor/tensor.js";
import { tensorArg, toFloat } from "../np/coerce.js";
import * as np from "../np/index.js";
import { optionalArgs } from "../np/options.js";

/** x with no derivative (the stop_gradient primitive). */
export const stopGradient = (x: Tensor): Tensor => ops.apply1("stop_gradient", [x], {});

const floatArg = (op: string, x: TensorLike): Tensor => toFloat(tensorArg(op, x));

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

/**
 * min(max(x, 0), 6), NaN-propagating, with JAX's derivative: 1 where 0 < x < 6, else 0 (so 0 at
 * both kinks and at NaN). Selects, as in `relu`.
 * @example `nn.relu6([-1, 3, 7]).toArray()` // [0, 3, 6]
 */
export function relu6(x: TensorLike): Tensor {
  const t = floatArg("relu6", x);
  const inside = np.logicalAnd(np.greater(t, 0), np.less(t, 6));
  return np.where(inside, t, np.where(np.lessEqual(t, 0), 0, np.where(np.greaterEqual(t, 6), 6, stopGradient(t))));
}

/** 1/(1 + e⁻ˣ) without overflow. @example `nn.sigmoid(0).item()` // 0.5 */
export function sigmoid(x: TensorLike): Tensor {
  return ops.unaryOp("logistic", floatArg("sigmoid", x));
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
  const t = floatArg("softplus", x);
  const positive = np.greater(t, 0);
  const negAbs = np.where(positive, np.neg(t), t);
  return np.add(np.where(positive, t, 0), np.log1p(np.exp(negAbs)));
}

/**
 * log σ(x) = −softplus(−x), stable for large |x|.
 * @example `nn.logSigmoid(0).item()` // -0.6931472
 */
export function logSigmoid(x: TensorLike): Tensor {
  return np.neg(softplus(np.neg(floatArg("logSigmoid", x))));
}

/**
 * SiLU (swish): x · σ(x).
 * @example `nn.silu(0).item()` // 0
 */
export function silu(x: TensorLike): Tensor {
  const t = floatArg("silu", x);
  return np.mul(t, sigmoid(t));
}

/** Swish, another name of `silu`: x · σ(x). @example `nn.swish(0).item()` // 0 */
export const swish = (x: TensorLike): Tensor => inContext("nn.swish", () => silu(x));

/**
 * Mish: x · tanh(softplus(x)).
 * @example `nn.mish(0).item()` // 0
 */
export function mish(x: TensorLike): Tensor {
  const t = floatArg("mish", x);
  return np.mul(t, np.tanh(softplus(t)));
}

function slopeArg(op: string, name: string, v: unknown, fallback: number): TensorLike {
  if (v === undefined) return fallback;
  if (typeof v === "number") return v;
  return tensorArg(op, v as TensorLike, name);
}

/**
 * x where x ≥ 0, else `negativeSlope` · x (default 0.01); the derivative at 0 is 1 (JAX's x ≥ 0 branch).
 * @example `nn.leakyRelu([-1, 2], 0.1).toArray()` // [-0.1, 2]
 */
export function leakyRelu(x: TensorLike): Tensor;
export function leakyRelu(x: TensorLike, ...rest: [negativeSlope?: TensorLike, options?: { negativeSlope?: TensorLike }] | [options: { negativeSlope?: TensorLike }]): Tensor;
export function leakyRelu(x: TensorLike, ...rest: [negativeSlope?: TensorLike, options?: { negativeSlope?: TensorLike }] | [options: { negativeSlope?: TensorLike }]): Tensor {
  return inContext("nn.leakyRelu", () => {
    const { negativeSlope } = optionalArgs("nn.leakyRelu", ["negativeSlope"], rest);
    const t = floatArg("leakyRelu", x);
    return np.where(np.greaterEqual(t, 0), t, np.mul(slopeArg("nn.leakyRelu", "negativeSlope", negativeSlope, 0.01), t));
  });
}

/**
 * ELU: x where x > 0, else α(eˣ − 1) (α = `alpha`, default 1); the inner select keeps eˣ − 1 from
 * overflowing at large x (and its derivative from NaN), as JAX's does.
 * @example `nn.elu([-1, 2]).toArray()` // [-0.6321206, 2]
 */
export function elu(x: TensorLike): Tensor;
export function elu(x: TensorLike, ...rest: [alpha?: TensorLike, options?: { alpha?: TensorLike }] | [options: { alpha?: TensorLike }]): Tensor;
export function elu(x: TensorLike, ...rest: [alpha?: TensorLike, options?: { alpha?: TensorLike }] | [options: { alpha?: TensorLike }]): Tensor {
  return inContext("nn.elu", () => {
    const { alpha } = optionalArgs("nn.elu", ["alpha"], rest);
    return eluOf("nn.elu", floatArg("elu", x), slopeArg("nn.elu", "alpha", alpha, 1));
  });
}

function eluOf(_op: string, t: Tensor, alpha: TensorLike): Tensor {
  const positive = np.greater(t, 0);
  return np.where(positive, t, np.mul(alpha, np.expm1(np.where(positive, 0, t))));
}

/**
 * CELU: max(x, 0) + α(e^(min(x, 0)/α) − 1) (α = `alpha`, default 1). Written with maximum and
 * minimum, as JAX's, so each splits its tie at 0 and the derivative there is ½ + ½ = 1.
 * @example `nn.celu([-1, 2]).toArray()` // [-0.6321206, 2]
 */
export function celu(x: TensorLike): Tensor;
export function celu(x: TensorLike, ...rest: [alpha?: TensorLike, options?: { alpha?: TensorLike }] | [options: { alpha?: TensorLike }]): Tensor;
export function celu(x: TensorLike, ...rest: [alpha?: TensorLike, options?: { alpha?: TensorLike }] | [options: { alpha?: TensorLike }]): Tensor {
  return inContext("nn.celu", () => {
    const { alpha } = optionalArgs("nn.celu", ["alpha"], rest);
    const t = floatArg("celu", x);
    const a = slopeArg("nn.celu", "alpha", alpha, 1);
    return np.add(np.maximum(t, 0), np.mul(a, np.expm1(np.div(np.minimum(t, 0), a))));
  });
}

/**
 * SELU: λ · elu(x, α) with λ ≈ 1.0507 and α ≈ 1.6733 (self-normalising constants).
 * @example `nn.selu(1).item()` // 1.050701
 */
export function selu(x: TensorLike): Tensor {
  const alpha = 1.6732632423543772848170429916717;
  const scale = 1.0507009873554804934193349852946;
  return np.mul(scale, eluOf("nn.selu", floatArg("selu", x), alpha));
}

/**
 * GELU. With `approximate` (the default, as JAX's): the tanh form
 * x · ½(1 + tanh(√(2/π)(x + 0.044715x³))); with `approximate: false`: the exact x · Φ(x) =
 * ½x · erfc(−x/√2).
 * @example `nn.gelu(0).item()` // 0
 */
export function gelu(x: TensorLike): Tensor;
export function gelu(x: TensorLike, ...rest: [approximate?: boolean, options?: { approximate?: boolean }] | [options: { approximate?: boolean }]): Tensor;
export function gelu(x: TensorLike, ...rest: [approximate?: boolean, options?: { approximate?: boolean }] | [options: { approximate?: boolean }]): Tensor {
  return inContext("nn.gelu", () => {
    const { approximate = true } = optionalArgs("nn.gelu", ["approximate"], rest);
    if (typeof approximate !== "boolean") throw new ArgumentError(`nn.gelu: approximate must be true or false; got ${describeValue(approximate)}.`);
    const t = floatArg("gelu", x);
    if (approximate) {
      const inner = np.mul(Math.sqrt(2 / Math.PI), np.add(t, np.mul(0.044715, ops.integerPow(t, 3))));
      return np.mul(t, np.mul(0.5, np.add(1, np.tanh(inner))));
    }
    // ½x·erfc(−x/√2), as JAX's: no cancellation in the tail (1 + erf(x/√2) would round to 0 for x ≪ 0).
    return np.mul(np.mul(0.5, t), ops.unaryOp("erfc", np.mul(np.neg(t), Math.SQRT1_2)));
  });
}

/**
 * Gated linear unit: splits `x` in two halves a, b along `axis` (default −1, of even size) and
 * returns a · σ(b).
 * @example `nn.glu([1, 0]).toArray()` // [0.5]
 */
export function glu(x: TensorLike): Tensor;
export function glu(x: TensorLike, ...rest: [axis?: number] | [options: { axis?: number }]): Tensor;
export function glu(x: TensorLike, ...rest: [axis?: number] | [options: { axis?: number }]): Tensor {
  return inContext("nn.glu", () => {
    const { axis = -1 } = optionalArgs("nn.glu", ["axis"], rest);
    const t = floatArg("glu", x);
    const a = normalizeAxis(axis as number, t.ndim, "nn.glu");
    const n = t.shape[a]!;
    if (n % 2 !== 0) throw new ShapeError(`nn.glu: axis ${a} of ${fmtShape(t.shape)} has odd size ${n}; it must split into two equal halves.`);
    const half = (i: number): Tensor =>
      ops.slice(t, t.shape.map((_, d) => (d === a ? i * (n / 2) : 0)), t.shape.map((s, d) => (d === a ? (i + 1) * (n / 2) : s)), t.shape.map(() => 1));
    return np.mul(half(0), sigmoid(half(1)));
  });
}

/**
 * Soft sign: x / (|x| + 1).
 * @example `nn.softSign([-1, 3]).toArray()` // [-0.5, 0.75]
 */
export function softSign(x: TensorLike): Tensor {
  const t = floatArg("softSign", x);
  return np.div(t, np.add(np.abs(t), 1));
}

/**
 * Hard tanh: x clipped to [−1, 1] by selects (derivative 1 strictly inside, 0 at ±1 and outside,
 * as JAX's). Integer input stays integer.
 * @example `nn.hardTanh([-2, 0.5, 2]).toArray()` // [-1, 0.5, 1]
 */
export function hardTanh(x: TensorLike): Tensor {
  const t = tensorArg("hardTanh", x);
  return np.where(np.greater(t, 1), 1, np.where(np.less(t, -1), -1, t));
}

/**
 * Hard sigmoid: relu6(x + 3) / 6.
 * @example `nn.hardSigmoid([-3, 0, 3]).toArray()` // [0, 0.5, 1]
 */
export function hardSigmoid(x: TensorLike): Tensor {
  return np.div(relu6(np.add(floatArg("hardSigmoid", x), 3)), 6);
}

/**
 * Hard SiLU (hard swish): x · hardSigmoid(x).
 * @example `nn.hardSilu([-3, 3]).toArray()` // [0, 3]
 */
export function hardSilu(x: TensorLike): Tensor {
  const t = floatArg("hardSilu", x);
  return np.mul(t, hardSigmoid(t));
}

/** Hard swish, another name of `hardSilu`. @example `nn.hardSwish(3).item()` // 3 */
export const hardSwish = (x: TensorLike): Tensor => inContext("nn.hardSwish", () => hardSilu(x));

/**
 * Squareplus: (x + √(x² + b)) / 2 (b default 4), a smooth relu.
 * @example `nn.squareplus(0).item()` // 1
 */
export function squareplus(x: TensorLike): Tensor;
export function squareplus(x: TensorLike, ...rest: [b?: TensorLike, options?: { b?: TensorLike }] | [options: { b?: TensorLike }]): Tensor;
export function squareplus(x: TensorLike, ...rest: [b?: TensorLike, options?: { b?: TensorLike }] | [options: { b?: TensorLike }]): Tensor {
  return inContext("nn.squareplus", () => {
    const { b } = optionalArgs("nn.squareplus", ["b"], rest);
    const t = floatArg("squareplus", x);
    return np.div(np.add(t, np.sqrt(np.add(np.square(t), slopeArg("nn.squareplus", "b", b, 4)))), 2);
  });
}

/**
 * Sparse plus: 0 for x ≤ −1, x for x ≥ 1, (x + 1)²/4 between.
 * @example `nn.sparsePlus([-2, 0, 2]).toArray()` // [0, 0.25, 2]
 */
export function sparsePlus(x: TensorLike): Tensor {
  const t = floatArg("sparsePlus", x);
  return np.where(np.lessEqual(t, -1), 0, np.where(np.greaterEqual(t, 1), t, np.div(np.square(np.add(t, 1)), 4)));
}

/**
 * Sparse sigmoid: ½ · clip(x + 1, 0, 2), clipped with maximum then minimum as JAX's `clip`, so
 * the derivative at the kinks x = ±1 is ¼ (each tie split in half).
 * @example `nn.sparseSigmoid([-2, 0, 2]).toArray()` // [0, 0.5, 1]
 */
export function sparseSigmoid(x: TensorLike): Tensor {
  const t = floatArg("sparseSigmoid", x);
  return np.mul(0.5, np.minimum(np.maximum(np.add(t, 1), 0), 2));
}

function log1mexpValue(x: Tensor): Tensor {
  // Two forms, each accurate on its side of log 2 (Mächler's rule).
  return np.where(np.less(x, Math.LN2), np.log(np.neg(np.expm1(np.neg(x)))), np.log1p(np.neg(np.exp(np.neg(x)))));
}

/** log1mexp with JAX's custom derivative 1/(eˣ − 1), so neither branch of the select leaks into it. */
const log1mexpCustom = customJvp(
  (x: Tensor) => log1mexpValue(x),
  ([x], [dx]) => [log1mexpValue(x), np.div(dx, np.expm1(x))],
);

/**
 * log(1 − e⁻ˣ), accurate for small and large x > 0 (−∞ at 0, NaN below); its derivative is
 * JAX's custom rule 1/(eˣ − 1).
 * @example `nn.log1mexp(Math.LN2).item()` // -0.6931472
 */
export function log1mexp(x: TensorLike): Tensor {
  return log1mexpCustom(floatArg("log1mexp", x));
}

/**
 * The identity: `x` as a tensor.
 * @example `nn.identity([1, 2]).toArray()` // [1, 2]
 */
export function identity(x: TensorLike): Tensor {
  return tensorArg("identity", x);
}
