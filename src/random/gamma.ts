/**
 * The gamma family of samplers, each JAX's algorithm on JAX's keys: `gamma`/`loggamma` bind the
 * `random_gamma` primitive (Marsaglia–Tsang per element, differentiable in alpha by implicit
 * reparameterisation); `beta`, `dirichlet`, `chisquare`, `f`, `t`, `generalizedNormal` and `ball`
 * are JAX's compositions of it; `poisson` binds `random_poisson`. Parameters convert to the
 * sampler's dtype and broadcast to `shape` (which they may not exceed), as JAX checks.
 */
import { ArgumentError, ShapeError, describeValue, inContext } from "../errors.js";
import { tensorArg } from "../np/coerce.js";
import * as np from "../np/index.js";
import * as ops from "../primitives/ops.js";
import { randomGamma, randomPoisson } from "../primitives/random/ops.js";
import { scalar } from "../tensor/from-js.js";
import type { Tensor, TensorLike } from "../tensor/tensor.js";
import { asDType, shapeOf } from "./bits.js";
import { exponentialCore, jointShape, normalCore, rademacherCore, twoKeys } from "./continuous.js";
import { checkKey } from "./keys.js";
import { checkParamShapes, floatDType, intDType, optionalArgs, shapeOption } from "./options.js";

type FloatDType = "float32" | "float64";

/** `(key, ...params, shape?, dtype?)` in JAX's order: the key, the shape (default: the parameters' broadcast) and dtype. */
function parse(op: string, k: TensorLike, params: readonly TensorLike[], rest: readonly unknown[]) {
  const o = optionalArgs(op, ["shape", "dtype"], rest);
  const key = checkKey(op, k);
  const shapes = params.map(shapeOf);
  const shape = shapeOption(op, o.shape, jointShape(op, shapes));
  checkParamShapes(op, shape, ...shapes);
  return { key, shape, dtype: o.dtype };
}

/** A parameter in `dtype`, broadcast to `shape`. */
function param(value: TensorLike, dtype: FloatDType, shape: readonly number[], name: string): Tensor {
  return np.broadcastTo(asDType(value, dtype, name), shape);
}

/** gamma(a, 1) samples (log space when asked) of `shape`, `a` already converted: JAX's `_gamma`. */
function gammaCore(key: Tensor, a: TensorLike, shape: readonly number[], dtype: FloatDType, logSpace: boolean): Tensor {
  return randomGamma(key, param(a, dtype, shape, "a"), logSpace);
}

/**
 * Gamma(a, 1) samples, as JAX's `random.gamma(key, a, shape, dtype)`: Marsaglia and Tsang's method
 * (alpha < 1 boosted by u^(1/alpha)), one independent stream per element. Differentiable in `a` by
 * implicit reparameterisation, as JAX. Divide by a rate (or multiply by a scale) for other gammas.
 * Like JAX, alpha = 0 gives 0 and a NaN alpha gives NaN; negative alphas are outside the
 * distribution's domain (JAX returns whatever its algorithm produces there, and so does this).
 *
 * @example
 * ```ts
 * random.gamma(random.key(0), 2, [3]).shape; // [3]
 * grad((a) => random.gamma(random.key(0), a).sum())(np.array(2.0)).shape; // []
 * ```
 */
export function gamma(k: TensorLike, a: TensorLike, ...rest: unknown[]): Tensor {
  const op = "random.gamma";
  const { key, shape, dtype } = parse(op, k, [a], rest);
  return inContext(op, () => gammaCore(key, a, shape, floatDType(op, dtype), false));
}

/**
 * The logarithms of Gamma(a, 1) samples, as JAX's `random.loggamma(key, a, shape, dtype)`: the
 * same draws as `gamma`, with the boost for small `a` applied in log space, so samples far below
 * the smallest float (frequent when `a` ≪ 1) keep their precision. `exp(loggamma(...))` equals
 * `gamma(...)` to rounding.
 *
 * @example
 * ```ts
 * random.loggamma(random.key(0), 0.01, [2]).shape; // [2]
 * ```
 */
export function loggamma(k: TensorLike, a: TensorLike, ...rest: unknown[]): Tensor {
  const op = "random.loggamma";
  const { key, shape, dtype } = parse(op, k, [a], rest);
  return inContext(op, () => gammaCore(key, a, shape, floatDType(op, dtype), true));
}

