/**
 * Indexing along axes and choosing among arrays: takeAlongAxis, putAlongAxis, diagonal,
 * diagIndices, diagIndicesFrom, select, compress, delete, insert. Gathers and scatters over the flattened array (as JAX's
 * batched gathers do) and selects, so each differentiates and vectorises.
 */
import { ArgumentError, ConcretizationError, DTypeError, ShapeError, describeValue, fmtShape, inContext } from "../errors.js";
import * as ops from "../primitives/ops.js";
import { INT32_MIN, isFloat } from "../tensor/dtype.js";
import { arrayFrom, scalar } from "../tensor/from-js.js";
import { broadcastShapes, normalizeAxis } from "../tensor/shape.js";
import { Tensor, type TensorLike } from "../tensor/tensor.js";
import { gatherAlong, scatterAlong } from "./along-axis.js";
import { broadcastTensor, promoteOperands, tensorArg, toBool } from "./coerce.js";
import { optionalArgs } from "./options.js";
import { axisArg, checkOutput, checkPieces, indexVector, intArg, intList, isTracer, moveAxisTo, type Positional, sliceAxis, staticArray } from "./static-args.js";

/** Integer indices as int32: an integer tensor, or JS integers (a fraction is an error). */
function indicesArg(where: string, indices: TensorLike, arg: string): Tensor {
  if (indices instanceof Tensor) {
    if (isFloat(indices.dtype) || indices.dtype === "bool") {
      throw new DTypeError(`${where}: ${arg} has dtype ${indices.dtype}; indices must be integers. Cast with np.astype(i, "int32").`);
    }
    return ops.convert(indices, "int32");
  }
  const t = arrayFrom(indices, "float64", `${where}: ${arg}`);
  const data = t.concreteData();
  for (let i = 0; i < data.length; i++) {
    if (!Number.isInteger(data[i])) throw new DTypeError(`${where}: ${arg} holds ${data[i]}, not an integer; indices must be integers.`);
  }
  return arrayFrom(indices, "int32", `${where}: ${arg}`);
}

const i32 = (v: number, shape: readonly number[]): Tensor => ops.broadcastInDim(scalar(v, "int32"), shape, []);

/** JAX's fill value for out-of-bounds reads: NaN for floats, the minimum of a signed int, the maximum of an unsigned one, true for bool. */
function defaultFill(t: Tensor): number {
  if (isFloat(t.dtype)) return NaN;
  if (t.dtype === "bool") return 1;
  return t.dtype === "int32" ? INT32_MIN : 2 ** 32 - 1;
}

type GatherMode = "fill" | "clip" | "promise_in_bounds";

function modeArg(where: string, mode: unknown): GatherMode {
  if (mode === undefined || mode === null) return "fill";
  if (mode === "fill" || mode === "clip" || mode === "promise_in_bounds") return mode;
  throw new ArgumentError(`${where}: mode must be "fill" (the default), "clip" or "promise_in_bounds"; got ${describeValue(mode)}.`);
}

/** arr and indices broadcast against each other on every axis but `axis` (JAX's take_along_axis rule). */
function alongShapes(where: string, t: Tensor, idx: Tensor, axis: number): { x: Tensor; i: Tensor } {
  const rest = (s: readonly number[]): number[] => s.map((d, k) => (k === axis ? 1 : d));
  const common = broadcastShapes(where, [rest(t.shape), rest(idx.shape)]);
  return {
    x: broadcastTensor(t, common.map((d, k) => (k === axis ? t.shape[axis]! : d))),
    i: broadcastTensor(idx, common.map((d, k) => (k === axis ? idx.shape[axis]! : d))),
  };
}

type TakeOptions = { axis?: number | null; mode?: GatherMode; fillValue?: number | boolean };

/**
 * `out[…, j, …] = arr[…, indices[…, j, …], …]` along `axis` (default −1; the flattened array when
 * null, with 1-D indices): the other axes of `arr` and `indices` broadcast. Negative indices count
 * from the end. Out-of-bounds indices give `fillValue` (NaN for floats, the dtype's minimum for
 * int32, true for bool) in mode "fill", JAX's default; mode "clip" clamps them.
 * @example `np.takeAlongAxis([[10, 30, 20]], [[1, 2, 0]], 1).toArray()` // [[30, 20, 10]]
 */
