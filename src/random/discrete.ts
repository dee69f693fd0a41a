/**
 * Discrete distributions and shuffles, each JAX's algorithm on JAX's bits: `randint` (JAX's
 * two-word modulus), `bernoulli`, `rademacher`, `geometric`, `permutation` (sorts by fresh random
 * words, as JAX's `_shuffle`), `choice` and `categorical` (the Gumbel-max trick).
 */
import { ArgumentError, DTypeError, ShapeError, fmtValue, inContext } from "../errors.js";
import { tensorArg } from "../np/coerce.js";
import * as np from "../np/index.js";
import * as ops from "../primitives/ops.js";
import { randomBits } from "../primitives/random/ops.js";
import { scalar } from "../tensor/from-js.js";
import { normalizeAxis, sizeOf } from "../tensor/shape.js";
import type { Tensor, TensorLike } from "../tensor/tensor.js";
import { shapeOf, uniformIn, unsignedFloat64 } from "./bits.js";
import { gumbelCore, modeOption, rademacherCore, twoKeys } from "./continuous.js";
import { checkKey } from "./keys.js";
import { boolOption, checkParamShapes, floatDType, intDType, optionalArgs, shapeOption } from "./options.js";

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const f64 = (v: number): Tensor => scalar(v, "float64");
const bin = ops.binaryOp;

/** An integer bound of randint as float64 (floats truncate, as JAX's `astype(int)`). */
function intBound(op: string, name: string, v: TensorLike): Tensor {
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new ArgumentError(`${op}: ${name} must be a finite integer; got ${fmtValue(v)}.`);
    return f64(Math.trunc(v));
  }
  const t = tensorArg(op, v, name);
  return ops.convert(t.dtype === "float32" || t.dtype === "float64" ? ops.convert(t, "int32") : t, "float64");
}

/**
 * Uniform integers in [minval, maxval), as JAX's `random.randint(key, shape, minval, maxval,
 * dtype)`: two 32-bit words per sample combined modulo the span (JAX's slightly biased
 * recipe, reproduced exactly). `maxval <= minval` gives `minval`.
 *
 * @example
 * ```ts
 * random.randint(random.key(0), [4], 0, 10).dtype; // "int32"
 * ```
 */
export function randint(k: TensorLike, shape: readonly number[], minval: TensorLike, maxval: TensorLike, ...rest: unknown[]): Tensor {
  const op = "random.randint";
  const o = optionalArgs(op, ["dtype"], rest);
  const key = checkKey(op, k);
  const s = shapeOption(op, shape, []);
  intDType(op, o.dtype);
  checkParamShapes(op, s, shapeOf(minval), shapeOf(maxval));
  return inContext(op, () => randintCore(key, s, intBound(op, "minval", minval), intBound(op, "maxval", maxval)));
}

/** JAX's `_randint` for int32, in exact float64 arithmetic on the unsigned words. */
export function randintCore(key: Tensor, shape: readonly number[], minval: Tensor, maxval: Tensor): Tensor {
  const [k1, k2] = twoKeys(key);
  const higher = unsignedFloat64(randomBits(k1, shape));
  const lower = unsignedFloat64(randomBits(k2, shape));
  const outOfRange = bin("gt", maxval, f64(INT32_MAX));
  const lo = np.clip(minval, INT32_MIN, INT32_MAX);
  const hi = np.clip(maxval, INT32_MIN, INT32_MAX);
  const empty = bin("le", hi, lo);
  let span = ops.select(empty, np.broadcastTo(f64(1), np.broadcastTo(lo, hi.shape).shape), ops.sub(hi, lo));
  span = ops.select(np.logicalAnd(outOfRange, np.logicalNot(empty)), ops.add(span, f64(1)), span);
  // A span of 2^32 wraps to 0 in uint32, where JAX's remainders leave the low word unchanged.
  const full = bin("eq", span, f64(2 ** 32));
  const safe = ops.select(full, f64(1), span);
  const rem = (x: Tensor): Tensor => bin("rem", x, safe);
  const m1 = rem(f64(2 ** 16));
  const sq = ops.mul(m1, m1); // ≤ 2^32, which uint32 wraps to 0
  const multiplier = rem(ops.select(bin("ge", sq, f64(2 ** 32)), ops.sub(sq, f64(2 ** 32)), sq));
  const offset = ops.select(full, lower, rem(ops.add(ops.mul(rem(higher), multiplier), rem(lower))));
  const sum = ops.add(lo, offset);
  const wrapped = ops.select(bin("gt", sum, f64(INT32_MAX)), ops.sub(sum, f64(2 ** 32)), sum);
  return ops.convert(wrapped, "int32");
}

