/**
 * Array construction beyond creation.ts: fullLike, empty, emptyLike, asarray, identity, diag,
 * diagflat, tri, tril, triu, trilIndices, triuIndices (and …From), indices, meshgrid, logspace,
 * geomspace, fromfunction, vander and the windows hamming, hanning, bartlett, blackman, kaiser. Functions of a static shape (tri, indices,
 * the windows, logspace) compute their values once in float64 and round them to the result dtype;
 * functions of an array (diag, tril, meshgrid, vander) are compositions of primitives, so they
 * differentiate and vectorise.
 */
import { ArgumentError, DTypeError, ShapeError, describeValue, fmtShape, fmtValue, inContext } from "../errors.js";
import * as ops from "../primitives/ops.js";
import { type DType, allocate, castScalar, dtypeArg } from "../tensor/dtype.js";
import { arrayFrom, fromData, scalar } from "../tensor/from-js.js";
import { checkShape, shapesEqual, sizeOf } from "../tensor/shape.js";
import { Tensor, type TensorLike } from "../tensor/tensor.js";
import { broadcastTensor, tensorArg } from "./coerce.js";
import { eye, zeros } from "./creation.js";
import { diagonalOf } from "./diagonal-of.js";
import { pow } from "./elementwise.js";
import { isOptions, optionalArgs } from "./options.js";

const dtypeOr = (where: string, dtype: unknown, fallback: DType): DType => (dtype === undefined || dtype === null ? fallback : dtypeArg(dtype, where));

function intArg(where: string, name: string, v: unknown, min = -Infinity): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) {
    const range = min === 0 ? "a non-negative integer" : "an integer";
    throw new ArgumentError(`${where}: ${name} must be ${range}; got ${describeValue(v)}.`);
  }
  return v;
}

function boolArg(where: string, name: string, v: unknown, fallback: boolean): boolean {
  if (v === undefined) return fallback;
  if (typeof v !== "boolean") throw new ArgumentError(`${where}: ${name} must be true or false; got ${describeValue(v)}.`);
  return v;
}

/** A tensor of `shape` and `dtype` whose element at flat index i is `value(i)` (computed in float64, rounded once). */
function tabulate(shape: readonly number[], dtype: DType, value: (i: number) => number): Tensor {
  const n = sizeOf(shape);
  const data = allocate(dtype, n);
  for (let i = 0; i < n; i++) data[i] = castScalar(value(i), dtype);
  return fromData(shape, dtype, data);
}

/** `np.fullLike`'s options (JAX's keyword arguments). */
export interface FullLikeOptions {
  dtype?: DType;
  shape?: readonly number[];
}

/**
 * An array of `a`'s shape and dtype (or `dtype`, `shape` when given) filled with `fillValue`: a
 * number, a boolean, or an array that broadcasts to the shape (which may be traced: the result
 * then differentiates with respect to it). Only `a`'s shape and dtype are read.
 * @example `np.fullLike(np.arange(3), 7).toArray()` // [7, 7, 7]
 */
export function fullLike(a: TensorLike, fillValue: TensorLike, ...rest: [dtype?: DType, shape?: readonly number[], options?: FullLikeOptions] | [options: FullLikeOptions]): Tensor {
  return inContext("np.fullLike", () => {
    const o = optionalArgs("np.fullLike", ["dtype", "shape"], rest);
    const t = tensorArg("fullLike", a);
    const dtype = dtypeOr("np.fullLike", o.dtype, t.dtype);
    const shape = o.shape === undefined ? t.shape : checkShape(o.shape, "np.fullLike");
    if (typeof fillValue === "number" || typeof fillValue === "boolean") {
      return tabulate(shape, dtype, () => Number(fillValue));
    }
    const v = tensorArg("fullLike", fillValue, "args[1]");
    const converted = ops.convert(v, dtype);
    if (shapesEqual(v.shape, shape)) return converted;
    return broadcastTo("np.fullLike", converted, shape);
  });
}

