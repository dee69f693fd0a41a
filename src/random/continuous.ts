/**
 * Continuous distributions, each JAX's algorithm on JAX's uniform draws (so given the same key
 * they are JAX's samples, up to the rounding of transcendental functions, whose float32 kernels
 * in XLA are not correctly rounded). Parameters convert to the sampler's dtype and the samples are
 * differentiable in them (reparameterised), as in JAX.
 */
import { ShapeError, inContext } from "../errors.js";
import * as np from "../np/index.js";
import * as ops from "../primitives/ops.js";
import { scalar } from "../tensor/from-js.js";
import { tryBroadcastShapes } from "../tensor/shape.js";
import type { Tensor, TensorLike } from "../tensor/tensor.js";
import { randomSplit } from "../primitives/random/ops.js";
import { asDType, shapeOf, uniformIn } from "./bits.js";
import { erfInv } from "./erf-inv.js";
import { checkKey } from "./keys.js";
import { checkParamShapes, floatDType, optionalArgs, shapeOption } from "./options.js";

type FloatDType = "float32" | "float64";

/** JAX's `finfo` constants used by the samplers' bounds. */
export const FINFO = {
  float32: { eps: 2 ** -23, epsneg: 2 ** -24, tiny: 2 ** -126 },
  float64: { eps: 2 ** -52, epsneg: 2 ** -53, tiny: 2 ** -1022 },
} as const;

/** The parsed arguments of a sampler with optional `shape` and `dtype`. */
interface Parsed {
  readonly key: Tensor;
  readonly shape: readonly number[];
  readonly dtype: FloatDType;
}

/** Parses `(key, shape?, dtype?)` after `params` fixed positional parameters, in JAX's order. */
function parse(op: string, k: TensorLike, rest: readonly unknown[], fallbackShape: readonly number[] | null, params: readonly TensorLike[] = []): Parsed & { o: Record<string, unknown> } {
  const o = optionalArgs(op, ["shape", "dtype"], rest);
  const key = checkKey(op, k);
  const paramShape = jointShape(op, params.map(shapeOf));
  const shape = shapeOption(op, o.shape, fallbackShape ?? paramShape);
  checkParamShapes(op, shape, ...params.map(shapeOf));
  return { key, shape, dtype: floatDType(op, o.dtype), o };
}

/** The broadcast of parameter shapes, or a ShapeError naming the sampler. */
export function jointShape(op: string, shapes: readonly (readonly number[])[]): readonly number[] {
  let out: readonly number[] | undefined = [];
  for (const s of shapes) out = out === undefined ? undefined : tryBroadcastShapes(out, s);
  if (out === undefined) throw new ShapeError(`${op}: parameter shapes ${shapes.map((s) => `[${s.join(",")}]`).join(", ")} do not broadcast together.`);
  return out;
}

/** JAX's `normal` core: √2 · erfinv(u), u uniform in (−1, 1). */
export function normalCore(key: Tensor, shape: readonly number[], dtype: FloatDType): Tensor {
  const lo = nextAfter(-1, 0, dtype);
  return ops.mul(scalar(Math.SQRT2, dtype), erfInv(uniformIn(key, shape, dtype, lo, 1)));
}

/** JAX's `exponential` core: −log1p(−u). */
export function exponentialCore(key: Tensor, shape: readonly number[], dtype: FloatDType): Tensor {
  return ops.neg(ops.unaryOp("log1p", ops.neg(uniformIn(key, shape, dtype, 0, 1))));
}

/**
 * The next representable value after `x` towards `toward` in `dtype` (numpy's `nextafter`),
 * computed on the bits.
 */
export function nextAfter(x: number, toward: number, dtype: FloatDType): number {
  if (Number.isNaN(x) || Number.isNaN(toward)) return NaN;
  if (dtype === "float32") x = Math.fround(x);
  if (x === toward) return toward;
  if (x === 0) return (toward > 0 ? 1 : -1) * (dtype === "float32" ? 2 ** -149 : Number.MIN_VALUE);
  const up = (toward > x) === (x > 0);
  if (dtype === "float32") {
    const f = Float32Array.of(x);
    const u = new Uint32Array(f.buffer);
    u[0] = up ? u[0]! + 1 : u[0]! - 1;
    return f[0]!;
  }
  const f = Float64Array.of(x);
  const u = new BigUint64Array(f.buffer);
  u[0] = up ? u[0]! + 1n : u[0]! - 1n;
  return f[0]!;
}

