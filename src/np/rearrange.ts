/**
 * Rearranging elements: ravel, flip, roll, rot90, tile, repeat, pad, moveaxis, swapaxes,
 * permuteDims, matrixTranspose, broadcastArrays/broadcastShapes, atleast1d/2d/3d, ndim, shape,
 * size. As in JAX each is a composition of reshape, transpose, rev, slice, concatenate,
 * broadcast_in_dim and gather, so each differentiates and vectorises through their rules.
 */
import { ArgumentError, DTypeError, ShapeError, describeValue, fmtShape, inContext } from "../errors.js";
import * as ops from "../primitives/ops.js";
import { isFloat } from "../tensor/dtype.js";
import { scalar } from "../tensor/from-js.js";
import { broadcastShapes as broadcastShapeList, checkShape, normalizeAxis, reductionAxes, sizeOf } from "../tensor/shape.js";
import { Tensor, type AxisArg, type TensorLike } from "../tensor/tensor.js";
import { broadcastTensor, tensorArg } from "./coerce.js";
import { optionalArgs } from "./options.js";
import { axesArg, axisArg, checkOutput, indexVector, intArg, intList, isTracer, type Positional, sliceAxis, staticArray } from "./static-args.js";

export { pad } from "./pad.js";

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/**
 * The elements in one row-major (`order: "C"`, the default) or column-major (`"F"`) vector.
 * @example `np.ravel([[1, 2], [3, 4]]).toArray()` // [1, 2, 3, 4]
 */
export function ravel(a: TensorLike, ...rest: Positional<["C" | "F"], { order?: "C" | "F" }>): Tensor {
  return inContext("np.ravel", () => {
    const { order = "C" } = optionalArgs("np.ravel", ["order"], rest);
    return flat("np.ravel", tensorArg("ravel", a), order);
  });
}

/**
 * `ravel` under the name of the array method JAX users call (`x.flatten()`).
 * @example `np.flatten([[1, 2], [3, 4]], "F").toArray()` // [1, 3, 2, 4]
 */
export function flatten(a: TensorLike, ...rest: Positional<["C" | "F"], { order?: "C" | "F" }>): Tensor {
  return inContext("np.flatten", () => {
    const { order = "C" } = optionalArgs("np.flatten", ["order"], rest);
    return flat("np.flatten", tensorArg("flatten", a), order);
  });
}

function flat(where: string, t: Tensor, order: unknown): Tensor {
  if (order !== "C" && order !== "F") throw new ArgumentError(`${where}: order must be "C" (row-major) or "F" (column-major); got ${describeValue(order)}.`);
  const x = order === "F" && t.ndim > 1 ? ops.transpose(t, range(t.ndim).reverse()) : t;
  return t.ndim === 1 ? t : ops.reshape(x, [t.size]);
}

/**
 * Reverses the order of elements along `axis` (all axes when omitted).
 * @example `np.flip([[1, 2], [3, 4]], 1).toArray()` // [[2, 1], [4, 3]]
 */
export function flip(m: TensorLike, ...rest: Positional<[AxisArg | null], { axis?: AxisArg | null }>): Tensor {
  return inContext("np.flip", () => {
    const { axis } = optionalArgs("np.flip", ["axis"], rest);
    const t = tensorArg("flip", m);
    const axes = reductionAxes(axis, t.ndim, "np.flip");
    return axes.length === 0 ? t : ops.rev(t, axes);
  });
}

/**
 * Reverses axis 1 (left–right); the array must be at least 2-D.
 * @example `np.fliplr([[1, 2], [3, 4]]).toArray()` // [[2, 1], [4, 3]]
 */
export function fliplr(m: TensorLike): Tensor {
  return inContext("np.fliplr", () => {
    const t = tensorArg("fliplr", m);
    if (t.ndim < 2) throw new ShapeError(`np.fliplr: the array must be at least 2-D; got shape ${fmtShape(t.shape)}. Use np.flip(x) for a vector.`);
    return ops.rev(t, [1]);
  });
}

/**
 * Reverses axis 0 (up–down); the array must be at least 1-D.
 * @example `np.flipud([[1, 2], [3, 4]]).toArray()` // [[3, 4], [1, 2]]
 */