function broadcastTo(where: string, t: Tensor, shape: readonly number[]): Tensor {
  const fits = t.ndim <= shape.length && t.shape.every((d, i) => d === 1 || d === shape[shape.length - t.ndim + i]);
  if (!fits) throw new ShapeError(`${where}: the fill value of shape ${fmtShape(t.shape)} does not broadcast to ${fmtShape(shape)}.`);
  return broadcastTensor(t, shape);
}

/**
 * An array of `shape` (JAX has no uninitialised memory, so it is zeros; float32 unless `dtype`).
 * @example `np.empty([2, 3]).shape` // [2, 3]
 */
export function empty(shape: readonly number[] | number, ...rest: [dtype?: DType] | [options: { dtype?: DType }]): Tensor {
  return inContext("np.empty", () => {
    const { dtype } = optionalArgs("np.empty", ["dtype"], rest);
    return zeros(typeof shape === "number" ? [shape] : shape, dtypeOr("np.empty", dtype, "float32"));
  });
}

/**
 * An array of `prototype`'s shape and dtype (or `dtype`, `shape`), as zeros: JAX has no
 * uninitialised memory.
 * @example `np.emptyLike(np.ones([2], "int32")).dtype` // "int32"
 */
export function emptyLike(prototype: TensorLike, ...rest: [dtype?: DType, shape?: readonly number[], options?: FullLikeOptions] | [options: FullLikeOptions]): Tensor {
  return inContext("np.emptyLike", () => {
    return fullLike(prototype, 0, ...(rest as [DType?, (readonly number[])?, FullLikeOptions?]));
  });
}

/**
 * `a` as a tensor: a tensor is returned as it is (cast when `dtype` differs), other data is
 * converted as `np.array` does.
 * @example `np.asarray([1, 2], "int32").dtype` // "int32"
 */
export function asarray(a: TensorLike, ...rest: [dtype?: DType] | [options: { dtype?: DType }]): Tensor {
  return inContext("np.asarray", () => {
    const { dtype } = optionalArgs("np.asarray", ["dtype"], rest);
    const dt = dtype === undefined ? undefined : dtypeArg(dtype, "np.asarray");
    if (a instanceof Tensor) return dt === undefined ? a : ops.convert(a, dt);
    return arrayFrom(a, dt, "np.asarray");
  });
}

/**
 * The n×n identity matrix (float32 unless `dtype`).
 * @example `np.identity(2).toArray()` // [[1, 0], [0, 1]]
 */
export function identity(n: number, ...rest: [dtype?: DType] | [options: { dtype?: DType }]): Tensor {
  return inContext("np.identity", () => {
    const { dtype } = optionalArgs("np.identity", ["dtype"], rest);
    intArg("np.identity", "n", n, 0);
    return eye(n, n, dtypeOr("np.identity", dtype, "float32"));
  });
}

/**
 * A 1-D `v` placed on diagonal `k` (0 main, > 0 above, < 0 below) of a square matrix of side
 * `len(v) + |k|`; or, of a 2-D `v`, its diagonal `k` (empty when `k` is past the edge).
 * @example `np.diag([1, 2]).toArray()` // [[1, 0], [0, 2]]
 */
export function diag(v: TensorLike, ...rest: [k?: number] | [options: { k?: number }]): Tensor {
  return inContext("np.diag", () => {
    const { k = 0 } = optionalArgs("np.diag", ["k"], rest);
    const t = tensorArg("diag", v);
    const kk = intArg("np.diag", "k", k);
    if (t.ndim === 2) return diagonalOf(t, kk, 0, 1, "np.diag");
    if (t.ndim !== 1) throw new ShapeError(`np.diag: v must be 1-D (to build a matrix) or 2-D (to take a diagonal); got shape ${fmtShape(t.shape)}.`);
    // JAX's form: pad v to the side n, broadcast it along the rows, and keep it where j − i = k.
    const n = t.shape[0]! + Math.abs(kk);
    const padded = ops.pad(t, 0, [[Math.max(0, kk), Math.max(0, -kk), 0]]);
    const mask = tri(n, n, kk, "bool");
    const onDiagonal = ops.binaryOp("and", mask, ops.unaryOp("not", tri(n, n, kk - 1, "bool")));
    return ops.select(onDiagonal, broadcastTensor(padded, [n, n]), broadcastTensor(scalar(0, t.dtype), [n, n]));
  });
}

