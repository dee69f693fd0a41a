/**
 * Reductions and statistics: all, any, var (also `var_`), std, average, ptp, countNonzero, cov,
 * corrcoef, isclose, allclose, arrayEqual, arrayEquiv, amax/amin, and the NaN-ignoring reductions
 * (nan-reductions.ts). JAX's signatures: optional arguments in JAX's order or a trailing options object.
 */
import { ArgumentError, DTypeError, ShapeError, fmtShape, inContext } from "../errors.js";
import { reduceAnd, reduceOr } from "../primitives/cumulative/ops.js";
import * as ops from "../primitives/ops.js";
import { type DType, isComplex, isFloat, isInexact, realPartDType } from "../tensor/dtype.js";
import { scalar } from "../tensor/from-js.js";
import { shapesEqual, sizeOf, tryBroadcastShapes } from "../tensor/shape.js";
import type { AxisArg, Tensor, TensorLike } from "../tensor/tensor.js";
import { broadcastTensor, prepareOperands, promoteOperands, tensorArg, toBool } from "./coerce.js";
import { matmul } from "./matmul.js";
import { optionalArgs } from "./options.js";
import { axesArg, boolArg, dtypeOpt, keepDims, masked, numberArg, reductionArgs, refuseOut, whereArg } from "./reduce-args.js";
import { max, mean, min, sum } from "./reduce.js";

export * from "./nan-reductions.js";

/** JAX's keyword arguments of `np.all` and `np.any`. */
export interface LogicalOptions {
  readonly axis?: AxisArg | null;
  readonly out?: null;
  readonly keepdims?: boolean;
  readonly where?: TensorLike;
}

function logical(op: "all" | "any", x: TensorLike, args: readonly unknown[]): Tensor {
  const name = `np.${op}`;
  const o = reductionArgs(name, ["axis", "out", "keepdims", "where"] as const, args);
  refuseOut(name, o.out);
  const t = toBool(tensorArg(op, x));
  const axes = axesArg(name, o.axis, t.ndim);
  const keepdims = boolArg(name, "keepdims", o.keepdims, false);
  const held = masked(t, whereArg(name, o.where, t.shape), op === "all" ? 1 : 0);
  return keepDims(t.shape, op === "all" ? reduceAnd(held, axes) : reduceOr(held, axes), axes, keepdims);
}

/**
 * Whether every element (along `axis`) is non-zero; NaN counts as true, an empty axis gives true.
 *
 * @example
 * ```ts
 * np.all([[1, 0], [1, 1]], 1).toArray(); // [false, true]
 * ```
 */
export function all(x: TensorLike, axis?: AxisArg | null | LogicalOptions, ...rest: unknown[]): Tensor {
  return logical("all", x, [axis, ...rest]);
}

/**
 * Whether some element (along `axis`) is non-zero; an empty axis gives false.
 *
 * @example
 * ```ts
 * np.any([[1, 0], [0, 0]], { axis: 1 }).toArray(); // [true, false]
 * ```
 */
export function any(x: TensorLike, axis?: AxisArg | null | LogicalOptions, ...rest: unknown[]): Tensor {
  return logical("any", x, [axis, ...rest]);
}

/** JAX's keyword arguments of `np.var` and `np.std`. */
export interface VarOptions {
  readonly axis?: AxisArg | null;
  readonly dtype?: DType;
  readonly out?: null;
  /** Delta degrees of freedom: the divisor is N − ddof. */
  readonly ddof?: number;
  readonly keepdims?: boolean;
  readonly where?: TensorLike;
  /** A precomputed mean (broadcastable as with keepdims). */
  readonly mean?: TensorLike;
  /** The array API's name for ddof (give one of the two). */
  readonly correction?: number;
}

const VAR_ARGS = ["axis", "dtype", "out", "ddof", "keepdims", "where", "mean", "correction"] as const;

/** ddof or correction (never both, as JAX), checked. */
function correctionArg(op: string, ddof: unknown, correction: unknown): number {
  const d = numberArg(op, "ddof", ddof, 0);
  if (correction === undefined || correction === null) return d;
  if (d !== 0) throw new ArgumentError(`${op}: ddof and correction were both given; they are one setting, give one of them.`);
  return numberArg(op, "correction", correction, 0);
}