export function takeAlongAxis(arr: TensorLike, indices: TensorLike, ...rest: Positional<[number | null, GatherMode, number | boolean], TakeOptions>): Tensor {
  return inContext("np.takeAlongAxis", () => {
    const { axis = -1, mode, fillValue } = optionalArgs("np.takeAlongAxis", ["axis", "mode", "fillValue"], rest);
    let t = tensorArg("takeAlongAxis", arr);
    let idx = indicesArg("np.takeAlongAxis", indices, "indices (args[1])");
    const m = modeArg("np.takeAlongAxis", mode);
    let ax: number;
    if (axis === null) {
      if (idx.ndim !== 1) throw new ShapeError(`np.takeAlongAxis: with axis null the indices must be 1-D; got shape ${fmtShape(idx.shape)}.`);
      t = ops.reshape(t, [t.size]);
      ax = 0;
    } else {
      if (t.ndim !== idx.ndim) {
        throw new ShapeError(`np.takeAlongAxis: indices (shape ${fmtShape(idx.shape)}) and arr (shape ${fmtShape(t.shape)}) must have the same number of dimensions.`);
      }
      ax = axisArg("np.takeAlongAxis", axis, t.ndim);
    }
    const b = alongShapes("np.takeAlongAxis", t, idx, ax);
    t = b.x;
    idx = b.i;
    const n = t.shape[ax]!;
    const fill = fillValue === undefined || fillValue === null ? defaultFill(t) : Number(fillValue as number);
    if (typeof fill !== "number") throw new ArgumentError(`np.takeAlongAxis: fillValue must be a number; got ${describeValue(fillValue)}.`);
    if (n === 0) return ops.broadcastInDim(scalar(0, t.dtype), idx.shape, []);
    // Negative indices count from the end; then clamp into range (the gather reads a valid element).
    const wrapped = ops.select(ops.binaryOp("lt", idx, i32(0, idx.shape)), ops.add(idx, i32(n, idx.shape)), idx);
    const clamped = ops.binaryOp("min", ops.binaryOp("max", wrapped, i32(0, idx.shape)), i32(n - 1, idx.shape));
    const got = gatherAlong(t, clamped, ax);
    if (m !== "fill") return got;
    const inside = ops.binaryOp("and", ops.binaryOp("ge", wrapped, i32(0, idx.shape)), ops.binaryOp("lt", wrapped, i32(n, idx.shape)));
    return ops.select(inside, got, ops.broadcastInDim(scalar(fill, t.dtype), got.shape, []));
  });
}

type PutOptions = { inplace?: boolean; mode?: "fill" | "drop" | "clip" | "promise_in_bounds" };

/**
 * The copy of `arr` with `values` written at `indices` along `axis` (the inverse of takeAlongAxis):
 * `out[…, indices[…, j, …], …] = values[…, j, …]`, values broadcast to the indices' shape. JAX
 * arrays are immutable, so `inplace` must be false (the default here). Out-of-bounds indices are
 * dropped (mode "fill"/"drop", JAX's default) or clamped ("clip").
 * @example `np.putAlongAxis([[1, 2, 3]], [[0, 2]], 9, 1).toArray()` // [[9, 2, 9]]
 */