/**
 * The flattened `v` on diagonal `k` of a square matrix (`diag` of `ravel(v)`).
 * @example `np.diagflat([[1, 2]]).toArray()` // [[1, 0], [0, 2]]
 */
export function diagflat(v: TensorLike, ...rest: [k?: number] | [options: { k?: number }]): Tensor {
  return inContext("np.diagflat", () => {
    const t = tensorArg("diagflat", v);
    return diag(ops.reshape(t, [t.size]), ...(rest as [number?]));
  });
}

/** `np.tri`'s options. */
export interface TriOptions {
  M?: number;
  k?: number;
  dtype?: DType;
}

/**
 * An N×M (M = N by default) array with ones at and below diagonal `k` (element [i, j] is 1 where
 * j ≤ i + k) and zeros elsewhere; float32 unless `dtype`.
 * @example `np.tri(3, 3, 0, "int32").toArray()` // [[1, 0, 0], [1, 1, 0], [1, 1, 1]]
 */
export function tri(N: number, ...rest: [M?: number | null, k?: number, dtype?: DType, options?: TriOptions] | [options: TriOptions]): Tensor {
  return inContext("np.tri", () => {
    const o = optionalArgs("np.tri", ["M", "k", "dtype"], rest);
    const n = intArg("np.tri", "N", N, 0);
    const m = o.M === undefined || o.M === null ? n : intArg("np.tri", "M", o.M, 0);
    const k = intArg("np.tri", "k", o.k ?? 0);
    const shape = checkShape([n, m], "np.tri");
    return tabulate(shape, dtypeOr("np.tri", o.dtype, "float32"), (f) => (f % m <= Math.floor(f / m) + k ? 1 : 0));
  });
}

function triangle(op: "tril" | "triu", m: TensorLike, k: unknown): Tensor {
  const t = tensorArg(op, m);
  const kk = intArg(`np.${op}`, "k", k);
  if (t.ndim < 2) throw new ShapeError(`np.${op}: the array must be at least 2-D; got shape ${fmtShape(t.shape)}.`);
  const [r, c] = t.shape.slice(-2) as [number, number];
  // tril keeps j ≤ i + k; triu keeps j ≥ i + k, the complement of j ≤ i + k − 1.
  let mask = tri(r, c, op === "tril" ? kk : kk - 1, "bool");
  if (op === "triu") mask = ops.unaryOp("not", mask);
  return ops.select(broadcastTensor(mask, t.shape), t, broadcastTensor(scalar(0, t.dtype), t.shape));
}

/**
 * The lower triangle of the last two axes (elements above diagonal `k` set to 0).
 * @example `np.tril([[1, 2], [3, 4]]).toArray()` // [[1, 0], [3, 4]]
 */
export function tril(m: TensorLike, ...rest: [k?: number] | [options: { k?: number }]): Tensor {
  return inContext("np.tril", () => {
    return triangle("tril", m, optionalArgs("np.tril", ["k"], rest).k ?? 0);
  });
}

/**
 * The upper triangle of the last two axes (elements below diagonal `k` set to 0).
 * @example `np.triu([[1, 2], [3, 4]]).toArray()` // [[1, 2], [0, 4]]
 */
export function triu(m: TensorLike, ...rest: [k?: number] | [options: { k?: number }]): Tensor {
  return inContext("np.triu", () => {
    return triangle("triu", m, optionalArgs("np.triu", ["k"], rest).k ?? 0);
  });
}

/** `np.indices`'s options. */
export interface IndicesOptions {
  dtype?: DType;
  sparse?: boolean;
}

/**
 * The index grids of an array of shape `dimensions`: one array of shape `[len(dimensions),
 * ...dimensions]` whose slice i holds each element's index along axis i (int32 unless `dtype`);
 * with `sparse`, a list of arrays, the i-th of shape `[1, …, dimensions[i], …, 1]`.
 * @example `np.indices([2, 2]).toArray()` // [[[0, 0], [1, 1]], [[0, 1], [0, 1]]]
 */