/** The dtype var/std compute in and return: `dtype`, else the input's float dtype (ints and bools give float32). */
function varDType(x: Tensor, dtype: DType | undefined): DType {
  if (dtype !== undefined) return dtype;
  return isFloat(x.dtype) ? x.dtype : "float32";
}

function variance(op: string, x: TensorLike, args: readonly unknown[]): Tensor {
  const o = reductionArgs(op, VAR_ARGS, args);
  refuseOut(op, o.out);
  const correction = correctionArg(op, o.ddof, o.correction);
  const raw = tensorArg(op.slice(3), x);
  const dtype = varDType(raw, dtypeOpt(op, o.dtype));
  if (!isFloat(dtype)) throw new DTypeError(`${op}: dtype ${dtype} cannot hold a variance; use "float32" or "float64".`);
  const t = ops.convert(raw, dtype);
  const axes = axesArg(op, o.axis, t.ndim);
  const keepdims = boolArg(op, "keepdims", o.keepdims, false);
  const mask = whereArg(op, o.where, t.shape);
  const center =
    o.mean === undefined || o.mean === null
      ? mean(t, { axis: axes, keepdims: true, where: mask })
      : tensorArg(op.slice(3), o.mean as TensorLike, "mean", dtype);
  const [tb, cb] = prepareOperands(op, [t, center]);
  if (!shapesEqual(tb!.shape, t.shape)) {
    throw new ShapeError(`${op}: mean of shape ${fmtShape(center.shape)} does not broadcast to the array's shape ${fmtShape(t.shape)}; pass it with keepdims.`);
  }
  const centered = ops.sub(tb!, cb!);
  const squares = masked(ops.mul(centered, centered), mask, 0);
  const count =
    mask === undefined ? scalar(sizeOf(axes.map((a) => t.shape[a]!)), dtype) : ops.reduceSum(ops.convert(mask, dtype), axes);
  const normalizer = ops.sub(count, scalar(correction, dtype));
  const ratio = ops.div(ops.reduceSum(squares, axes), normalizer);
  // N − ddof ≤ 0 gives NaN, as JAX (an empty axis included).
  const valid = ops.binaryOp("gt", normalizer, scalar(0, dtype));
  const nan = scalar(NaN, dtype);
  const result = valid.shape.length === 0 && ratio.shape.length > 0 ? ops.select(broadcastTensor(valid, ratio.shape), ratio, nan) : ops.select(valid, ratio, nan);
  return keepDims(t.shape, result, axes, keepdims);
}

/**
 * Variance along `axis`: mean((x − mean(x))²) · N/(N − ddof). An empty axis, or N ≤ ddof, gives
 * NaN (JAX's value). JAX's name is a reserved word in JavaScript: `np.var` works as a property,
 * and `np.var_` is the same function.
 *
 * @example
 * ```ts
 * np.var_([1, 2, 3, 4]).item();              // 1.25
 * np.var_([1, 2, 3, 4], { ddof: 1 }).item(); // 1.6666666
 * ```
 */
export function var_(x: TensorLike, axis?: AxisArg | null | VarOptions, ...rest: unknown[]): Tensor {
  return variance("np.var", x, [axis, ...rest]);
}
export { var_ as var };

/**
 * Standard deviation along `axis`: √var (options as `np.var`).
 *
 * @example
 * ```ts
 * np.std([1, 2, 3, 4], { ddof: 1 }).item(); // 1.2909944
 * ```
 */
export function std(x: TensorLike, axis?: AxisArg | null | VarOptions, ...rest: unknown[]): Tensor {
  return ops.unaryOp("sqrt", variance("np.std", x, [axis, ...rest]));
}

/** JAX's keyword arguments of `np.average`. */
export interface AverageOptions {
  readonly axis?: AxisArg | null;
  readonly weights?: TensorLike;
  /** Also return the sum of the weights (broadcast to the average's shape). */
  readonly returned?: boolean;
  readonly keepdims?: boolean;
}

/**
 * Weighted average along `axis`: Σ a·w / Σ w (the plain mean without weights). Weights have a's
 * shape, or are 1-d along a single `axis`. With `returned: true` gives `[average, sumOfWeights]`.
 *
 * @example
 * ```ts
 * np.average([1, 2, 3], { weights: [3, 1, 0] }).item(); // 1.25
 * ```
 */
