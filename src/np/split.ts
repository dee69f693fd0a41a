/**
 * Splitting and joining: split, arraySplit, hsplit, vsplit, dsplit, unstack; hstack, vstack,
 * dstack, columnStack, append, concat. Splits are static slices (JAX's lax.split), joins are
 * concatenations after the atleast-nd reshapes numpy defines; all differentiate and vectorise.
 */
import { ArgumentError, ShapeError, describeValue, fmtShape, inContext } from "../errors.js";
import * as ops from "../primitives/ops.js";
import { type DType, dtypeArg } from "../tensor/dtype.js";
import { Tensor, type TensorLike } from "../tensor/tensor.js";
import { promoteOperands, tensorArg, tensorListArg } from "./coerce.js";
import { optionalArgs } from "./options.js";
import { atleast1d, atleast2d, atleast3d } from "./rearrange.js";
import { concatenate } from "./shape.js";
import { type Positional, axisArg, checkPieces, intArg, intList, sliceAxis } from "./static-args.js";

/** The sizes of the pieces: from a number of sections, or from split points (JAX's _split). */
function pieceSizes(op: string, size: number, indicesOrSections: unknown): number[] {
  const where = `np.${op}`;
  const isList = Array.isArray(indicesOrSections) || (indicesOrSections instanceof Tensor && indicesOrSections.ndim > 0);
  if (isList) {
    const points = intList(where, "indicesOrSections", indicesOrSections);
    checkPieces(where, points.length + 1);
    const bounds = [0, ...points, size];
    const sizes = bounds.slice(1).map((b, i) => b - bounds[i]!);
    if (sizes.some((s) => s < 0)) {
      throw new ShapeError(`${where}: split points ${fmtShape(points)} must be non-decreasing and within [0, ${size}] (the axis length); they give piece sizes ${fmtShape(sizes)}.`);
    }
    return sizes;
  }
  const n = intArg(where, "indicesOrSections", indicesOrSections instanceof Tensor ? Number(indicesOrSections.item()) : indicesOrSections, 1);
  checkPieces(where, n);
  const part = Math.floor(size / n), r = size % n;
  if (r === 0) return Array<number>(n).fill(part);
  if (op === "arraySplit") return [...Array<number>(r).fill(part + 1), ...Array<number>(n - r).fill(part)];
  throw new ShapeError(`${where}: an axis of length ${size} does not split into ${n} equal sections (remainder ${r}); use np.arraySplit for unequal pieces, or give split points.`);
}

function splitAlong(op: string, t: Tensor, indicesOrSections: unknown, axis: number): Tensor[] {
  const sizes = pieceSizes(op, t.shape[axis]!, indicesOrSections);
  const out: Tensor[] = [];
  let start = 0;
  for (const s of sizes) {
    out.push(sliceAxis(t, axis, start, start + s));
    start += s;
  }
  return out;
}

type Sections = number | readonly number[] | Tensor;

/**
 * Splits along `axis` into `indicesOrSections` equal pieces (a number, which must divide the axis
 * length), or at the given split points (a list).
 * @example `np.split(np.arange(6), 3).map((p) => p.toArray())` // [[0, 1], [2, 3], [4, 5]]
 */
export function split(ary: TensorLike, indicesOrSections: Sections, ...rest: Positional<[number], { axis?: number }>): Tensor[] {
  return inContext("np.split", () => {
    const { axis = 0 } = optionalArgs("np.split", ["axis"], rest);
    const t = tensorArg("split", ary);
    return splitAlong("split", t, indicesOrSections, axisArg("np.split", axis, t.ndim));
  });
}

/**
 * Like `split`, but a number of sections need not divide the axis: the first `len % n` pieces get
 * one element more.
 * @example `np.arraySplit(np.arange(5), 2).map((p) => p.toArray())` // [[0, 1, 2], [3, 4]]
 */