export function indices(dimensions: readonly number[], dtype: DType | undefined, sparse: true): Tensor[];
export function indices(dimensions: readonly number[], options: IndicesOptions & { sparse: true }): Tensor[];
export function indices(dimensions: readonly number[], dtype?: DType | IndicesOptions): Tensor;
export function indices(dimensions: readonly number[], ...rest: unknown[]): Tensor | Tensor[] {
  const o = optionalArgs("np.indices", ["dtype", "sparse"], rest);
  const dims = checkShape(dimensions, "np.indices");
  const dtype = dtypeOr("np.indices", o.dtype, "int32");
  const sparse = boolArg("np.indices", "sparse", o.sparse, false);
  const grids = dims.map((d, i) => {
    const shape = dims.map((_, j) => (j === i ? d : 1));
    return tabulate(shape, dtype, (f) => f);
  });
  if (sparse) return grids;
  checkShape([dims.length, ...dims], "np.indices");
  if (dims.length === 0) return fromData([0], dtype, allocate(dtype, 0));
  return ops.concatenate(grids.map((g) => ops.reshape(broadcastTensor(g, dims), [1, ...dims])), 0);
}

/** `np.meshgrid`'s options. */
export interface MeshgridOptions {
  indexing?: "xy" | "ij";
  sparse?: boolean;
  copy?: boolean;
}

/**
 * Coordinate grids from 1-D coordinate arrays: with n inputs of lengths l₀…, each output has
 * shape [l₁, l₀, l₂, …] (`indexing: "xy"`, the default: the first two swapped, as for plotting) or
 * [l₀, l₁, …] (`"ij"`); with `sparse`, each keeps its own length on its axis and 1 elsewhere.
 * Each output keeps its input's dtype.
 * @example `np.meshgrid([1, 2, 3], [10, 20]).map((g) => g.shape)` // [[2, 3], [2, 3]]
 */
export function meshgrid(...xi: (TensorLike | MeshgridOptions)[]): Tensor[] {
  return inContext("np.meshgrid", () => {
    const last = xi[xi.length - 1];
    const o = isOptions(last) ? optionalArgs("np.meshgrid", ["copy", "sparse", "indexing"], [last]) : {};
    const arrays = (isOptions(last) ? xi.slice(0, -1) : xi).map((x, i) => tensorArg("meshgrid", x as TensorLike, `args[${i}]`));
    const indexing = o.indexing ?? "xy";
    if (indexing !== "xy" && indexing !== "ij") throw new ArgumentError(`np.meshgrid: indexing must be "xy" or "ij"; got ${describeValue(indexing)}.`);
    if (boolArg("np.meshgrid", "copy", o.copy, true) === false) throw new ArgumentError("np.meshgrid: only copy=true is supported (JAX arrays are immutable); leave copy out.");
    const sparse = boolArg("np.meshgrid", "sparse", o.sparse, false);
    arrays.forEach((a, i) => {
      if (a.ndim !== 1) throw new ShapeError(`np.meshgrid: args[${i}] has shape ${fmtShape(a.shape)}; every coordinate array must be 1-D.`);
    });
    const swap = indexing === "xy" && arrays.length >= 2;
    const order = arrays.map((_, i) => (swap && i < 2 ? 1 - i : i));
    const args = order.map((i) => arrays[i]!);
    const full = args.map((a) => a.shape[0]!);
    checkShape(full, "np.meshgrid");
    const out = args.map((a, i) => {
      const shape = sparse ? full.map((d, j) => (j === i ? d : 1)) : full;
      return ops.broadcastInDim(a, shape, [i]);
    });
    return order.map((_, i) => out[order.indexOf(i)]!);
  });
}

/** The options of `np.logspace` and `np.geomspace`. */
export interface LogspaceOptions {
  num?: number;
  endpoint?: boolean;
  base?: number;
  dtype?: DType;
  axis?: number;
}

function numberArg(where: string, name: string, v: unknown): number {
  if (typeof v !== "number") throw new ArgumentError(`${where}: ${name} must be a number; got ${describeValue(v)}.`);
  return v;
}