export function putAlongAxis(arr: TensorLike, indices: TensorLike, values: TensorLike, axis: number | null, options?: PutOptions): Tensor {
  return inContext("np.putAlongAxis", () => {
    const { inplace, mode } = optionalArgs("np.putAlongAxis", ["inplace", "mode"], options === undefined ? [] : [options]);
    if (inplace !== undefined && inplace !== false) {
      throw new ArgumentError(`np.putAlongAxis: arrays are immutable and cannot be modified in place; pass { inplace: false } (the default) and use the returned array.`);
    }
    if (mode !== undefined && mode !== "fill" && mode !== "drop" && mode !== "clip" && mode !== "promise_in_bounds") {
      throw new ArgumentError(`np.putAlongAxis: mode must be "fill"/"drop" (the default), "clip" or "promise_in_bounds"; got ${describeValue(mode)}.`);
    }
    const t0 = tensorArg("putAlongAxis", arr);
    let idx = indicesArg("np.putAlongAxis", indices, "indices (args[1])");
    let t = t0, ax: number;
    if (axis === null) {
      if (idx.ndim !== 1) throw new ShapeError(`np.putAlongAxis: with axis null the indices must be 1-D; got shape ${fmtShape(idx.shape)}.`);
      t = ops.reshape(t0, [t0.size]);
      ax = 0;
    } else {
      if (t.ndim !== idx.ndim) {
        throw new ShapeError(`np.putAlongAxis: indices (shape ${fmtShape(idx.shape)}) and arr (shape ${fmtShape(t.shape)}) must have the same number of dimensions.`);
      }
      ax = axisArg("np.putAlongAxis", axis, t.ndim);
    }
    // The indices broadcast to arr's other axes (they index arr, which keeps its shape).
    idx.shape.forEach((d, k) => {
      if (k !== ax && d !== 1 && d !== t.shape[k]) {
        throw new ShapeError(`np.putAlongAxis: indices of shape ${fmtShape(idx.shape)} do not broadcast against arr of shape ${fmtShape(t.shape)} on axis ${k}.`);
      }
    });
    idx = broadcastTensor(idx, t.shape.map((d, k) => (k === ax ? idx.shape[ax]! : d)));
    const v = ops.convert(broadcastTensor(tensorArg("putAlongAxis", values, "args[2]", t.dtype), idx.shape), t.dtype);
    const n = t.shape[ax]!;
    if (n === 0 || idx.size === 0) return t0;
    const wrapped = ops.select(ops.binaryOp("lt", idx, i32(0, idx.shape)), ops.add(idx, i32(n, idx.shape)), idx);
    let out: Tensor;
    if (mode === "clip" || mode === "promise_in_bounds") {
      out = scatterAlong(t, ops.binaryOp("min", ops.binaryOp("max", wrapped, i32(0, idx.shape)), i32(n - 1, idx.shape)), v, ax);
    } else {
      // Dropped writes go to one extra slot past the end of the axis, sliced off afterwards.
      const inside = ops.binaryOp("and", ops.binaryOp("ge", wrapped, i32(0, idx.shape)), ops.binaryOp("lt", wrapped, i32(n, idx.shape)));
      const target = ops.select(inside, wrapped, i32(n, idx.shape));
      const padded = ops.pad(t, 0, t.shape.map((_, k) => (k === ax ? [0, 1, 0] : [0, 0, 0]) as [number, number, number]));
      out = sliceAxis(scatterAlong(padded, target, v, ax), ax, 0, n);
    }
    return axis === null ? ops.reshape(out, t0.shape) : out;
  });
}

/**
 * The diagonal of the planes of `axis1` × `axis2` (above it for `offset` > 0, below for < 0), as
 * the last axis of the result.
 * @example `np.diagonal([[1, 2, 3], [4, 5, 6]], 1).toArray()` // [2, 6]
 */
export function diagonal(a: TensorLike, ...rest: Positional<[number, number, number], { offset?: number; axis1?: number; axis2?: number }>): Tensor {
  return inContext("np.diagonal", () => {
    const { offset = 0, axis1 = 0, axis2 = 1 } = optionalArgs("np.diagonal", ["offset", "axis1", "axis2"], rest);
    const t = tensorArg("diagonal", a);
    if (t.ndim < 2) throw new ShapeError(`np.diagonal: the array must be at least 2-D; got shape ${fmtShape(t.shape)}.`);
    const k = intArg("np.diagonal", "offset", offset);
    const a1 = normalizeAxis(axis1 as number, t.ndim, "np.diagonal"), a2 = normalizeAxis(axis2 as number, t.ndim, "np.diagonal");
    if (a1 === a2) throw new ShapeError(`np.diagonal: axis1 and axis2 are both axis ${a1}; give two different axes.`);
    // The two axes last (axis1 then axis2), then flattened into one: element (i, j) is at i·m + j.
    const rest2 = t.shape.map((_, i) => i).filter((i) => i !== a1 && i !== a2);
    const moved = ops.transpose(t, [...rest2, a1, a2]);
    const n = t.shape[a1]!, m = t.shape[a2]!;
    const lead = rest2.map((i) => t.shape[i]!);
    const d = Math.max(0, Math.min(n + Math.min(k, 0), m - Math.max(k, 0)));
    const flat = ops.reshape(moved, [...lead, n * m]);
    if (d === 0) return sliceAxis(flat, lead.length, 0, 0);
    const at = Array.from({ length: d }, (_, i) => (k >= 0 ? i * m + i + k : (i - k) * m + i));
    return ops.gather(flat, indexVector(at), lead.length);
  });
}