/**
 * Standard normal samples, as JAX's `random.normal(key, shape, dtype)`: √2 · erfinv(u) with u
 * uniform in (−1, 1), erfinv evaluated as XLA does.
 *
 * @example
 * ```ts
 * random.normal(random.key(0), [2, 2]).shape; // [2, 2]
 * ```
 */
export function normal(k: TensorLike, ...rest: unknown[]): Tensor {
  const { key, shape, dtype } = parse("random.normal", k, rest, []);
  return inContext("random.normal", () => normalCore(key, shape, dtype));
}

/**
 * Exponential(1) samples, as JAX's `random.exponential`: −log1p(−u).
 *
 * @example
 * ```ts
 * random.exponential(random.key(0), [3]).shape; // [3]
 * ```
 */
export function exponential(k: TensorLike, ...rest: unknown[]): Tensor {
  const { key, shape, dtype } = parse("random.exponential", k, rest, []);
  return exponentialCore(key, shape, dtype);
}

/**
 * Standard Gumbel samples, as JAX's `random.gumbel(key, shape, dtype, mode)`: −log(−log u) with
 * u uniform in [tiny, 1) (`mode: "low"`, JAX's default), or with 2 draws per sample for resolution
 * near 0 (`mode: "high"`).
 *
 * @example
 * ```ts
 * random.gumbel(random.key(0), [3]).shape; // [3]
 * ```
 */
export function gumbel(k: TensorLike, ...rest: unknown[]): Tensor {
  const op = "random.gumbel";
  const o = optionalArgs(op, ["shape", "dtype", "mode"], rest);
  const key = checkKey(op, k);
  const shape = shapeOption(op, o.shape, []);
  const dtype = floatDType(op, o.dtype);
  const mode = modeOption(op, o.mode);
  return gumbelCore(key, shape, dtype, mode);
}

/** The `mode` option of gumbel-based samplers: "low" (default) or "high". */
export function modeOption(op: string, mode: unknown): "low" | "high" {
  if (mode === undefined || mode === null || mode === "low") return "low";
  if (mode === "high") return "high";
  throw new ShapeError(`${op}: option mode must be "low" or "high"; got ${JSON.stringify(mode) ?? String(mode)}.`);
}

/** JAX's `_gumbel` for modes "low" and "high". */
export function gumbelCore(key: Tensor, shape: readonly number[], dtype: FloatDType, mode: "low" | "high"): Tensor {
  const log = (x: Tensor): Tensor => ops.log(x);
  if (mode === "low") {
    const u = uniformIn(key, shape, dtype, FINFO[dtype].tiny, 1);
    return ops.neg(log(ops.neg(log(u))));
  }
  const both = uniformIn(key, [2, ...shape], dtype, 0, 1);
  const high = np.take(both, 0, 0);
  const low = np.take(both, 1, 0);
  const nmant = dtype === "float32" ? 23 : 52;
  const refined = ops.add(ops.add(high, ops.mul(scalar(2 ** -nmant, dtype), low)), scalar(FINFO[dtype].tiny, dtype));
  const x = ops.select(ops.binaryOp("ge", high, scalar(0.5, dtype)), high, refined);
  return ops.neg(log(ops.neg(ops.unaryOp("log1p", ops.neg(x)))));
}

/**
 * Standard Laplace samples, as JAX's `random.laplace`: sign(u)·log1p(−|u|), u uniform in
 * (−1, 1).
 *
 * @example
 * ```ts
 * random.laplace(random.key(0), [3]).shape; // [3]
 * ```
 */
export function laplace(k: TensorLike, ...rest: unknown[]): Tensor {
  const { key, shape, dtype } = parse("random.laplace", k, rest, []);
  const u = uniformIn(key, shape, dtype, -1 + FINFO[dtype].epsneg, 1);
  return ops.mul(ops.unaryOp("sign", u), ops.unaryOp("log1p", ops.neg(ops.unaryOp("abs", u))));
}

/**
 * Standard logistic samples, as JAX's `random.logistic`: log(u) − log1p(−u).
 *
 * @example
 * ```ts
 * random.logistic(random.key(0), [3]).shape; // [3]
 * ```
 */
export function logistic(k: TensorLike, ...rest: unknown[]): Tensor {
  const { key, shape, dtype } = parse("random.logistic", k, rest, []);
  const x = uniformIn(key, shape, dtype, FINFO[dtype].tiny, 1);
  return ops.sub(ops.log(x), ops.unaryOp("log1p", ops.neg(x)));
}