/** The points of linspace(start, stop, num, endpoint), in float64. */
function linPoints(where: string, start: number, stop: number, num: unknown, endpoint: unknown, axis: unknown): (i: number) => number {
  const n = intArg(where, "num", num, 0);
  checkShape([n], where);
  if (axis !== undefined && axis !== 0 && axis !== -1) throw new ShapeError(`${where}: axis ${fmtValue(axis)} is out of range for the 1-D result of scalar start and stop; use 0 or -1.`);
  const ends = boolArg(where, "endpoint", endpoint, true);
  const div = ends ? n - 1 : n;
  const step = div > 0 ? (stop - start) / div : 0;
  return (i) => (ends && i === n - 1 && n > 1 ? stop : start + i * step);
}

/**
 * `num` (default 50) numbers spaced evenly on a log scale: `base ** linspace(start, stop, num,
 * endpoint)` (base 10 by default; `endpoint: false` leaves out `base ** stop`). float32 unless
 * `dtype`; computed in float64 and rounded once.
 * @example `np.logspace(0, 2, 3).toArray()` // [1, 10, 100]
 */
export function logspace(start: number, stop: number, ...rest: [num?: number, endpoint?: boolean, base?: number, dtype?: DType, axis?: number, options?: LogspaceOptions] | [options: LogspaceOptions]): Tensor {
  return inContext("np.logspace", () => {
    const o = optionalArgs("np.logspace", ["num", "endpoint", "base", "dtype", "axis"], rest);
    const [a, b] = [numberArg("np.logspace", "start", start), numberArg("np.logspace", "stop", stop)];
    const base = numberArg("np.logspace", "base", o.base ?? 10);
    const n = o.num ?? 50;
    const at = linPoints("np.logspace", a, b, n, o.endpoint, o.axis);
    return tabulate([n as number], dtypeOr("np.logspace", o.dtype, "float32"), (i) => base ** at(i));
  });
}

/**
 * `num` (default 50) numbers in geometric progression from `start` to `stop` (`endpoint: false`
 * leaves out `stop`): `sign(start) · 10 ** linspace(log10(start/sign), log10(stop/sign))`, as JAX
 * computes it — so a zero `start`, or a `stop` of the other sign, gives NaN (numpy raises).
 * float32 unless `dtype`.
 * @example `np.geomspace(1, 1000, 4).toArray()` // [1, 10, 100, 1000]
 */
export function geomspace(start: number, stop: number, ...rest: [num?: number, endpoint?: boolean, dtype?: DType, axis?: number, options?: Omit<LogspaceOptions, "base">] | [options: Omit<LogspaceOptions, "base">]): Tensor {
  return inContext("np.geomspace", () => {
    const o = optionalArgs("np.geomspace", ["num", "endpoint", "dtype", "axis"], rest);
    const [a, b] = [numberArg("np.geomspace", "start", start), numberArg("np.geomspace", "stop", stop)];
    const sign = Math.sign(a);
    const n = o.num ?? 50;
    const at = linPoints("np.geomspace", Math.log10(a / sign), Math.log10(b / sign), n, o.endpoint, o.axis);
    return tabulate([n as number], dtypeOr("np.geomspace", o.dtype, "float32"), (i) => sign * 10 ** at(i));
  });
}

/**
 * An array of `shape` whose element at index (i, j, …) is `fn(i, j, …)`. `fn` is called once with
 * one index grid per axis (arrays of `shape`, float32 unless `dtype`), numpy's way; JAX maps it
 * over the grid with vmap instead — the same for elementwise functions, which is what
 * `fromfunction` is for. A result of another shape is broadcast to `shape`.
 * @example `np.fromfunction((i, j) => np.add(i, j), [2, 2]).toArray()` // [[0, 1], [1, 2]]
 */
export function fromfunction(fn: (...grids: Tensor[]) => TensorLike, shape: readonly number[], ...rest: [dtype?: DType] | [options: { dtype?: DType }]): Tensor {
  return inContext("np.fromfunction", () => {
    if (typeof fn !== "function") throw new ArgumentError(`np.fromfunction: args[0] must be a function of the indices; got ${describeValue(fn)}.`);
    const { dtype } = optionalArgs("np.fromfunction", ["dtype"], rest);
    const dims = checkShape(shape, "np.fromfunction");
    const dt = dtypeOr("np.fromfunction", dtype, "float32");
    const grids = dims.map((_, i) => broadcastTensor(indices(dims, { dtype: dt, sparse: true })[i]!, dims));
    const out = tensorArg("fromfunction", fn(...grids), "the function's result");
    return shapesEqual(out.shape, dims) ? out : broadcastTo("np.fromfunction", out, dims);
  });
}

