/**
 * Movement, indexing and shape ops: Reshape, Flatten, Transpose, Squeeze/Unsqueeze, Concat, Split,
 * Slice, Gather, GatherElements, Expand, Tile, Pad, Constant, ConstantOfShape, Shape, Size, Range,
 * CumSum, TopK. Shape arithmetic on statics (Shape → Gather → Concat → Reshape) stays in JS.
 */
import * as np from "../../np/index.js";
import * as ops from "../../primitives/ops.js";
import type { DType } from "../../tensor/dtype.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { NodeCtx, OpImport } from "./kit.js";
import { type Static, type Value, axisOf, broadcastShape, isStatic, sizeOfShape, staticOf } from "./values.js";

const shapeOf = (v: Value): readonly number[] => v.shape;
const rankOf = (v: Value): number => v.shape.length;

/** Reshape's target: 0 copies the input's dimension (unless allowzero), −1 is inferred. */
function reshapeTarget(c: NodeCtx, inShape: readonly number[], spec: readonly number[]): number[] {
  const allowzero = c.attrs.int("allowzero", 0) !== 0;
  const out = spec.map((d, i) => (d === 0 && !allowzero ? inShape[i] ?? c.fail(`shape entry ${i} is 0 but the input has rank ${inShape.length}`) : d));
  const free = out.indexOf(-1);
  if (free >= 0) {
    const known = out.reduce((a, d, i) => (i === free ? a : a * d), 1);
    out[free] = known === 0 ? 0 : sizeOfShape(inShape) / known;
  }
  if (!out.every((d) => Number.isInteger(d) && d >= 0) || sizeOfShape(out) !== sizeOfShape(inShape)) {
    c.fail(`cannot reshape [${inShape.join(", ")}] to [${spec.join(", ")}]`);
  }
  return out;
}

/** `v` with a new shape of the same size (statics keep their data). */
function reshapeValue(v: Value, shape: readonly number[]): Value {
  return isStatic(v) ? staticOf(v.dtype, shape, v.data) : np.reshape(v, shape);
}

function reshape(c: NodeCtx): Value {
  const x = c.inputs[0]!;
  return reshapeValue(x, reshapeTarget(c, shapeOf(x), c.s(1)!));
}

function flatten(c: NodeCtx): Value {
  const x = c.inputs[0]!;
  const r = rankOf(x);
  const a = c.attrs.int("axis", 1);
  const axis = a < 0 ? a + r : a;
  if (axis < 0 || axis > r) c.fail(`axis ${a} is out of range for rank ${r}`);
  const s = shapeOf(x);
  return reshapeValue(x, [sizeOfShape(s.slice(0, axis)), sizeOfShape(s.slice(axis))]);
}

function squeeze(c: NodeCtx): Value {
  const x = c.inputs[0]!;
  const s = shapeOf(x);
  const given = c.has(1) ? c.s(1)! : c.attrs.ints("axes");
  const axes = given === undefined ? s.flatMap((d, i) => (d === 1 ? [i] : [])) : given.map((a) => axisOf(a, s.length, c.where));
  for (const a of axes) if (s[a] !== 1) c.fail(`cannot squeeze axis ${a} of size ${s[a]}`);
  return reshapeValue(x, s.filter((_, i) => !axes.includes(i)));
}

function unsqueeze(c: NodeCtx): Value {
  const x = c.inputs[0]!;
  const s = shapeOf(x);
  const given = c.has(1) ? c.s(1)! : c.attrs.ints("axes") ?? [];
  const r = s.length + given.length;
  const axes = given.map((a) => axisOf(a, r, c.where));
  const out: number[] = [];
  let j = 0;
  for (let i = 0; i < r; i++) out.push(axes.includes(i) ? 1 : s[j++]!);
  return reshapeValue(x, out);
}

/** Concatenation of statics along `axis`, in JS. */
function concatStatic(xs: readonly Static[], axis: number): Static {
  const s0 = xs[0]!.shape;
  const outer = sizeOfShape(s0.slice(0, axis));
  const data: number[] = [];
  for (let o = 0; o < outer; o++) {
    for (const x of xs) {
      const inner = sizeOfShape(x.shape.slice(axis));
      data.push(...x.data.slice(o * inner, (o + 1) * inner));
    }
  }
  const shape = [...s0];
  shape[axis] = xs.reduce((n, x) => n + x.shape[axis]!, 0);
  return staticOf(xs[0]!.dtype, shape, data);
}