/** A probability parameter as a float tensor (numbers are float32, as JAX's weak floats). */
function probability(op: string, p: TensorLike): Tensor {
  if (typeof p === "number") return scalar(p, "float32");
  const t = tensorArg(op, p, "p");
  if (t.dtype !== "float32" && t.dtype !== "float64") {
    throw new DTypeError(`${op}: p must have a float dtype; got ${t.dtype}. Cast it with np.astype(p, "float32").`);
  }
  return t;
}

/**
 * Bernoulli(p) samples as bool, as JAX's `random.bernoulli(key, p, shape, mode)`: `u < p` with
 * u uniform in p's dtype (`mode: "high"` adds a second draw for resolution below 2^-23).
 *
 * @example
 * ```ts
 * random.bernoulli(random.key(0), 0.5, [4]).dtype; // "bool"
 * ```
 */
export function bernoulli(k: TensorLike, ...rest: unknown[]): Tensor {
  const op = "random.bernoulli";
  const o = optionalArgs(op, ["p", "shape", "mode"], rest);
  const key = checkKey(op, k);
  const p = probability(op, (o.p ?? 0.5) as TensorLike);
  const shape = shapeOption(op, o.shape, p.shape);
  checkParamShapes(op, shape, p.shape);
  const mode = modeOption(op, o.mode);
  const dtype = p.dtype as "float32" | "float64";
  if (mode === "low") return bin("lt", uniformIn(key, shape, dtype, 0, 1), p);
  const both = uniformIn(key, [2, ...shape], dtype, 0, 1);
  const u1 = np.take(both, 0, 0);
  const u2 = ops.mul(np.take(both, 1, 0), scalar(dtype === "float32" ? 2 ** -23 : 2 ** -52, dtype));
  return np.less(u2, np.sub(p, u1));
}

/**
 * Random signs ±1 with equal probability, as JAX's `random.rademacher(key, shape, dtype)`
 * (int32 by default).
 *
 * @example
 * ```ts
 * random.rademacher(random.key(0), [4]).dtype; // "int32"
 * ```
 */
export function rademacher(k: TensorLike, ...rest: unknown[]): Tensor {
  const op = "random.rademacher";
  const o = optionalArgs(op, ["shape", "dtype"], rest);
  const key = checkKey(op, k);
  const shape = shapeOption(op, o.shape, []);
  const dtype = o.dtype === undefined || o.dtype === "int32" ? "int32" : floatDType(op, o.dtype);
  return ops.convert(rademacherCore(key, shape), dtype);
}

/**
 * Geometric(p) samples on {1, 2, …} (trials to the first success), as JAX's
 * `random.geometric(key, p, shape, dtype)`: ⌊log u / log1p(−p)⌋ + 1.
 *
 * @example
 * ```ts
 * random.geometric(random.key(0), 0.3, [4]).dtype; // "int32"
 * ```
 */
export function geometric(k: TensorLike, p: TensorLike, ...rest: unknown[]): Tensor {
  const op = "random.geometric";
  const o = optionalArgs(op, ["shape", "dtype"], rest);
  const key = checkKey(op, k);
  const pt = probability(op, p);
  const shape = shapeOption(op, o.shape, pt.shape);
  checkParamShapes(op, shape, pt.shape);
  intDType(op, o.dtype);
  const dtype = pt.dtype as "float32" | "float64";
  let u = uniformIn(key, shape, dtype, 0, 1);
  u = ops.select(bin("eq", u, scalar(0, dtype)), np.broadcastTo(scalar(1, dtype), shape), u);
  const logOneMinusP = np.broadcastTo(ops.unaryOp("log1p", ops.neg(pt)), shape);
  const g = ops.add(ops.unaryOp("floor", ops.div(ops.log(u), logOneMinusP)), scalar(1, dtype));
  return ops.convert(g, "int32");
}

/** `x` reordered along `axis` by `order` (indices of the same shape as x): take_along_axis. */
function takeAlong(x: Tensor, order: Tensor, axis: number): Tensor {
  const r = x.shape.length;
  if (r === 1) return ops.gather(x, order, 0);
  const perm = [...x.shape.keys()].filter((i) => i !== axis).concat([axis]);
  const inv = perm.map((_, i) => perm.indexOf(i));
  const xt = ops.transpose(x, perm);
  const ot = ops.transpose(order, perm);
  const n = x.shape[axis]!;
  const rows = sizeOf(xt.shape) / Math.max(n, 1);
  const base = ops.mul(ops.iota("int32", [rows, n], 0), scalar(n, "int32"));
  const flatIdx = ops.reshape(ops.add(ops.reshape(ot, [rows, n]), base), [rows * n]);
  const taken = ops.reshape(ops.gather(ops.reshape(xt, [rows * n]), flatIdx, 0), xt.shape);
  return ops.transpose(taken, inv);
}