/**
 * The Vandermonde matrix of a 1-D `x`: column j is `x ** (N − 1 − j)` (or `x ** j` with
 * `increasing`); N defaults to `len(x)`. Computed as JAX does, `x[:, None] ** powers` with the
 * powers an array of x's dtype, so its derivative at x = 0 is JAX's (NaN in the x⁰ column of a
 * float x: 0 · 0⁻¹).
 * @example `np.vander([1, 2, 3], 3, false).toArray()` // [[1, 1, 1], [4, 2, 1], [9, 3, 1]]
 */
export function vander(x: TensorLike, ...rest: [N?: number | null, increasing?: boolean, options?: { N?: number; increasing?: boolean }] | [options: { N?: number; increasing?: boolean }]): Tensor {
  return inContext("np.vander", () => {
    const o = optionalArgs("np.vander", ["N", "increasing"], rest);
    const t = tensorArg("vander", x);
    if (t.ndim !== 1) throw new ShapeError(`np.vander: x must be 1-D; got shape ${fmtShape(t.shape)}.`);
    if (t.dtype === "bool") throw new DTypeError("np.vander: x is bool; cast it to a number dtype (np.astype(x, \"int32\")).");
    const n = o.N === undefined || o.N === null ? t.shape[0]! : intArg("np.vander", "N", o.N, 0);
    const increasing = boolArg("np.vander", "increasing", o.increasing, false);
    checkShape([Math.max(1, t.shape[0]!), n], "np.vander");
    const powers = tabulate([1, n], t.dtype, (j) => (increasing ? j : n - 1 - j));
    return pow(ops.reshape(t, [t.shape[0]!, 1]), powers);
  });
}

function windowLength(where: string, M: unknown): number {
  return checkShape([intArg(where, "M", M, 0)], where)[0]!;
}

/** A window of M points: 1 for M ≤ 1 (as JAX), else `w(n, M − 1)` at n = 0 … M − 1, in float32. */
function window(where: string, M: unknown, w: (n: number, m: number) => number): Tensor {
  const m = windowLength(where, M);
  return tabulate([m], "float32", (n) => (m <= 1 ? 1 : w(n, m - 1)));
}

/**
 * The Hamming window of M points: 0.54 − 0.46 cos(2πn/(M−1)).
 * @example `np.hamming(3).toArray()` // [0.08, 1, 0.08]
 */
export const hamming = (M: number): Tensor => window("np.hamming", M, (n, m) => 0.54 - 0.46 * Math.cos((2 * Math.PI * n) / m));

/**
 * The Hann window of M points: ½(1 − cos(2πn/(M−1))).
 * @example `np.hanning(3).toArray()` // [0, 1, 0]
 */
export const hanning = (M: number): Tensor => window("np.hanning", M, (n, m) => 0.5 * (1 - Math.cos((2 * Math.PI * n) / m)));

/**
 * The Bartlett (triangular) window of M points: 1 − |2n + 1 − M|/(M − 1).
 * @example `np.bartlett(5).toArray()` // [0, 0.5, 1, 0.5, 0]
 */
export const bartlett = (M: number): Tensor => window("np.bartlett", M, (n, m) => 1 - Math.abs(2 * n - m) / m);

/**
 * The Blackman window of M points: 0.42 − 0.5 cos(2πn/(M−1)) + 0.08 cos(4πn/(M−1)).
 * @example `np.blackman(3).get(1).item()` // 1
 */
export const blackman = (M: number): Tensor =>
  window("np.blackman", M, (n, m) => 0.42 - 0.5 * Math.cos((2 * Math.PI * n) / m) + 0.08 * Math.cos((4 * Math.PI * n) / m));

/** The modified Bessel function I₀, by its power series Σ ((x/2)^k / k!)² (all terms positive, so no cancellation). */
function besselI0(x: number): number {
  const q = (x * x) / 4;
  let term = 1, sum = 1;
  for (let k = 1; k < 1000 && term > sum * 1e-17; k++) {
    term *= q / (k * k);
    sum += term;
  }
  return sum;
}