function concat(c: NodeCtx): Value {
  const xs = c.inputs.filter((v): v is Value => v !== undefined);
  const axis = axisOf(c.attrs.int("axis", 0), rankOf(xs[0]!), c.where);
  if (c.allStatic()) return concatStatic(xs as Static[], axis);
  return np.concatenate(xs.map((_, i) => c.t(i)), axis);
}

/** A strided slice along each axis (steps may be negative: reverse, then slice forward). */
function sliceTensor(x: Tensor, starts: number[], ends: number[], steps: number[]): Tensor {
  const rev: number[] = [];
  const lo: number[] = [];
  const hi: number[] = [];
  x.shape.forEach((dim, a) => {
    const step = steps[a]!;
    let s = starts[a]!;
    let e = ends[a]!;
    if (step > 0) {
      s = Math.min(Math.max(s < 0 ? s + dim : s, 0), dim);
      e = Math.min(Math.max(e < 0 ? e + dim : e, 0), dim);
      lo.push(s);
      hi.push(Math.max(e, s));
    } else {
      s = Math.min(Math.max(s < 0 ? s + dim : s, 0), dim - 1);
      e = Math.min(Math.max(e < 0 ? e + dim : e, -1), dim - 1);
      rev.push(a);
      // In reversed coordinates the elements s, s−|step|, … > e run from dim−1−s up to dim−1−e.
      const rs = dim - 1 - s;
      lo.push(Math.min(rs, dim));
      hi.push(Math.max(dim - 1 - e, Math.min(rs, dim)));
    }
  });
  const y = rev.length > 0 ? ops.rev(x, rev) : x;
  return ops.slice(y, lo, hi, steps.map(Math.abs));
}

function slice(c: NodeCtx): Value {
  const x = c.inputs[0]!;
  const r = rankOf(x);
  const starts = c.has(1) ? c.s(1)! : c.attrs.ints("starts") ?? [];
  const ends = c.has(2) ? c.s(2)! : c.attrs.ints("ends") ?? [];
  const axes = (c.has(3) ? c.s(3)! : c.attrs.ints("axes") ?? starts.map((_, i) => i)).map((a) => axisOf(a, r, c.where));
  const steps = c.has(4) ? c.s(4)! : starts.map(() => 1);
  const st = shapeOf(x).map(() => 0);
  const en = shapeOf(x).map((d) => d);
  const sp = shapeOf(x).map(() => 1);
  axes.forEach((a, i) => {
    if (steps[i] === 0) c.fail("a step is 0");
    st[a] = starts[i]!;
    en[a] = ends[i]!;
    sp[a] = steps[i]!;
  });
  if (isStatic(x) && r === 1) {
    const t = sliceTensor(np.arange(0, x.data.length, 1, "int32"), st, en, sp);
    const idx = Array.from(t.concreteData());
    return staticOf(x.dtype, [idx.length], idx.map((i) => x.data[i]!));
  }
  return sliceTensor(c.t(0), st, en, sp);
}

function gather(c: NodeCtx): Value {
  const x = c.inputs[0]!;
  const idx = c.inputs[1]!;
  const axis = axisOf(c.attrs.int("axis", 0), rankOf(x), c.where);
  const dim = shapeOf(x)[axis]!;
  if (isStatic(idx)) {
    const norm = idx.data.map((i) => (i < 0 ? i + dim : i));
    if (norm.some((i) => i < 0 || i >= dim)) c.fail(`an index is out of range for axis ${axis} of size ${dim}`);
    if (isStatic(x)) {
      const outer = sizeOfShape(x.shape.slice(0, axis));
      const inner = sizeOfShape(x.shape.slice(axis + 1));
      const data: number[] = [];
      for (let o = 0; o < outer; o++) for (const i of norm) data.push(...x.data.slice((o * dim + i) * inner, (o * dim + i + 1) * inner));
      return staticOf(x.dtype, [...x.shape.slice(0, axis), ...idx.shape, ...x.shape.slice(axis + 1)], data);
    }
    return np.take(c.t(0), np.reshape(np.array(norm, { dtype: "int32" }), idx.shape), axis);
  }
  const i = np.astype(c.t(1), "int32");
  return np.take(c.t(0), np.where(np.less(i, 0), np.add(i, dim), i), axis);
}