export function arraySplit(ary: TensorLike, indicesOrSections: Sections, ...rest: Positional<[number], { axis?: number }>): Tensor[] {
  return inContext("np.arraySplit", () => {
    const { axis = 0 } = optionalArgs("np.arraySplit", ["axis"], rest);
    const t = tensorArg("arraySplit", ary);
    return splitAlong("arraySplit", t, indicesOrSections, axisArg("np.arraySplit", axis, t.ndim));
  });
}

function splitOn(op: string, ary: TensorLike, indicesOrSections: Sections, pick: (t: Tensor) => number): Tensor[] {
  return inContext(`np.${op}`, () => {
    const t = tensorArg(op, ary);
    return splitAlong(op, t, indicesOrSections, axisArg(`np.${op}`, pick(t), t.ndim));
  });
}

/**
 * `split` along axis 1 (axis 0 for a 1-D array).
 * @example `np.hsplit(np.ones([2, 4]), 2)[0].shape` // [2, 2]
 */
export function hsplit(ary: TensorLike, indicesOrSections: Sections): Tensor[] {
  return splitOn("hsplit", ary, indicesOrSections, (t) => (t.ndim === 1 ? 0 : 1));
}

/**
 * `split` along axis 0.
 * @example `np.vsplit(np.ones([4, 2]), 2)[1].shape` // [2, 2]
 */
export function vsplit(ary: TensorLike, indicesOrSections: Sections): Tensor[] {
  return splitOn("vsplit", ary, indicesOrSections, () => 0);
}

/**
 * `split` along axis 2 (the array must be at least 3-D).
 * @example `np.dsplit(np.ones([1, 2, 4]), [1]).map((p) => p.shape)` // [[1, 2, 1], [1, 2, 3]]
 */
export function dsplit(ary: TensorLike, indicesOrSections: Sections): Tensor[] {
  return splitOn("dsplit", ary, indicesOrSections, () => 2);
}

/**
 * The slices along `axis`, each without that axis (the inverse of `stack`).
 * @example `np.unstack([[1, 2], [3, 4]], { axis: 1 }).map((p) => p.toArray())` // [[1, 3], [2, 4]]
 */
export function unstack(x: TensorLike, ...rest: Positional<[number], { axis?: number }>): Tensor[] {
  return inContext("np.unstack", () => {
    const { axis = 0 } = optionalArgs("np.unstack", ["axis"], rest);
    const t = tensorArg("unstack", x);
    if (t.ndim === 0) throw new ShapeError(`np.unstack: a 0-d array has no axis to unstack along; reshape it to 1-D first.`);
    const a = axisArg("np.unstack", axis, t.ndim);
    const n = t.shape[a]!;
    checkPieces("np.unstack", n);
    const rest2 = t.shape.filter((_, i) => i !== a);
    return Array.from({ length: n }, (_, i) => ops.reshape(sliceAxis(t, a, i, i + 1), rest2));
  });
}

/** The arrays of a stacking function, promoted to one dtype (or cast to `dtype`). */
function stackInputs(op: string, tup: unknown, dtype: unknown): Tensor[] {
  const ts = tensorListArg(op, tup);
  const promoted = promoteOperands(op, ts);
  if (dtype === undefined || dtype === null) return promoted;
  const d: DType = dtypeArg(dtype, `np.${op}`);
  return promoted.map((t) => ops.convert(t, d));
}

function joined(ts: readonly Tensor[], axis: number): Tensor {
  return ts.length === 1 ? ts[0]! : ops.concatenate(ts, axis);
}

/**
 * Joins along axis 1 (axis 0 when the arrays are 1-D); 0-d arrays count as 1-D.
 * @example `np.hstack([[1, 2], [3]]).toArray()` // [1, 2, 3]
 */
export function hstack(tup: readonly TensorLike[], ...rest: Positional<[DType], { dtype?: DType }>): Tensor {
  return inContext("np.hstack", () => {
    const { dtype } = optionalArgs("np.hstack", ["dtype"], rest);
    const ts = stackInputs("hstack", tup, dtype).map((t) => atleast1d(t));
    const axis = ts[0]!.ndim === 1 ? 0 : 1;
    sameRank("hstack", ts);
    return joined(ts, axis);
  });
}