/**
 * The Kaiser window of M points with shape `beta`: I₀(β√(1 − ((n − α)/α)²)) / I₀(β), α = (M − 1)/2.
 * @example `np.kaiser(3, 0).toArray()` // [1, 1, 1]
 */
export function kaiser(M: number, beta: number): Tensor {
  return inContext("np.kaiser", () => {
    const b = numberArg("np.kaiser", "beta", beta);
    return window("np.kaiser", M, (n, m) => {
      const alpha = m / 2;
      const r = (n - alpha) / alpha;
      return besselI0(b * Math.sqrt(Math.max(0, 1 - r * r))) / besselI0(b);
    });
  });
}

/** The (row, column) indices of the elements of an n×m array with j ≤ i + k (lower) or j ≥ i + k (upper), row-major. */
function triangleIndices(where: string, lower: boolean, n: unknown, k: unknown, m: unknown): [Tensor, Tensor] {
  const rows = intArg(where, "n", n, 0);
  const cols = m === undefined || m === null ? rows : intArg(where, "m", m, 0);
  const kk = intArg(where, "k", k ?? 0);
  checkShape([rows, cols], where);
  const is: number[] = [], js: number[] = [];
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      if (lower ? j <= i + kk : j >= i + kk) {
        is.push(i);
        js.push(j);
      }
    }
  }
  return [arrayFrom(is, "int32"), arrayFrom(js, "int32")];
}

/**
 * The row and column indices (int32, row-major) of the lower triangle — the elements with
 * j ≤ i + k — of an n×m array (m = n by default).
 * @example `np.trilIndices(2)[1].toArray()` // [0, 0, 1]
 */
export function trilIndices(n: number, ...rest: [k?: number, m?: number | null] | [options: { k?: number; m?: number }]): [Tensor, Tensor] {
  const { k, m } = optionalArgs("np.trilIndices", ["k", "m"], rest);
  return triangleIndices("np.trilIndices", true, n, k, m);
}

/**
 * The row and column indices (int32, row-major) of the upper triangle — the elements with
 * j ≥ i + k — of an n×m array (m = n by default).
 * @example `np.triuIndices(2)[1].toArray()` // [0, 1, 1]
 */
export function triuIndices(n: number, ...rest: [k?: number, m?: number | null] | [options: { k?: number; m?: number }]): [Tensor, Tensor] {
  const { k, m } = optionalArgs("np.triuIndices", ["k", "m"], rest);
  return triangleIndices("np.triuIndices", false, n, k, m);
}

function from2d(where: string, arr: TensorLike): Tensor {
  const t = tensorArg(where.replace("np.", ""), arr);
  if (t.ndim !== 2) throw new ShapeError(`${where}: the array must be 2-D; got shape ${fmtShape(t.shape)}.`);
  return t;
}

/**
 * `trilIndices` for the shape of a 2-D array.
 * @example `np.trilIndicesFrom(np.ones([2, 3]), 1)[1].toArray()` // [0, 1, 0, 1, 2]
 */
export function trilIndicesFrom(arr: TensorLike, ...rest: [k?: number] | [options: { k?: number }]): [Tensor, Tensor] {
  const { k } = optionalArgs("np.trilIndicesFrom", ["k"], rest);
  const t = from2d("np.trilIndicesFrom", arr);
  return triangleIndices("np.trilIndicesFrom", true, t.shape[0], k, t.shape[1]);
}

/**
 * `triuIndices` for the shape of a 2-D array.
 * @example `np.triuIndicesFrom(np.ones([2, 3]), 1)[1].toArray()` // [1, 2, 2]
 */
export function triuIndicesFrom(arr: TensorLike, ...rest: [k?: number] | [options: { k?: number }]): [Tensor, Tensor] {
  const { k } = optionalArgs("np.triuIndicesFrom", ["k"], rest);
  const t = from2d("np.triuIndicesFrom", arr);
  return triangleIndices("np.triuIndicesFrom", false, t.shape[0], k, t.shape[1]);
}