function gatherElements(c: NodeCtx): Tensor {
  const x = c.t(0);
  const axis = axisOf(c.attrs.int("axis", 0), x.ndim, c.where);
  const i = np.astype(c.t(1), "int32");
  return np.takeAlongAxis(x, np.where(np.less(i, 0), np.add(i, x.shape[axis]!), i), axis);
}

function expand(c: NodeCtx): Tensor {
  const x = c.t(0);
  return np.broadcastTo(x, broadcastShape(x.shape, c.s(1)!, c.where));
}

function pad(c: NodeCtx): Tensor {
  const x = c.t(0);
  const r = x.ndim;
  const pads = c.has(1) ? c.s(1)! : c.attrs.ints("pads") ?? [];
  const axes = (c.has(3) ? c.s(3)! : x.shape.map((_, i) => i)).map((a) => axisOf(a, r, c.where));
  if (pads.length !== 2 * axes.length) c.fail(`pads has ${pads.length} entries for ${axes.length} axes`);
  const widths: [number, number][] = x.shape.map(() => [0, 0]);
  axes.forEach((a, i) => {
    widths[a] = [pads[i]!, pads[i + axes.length]!];
  });
  const mode = c.attrs.str("mode", "constant");
  if (mode === "constant") {
    // The pad primitive crops at negative widths, as ONNX's constant Pad does.
    const value = c.has(2) ? c.s(2)![0] ?? 0 : c.attrs.float("value", 0);
    return ops.pad(x, value, widths.map(([b, e]) => [b, e, 0] as const));
  }
  if (mode !== "reflect" && mode !== "edge" && mode !== "wrap") c.fail(`pad mode "${mode}" is not supported`);
  // Negative widths crop first; the rest pads the cropped array.
  const cropped = widths.some(([b, e]) => b < 0 || e < 0)
    ? ops.slice(x, widths.map(([b]) => Math.max(-b, 0)), x.shape.map((d, a) => d - Math.max(-widths[a]![1], 0)), x.shape.map(() => 1))
    : x;
  return np.pad(cropped, widths.map(([b, e]) => [Math.max(b, 0), Math.max(e, 0)]), { mode });
}

function constant(c: NodeCtx): Value {
  const t = c.attrs.tensor("value");
  if (t !== undefined) return staticOf(t.dtype, t.shape, t.data);
  const f = c.attrs.floats("value_floats");
  if (f !== undefined && c.attrs.has("value_floats")) return staticOf("float32", [f.length], f.map(Math.fround));
  if (c.attrs.has("value_float")) return staticOf("float32", [], [Math.fround(c.attrs.float("value_float", 0))]);
  const ints = c.attrs.ints("value_ints");
  if (ints !== undefined) return staticOf("int32", [ints.length], ints);
  if (c.attrs.has("value_int")) return staticOf("int32", [], [c.attrs.int("value_int", 0)]);
  return c.fail("only tensor, float(s) and int(s) constants are supported (not sparse or string)");
}

/** Statics up to this many elements stay in JS; a larger ConstantOfShape is made a tensor at once. */
const STATIC_LIMIT = 4096;

function constantOfShape(c: NodeCtx): Value {
  const shape = c.s(0)!;
  const t = c.attrs.tensor("value");
  const dtype: DType = t?.dtype ?? "float32";
  const value = t?.data[0] ?? 0;
  const n = sizeOfShape(shape);
  return n <= STATIC_LIMIT ? staticOf(dtype, shape, new Array<number>(n).fill(value)) : np.full(shape, dtype === "bool" ? value !== 0 : value, dtype);
}

function shapeOp(c: NodeCtx): Static {
  const s = shapeOf(c.inputs[0]!);
  const r = s.length;
  const clamp = (a: number): number => Math.min(Math.max(a < 0 ? a + r : a, 0), r);
  const dims = s.slice(clamp(c.attrs.int("start", 0)), clamp(c.attrs.int("end", r)));
  return staticOf("int32", [dims.length], dims);
}

function range(c: NodeCtx): Static {
  const [start, limit, delta] = [c.s(0)![0]!, c.s(1)![0]!, c.s(2)![0]!];
  const dtype = (c.inputs[0] as Value).dtype;
  if (delta === 0) c.fail("delta is 0");
  const n = Math.max(Math.ceil((limit - start) / delta), 0);
  const round = dtype === "float32" ? Math.fround : (v: number) => v;
  return staticOf(dtype, [n], Array.from({ length: n }, (_, i) => round(start + i * delta)));
}