/** JAX's `_shuffle`: rounds of sorting by fresh random words (one round up to ~1600 elements). */
function shuffle(key: Tensor, x: Tensor, axis: number): Tensor {
  const size = sizeOf(x.shape);
  const rounds = Math.ceil((3 * Math.log(Math.max(1, size))) / Math.log(2 ** 32 - 1));
  let k = key;
  let out = x;
  for (let i = 0; i < rounds; i++) {
    const [next, sub] = twoKeys(k);
    k = next;
    const sortKeys = unsignedFloat64(randomBits(sub, out.shape));
    out = takeAlong(out, ops.argsort(sortKeys, axis), axis);
  }
  return out;
}

/**
 * A random permutation of `0…n−1`, or of an array along `axis`, as JAX's
 * `random.permutation(key, x, axis, independent)` (with `independent`, each slice along `axis`
 * is shuffled on its own).
 *
 * @example
 * ```ts
 * random.permutation(random.key(0), 5).shape; // [5]
 * ```
 */
export function permutation(k: TensorLike, x: TensorLike, ...rest: unknown[]): Tensor {
  const op = "random.permutation";
  const o = optionalArgs(op, ["axis", "independent"], rest);
  const key = checkKey(op, k);
  const independent = boolOption(op, "independent", o.independent, false);
  if (typeof x === "number") {
    if (!Number.isSafeInteger(x) || x < 0) throw new ShapeError(`${op}: x must be a non-negative integer or an array; got ${fmtValue(x)}.`);
    normalizeAxis((o.axis ?? 0) as number, 1, op);
    return shuffle(key, ops.iota("int32", shapeOption(op, [x], []), 0), 0);
  }
  const t = tensorArg(op, x, "x");
  if (t.shape.length === 0) throw new ShapeError(`${op}: x must be an integer or at least 1-dimensional; got a 0-d array.`);
  const axis = normalizeAxis((o.axis ?? 0) as number, t.shape.length, op);
  if (independent || t.shape.length === 1) return shuffle(key, t, axis);
  const order = shuffle(key, ops.iota("int32", [t.shape[axis]!], 0), 0);
  return ops.gather(t, order, axis);
}

/**
 * Random samples from `a` (an array, or `arange(a)` for a number), as JAX's `random.choice(key,
 * a, shape, replace, p, axis, mode)`: uniform with replacement by `randint`, without by
 * `permutation`; weighted by `p` with replacement by inverse CDF, without by Gumbel top-k.
 *
 * @example
 * ```ts
 * random.choice(random.key(0), 10, [3], { replace: false }).shape; // [3]
 * ```
 */