/**
 * Standard Cauchy samples, as JAX's `random.cauchy`: tan(π(u − ½)), u uniform in [eps, 1).
 *
 * @example
 * ```ts
 * random.cauchy(random.key(0), [3]).shape; // [3]
 * ```
 */
export function cauchy(k: TensorLike, ...rest: unknown[]): Tensor {
  const { key, shape, dtype } = parse("random.cauchy", k, rest, []);
  const u = uniformIn(key, shape, dtype, FINFO[dtype].eps, 1);
  return ops.unaryOp("tan", ops.mul(scalar(Math.PI, dtype), ops.sub(u, scalar(0.5, dtype))));
}

/**
 * Standard normal samples truncated to (lower, upper), as JAX's `random.truncated_normal(key,
 * lower, upper, shape, dtype)`: the inverse CDF of a uniform draw between erf(lower/√2) and
 * erf(upper/√2), clipped into the open interval. Differentiable in the bounds.
 *
 * @example
 * ```ts
 * random.truncatedNormal(random.key(0), -1, 1, [4]).shape; // [4]
 * ```
 */
export function truncatedNormal(k: TensorLike, lower: TensorLike, upper: TensorLike, ...rest: unknown[]): Tensor {
  const op = "random.truncatedNormal";
  const { key, shape, dtype } = parse(op, k, rest, null, [lower, upper]);
  return inContext(op, () => {
    const lo = asDType(lower, dtype, "lower");
    const hi = asDType(upper, dtype, "upper");
    const sqrt2 = scalar(Math.SQRT2, dtype);
    const a = ops.unaryOp("erf", ops.div(lo, sqrt2));
    const b = ops.unaryOp("erf", ops.div(hi, sqrt2));
    const out = ops.mul(sqrt2, erfInv(uniformIn(key, shape, dtype, a, b)));
    // Into the open interval: the next floats inside the (gradient-free) bounds.
    const inner = (bound: TensorLike, t: Tensor, toward: number): Tensor =>
      typeof bound === "number" ? scalar(nextAfter(bound, toward, dtype), dtype) : ops.apply1("stop_gradient", [t], {});
    return np.clip(out, inner(lower, lo, Infinity), inner(upper, hi, -Infinity));
  });
}

/**
 * Log-normal samples exp(σ·z), as JAX's `random.lognormal(key, sigma, shape, dtype)`.
 *
 * @example
 * ```ts
 * random.lognormal(random.key(0), 0.5, [3]).shape; // [3]
 * ```
 */
export function lognormal(k: TensorLike, ...rest: unknown[]): Tensor {
  const op = "random.lognormal";
  const o = optionalArgs(op, ["sigma", "shape", "dtype"], rest);
  const sigma = (o.sigma ?? 1) as TensorLike;
  const { key, shape, dtype } = parse(op, k, [o.shape, o.dtype], null, [sigma]);
  return ops.exp(ops.mul(normalCore(key, shape, dtype), asDType(sigma, dtype, "sigma")));
}

/**
 * Pareto samples exp(e / b), e exponential, as JAX's `random.pareto(key, b, shape, dtype)`.
 *
 * @example
 * ```ts
 * random.pareto(random.key(0), 3, [3]).shape; // [3]
 * ```
 */
export function pareto(k: TensorLike, b: TensorLike, ...rest: unknown[]): Tensor {
  const { key, shape, dtype } = parse("random.pareto", k, rest, null, [b]);
  return ops.exp(ops.div(exponentialCore(key, shape, dtype), asDType(b, dtype, "b")));
}

/**
 * Weibull samples (−log1p(−u))^(1/concentration) · scale, as JAX's `random.weibull_min(key,
 * scale, concentration, shape, dtype)`.
 *
 * @example
 * ```ts
 * random.weibullMin(random.key(0), 1, 2, [3]).shape; // [3]
 * ```
 */
export function weibullMin(k: TensorLike, scale: TensorLike, concentration: TensorLike, ...rest: unknown[]): Tensor {
  const { key, shape, dtype } = parse("random.weibullMin", k, rest, []);
  const u = uniformIn(key, shape, dtype, 0, 1);
  const e = ops.neg(ops.unaryOp("log1p", ops.neg(u)));
  return np.mul(np.pow(e, np.div(1, asDType(concentration, dtype, "concentration"))), asDType(scale, dtype, "scale"));
}

/**
 * Rayleigh samples scale·√(−2 log u), as JAX's `random.rayleigh(key, scale, shape, dtype)`.
 *
 * @example
 * ```ts
 * random.rayleigh(random.key(0), 1, [3]).shape; // [3]
 * ```
 */