export function average(a: TensorLike, options: AverageOptions & { readonly returned: true }): [Tensor, Tensor];
export function average(a: TensorLike, axis?: AxisArg | null | AverageOptions, ...rest: unknown[]): Tensor;
export function average(a: TensorLike, axis?: AxisArg | null | AverageOptions, ...rest: unknown[]): Tensor | [Tensor, Tensor] {
  const o = optionalArgs("np.average", ["axis", "weights", "returned", "keepdims"] as const, [axis, ...rest]);
  const returned = boolArg("np.average", "returned", o.returned, false);
  const keepdims = boolArg("np.average", "keepdims", o.keepdims, false);
  let avg: Tensor, weightSum: Tensor;
  if (o.weights === undefined || o.weights === null) {
    const t = tensorArg("average", a);
    const axes = axesArg("np.average", o.axis, t.ndim);
    avg = mean(t, { axis: axes, keepdims });
    weightSum = ops.convert(scalar(sizeOf(axes.map((d) => t.shape[d]!)), avg.dtype), avg.dtype);
  } else {
    let [t, w] = promoteOperands("np.average", [a, o.weights as TensorLike]);
    if (!isFloat(t!.dtype)) [t, w] = [ops.convert(t!, "float32"), ops.convert(w!, "float32")];
    const x = t!;
    let weights = w!;
    const axes = axesArg("np.average", o.axis, x.ndim);
    if (!shapesEqual(x.shape, weights.shape)) {
      if (weights.ndim !== 1) {
        throw new ShapeError(`np.average: weights of shape ${fmtShape(weights.shape)} differ from a's shape ${fmtShape(x.shape)}, so they must be 1-d along axis.`);
      }
      if (o.axis === undefined || o.axis === null || Array.isArray(o.axis)) {
        throw new ShapeError(`np.average: weights of shape ${fmtShape(weights.shape)} differ from a's shape ${fmtShape(x.shape)}; give the single axis they run along.`);
      }
      const ax = axes[0]!;
      if (weights.shape[0] !== x.shape[ax]) {
        throw new ShapeError(`np.average: ${weights.shape[0]} weights for axis ${ax} of length ${x.shape[ax]} (a has shape ${fmtShape(x.shape)}); give one weight per element of that axis.`);
      }
      weights = ops.broadcastInDim(weights, x.shape, [ax]);
    }
    weightSum = keepDims(x.shape, ops.reduceSum(weights, axes), axes, keepdims);
    avg = ops.div(keepDims(x.shape, ops.reduceSum(ops.mul(x, weights), axes), axes, keepdims), weightSum);
  }
  if (!returned) return avg;
  return [avg, shapesEqual(weightSum.shape, avg.shape) ? weightSum : broadcastTensor(weightSum, avg.shape)];
}

/**
 * Peak to peak: max − min along `axis`.
 *
 * @example
 * ```ts
 * np.ptp([[4, 9], [1, 2]], 1).toArray(); // [5, 1]
 * ```
 */
export function ptp(a: TensorLike, axis?: AxisArg | null | { axis?: AxisArg | null; out?: null; keepdims?: boolean }, ...rest: unknown[]): Tensor {
  return inContext("np.ptp", () => {
    const o = reductionArgs("np.ptp", ["axis", "out", "keepdims"] as const, [axis, ...rest]);
    refuseOut("np.ptp", o.out);
    const t = tensorArg("ptp", a);
    if (t.dtype === "bool") throw new DTypeError(`np.ptp: args[0] is bool, and bools cannot be subtracted; cast with np.astype(x, "int32").`);
    const opts = { axis: o.axis as AxisArg, keepdims: boolArg("np.ptp", "keepdims", o.keepdims, false) };
    return ops.sub(max(t, opts), min(t, opts));
  });
}

/**
 * The number of non-zero elements along `axis` (int32).
 *
 * @example
 * ```ts
 * np.countNonzero([[0, 1], [2, 3]], 0).toArray(); // [1, 2]
 * ```
 */