/**
 * The indices of the main diagonal of an `n` × … × `n` array of `ndim` dimensions: `ndim` copies of
 * `arange(n)` (int32), to index with.
 * @example `np.diagIndices(3).map((i) => i.toArray())` // [[0, 1, 2], [0, 1, 2]]
 */
export function diagIndices(n: number, ...rest: Positional<[number], { ndim?: number }>): Tensor[] {
  return inContext("np.diagIndices", () => {
    const { ndim = 2 } = optionalArgs("np.diagIndices", ["ndim"], rest);
    const size = intArg("np.diagIndices", "n", n, 0), nd = intArg("np.diagIndices", "ndim", ndim, 0);
    checkOutput("np.diagIndices", [size]);
    checkPieces("np.diagIndices", nd);
    return Array.from({ length: nd }, () => ops.iota("int32", [size], 0));
  });
}

/**
 * `diagIndices` for an array whose dimensions are all equal (at least 2 of them).
 * @example `np.diagIndicesFrom(np.zeros([2, 2, 2])).length` // 3
 */
export function diagIndicesFrom(arr: TensorLike): Tensor[] {
  return inContext("np.diagIndicesFrom", () => {
    const t = tensorArg("diagIndicesFrom", arr);
    if (t.ndim < 2) throw new ShapeError(`np.diagIndicesFrom: the array must be at least 2-D; got shape ${fmtShape(t.shape)}.`);
    if (t.shape.some((d) => d !== t.shape[0])) throw new ShapeError(`np.diagIndicesFrom: every dimension must have one length; got shape ${fmtShape(t.shape)}.`);
    return diagIndices(t.shape[0]!, t.ndim);
  });
}

/**
 * Elementwise, the choice of the first true condition: `choicelist[i]` where `condlist[i]` is the
 * first true one, else `default` (0). Conditions are tested against 0; all arrays broadcast and the
 * choices promote together.
 * @example `np.select([[true, false, false], [true, true, false]], [[1, 2, 3], [4, 5, 6]], -1).toArray()` // [1, 5, -1]
 */
export function select(condlist: readonly TensorLike[], choicelist: readonly TensorLike[], ...rest: Positional<[TensorLike], { default?: TensorLike }>): Tensor {
  return inContext("np.select", () => {
    const { default: dflt = 0 } = optionalArgs("np.select", ["default"], rest);
    if (!Array.isArray(condlist) || !Array.isArray(choicelist)) {
      throw new ArgumentError(`np.select: condlist and choicelist must be arrays of arrays; got ${describeValue(condlist)} and ${describeValue(choicelist)}.`);
    }
    if (condlist.length !== choicelist.length) {
      throw new ArgumentError(`np.select: condlist has ${condlist.length} conditions but choicelist has ${choicelist.length} choices; give one choice per condition.`);
    }
    if (condlist.length === 0) throw new ArgumentError(`np.select: condlist is empty; give at least one condition.`);
    checkPieces("np.select", condlist.length);
    const conds = condlist.map((c, i) => toBool(tensorArg("select", c as TensorLike, `condlist[${i}]`)));
    const [d, ...choices] = promoteOperands("select", [dflt as TensorLike, ...choicelist]) as Tensor[];
    const shape = broadcastShapes("np.select", [...conds, ...choices, d!].map((t) => t.shape));
    let out = broadcastTensor(d!, shape);
    // From the last condition to the first, so the first true one is chosen.
    for (let i = conds.length - 1; i >= 0; i--) out = ops.select(broadcastTensor(conds[i]!, shape), broadcastTensor(choices[i]!, shape), out);
    return out;
  });
}

type CompressOptions = { axis?: number | null; size?: number; fillValue?: number | boolean };

/**
 * The slices along `axis` (the flattened array when omitted) where the 1-D `condition` is true
 * (tested against 0). A condition longer than the axis may only be false past its end. With a
 * static `size` the result has exactly `size` slices — the first `size` chosen, then `fillValue`
 * (0) — which also works for a traced condition, as JAX requires under jit.
 * @example `np.compress([true, false, true], [1, 2, 3]).toArray()` // [1, 3]
 */