export function rayleigh(k: TensorLike, scale: TensorLike, ...rest: unknown[]): Tensor {
  const { key, shape, dtype } = parse("random.rayleigh", k, rest, null, [scale]);
  const u = uniformIn(key, shape, dtype, 0, 1);
  const s = np.broadcastTo(asDType(scale, dtype, "scale"), shape);
  return ops.mul(s, ops.unaryOp("sqrt", ops.mul(ops.log(u), scalar(-2, dtype))));
}

/**
 * Maxwell samples, the norm of 3 standard normals, as JAX's `random.maxwell(key, shape, dtype)`.
 *
 * @example
 * ```ts
 * random.maxwell(random.key(0), [3]).shape; // [3]
 * ```
 */
export function maxwell(k: TensorLike, ...rest: unknown[]): Tensor {
  const { key, shape, dtype } = parse("random.maxwell", k, rest, []);
  return maxwellCore(key, shape, dtype);
}

function maxwellCore(key: Tensor, shape: readonly number[], dtype: FloatDType): Tensor {
  const z = normalCore(key, [...shape, 3], dtype);
  return ops.unaryOp("sqrt", ops.reduceSum(ops.mul(z, z), [shape.length]));
}

/**
 * Double-sided Maxwell samples sign·maxwell·scale + loc, as JAX's
 * `random.double_sided_maxwell(key, loc, scale, shape, dtype)` — including JAX's rule that the
 * result shape is `shape` followed by the parameters' broadcast shape.
 *
 * @example
 * ```ts
 * random.doubleSidedMaxwell(random.key(0), 0, 1, [3]).shape; // [3]
 * ```
 */
export function doubleSidedMaxwell(k: TensorLike, loc: TensorLike, scale: TensorLike, ...rest: unknown[]): Tensor {
  const op = "random.doubleSidedMaxwell";
  const o = optionalArgs(op, ["shape", "dtype"], rest);
  const key = checkKey(op, k);
  const dtype = floatDType(op, o.dtype);
  const params = jointShape(op, [shapeOf(loc), shapeOf(scale)]);
  const given = shapeOption(op, o.shape, []);
  const shape = [...(given.length === 0 ? params : given), ...params];
  const [mk, rk] = twoKeys(key);
  const m = maxwellCore(mk, shape, dtype);
  const sign = ops.convert(rademacherCore(rk, shape), dtype);
  return np.add(np.mul(np.mul(sign, m), asDType(scale, dtype, "scale")), asDType(loc, dtype, "loc"));
}

/** The two keys of `split(key)`. */
export function twoKeys(key: Tensor): [Tensor, Tensor] {
  const ks = randomSplit(key, [2]);
  return [np.take(ks, 0, 0), np.take(ks, 1, 0)];
}

/** JAX's rademacher core in int32: 2·bernoulli(½) − 1. */
export function rademacherCore(key: Tensor, shape: readonly number[]): Tensor {
  const b = ops.binaryOp("lt", uniformIn(key, shape, "float32", 0, 1), scalar(0.5, "float32"));
  return ops.sub(ops.mul(scalar(2, "int32"), ops.convert(b, "int32")), scalar(1, "int32"));
}

/**
 * Triangular samples on [left, right] with the given mode, as JAX's `random.triangular(key,
 * left, mode, right, shape, dtype)` (inverse CDF of one uniform draw).
 *
 * @example
 * ```ts
 * random.triangular(random.key(0), 0, 0.5, 1, [3]).shape; // [3]
 * ```
 */
export function triangular(k: TensorLike, left: TensorLike, mode: TensorLike, right: TensorLike, ...rest: unknown[]): Tensor {
  const { key, shape, dtype } = parse("random.triangular", k, rest, null, [left, mode, right]);
  const l = np.broadcastTo(asDType(left, dtype, "left"), shape);
  const r = np.broadcastTo(asDType(right, dtype, "right"), shape);
  const m = np.broadcastTo(asDType(mode, dtype, "mode"), shape);
  const width = ops.sub(r, l);
  const fc = ops.div(ops.sub(m, l), width);
  const u = uniformIn(key, shape, dtype, 0, 1);
  const out1 = ops.add(l, ops.unaryOp("sqrt", ops.mul(ops.mul(u, width), ops.sub(m, l))));
  const out2 = ops.sub(r, ops.unaryOp("sqrt", ops.mul(ops.mul(ops.sub(scalar(1, dtype), u), width), ops.sub(r, m))));
  return ops.select(ops.binaryOp("lt", u, fc), out1, out2);
}