/**
 * Beta(a, b) samples, as JAX's `random.beta(key, a, b, shape, dtype)`: two log-gamma draws from
 * split keys, normalised in log space (`exp(la − m) / (exp(la − m) + exp(lb − m))`, m the larger),
 * so tiny `a`, `b` do not underflow to 0/0.
 *
 * @example
 * ```ts
 * random.beta(random.key(0), 2, 3, [4]).shape; // [4]
 * ```
 */
export function beta(k: TensorLike, a: TensorLike, b: TensorLike, ...rest: unknown[]): Tensor {
  const op = "random.beta";
  const { key, shape, dtype: d } = parse(op, k, [a, b], rest);
  const dtype = floatDType(op, d);
  return inContext(op, () => {
    const [keyA, keyB] = twoKeys(key);
    const logA = gammaCore(keyA, a, shape, dtype, true);
    const logB = gammaCore(keyB, b, shape, dtype, true);
    const logMax = np.maximum(logA, logB);
    const ga = np.exp(np.sub(logA, logMax));
    const gb = np.exp(np.sub(logB, logMax));
    return np.div(ga, np.add(ga, gb));
  });
}

/**
 * Dirichlet(alpha) samples, as JAX's `random.dirichlet(key, alpha, shape, dtype)`: `alpha` has
 * shape `[..., n]`; the result has shape `[...shape, n]` (`shape` defaults to `alpha.shape[:-1]`).
 * Log-gamma draws normalised by a softmax over the last axis (JAX's log-space route).
 *
 * @example
 * ```ts
 * random.dirichlet(random.key(0), [1, 2, 3]).shape; // [3]
 * ```
 */
export function dirichlet(k: TensorLike, alpha: TensorLike, ...rest: unknown[]): Tensor {
  const op = "random.dirichlet";
  const o = optionalArgs(op, ["shape", "dtype"], rest);
  const key = checkKey(op, k);
  const dtype = floatDType(op, o.dtype);
  const aShape = shapeOf(alpha);
  if (aShape.length < 1) {
    throw new ShapeError(`${op}: alpha must have at least one dimension (the categories); got a scalar. Pass an array of concentrations.`);
  }
  const batch = aShape.slice(0, -1);
  const shape = shapeOption(op, o.shape, batch);
  checkParamShapes(op, shape, batch);
  return inContext(op, () => {
    const logG = gammaCore(key, alpha, [...shape, aShape[aShape.length - 1]!], dtype, true);
    const shifted = np.exp(np.sub(logG, ops.unaryOp("stop_gradient", np.max(logG, -1, true))));
    return np.div(shifted, np.sum(shifted, -1, true));
  });
}

/**
 * Poisson(lam) samples (int32), as JAX's `random.poisson(key, lam, shape, dtype)`: Knuth's method
 * for rates below 10, Hörmann's transformed rejection above, in float32 as JAX. lam = 0 gives 0;
 * a NaN rate gives −1 as in JAX (Knuth's loop never runs).
 *
 * @example
 * ```ts
 * random.poisson(random.key(0), 3, [4]).dtype; // "int32"
 * ```
 */
export function poisson(k: TensorLike, lam: TensorLike, ...rest: unknown[]): Tensor {
  const op = "random.poisson";
  const { key, shape, dtype } = parse(op, k, [lam], rest);
  intDType(op, dtype);
  return inContext(op, () => randomPoisson(key, param(lam, "float32", shape, "lam")));
}

/**
 * Chi-squared samples with `df` degrees of freedom, as JAX's `random.chisquare(key, df, shape,
 * dtype)`: 2 · exp(loggamma(df / 2)).
 *
 * @example
 * ```ts
 * random.chisquare(random.key(0), 3, [2]).shape; // [2]
 * ```
 */
export function chisquare(k: TensorLike, df: TensorLike, ...rest: unknown[]): Tensor {
  const op = "random.chisquare";
  const { key, shape, dtype } = parse(op, k, [df], rest);
  return inContext(op, () => chisquareCore(key, df, shape, floatDType(op, dtype)));
}

function chisquareCore(key: Tensor, df: TensorLike, shape: readonly number[], dtype: FloatDType): Tensor {
  const half = np.div(asDType(df, dtype, "df"), scalar(2, dtype));
  return np.mul(np.exp(gammaCore(key, half, shape, dtype, true)), scalar(2, dtype));
}

/**
 * F(dfnum, dfden) samples, as JAX's `random.f(key, dfnum, dfden, shape, dtype)`: the ratio of two
 * chi-squared draws (from split keys) each divided by its degrees of freedom.
 *
 * @example
 * ```ts
 * random.f(random.key(0), 3, 5, [2]).shape; // [2]
 * ```
 */