export function flipud(m: TensorLike): Tensor {
  return inContext("np.flipud", () => {
    const t = tensorArg("flipud", m);
    if (t.ndim < 1) throw new ShapeError(`np.flipud: the array must be at least 1-D; got a 0-d array.`);
    return ops.rev(t, [0]);
  });
}

/** Pairs (shift, axis) from two lists broadcast against each other, as JAX's zip(*broadcast_arrays). */
function pairUp(where: string, shifts: readonly number[], axes: readonly number[]): [number, number][] {
  // numpy broadcasting: a length-0 list against a length-1 one gives no pairs (roll(x, 1, []) is x).
  const n = shifts.length === 0 || axes.length === 0 ? 0 : Math.max(shifts.length, axes.length);
  if (n === 0 && shifts.length <= 1 && axes.length <= 1) return [];
  if ((shifts.length !== n && shifts.length !== 1) || (axes.length !== n && axes.length !== 1)) {
    throw new ShapeError(`${where}: shift (${shifts.length} values) and axis (${axes.length} values) must have one length, or one of them length 1.`);
  }
  return range(n).map((i) => [shifts[shifts.length === 1 ? 0 : i]!, axes[axes.length === 1 ? 0 : i]!]);
}

/**
 * Rolls elements along `axis` by `shift` (elements past the end reappear at the start). `shift` and
 * `axis` may be lists (broadcast against each other); without `axis` the flattened array rolls and
 * keeps its shape. A traced integer `shift` rolls by a gather.
 * @example `np.roll([1, 2, 3, 4], 1).toArray()` // [4, 1, 2, 3]
 */
export function roll(a: TensorLike, shift: TensorLike, ...rest: Positional<[AxisArg | null], { axis?: AxisArg | null }>): Tensor {
  return inContext("np.roll", () => {
    const { axis } = optionalArgs("np.roll", ["axis"], rest);
    const t = tensorArg("roll", a);
    if (axis === undefined || axis === null) return ops.reshape(rollAxes(flat("np.roll", t, "C"), shift, [0]), t.shape);
    return rollAxes(t, shift, axisList("np.roll", axis, t.ndim));
  });
}

/** Axes as JAX's roll reads them: a list may repeat an axis (each roll applies in turn). */
function axisList(where: string, axis: unknown, ndim: number): number[] {
  if (typeof axis === "number") return [normalizeAxis(axis, ndim, where)];
  return intList(where, "axis", axis).map((a) => normalizeAxis(a, ndim, where));
}

function rollAxes(t: Tensor, shift: TensorLike, axes: readonly number[]): Tensor {
  if (shift instanceof Tensor && isTracer(shift)) return rollTraced(t, shift, axes);
  const shifts = intList("np.roll", "shift", shift);
  let x = t;
  for (const [s, ax] of pairUp("np.roll", shifts, axes)) {
    const n = x.shape[ax]!;
    if (n === 0) continue;
    const i = (((-s) % n) + n) % n;
    if (i === 0) continue;
    x = ops.concatenate([sliceAxis(x, ax, i, n), sliceAxis(x, ax, 0, i)], ax);
  }
  return x;
}

/** Roll by traced shifts: out[j] = x[(j − s) mod n], one gather per axis. */
function rollTraced(t: Tensor, shift: Tensor, axes: readonly number[]): Tensor {
  if (isFloat(shift.dtype) || shift.dtype === "bool") {
    throw new DTypeError(`np.roll: shift (args[1]) has dtype ${shift.dtype}; it must be an integer. Cast with np.astype(shift, "int32").`);
  }
  if (shift.ndim > 1) throw new ShapeError(`np.roll: shift must be a scalar or a 1-D array; got shape ${fmtShape(shift.shape)}.`);
  const s = ops.convert(shift, "int32");
  const count = s.ndim === 0 ? 1 : s.shape[0]!;
  const pairs = pairUp("np.roll", range(count), axes);
  let x = t;
  for (const [k, ax] of pairs) {
    const n = x.shape[ax]!;
    if (n === 0) continue;
    const sk = s.ndim === 0 ? s : ops.reshape(sliceAxis(s, 0, k, k + 1), []);
    const nn = scalar(n, "int32");
    const back = ops.binaryOp("rem", ops.sub(ops.iota("int32", [n], 0), ops.broadcastInDim(sk, [n], [])), ops.broadcastInDim(nn, [n], []));
    const idx = ops.binaryOp("rem", ops.add(back, ops.broadcastInDim(nn, [n], [])), ops.broadcastInDim(nn, [n], []));
    x = ops.gather(x, idx, ax);
  }
  return x;
}