export function countNonzero(a: TensorLike, axis?: AxisArg | null | { axis?: AxisArg | null; keepdims?: boolean }, ...rest: unknown[]): Tensor {
  return inContext("np.countNonzero", () => {
    const o = reductionArgs("np.countNonzero", ["axis", "keepdims"] as const, [axis, ...rest]);
    const t = toBool(tensorArg("countNonzero", a));
    return sum(ops.convert(t, "int32"), { axis: o.axis as AxisArg, keepdims: boolArg("np.countNonzero", "keepdims", o.keepdims, false) });
  });
}

/** JAX's keyword arguments of `np.cov`. */
export interface CovOptions {
  readonly y?: TensorLike;
  /** Each row is a variable (default true); false: each column is. */
  readonly rowvar?: boolean;
  /** Normalise by N instead of N − 1. */
  readonly bias?: boolean;
  readonly ddof?: number;
  /** Integer frequency weights, one per observation. */
  readonly fweights?: TensorLike;
  /** Observation weights, one per observation. */
  readonly aweights?: TensorLike;
}

/** A 1-d weight vector with one entry per observation. */
function weightArg(name: "fweights" | "aweights", w: unknown, observations: number): Tensor {
  const t = tensorArg("cov", w as TensorLike, name);
  if (t.ndim !== 1) throw new ShapeError(`np.cov: ${name} must be 1-d; got shape ${fmtShape(t.shape)}.`);
  if (t.shape[0] !== observations) {
    throw new ShapeError(`np.cov: ${t.shape[0]} ${name} for ${observations} observations; give one weight per observation.`);
  }
  if (name === "fweights" && t.dtype !== "int32" && t.dtype !== "uint32") {
    throw new DTypeError(`np.cov: fweights must be integers (frequencies); got ${t.dtype}. Pass int32 counts, or use aweights.`);
  }
  return ops.unaryOp("abs", t);
}

/** m as a 2-d float array of variables × observations. */
function observations(m: Tensor, rowvar: boolean, what: string): Tensor {
  if (m.ndim > 2) throw new ShapeError(`np.cov: ${what} has ${m.ndim} dimensions (shape ${fmtShape(m.shape)}); give at most 2.`);
  const x = m.ndim === 0 ? ops.reshape(m, [1, 1]) : m.ndim === 1 ? ops.reshape(m, [1, m.shape[0]!]) : m;
  return !rowvar && m.ndim === 2 ? ops.transpose(x, [1, 0]) : x;
}

/**
 * Covariance matrix of the variables in the rows of `m` (columns with `rowvar: false`), with
 * optional second variables `y`, frequency and observation weights, as JAX's `cov`. A single
 * variable gives a 0-d result.
 *
 * @example
 * ```ts
 * np.cov([[0, 1, 2], [2, 1, 0]]).toArray(); // [[1, -1], [-1, 1]]
 * ```
 */
export function cov(m: TensorLike, y?: TensorLike | null | CovOptions, ...rest: unknown[]): Tensor {
  const o = optionalArgs("np.cov", ["y", "rowvar", "bias", "ddof", "fweights", "aweights"] as const, [y, ...rest]);
  const rowvar = boolArg("np.cov", "rowvar", o.rowvar, true);
  const bias = boolArg("np.cov", "bias", o.bias, false);
  const hasY = o.y !== undefined && o.y !== null;
  const [mt, yt] = hasY ? promoteOperands("np.cov", [m, o.y as TensorLike]) : [tensorArg("cov", m)];
  const float = (t: Tensor): Tensor => (isFloat(t.dtype) ? t : ops.convert(t, "float32"));
  let X = observations(float(mt!), rowvar, "m");
  if (X.shape[0] === 0) return ops.reshape(X, [0, 0]); // no variables: an empty matrix, as JAX
  if (yt !== undefined) {
    const Y = observations(float(yt), rowvar || yt.ndim < 2, "y");
    if (Y.shape[1] !== X.shape[1]) {
      throw new ShapeError(`np.cov: m has ${X.shape[1]} observations and y has ${Y.shape[1]}; give both the same number.`);
    }
    X = ops.concatenate([X, Y], 0);
  }
  const ddof = numberArg("np.cov", "ddof", o.ddof, bias ? 0 : 1);
  const n = X.shape[1]!;
  let w: Tensor | undefined;
  let aw: Tensor | undefined;
  if (o.fweights !== undefined && o.fweights !== null) w = ops.convert(weightArg("fweights", o.fweights, n), X.dtype);
  if (o.aweights !== undefined && o.aweights !== null) {
    aw = ops.convert(weightArg("aweights", o.aweights, n), X.dtype);
    w = w === undefined ? aw : ops.mul(w, aw);
  }
  let avg: Tensor, f: Tensor;
  if (w === undefined) {
    avg = mean(X, 1);
    f = scalar(n - ddof, X.dtype);
  } else {
    const wRows = ops.broadcastInDim(w, X.shape, [1]);
    const wSum = ops.reduceSum(w, [0]);
    avg = ops.div(ops.reduceSum(ops.mul(X, wRows), [1]), wSum);
    if (ddof === 0) f = wSum;
    else if (aw === undefined) f = ops.sub(wSum, scalar(ddof, X.dtype));
    else f = ops.sub(wSum, ops.div(ops.mul(scalar(ddof, X.dtype), ops.reduceSum(ops.mul(w, aw), [0])), wSum));
  }
  const centered = ops.sub(X, ops.broadcastInDim(avg, X.shape, [0]));
  const weighted = w === undefined ? centered : ops.mul(centered, ops.broadcastInDim(w, X.shape, [1]));
  const c = ops.div(matmul(centered, ops.transpose(weighted, [1, 0])), f);
  return c.shape[0] === 1 ? ops.reshape(c, []) : c;
}