export function choice(k: TensorLike, a: TensorLike, ...rest: unknown[]): Tensor {
  const op = "random.choice";
  const o = optionalArgs(op, ["shape", "replace", "p", "axis", "mode"], rest);
  const key = checkKey(op, k);
  const shape = shapeOption(op, o.shape, []);
  const replace = boolOption(op, "replace", o.replace, true);
  const mode = modeOption(op, o.mode);
  const arr = typeof a === "number" ? undefined : tensorArg(op, a, "a");
  if (arr === undefined && (!Number.isSafeInteger(a) || (a as number) < 0)) {
    throw new ShapeError(`${op}: a must be a non-negative integer or an array; got ${fmtValue(a)}.`);
  }
  const scalarA = arr === undefined || arr.shape.length === 0;
  if (arr !== undefined && arr.shape.length === 0) throw new ShapeError(`${op}: a must be an integer or at least 1-dimensional; got a 0-d array.`);
  const axis = scalarA ? 0 : normalizeAxis((o.axis ?? 0) as number, arr!.shape.length, op);
  const nInputs = scalarA ? (a as number) : arr!.shape[axis]!;
  const nDraws = sizeOf(shape);
  const outShape = scalarA ? shape : [...arr!.shape.slice(0, axis), ...shape, ...arr!.shape.slice(axis + 1)];
  if (nDraws === 0) return np.zeros(outShape, scalarA ? "int32" : arr!.dtype);
  if (nInputs <= 0) throw new ShapeError(`${op}: a must be greater than 0 unless no samples are taken.`);
  if (!replace && nDraws > nInputs) {
    throw new ShapeError(`${op}: cannot take a larger sample (size ${nDraws}) than the population (size ${nInputs}) with replace: false.`);
  }
  let ind: Tensor;
  if (o.p === undefined || o.p === null) {
    if (replace) ind = randintCore(key, shape, f64(0), f64(nInputs));
    else {
      const perm = scalarA ? shuffle(key, ops.iota("int32", [nInputs], 0), 0) : permutation(key, arr!, axis);
      const lim = scalarA ? [nDraws] : perm.shape.map((d, i) => (i === axis ? nDraws : d));
      const sliced = ops.slice(perm, lim.map(() => 0), lim, lim.map(() => 1));
      return ops.reshape(sliced, outShape);
    }
  } else {
    const p = probability(op, o.p as TensorLike);
    if (p.shape.length !== 1 || p.shape[0] !== nInputs) {
      throw new ShapeError(`${op}: p must be a 1-d array of the same size as a's axis (${nInputs}); got shape [${p.shape.join(",")}].`);
    }
    const dtype = p.dtype as "float32" | "float64";
    if (replace) {
      // Inclusive cumulative sum by a lower-triangular mask, then a left-sided search.
      const tri = bin("le", ops.iota("int32", [nInputs, nInputs], 1), ops.iota("int32", [nInputs, nInputs], 0));
      const cum = ops.reduceSum(ops.mul(ops.convert(tri, dtype), ops.broadcastInDim(p, [nInputs, nInputs], [1])), [1]);
      const total = ops.slice(cum, [nInputs - 1], [nInputs], [1]);
      const r = ops.mul(ops.reshape(total, []), ops.sub(scalar(1, dtype), uniformIn(key, shape, dtype, 0, 1)));
      const below = bin("lt", ops.broadcastInDim(cum, [...shape, nInputs], [shape.length]), ops.broadcastInDim(r, [...shape, nInputs], shape.map((_, i) => i)));
      ind = ops.reduceSum(ops.convert(below, "int32"), [shape.length]);
    } else {
      const g = ops.add(gumbelCore(key, [nInputs], dtype, mode), ops.log(p));
      const top = ops.slice(ops.argsort(ops.neg(g), 0), [0], [nDraws], [1]);
      ind = ops.reshape(top, shape);
    }
  }
  if (scalarA) return ops.reshape(ind, shape);
  return ops.reshape(ops.gather(arr!, ind, axis), outShape);
}

/**
 * Samples of category indices from unnormalised log-probabilities, as JAX's
 * `random.categorical(key, logits, axis, shape, replace, mode)`: the argmax of logits plus Gumbel
 * noise (without replacement, the top k).
 *
 * @example
 * ```ts
 * random.categorical(random.key(0), np.array([0, 1, 2]), -1, [5]).shape; // [5]
 * ```
 */
export function categorical(k: TensorLike, logits: TensorLike, ...rest: unknown[]): Tensor {
  const op = "random.categorical";
  const o = optionalArgs(op, ["axis", "shape", "replace", "mode"], rest);
  const key = checkKey(op, k);
  const l = probability(op, logits);
  if (l.shape.length === 0) throw new ShapeError(`${op}: logits must be at least 1-dimensional.`);
  const r = l.shape.length;
  const axis = normalizeAxis((o.axis ?? -1) as number, r, op);
  const batch = l.shape.filter((_, i) => i !== axis);
  const shape = shapeOption(op, o.shape, batch);
  checkParamShapes(op, shape, batch);
  const replace = boolOption(op, "replace", o.replace, true);
  const mode = modeOption(op, o.mode);
  const dtype = l.dtype as "float32" | "float64";
  const prefix = shape.slice(0, shape.length - batch.length);
  if (replace) {
    const logitsShape = [...shape.slice(prefix.length)];
    logitsShape.splice(axis, 0, l.shape[axis]!);
    const full = [...prefix, ...logitsShape];
    const g = gumbelCore(key, full, dtype, mode);
    const lb = ops.broadcastInDim(l, full, l.shape.map((_, i) => i + prefix.length));
    return ops.argmax(ops.add(g, lb), prefix.length + axis);
  }
  const kDraws = sizeOf(prefix);
  const n = l.shape[axis]!;
  if (kDraws > n) throw new ShapeError(`${op}: the number of samples without replacement (${kDraws}) cannot exceed the number of categories (${n}).`);
  const noisy = ops.add(l, gumbelCore(key, l.shape, dtype, mode));
  const perm = [...l.shape.keys()].filter((i) => i !== axis).concat([axis]);
  const moved = ops.transpose(noisy, perm);
  const order = ops.argsort(ops.neg(moved), r - 1);
  const top = ops.slice(order, order.shape.map(() => 0), [...batch, kDraws], order.shape.map(() => 1));
  const front = ops.transpose(top, [r - 1, ...batch.map((_, i) => i)]);
  return ops.reshape(front, shape);
}