/**
 * Rotates by 90° `k` times in the plane of `axes` (from the first axis towards the second).
 * @example `np.rot90([[1, 2], [3, 4]]).toArray()` // [[2, 4], [1, 3]]
 */
export function rot90(m: TensorLike, ...rest: Positional<[number, readonly number[]], { k?: number; axes?: readonly number[] }>): Tensor {
  return inContext("np.rot90", () => {
    const { k = 1, axes = [0, 1] } = optionalArgs("np.rot90", ["k", "axes"], rest);
    const t = tensorArg("rot90", m);
    if (t.ndim < 2) throw new ShapeError(`np.rot90: the array must be at least 2-D; got shape ${fmtShape(t.shape)}.`);
    const kk = intArg("np.rot90", "k", k);
    const pair = intList("np.rot90", "axes", axes);
    if (pair.length !== 2) throw new ArgumentError(`np.rot90: axes must be two axes, such as [0, 1]; got ${pair.length}.`);
    const a1 = normalizeAxis(pair[0]!, t.ndim, "np.rot90"), a2 = normalizeAxis(pair[1]!, t.ndim, "np.rot90");
    if (a1 === a2) throw new ShapeError(`np.rot90: axes must be two different axes; got ${a1} twice.`);
    const r = ((kk % 4) + 4) % 4;
    if (r === 0) return t;
    if (r === 2) return ops.rev(t, [a1, a2]);
    const perm = range(t.ndim);
    [perm[a1], perm[a2]] = [perm[a2]!, perm[a1]!];
    return r === 1 ? ops.transpose(ops.rev(t, [a2]), perm) : ops.rev(ops.transpose(t, perm), [a2]);
  });
}

/**
 * Repeats the whole array `reps` times along each axis (`reps` is left-padded with 1s, or the array
 * with size-1 axes, to one length).
 * @example `np.tile([1, 2], 2).toArray()` // [1, 2, 1, 2]
 */
export function tile(A: TensorLike, reps: number | readonly number[]): Tensor {
  return inContext("np.tile", () => {
    let t = tensorArg("tile", A);
    let r = intList("np.tile", "reps", reps, 0);
    if (r.length < t.ndim) r = [...Array<number>(t.ndim - r.length).fill(1), ...r];
    if (r.length > t.ndim) t = ops.reshape(t, [...Array<number>(r.length - t.ndim).fill(1), ...t.shape]);
    const out = t.shape.map((d, i) => d * r[i]!);
    checkOutput("np.tile", out);
    if (r.every((x) => x === 1)) return t;
    // Each axis d becomes (reps, d): broadcast into the interleaved shape, then merge the pairs.
    const interleaved = t.shape.flatMap((d, i) => [r[i]!, d]);
    return ops.reshape(ops.broadcastInDim(t, interleaved, t.shape.map((_, i) => 2 * i + 1)), out);
  });
}

type RepeatOptions = { axis?: number | null; totalRepeatLength?: number };

/**
 * Repeats each element `repeats` times along `axis` (the flattened array when omitted). `repeats`
 * is one count or one per element; counts are non-negative integers. Traced counts need a static
 * `totalRepeatLength` (the output length, as JAX requires under jit): the result is cut to it, or
 * filled with the last element.
 * @example `np.repeat([1, 2, 3], [1, 2, 0]).toArray()` // [1, 2, 2]
 */