export function compress(condition: TensorLike, a: TensorLike, ...rest: Positional<[number | null], CompressOptions>): Tensor {
  return inContext("np.compress", () => {
    const { axis, size, fillValue = 0 } = optionalArgs("np.compress", ["axis", "size", "fillValue"], rest);
    let cond = toBool(tensorArg("compress", condition));
    if (cond.ndim !== 1) throw new ShapeError(`np.compress: condition must be 1-D; got shape ${fmtShape(cond.shape)}.`);
    const t0 = tensorArg("compress", a, "args[1]");
    const ax = axis === undefined || axis === null ? undefined : axisArg("np.compress", axis, t0.ndim);
    let arr = ax === undefined ? ops.reshape(t0, [t0.size]) : moveAxisTo(t0, ax, 0);
    const n = arr.shape[0]!;
    const back = (r: Tensor): Tensor => (ax === undefined ? r : moveAxisTo(r, 0, ax));
    const k = cond.shape[0]!;
    if (size === undefined || size === null) {
      if (isTracer(cond)) {
        throw new ConcretizationError(`np.compress: the condition is traced, so the result's length is unknown; pass a static size (np.compress(c, a, axis, { size, fillValue })).`);
      }
      const c = cond.concreteData();
      for (let i = n; i < k; i++) if (c[i]) throw new ShapeError(`np.compress: condition[${i}] is true but axis has only ${n} elements; entries past the axis must be false.`);
      const kept: number[] = [];
      for (let i = 0; i < Math.min(n, k); i++) if (c[i]) kept.push(i);
      return back(ops.gather(arr, indexVector(kept), 0));
    }
    const s = intArg("np.compress", "size", size, 0);
    if (k < n) arr = sliceAxis(arr, 0, 0, k);
    else if (k > n) cond = sliceAxis(cond, 0, 0, n);
    const m = arr.shape[0]!;
    if (s > m) throw new ShapeError(`np.compress: size ${s} is larger than the ${m} elements of the axis; use a size in [0, ${m}].`);
    if (typeof fillValue !== "number" && typeof fillValue !== "boolean") throw new ArgumentError(`np.compress: fillValue must be a number; got ${describeValue(fillValue)}.`);
    if (m === 0 || s === 0) return back(sliceAxis(arr, 0, 0, 0));
    // As JAX: unchosen slices become fillValue, and a stable sort puts the chosen ones first.
    const mask = ops.broadcastInDim(cond, arr.shape, [0]);
    const filled = ops.select(mask, arr, ops.broadcastInDim(scalar(Number(fillValue), arr.dtype), arr.shape, []));
    const order = ops.argsort(ops.convert(ops.unaryOp("not", cond), "int32"), 0);
    return back(ops.gather(filled, sliceAxis(order, 0, 0, s), 0));
  });
}

/**
 * The array without the slices at `obj` along `axis` (the flattened array when omitted): an index,
 * a list of indices (negative ones count from the end; repeats delete once) or a boolean mask of
 * the axis's length. `obj` is static, as JAX requires without `assume_unique_indices`.
 * @example `np.delete([1, 2, 3, 4], [0, -1]).toArray()` // [2, 3]
 */
export function delete_(arr: TensorLike, obj: number | readonly number[] | readonly boolean[] | Tensor, ...rest: Positional<[number | null], { axis?: number | null }>): Tensor {
  return inContext("np.delete", () => {
    const { axis } = optionalArgs("np.delete", ["axis"], rest);
    const t0 = tensorArg("delete", arr);
    const t = axis === undefined || axis === null ? ops.reshape(t0, [t0.size]) : t0;
    const ax = axis === undefined || axis === null ? 0 : axisArg("np.delete", axis, t.ndim);
    const n = t.shape[ax]!;
    const keep = new Array<boolean>(n).fill(true);
    const isMask = (obj instanceof Tensor && obj.dtype === "bool") || (Array.isArray(obj) && obj.length > 0 && obj.every((v) => typeof v === "boolean"));
    if (isMask) {
      const { values, shape } = staticArray("np.delete", "obj", Array.isArray(obj) ? obj.map(Number) : obj);
      if (shape.length !== 1 || shape[0] !== n) throw new ShapeError(`np.delete: a boolean obj must be 1-D with the axis's length ${n}; got shape ${fmtShape(shape)}.`);
      values.forEach((v, i) => (keep[i] = !v));
    } else {
      if (obj instanceof Tensor && (isFloat(obj.dtype) || obj.dtype === "bool")) throw new DTypeError(`np.delete: obj has dtype ${obj.dtype}; give integer indices or a boolean mask.`);
      for (const i of intList("np.delete", "obj", obj)) {
        if (i < -n || i >= n) throw new ShapeError(`np.delete: index ${i} is out of range for axis ${ax} of size ${n}; use an integer in [${-n}, ${n - 1}].`);
        keep[i < 0 ? i + n : i] = false;
      }
    }
    const kept = keep.flatMap((k, i) => (k ? [i] : []));
    if (kept.length === n) return t;
    return kept.length === 0 ? sliceAxis(t, ax, 0, 0) : ops.gather(t, indexVector(kept), ax);
  });
}