/** The diagonal of a square matrix (every (n + 1)-th element of its flat form). */
function diagonalOf(c: Tensor): Tensor {
  const n = c.shape[0]!;
  return ops.slice(ops.reshape(c, [n * n]), [0], [n * n], [n + 1]);
}

/**
 * Pearson correlation coefficients: cov(x, y) normalised by the standard deviations, clipped to
 * [−1, 1]. A single variable gives a 0-d 1 (NaN when its variance is 0).
 *
 * @example
 * ```ts
 * np.corrcoef([[0, 1, 2], [2, 1, 0]]).toArray(); // [[1, -1], [-1, 1]]
 * ```
 */
export function corrcoef(x: TensorLike, y?: TensorLike | null | { y?: TensorLike; rowvar?: boolean }, ...rest: unknown[]): Tensor {
  return inContext("np.corrcoef", () => {
    const o = optionalArgs("np.corrcoef", ["y", "rowvar"] as const, [y, ...rest]);
    const c = cov(x, { y: (o.y ?? undefined) as TensorLike | undefined, rowvar: boolArg("np.corrcoef", "rowvar", o.rowvar, true) });
    if (c.ndim === 0) return ops.div(c, c);
    if (c.shape[0] === 0) return c;
    const n = c.shape[0]!;
    const sd = ops.unaryOp("sqrt", diagonalOf(c));
    const normed = ops.div(ops.div(c, ops.broadcastInDim(sd, [n, n], [0])), ops.broadcastInDim(sd, [n, n], [1]));
    return ops.binaryOp("min", ops.binaryOp("max", normed, scalar(-1, c.dtype)), scalar(1, c.dtype));
  });
}

/** True where x is NaN (never for integers and bools). */
function isNanMask(x: Tensor): Tensor {
  return ops.binaryOp("ne", x, x);
}

/** JAX's keyword arguments of `np.isclose` and `np.allclose`. */
export interface CloseOptions {
  readonly rtol?: number;
  readonly atol?: number;
  /** Count NaN as equal to NaN. */
  readonly equal_nan?: boolean;
}

/**
 * Elementwise |a − b| ≤ atol + rtol·|b| (and exact equality, so equal infinities are close),
 * as JAX's isclose; NaN is close to nothing unless `equal_nan`. Defaults rtol 1e-5, atol 1e-8.
 *
 * @example
 * ```ts
 * np.isclose([1, 1.1, NaN], [1.000001, 1, NaN], { equal_nan: true }).toArray(); // [true, false, true]
 * ```
 */