/**
 * Joins along axis 0 after making every array at least 2-D ([n] → [1, n]).
 * @example `np.vstack([[1, 2], [3, 4]]).shape` // [2, 2]
 */
export function vstack(tup: readonly TensorLike[], ...rest: Positional<[DType], { dtype?: DType }>): Tensor {
  return inContext("np.vstack", () => {
    const { dtype } = optionalArgs("np.vstack", ["dtype"], rest);
    const ts = stackInputs("vstack", tup, dtype).map((t) => atleast2d(t));
    sameRank("vstack", ts);
    return joined(ts, 0);
  });
}

/**
 * Joins along axis 2 after making every array at least 3-D ([n] → [1, n, 1], [m, n] → [m, n, 1]).
 * @example `np.dstack([[1, 2], [3, 4]]).shape` // [1, 2, 2]
 */
export function dstack(tup: readonly TensorLike[], ...rest: Positional<[DType], { dtype?: DType }>): Tensor {
  return inContext("np.dstack", () => {
    const { dtype } = optionalArgs("np.dstack", ["dtype"], rest);
    const ts = stackInputs("dstack", tup, dtype).map((t) => atleast3d(t));
    sameRank("dstack", ts);
    return joined(ts, 2);
  });
}

/**
 * Joins 1-D arrays as the columns of a 2-D array (2-D arrays join along axis 1 as they are).
 * @example `np.columnStack([[1, 2], [3, 4]]).toArray()` // [[1, 3], [2, 4]]
 */
export function columnStack(tup: readonly TensorLike[]): Tensor {
  return inContext("np.columnStack", () => {
    const ts = stackInputs("columnStack", tup, undefined).map((t) => (t.ndim === 0 ? ops.reshape(t, [1, 1]) : t.ndim === 1 ? ops.reshape(t, [t.shape[0]!, 1]) : t));
    sameRank("columnStack", ts);
    return joined(ts, 1);
  });
}

/** Checks that the (reshaped) arrays can be concatenated: one rank (other shape errors come from concatenate). */
function sameRank(op: string, ts: readonly Tensor[]): void {
  ts.forEach((t, i) => {
    if (t.ndim !== ts[0]!.ndim) {
      throw new ShapeError(`np.${op}: args[0][${i}] has shape ${fmtShape(t.shape)} but args[0][0] has ${fmtShape(ts[0]!.shape)}; the arrays must have one number of dimensions.`);
    }
  });
}

/**
 * `values` appended to `arr` along `axis`; without an axis both are flattened first.
 * @example `np.append([1, 2], [[3], [4]]).toArray()` // [1, 2, 3, 4]
 */
export function append(arr: TensorLike, values: TensorLike, ...rest: Positional<[number | null], { axis?: number | null }>): Tensor {
  return inContext("np.append", () => {
    const { axis } = optionalArgs("np.append", ["axis"], rest);
    const [a, v] = promoteOperands("append", [tensorArg("append", arr), tensorArg("append", values, "args[1]")]) as [Tensor, Tensor];
    if (axis === undefined || axis === null) return ops.concatenate([ops.reshape(a, [a.size]), ops.reshape(v, [v.size])], 0);
    return concatenate([a, v], axis as number);
  });
}

/**
 * The array-API name of `concatenate`: joins arrays along an existing axis (default 0).
 * @example `np.concat([[1], [2, 3]]).toArray()` // [1, 2, 3]
 */
export function concat(arrays: readonly TensorLike[], ...rest: Positional<[number | null], { axis?: number | null }>): Tensor {
  return inContext("np.concat", () => {
    const { axis = 0 } = optionalArgs("np.concat", ["axis"], rest);
    if (axis === null) return concatenate(tensorListArg("concat", arrays).map((t) => ops.reshape(t, [t.size])), 0);
    if (typeof axis !== "number") throw new ArgumentError(`np.concat: axis must be an integer or null (flatten first); got ${describeValue(axis)}.`);
    return concatenate(arrays, axis);
  });
}