export function repeat(a: TensorLike, repeats: TensorLike, ...rest: Positional<[number | null], RepeatOptions>): Tensor {
  return inContext("np.repeat", () => {
    const { axis, totalRepeatLength } = optionalArgs("np.repeat", ["axis", "totalRepeatLength"], rest);
    let t = tensorArg("repeat", a);
    let ax: number;
    if (axis === undefined || axis === null) {
      t = flat("np.repeat", t, "C");
      ax = 0;
    } else ax = axisArg("np.repeat", axis, t.ndim);
    const total = totalRepeatLength === undefined || totalRepeatLength === null ? undefined : intArg("np.repeat", "totalRepeatLength", totalRepeatLength, 0);
    if (repeats instanceof Tensor && isTracer(repeats)) return repeatTraced(t, repeats, ax, total);
    const { values, shape } = staticArray("np.repeat", "repeats", repeats);
    if (shape.length > 1) throw new ShapeError(`np.repeat: repeats must be an integer or a 1-D list; got shape ${fmtShape(shape)}.`);
    const counts = values.map((v, i) => intArg("np.repeat", shape.length === 0 ? "repeats" : `repeats[${i}]`, v, 0));
    const n = t.shape[ax]!;
    if (shape.length === 0 && total === undefined) {
      const r = counts[0]!;
      const out = t.shape.map((d, i) => (i === ax ? d * r : d));
      checkOutput("np.repeat", out);
      if (r === 1) return t;
      // Insert an axis of size r after `ax`, then merge it into `ax`.
      const withAux = [...t.shape.slice(0, ax + 1), r, ...t.shape.slice(ax + 1)];
      const dims = range(t.ndim).map((i) => (i <= ax ? i : i + 1));
      return ops.reshape(ops.broadcastInDim(t, withAux, dims), out);
    }
    const per = broadcastCounts(counts, n);
    const length = total ?? per.reduce((s, c) => s + c, 0);
    checkOutput("np.repeat", t.shape.map((d, i) => (i === ax ? length : d)));
    if (n === 0) return t;
    return ops.gather(t, indexVector(repeatIndices(per, length)), ax);
  });
}

function broadcastCounts(counts: readonly number[], n: number): number[] {
  if (counts.length === n) return [...counts];
  if (counts.length === 1) return Array<number>(n).fill(counts[0]!);
  throw new ShapeError(`np.repeat: ${counts.length} repeat counts given for an axis of ${n} elements; give one count, or one per element.`);
}

/**
 * Source index of each output position, as JAX's scatter/cumsum scheme computes it: the last i whose
 * block starts at or before j (so past the sum of the counts, the last element repeats).
 */
function repeatIndices(counts: readonly number[], length: number): number[] {
  const idx = new Array<number>(length);
  let i = 0, start = 0; // start: the output position where element i's block begins
  for (let j = 0; j < length; j++) {
    while (i + 1 < counts.length && start + counts[i]! <= j) {
      start += counts[i]!;
      i++;
    }
    idx[j] = i;
  }
  return idx;
}

/** repeat with traced counts: the same indices from comparisons (O(n · total), no cumsum needed). */
function repeatTraced(t: Tensor, repeats: Tensor, ax: number, total: number | undefined): Tensor {
  if (total === undefined) {
    throw new ArgumentError(`np.repeat: repeats is traced, so the output length is unknown; pass a static totalRepeatLength (np.repeat(x, r, axis, { totalRepeatLength })).`);
  }
  if (isFloat(repeats.dtype) || repeats.dtype === "bool") {
    throw new DTypeError(`np.repeat: repeats has dtype ${repeats.dtype}; counts must be integers. Cast with np.astype(r, "int32").`);
  }
  if (repeats.ndim > 1) throw new ShapeError(`np.repeat: repeats must be a scalar or 1-D; got shape ${fmtShape(repeats.shape)}.`);
  const n = t.shape[ax]!;
  checkOutput("np.repeat", t.shape.map((d, i) => (i === ax ? total : d)));
  if (n === 0) return t;
  if (repeats.ndim === 1 && repeats.shape[0] !== n && repeats.shape[0] !== 1) {
    throw new ShapeError(`np.repeat: ${repeats.shape[0]} repeat counts given for an axis of ${n} elements; give one count, or one per element.`);
  }
  const r = broadcastTensor(ops.reshape(ops.convert(repeats, "int32"), [repeats.size]), [n]);
  // starts[i] = Σ_{k<i} r[k]: sum of r[k] masked by k < i.
  const below = ops.binaryOp("lt", ops.iota("int32", [n, n], 1), ops.iota("int32", [n, n], 0));
  const starts = ops.reduceSum(ops.select(below, ops.broadcastInDim(r, [n, n], [1]), ops.broadcastInDim(scalar(0, "int32"), [n, n], [])), [1]);
  // idx[j] = #{i : starts[i] ≤ j} − 1.
  const begun = ops.binaryOp("le", ops.broadcastInDim(starts, [total, n], [1]), ops.iota("int32", [total, n], 0));
  const idx = ops.sub(ops.reduceSum(ops.convert(begun, "int32"), [1]), ops.broadcastInDim(scalar(1, "int32"), [total], []));
  return ops.gather(t, idx, ax);
}