export function f(k: TensorLike, dfnum: TensorLike, dfden: TensorLike, ...rest: unknown[]): Tensor {
  const op = "random.f";
  const { key, shape, dtype: d } = parse(op, k, [dfnum, dfden], rest);
  const dtype = floatDType(op, d);
  return inContext(op, () => {
    const [keyDen, keyNum] = twoKeys(key);
    const num = asDType(dfnum, dtype, "dfnum"), den = asDType(dfden, dtype, "dfden");
    return np.div(np.div(chisquareCore(keyNum, num, shape, dtype), num), np.div(chisquareCore(keyDen, den, shape, dtype), den));
  });
}

/**
 * Student's t samples with `df` degrees of freedom, as JAX's `random.t(key, df, shape, dtype)`:
 * n · √((df/2) / g) with n normal and g gamma(df/2) from split keys.
 *
 * @example
 * ```ts
 * random.t(random.key(0), 4, [2]).shape; // [2]
 * ```
 */
export function t(k: TensorLike, df: TensorLike, ...rest: unknown[]): Tensor {
  const op = "random.t";
  const { key, shape, dtype: d } = parse(op, k, [df], rest);
  const dtype = floatDType(op, d);
  return inContext(op, () => {
    const [keyN, keyG] = twoKeys(key);
    const n = normalCore(keyN, shape, dtype);
    const half = np.div(asDType(df, dtype, "df"), scalar(2, dtype));
    const g = gammaCore(keyG, half, shape, dtype, false);
    return np.mul(n, np.sqrt(np.div(half, g)));
  });
}

/**
 * Generalized normal samples with shape parameter `p` (density ∝ exp(−|x|^p)), as JAX's
 * `random.generalized_normal(key, p, shape, dtype)`: a random sign times gamma(1/p)^(1/p).
 *
 * @example
 * ```ts
 * random.generalizedNormal(random.key(0), 1.5, [3]).shape; // [3]
 * ```
 */
export function generalizedNormal(k: TensorLike, p: TensorLike, ...rest: unknown[]): Tensor {
  const op = "random.generalizedNormal";
  const o = optionalArgs(op, ["shape", "dtype"], rest);
  const key = checkKey(op, k);
  const shape = shapeOption(op, o.shape, []);
  checkParamShapes(op, shape, shapeOf(p));
  return inContext(op, () => generalizedNormalCore(key, p, shape, floatDType(op, o.dtype)));
}

function generalizedNormalCore(key: Tensor, p: TensorLike, shape: readonly number[], dtype: FloatDType): Tensor {
  const [keyG, keyR] = twoKeys(key);
  const invP = np.div(scalar(1, dtype), asDType(p, dtype, "p"));
  const g = gammaCore(keyG, invP, shape, dtype, false);
  const r = ops.convert(rademacherCore(keyR, shape), dtype);
  return np.mul(r, np.pow(g, invP));
}

/**
 * Uniform samples from the unit Lp ball in `d` dimensions, as JAX's `random.ball(key, d, p,
 * shape, dtype)` (Barthe et al.): generalized normal draws `g` of shape `[...shape, d]` and an
 * exponential draw `e`, returned as g / (Σ|g|^p + e)^(1/p).
 *
 * @example
 * ```ts
 * random.ball(random.key(0), 3).shape; // [3]
 * random.ball(random.key(0), 2, 1, [5]).shape; // [5, 2]
 * ```
 */
export function ball(k: TensorLike, d: number, ...rest: unknown[]): Tensor {
  const op = "random.ball";
  const o = optionalArgs(op, ["p", "shape", "dtype"], rest);
  const key = checkKey(op, k);
  if (typeof d !== "number" || !Number.isInteger(d) || d < 0) {
    throw new ArgumentError(`${op}: d must be a non-negative integer (the dimension of the ball); got ${describeValue(d)}.`);
  }
  const p = o.p === undefined ? 2 : o.p;
  if (typeof p !== "number") tensorArg(op, p as TensorLike, "p");
  const shape = shapeOption(op, o.shape, []);
  const dtype = floatDType(op, o.dtype);
  return inContext(op, () => {
    const [k1, k2] = twoKeys(key);
    const g = generalizedNormalCore(k1, p as TensorLike, [...shape, d], dtype);
    const e = exponentialCore(k2, shape, dtype);
    const pp = asDType(p as TensorLike, dtype, "p");
    const norm = np.pow(np.add(np.sum(np.pow(np.abs(g), pp), -1), e), np.div(scalar(1, dtype), pp));
    return np.div(g, np.expandDims(norm, -1));
  });
}