export function isclose(a: TensorLike, b: TensorLike, rtol?: number | CloseOptions, ...rest: unknown[]): Tensor {
  const o = optionalArgs("np.isclose", ["rtol", "atol", "equal_nan"] as const, [rtol, ...rest]);
  const rt = numberArg("np.isclose", "rtol", o.rtol, 1e-5);
  const at = numberArg("np.isclose", "atol", o.atol, 1e-8);
  const equalNan = boolArg("np.isclose", "equal_nan", o.equal_nan, false);
  let [x, y] = prepareOperands("np.isclose", [a, b]);
  if (!isInexact(x!.dtype)) [x, y] = [ops.convert(x!, "float32"), ops.convert(y!, "float32")];
  const shape = tryBroadcastShapes(x!.shape, y!.shape)!;
  const [bx, by] = [broadcastTensor(x!, shape), broadcastTensor(y!, shape)];
  const dt = realPartDType(bx.dtype); // |·| of a complex value is real
  const complex = isComplex(bx.dtype);
  const absB = ops.unaryOp("abs", by);
  const finiteB = ops.binaryOp("lt", absB, scalar(Infinity, dt));
  const inRange = ops.binaryOp("le", ops.unaryOp("abs", ops.sub(bx, by)), ops.add(scalar(at, dt), ops.mul(scalar(rt, dt), absB)));
  let out = ops.binaryOp("or", ops.binaryOp("eq", bx, by), ops.binaryOp("and", finiteB, inRange));
  if (equalNan && !complex) out = ops.binaryOp("or", out, ops.binaryOp("and", isNanMask(bx), isNanMask(by)));
  if (equalNan && complex) out = ops.binaryOp("or", out, ops.binaryOp("and", ops.binaryOp("ne", bx, bx), ops.binaryOp("ne", by, by)));
  return out;
}

/**
 * Whether every element of a and b is close (`np.isclose`), as a 0-d bool.
 *
 * @example
 * ```ts
 * np.allclose([1, 2], [1, 2.0000001]).toArray(); // true
 * ```
 */
export function allclose(a: TensorLike, b: TensorLike, rtol?: number | CloseOptions, ...rest: unknown[]): Tensor {
  return inContext("np.allclose", () => {
    const close = isclose(a, b, rtol, ...rest);
    return reduceAnd(close, close.shape.map((_, i) => i));
  });
}

/**
 * Whether a1 and a2 have the same shape and elements (NaN equal to NaN with `equal_nan`), as a
 * 0-d bool; different shapes give false.
 *
 * @example
 * ```ts
 * np.arrayEqual([1, 2], [1, 2]).toArray(); // true
 * ```
 */
export function arrayEqual(a1: TensorLike, a2: TensorLike, equalNan?: boolean | { equal_nan?: boolean }, ...rest: unknown[]): Tensor {
  const o = optionalArgs("np.arrayEqual", ["equal_nan"] as const, [equalNan, ...rest]);
  const eqNan = boolArg("np.arrayEqual", "equal_nan", o.equal_nan, false);
  const [x, y] = promoteOperands("np.arrayEqual", [tensorArg("arrayEqual", a1), tensorArg("arrayEqual", a2, "args[1]")]);
  if (!shapesEqual(x!.shape, y!.shape)) return scalar(0, "bool");
  let same = ops.binaryOp("eq", x!, y!);
  if (eqNan) same = ops.binaryOp("or", same, ops.binaryOp("and", isNanMask(x!), isNanMask(y!)));
  return reduceAnd(same, same.shape.map((_, i) => i));
}

/**
 * Whether a1 and a2 broadcast to one shape and are equal there, as a 0-d bool; shapes that do
 * not broadcast give false.
 *
 * @example
 * ```ts
 * np.arrayEquiv([1, 1], [[1, 1], [1, 1]]).toArray(); // true
 * ```
 */
export function arrayEquiv(a1: TensorLike, a2: TensorLike): Tensor {
  const [x, y] = promoteOperands("np.arrayEquiv", [tensorArg("arrayEquiv", a1), tensorArg("arrayEquiv", a2, "args[1]")]);
  const shape = tryBroadcastShapes(x!.shape, y!.shape);
  if (shape === undefined) return scalar(0, "bool");
  const same = ops.binaryOp("eq", broadcastTensor(x!, shape), broadcastTensor(y!, shape));
  return reduceAnd(same, same.shape.map((_, i) => i));
}



/** numpy's names for `max` and `min` (one function each, so errors name either). */
export { max as amax, min as amin } from "./reduce.js";