/**
 * Moves axes `source` to positions `destination` (each an axis or a list of them); the other axes
 * keep their order.
 * @example `np.moveaxis(np.zeros([2, 3, 4]), 0, -1).shape` // [3, 4, 2]
 */
export function moveaxis(a: TensorLike, source: number | readonly number[], destination: number | readonly number[]): Tensor {
  return inContext("np.moveaxis", () => {
    const t = tensorArg("moveaxis", a);
    const src = axesArg("np.moveaxis", source, t.ndim), dst = axesArg("np.moveaxis", destination, t.ndim);
    if (src.length !== dst.length) {
      throw new ShapeError(`np.moveaxis: source (${src.length} axes) and destination (${dst.length} axes) must have the same number of elements.`);
    }
    const perm = range(t.ndim).filter((i) => !src.includes(i));
    for (const [d, s] of dst.map((d, i) => [d, src[i]!] as const).sort((p, q) => p[0] - q[0])) perm.splice(d, 0, s);
    return perm.every((p, i) => p === i) ? t : ops.transpose(t, perm);
  });
}

/**
 * Exchanges two axes.
 * @example `np.swapaxes(np.zeros([2, 3, 4]), 0, 2).shape` // [4, 3, 2]
 */
export function swapaxes(a: TensorLike, axis1: number, axis2: number): Tensor {
  return inContext("np.swapaxes", () => {
    const t = tensorArg("swapaxes", a);
    const i = axisArg("np.swapaxes", axis1, t.ndim), j = axisArg("np.swapaxes", axis2, t.ndim);
    if (i === j) return t;
    const perm = range(t.ndim);
    [perm[i], perm[j]] = [j, i];
    return ops.transpose(t, perm);
  });
}

/**
 * Permutes the axes: output axis i is input axis `axes[i]` (the array-API name of transpose).
 * @example `np.permuteDims(np.zeros([2, 3, 4]), [2, 0, 1]).shape` // [4, 2, 3]
 */
export function permuteDims(a: TensorLike, axes: readonly number[]): Tensor {
  return inContext("np.permuteDims", () => {
    const t = tensorArg("permuteDims", a);
    if (!Array.isArray(axes)) throw new ShapeError(`np.permuteDims: axes must be an array listing every axis once; got ${describeValue(axes)}.`);
    const perm = axesArg("np.permuteDims", axes, t.ndim);
    if (perm.length !== t.ndim) throw new ShapeError(`np.permuteDims: axes ${fmtShape(axes)} must list all ${t.ndim} axes of ${fmtShape(t.shape)} once.`);
    return perm.every((p, i) => p === i) ? t : ops.transpose(t, perm);
  });
}

/**
 * Transposes the last two axes (a stack of matrices); the array must be at least 2-D.
 * @example `np.matrixTranspose(np.zeros([5, 2, 3])).shape` // [5, 3, 2]
 */
export function matrixTranspose(x: TensorLike): Tensor {
  return inContext("np.matrixTranspose", () => {
    const t = tensorArg("matrixTranspose", x);
    if (t.ndim < 2) throw new ShapeError(`np.matrixTranspose: the array must be at least 2-D; got shape ${fmtShape(t.shape)}.`);
    const perm = range(t.ndim);
    [perm[t.ndim - 2], perm[t.ndim - 1]] = [t.ndim - 1, t.ndim - 2];
    return ops.transpose(t, perm);
  });
}

/**
 * The shape every argument broadcasts to (a number stands for a 1-D shape).
 * @example `np.broadcastShapes([2, 1], [3])` // [2, 3]
 */