function split(c: NodeCtx): Tensor[] {
  const x = c.t(0);
  const axis = axisOf(c.attrs.int("axis", 0), x.ndim, c.where);
  const dim = x.shape[axis]!;
  let sizes = c.has(1) ? c.s(1)! : c.attrs.ints("split");
  if (sizes === undefined) {
    const n = c.attrs.int("num_outputs", c.nOut);
    const chunk = Math.ceil(dim / n);
    sizes = Array.from({ length: n }, (_, i) => Math.max(Math.min(chunk, dim - i * chunk), 0));
  }
  if (sizes.reduce((a, b) => a + b, 0) !== dim) c.fail(`split sizes [${sizes.join(", ")}] do not add up to ${dim}`);
  let at = 0;
  return sizes.map((n) => {
    const lo = x.shape.map((_, a) => (a === axis ? at : 0));
    const hi = x.shape.map((d, a) => (a === axis ? at + n : d));
    at += n;
    return ops.slice(x, lo, hi, x.shape.map(() => 1));
  });
}

function cumsum(c: NodeCtx): Tensor {
  const x = c.t(0);
  const axis = axisOf(c.s(1)![0]!, x.ndim, c.where);
  const rev = c.attrs.int("reverse", 0) !== 0;
  let y = rev ? np.flip(x, axis) : x;
  if (c.attrs.int("exclusive", 0)) {
    // Shift by one along the axis (a zero in front, the last element dropped), then sum.
    const n = y.shape[axis]!;
    y = ops.slice(ops.pad(y, 0, y.shape.map((_, a): [number, number, number] => (a === axis ? [1, 0, 0] : [0, 0, 0]))), y.shape.map(() => 0), y.shape.map((d, a) => (a === axis ? n : d)), y.shape.map(() => 1));
  }
  y = np.cumsum(y, axis);
  return rev ? np.flip(y, axis) : y;
}

function topk(c: NodeCtx): Tensor[] {
  const x = c.t(0);
  const axis = axisOf(c.attrs.int("axis", -1), x.ndim, c.where);
  const kk = c.s(1)![0]!;
  if (kk < 0 || kk > x.shape[axis]!) c.fail(`k = ${kk} is out of range for axis ${axis} of size ${x.shape[axis]}`);
  const largest = c.attrs.int("largest", 1) !== 0;
  // A stable sort keeps equal values in index order, as ONNX's TopK orders ties.
  const order = np.argsort(x, { axis, stable: true, descending: largest });
  const idx = ops.slice(order, x.shape.map(() => 0), x.shape.map((d, a) => (a === axis ? kk : d)), x.shape.map(() => 1));
  return [np.takeAlongAxis(x, idx, axis), idx];
}

export const SHAPE_OPS: Readonly<Record<string, OpImport>> = {
  Reshape: reshape,
  Flatten: flatten,
  Squeeze: squeeze,
  Unsqueeze: unsqueeze,
  Transpose: (c) => {
    const x = c.t(0);
    const perm = c.attrs.ints("perm") ?? x.shape.map((_, i) => x.ndim - 1 - i);
    return np.transpose(x, perm);
  },
  Concat: concat,
  Split: split,
  Slice: slice,
  Gather: gather,
  GatherElements: gatherElements,
  Expand: expand,
  Tile: (c) => np.tile(c.t(0), c.s(1)!),
  Pad: pad,
  Constant: constant,
  ConstantOfShape: constantOfShape,
  Shape: shapeOp,
  Size: (c) => staticOf("int32", [], [sizeOfShape(shapeOf(c.inputs[0]!))]),
  Range: range,
  CumSum: cumsum,
  TopK: topk,
  OneHot: (c) => {
    const idx = np.astype(c.t(0), "int32");
    const depth = c.s(1)![0]!;
    const values = c.t(2);
    const r = idx.ndim + 1;
    const axis = axisOf(c.attrs.int("axis", -1), r, c.where);
    const norm = np.where(np.less(idx, 0), np.add(idx, depth), idx);
    const hot = np.equal(np.expandDims(norm, axis), np.reshape(np.arange(0, depth, 1, "int32"), Array.from({ length: r }, (_, a) => (a === axis ? depth : 1))));
    return np.where(hot, np.take(values, np.array(1, { dtype: "int32" })), np.take(values, np.array(0, { dtype: "int32" })));
  },
};