/**
 * The array with `values` inserted before index `obj` along `axis` (the flattened array when
 * omitted). `obj` is one index (`values` is then one block, its first axis moved to `axis`) or a
 * list of indices, one per inserted slice (negative ones count from the end; indices past the end
 * append). `values` broadcasts to the inserted slices and takes the array's dtype; it may be
 * traced, `obj` is static.
 * @example `np.insert([1, 2, 3], 1, [8, 9]).toArray()` // [1, 8, 9, 2, 3]
 */
export function insert(arr: TensorLike, obj: number | readonly number[] | Tensor, values: TensorLike, ...rest: Positional<[number | null], { axis?: number | null }>): Tensor {
  return inContext("np.insert", () => {
    const { axis } = optionalArgs("np.insert", ["axis"], rest);
    const t0 = tensorArg("insert", arr);
    const a = axis === undefined || axis === null ? ops.reshape(t0, [t0.size]) : t0;
    const ax = axis === undefined || axis === null ? 0 : axisArg("np.insert", axis, a.ndim);
    if (obj instanceof Tensor && (isFloat(obj.dtype) || obj.dtype === "bool")) throw new DTypeError(`np.insert: obj has dtype ${obj.dtype}; give integer indices.`);
    const { values: idx0, shape: objShape } = staticArray("np.insert", "obj", obj);
    if (objShape.length > 1) throw new ShapeError(`np.insert: obj must be one index or a 1-D list of them; got shape ${fmtShape(objShape)}.`);
    idx0.forEach((v, i) => intArg("np.insert", objShape.length === 0 ? "obj" : `obj[${i}]`, v));
    // values as an array of a's rank (leading 1s), in a's dtype; one index inserts it as a block.
    let v = ops.convert(tensorArg("insert", values, "args[2]"), a.dtype);
    if (v.ndim > a.ndim) throw new ShapeError(`np.insert: values of shape ${fmtShape(v.shape)} have more dimensions than the array (${a.ndim}).`);
    if (v.ndim < a.ndim) v = ops.reshape(v, [...Array<number>(a.ndim - v.ndim).fill(1), ...v.shape]);
    if (objShape.length === 0) v = moveAxisTo(v, 0, ax);
    const n = a.shape[ax]!;
    const k = objShape.length === 0 ? v.shape[ax]! : idx0.length;
    if (objShape.length > 0 && v.shape[ax] !== k && v.shape[ax] !== 1) {
      throw new ShapeError(`np.insert: ${k} indices but values have ${v.shape[ax]} slices along axis ${ax}; give one slice, or one per index.`);
    }
    const indices = objShape.length === 0 ? Array<number>(k).fill(idx0[0]!) : idx0;
    const slices = broadcastTensor(v, a.shape.map((d, i) => (i === ax ? k : d)));
    checkOutput("np.insert", a.shape.map((d, i) => (i === ax ? d + k : d)));
    // Where each inserted slice lands (JAX's rule: clamp into [0, n], then shift by the number of
    // insertions before it in a stable sort); the array fills the other positions in order.
    const clamped = indices.map((i) => Math.min(Math.max(i < 0 ? i + n : i, 0), n));
    const order = clamped.map((_, j) => j).sort((p, q) => clamped[p]! - clamped[q]! || p - q);
    const at = new Array<number>(k);
    order.forEach((j, rank) => (at[j] = clamped[j]! + rank));
    const source = new Array<number>(n + k).fill(-1);
    at.forEach((p, j) => (source[p] = n + j)); // a later duplicate position overwrites, as JAX's scatter
    let next = 0;
    for (let p = 0; p < n + k; p++) if (source[p] === -1) source[p] = next++;
    return ops.gather(ops.concatenate([a, slices], ax), indexVector(source), ax);
  });
}

/** `np.delete` (a reserved word in JS; `delete_` is the spelling that works as a name). */
export { delete_ as delete };