export function broadcastShapes(...shapes: (number | readonly number[])[]): number[] {
  return inContext("np.broadcastShapes", () => {
    const list = shapes.map((s, i) => checkShape(typeof s === "number" ? [s] : s, `np.broadcastShapes: args[${i}]`));
    return list.length === 0 ? [] : broadcastShapeList("np.broadcastShapes", list);
  });
}

/**
 * Broadcasts every argument to their common shape (dtypes kept).
 * @example `np.broadcastArrays([1, 2], [[3], [4]])[0].toArray()` // [[1, 2], [1, 2]]
 */
export function broadcastArrays(...args: TensorLike[]): Tensor[] {
  return inContext("np.broadcastArrays", () => {
    const ts = args.map((x, i) => tensorArg("broadcastArrays", x, `args[${i}]`));
    if (ts.length === 0) return [];
    const shape = broadcastShapeList("np.broadcastArrays", ts.map((t) => t.shape));
    return ts.map((t) => broadcastTensor(t, shape));
  });
}

function atLeast(name: string, args: readonly TensorLike[], promote: (t: Tensor) => Tensor): Tensor | Tensor[] {
  return inContext(`np.${name}`, () => {
    const out = args.map((x, i) => promote(tensorArg(name, x, `args[${i}]`)));
    return out.length === 1 ? out[0]! : out;
  });
}

/**
 * Views each argument with at least one dimension (a 0-d array becomes shape [1]); one argument
 * gives one tensor, several give a list.
 * @example `np.atleast1d(5).shape` // [1]
 */
export function atleast1d(x: TensorLike): Tensor;
export function atleast1d(...arys: TensorLike[]): Tensor[];
export function atleast1d(...arys: TensorLike[]): Tensor | Tensor[] {
  return atLeast("atleast1d", arys, (t) => (t.ndim >= 1 ? t : ops.reshape(t, [1])));
}

/**
 * At least two dimensions: 0-d → [1, 1], [n] → [1, n].
 * @example `np.atleast2d([1, 2]).shape` // [1, 2]
 */
export function atleast2d(x: TensorLike): Tensor;
export function atleast2d(...arys: TensorLike[]): Tensor[];
export function atleast2d(...arys: TensorLike[]): Tensor | Tensor[] {
  return atLeast("atleast2d", arys, (t) => (t.ndim >= 2 ? t : ops.reshape(t, t.ndim === 0 ? [1, 1] : [1, t.shape[0]!])));
}

/**
 * At least three dimensions: 0-d → [1, 1, 1], [n] → [1, n, 1], [m, n] → [m, n, 1].
 * @example `np.atleast3d([[1, 2]]).shape` // [1, 2, 1]
 */
export function atleast3d(x: TensorLike): Tensor;
export function atleast3d(...arys: TensorLike[]): Tensor[];
export function atleast3d(...arys: TensorLike[]): Tensor | Tensor[] {
  return atLeast("atleast3d", arys, (t) =>
    t.ndim >= 3 ? t : ops.reshape(t, t.ndim === 0 ? [1, 1, 1] : t.ndim === 1 ? [1, t.shape[0]!, 1] : [...t.shape, 1]),
  );
}

/** Number of dimensions. @example `np.ndim([[1, 2, 3]])` // 2 */
export function ndim(a: TensorLike): number {
  return inContext("np.ndim", () => tensorArg("ndim", a).ndim);
}

/** The shape, as a new array. @example `np.shape([[1, 2, 3]])` // [1, 3] */
export function shape(a: TensorLike): number[] {
  return inContext("np.shape", () => [...tensorArg("shape", a).shape]);
}

/**
 * Number of elements, of the whole array or along `axis` (an axis or a list of them).
 * @example `np.size(np.zeros([2, 3]), 1)` // 3
 */
export function size(a: TensorLike, ...rest: Positional<[AxisArg | null], { axis?: AxisArg | null }>): number {
  return inContext("np.size", () => {
    const { axis } = optionalArgs("np.size", ["axis"], rest);
    const t = tensorArg("size", a);
    if (axis === undefined || axis === null) return t.size;
    return sizeOf(axesArg("np.size", axis, t.ndim).map((i) => t.shape[i]!));
  });
}
