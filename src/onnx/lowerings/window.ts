/**
 * ONNX lowerings of the windowed reductions (reduce_window_sum/max/min, select_and_gather_add,
 * select_and_scatter_add). ONNX's pooling ops cover few of their geometries (no base dilation, no
 * padding by the identity of a min, MaxPool passes over NaN where fluxion propagates it), so every
 * window is spelled out the way the reference kernels (tensor/kernels/window.ts) walk it: shapes
 * are static, so the element each tap of each window reads along a dim is known at export time,
 * and one constant-index Gather per dim lays the windows out as an axis of their own, reading an
 * appended element that holds the identity wherever a tap falls on padding or a dilation hole.
 * Sum, max and min are separable (one Gather and one Reduce per dim, as the kernel's passes);
 * selections are not: every tap of a window is gathered onto one axis, where the kernel's
 * comparison sequence (first extremum, NaN passed over by the tap after it) has a closed form.
 */
import type { DType } from "../../tensor/dtype.js";
import { dilateDim, windowIdentity, windowOutShape } from "../../tensor/kernels/window.js";
import type { WindowGeometry } from "../../primitives/window/params.js";
import type { Emitter } from "../emitter.js";
import { ONNX_TYPE_OF } from "../proto.js";
import { type Lowering, lit, outDtype } from "./kit.js";

/** The element type lowerings compute in: fluxion's dtypes, and int64 (ONNX Runtime's widest integer). */
export type WorkType = DType | "int64";

const INT64 = 7;
const typeCode = (d: WorkType): number => (d === "int64" ? INT64 : ONNX_TYPE_OF[d]);

/** `x` of dtype `from` cast to `to` (no node when they are equal). */
export const castTo = (em: Emitter, x: string, from: WorkType, to: WorkType): string =>
  from === to ? x : em.op("Cast", [x], { to: { i: typeCode(to) } });

/** A 0-d constant of a work type. */
export const scalarOf = (em: Emitter, value: number, d: WorkType): string => (d === "int64" ? em.int64s([value], true) : lit(em, value, d));

/** A constant made on first use (a fill no tap reads would be an unused initializer). */
export type Fill = () => string;

/** `make` run once, on the first call. */
export function lazy(make: () => string): Fill {
  let name: string | undefined;
  return () => (name ??= make());
}

/**
 * For one dim of `n` elements: entry `j·window + k` is the element tap k of window j reads, or `n`
 * (the appended identity) where it falls on padding or between dilated elements. The same
 * arithmetic as the kernels' tap tables, with the convolution's names: `dilation` is the operand's
 * (base or lhs) dilation, `tapDilation` the window's (window or rhs), `lo` the low padding (a
 * negative one crops).
 */
export function tapTable(n: number, count: number, window: number, stride: number, lo: number, dilation: number, tapDilation: number): number[] {
  const table = new Array<number>(count * window);
  const dilated = dilateDim(n, dilation);
  for (let j = 0; j < count; j++) {
    for (let k = 0; k < window; k++) {
      const p = j * stride + k * tapDilation - lo;
      table[j * window + k] = p >= 0 && p < dilated && p % dilation === 0 ? p / dilation : n;
    }
  }
  return table;
}

/**
 * Axis `axis` (of size `shape[axis]`) of `x` replaced by two axes `[count, window]`: the taps of
 * every window along it, as `table` names them, with `fill` wherever an entry is `shape[axis]`.
 */
export function gatherTaps(em: Emitter, x: string, shape: readonly number[], axis: number, table: readonly number[], count: number, window: number, fill: Fill): string {
  const n = shape[axis]!;
  let src = x;
  if (table.some((t) => t === n)) {
    const pads = new Array<number>(2 * shape.length).fill(0);
    pads[shape.length + axis] = 1;
    src = em.op("Pad", [x, em.int64s(pads), fill()]);
  }
  const flat = em.op("Gather", [src, em.int64s(table)], { axis: { i: axis } });
  if (window === 1) return flat;
  const split = [...shape.slice(0, axis), count, window, ...shape.slice(axis + 1)];
  return em.op("Reshape", [flat, em.int64s(split)]);
}

/** A dim the windows leave as it is (the kernel skips it the same way). */
const trivialDim = (g: WindowGeometry, d: number): boolean =>
  g.windowDimensions[d] === 1 && g.windowStrides[d] === 1 && g.padding[d]![0] === 0 && g.padding[d]![1] === 0 && g.baseDilation[d] === 1;

/** The tap table of dim `d` of an operand of `shape` under window geometry `g`. */
const windowTable = (shape: readonly number[], g: WindowGeometry, d: number): number[] =>
  tapTable(shape[d]!, windowOutShape(shape, g)[d]!, g.windowDimensions[d]!, g.windowStrides[d]!, g.padding[d]![0], g.baseDilation[d]!, g.windowDilation[d]!);

/**
 * The type a window reduction runs in. Float32 sums go through float64 (the kernel accumulates in
 * float64 and rounds once); integer sums through int64, cast back modulo 2³² as the kernel wraps
 * (ONNX Runtime's int32 ReduceSum does not wrap, and it has no uint32 reductions); uint32 max/min
 * through float64, exact for every uint32 (ONNX Runtime 1.30's int64 ReduceMin over an inner axis
 * orders some values above 2³¹ as if they were negative int32s), and bools through int32.
 */
function workTypeOf(op: "sum" | "max" | "min", d: DType): WorkType {
  if (op === "sum") return d === "float32" ? "float64" : d === "int32" || d === "uint32" ? "int64" : d;
  return d === "uint32" ? "float64" : d === "bool" ? "int32" : d;
}

const REDUCE_OP = { sum: "ReduceSum", max: "ReduceMax", min: "ReduceMin" } as const;

/**
 * `op` over axis `axis` of `taps` (of dtype `dtype`, or its work type); for floats, NaN propagating: ONNX Runtime's ReduceMax/ReduceMin keep
 * or drop a NaN depending on where it stands, so windows holding one are set to NaN afterwards.
 */
function reduceAxis(em: Emitter, op: "sum" | "max" | "min", taps: string, axis: number, dtype: DType): string {
  const axes = em.int64s([axis]);
  const r = em.op(REDUCE_OP[op], [taps, axes], { keepdims: { i: 0 } });
  if (op === "sum" || (dtype !== "float32" && dtype !== "float64")) return r;
  // Float dtypes are their own work type for max and min.
  const f = dtype;
  const anyNaN = em.op("ReduceMax", [castTo(em, em.op("IsNaN", [taps]), "bool", f), axes], { keepdims: { i: 0 } });
  return em.op("Where", [castTo(em, anyNaN, f, "bool"), lit(em, NaN, f), r]);
}

/** reduce_window_sum/max/min: one Gather of the taps and one Reduce per dim the windows touch. */
const reduceWindow = (op: "sum" | "max" | "min"): Lowering<"reduce_window_sum" | "reduce_window_max" | "reduce_window_min"> => (em, e, [x], [out]) => {
  const d = outDtype(e);
  const g = e.params;
  const work = workTypeOf(op, d);
  const fill = lazy(() => scalarOf(em, windowIdentity(op, d), work));
  const shape = [...e.inputs[0]!.aval.shape];
  const outShape = windowOutShape(shape, g);
  let cur = castTo(em, x!, d, work);
  for (let dim = 0; dim < shape.length; dim++) {
    if (trivialDim(g, dim)) continue;
    const taps = gatherTaps(em, cur, shape, dim, windowTable(e.inputs[0]!.aval.shape, g, dim), outShape[dim]!, g.windowDimensions[dim]!, fill);
    cur = g.windowDimensions[dim] === 1 ? taps : reduceAxis(em, op, taps, dim + 1, d);
    shape[dim] = outShape[dim]!;
  }
  em.node("Identity", [castTo(em, cur, work, d)], [out!]);
};

/**
 * Every tap of every window of `x` (of `shape`) on one last axis, in the kernel's row-major tap
 * order: the result has shape `[...windows, taps]`. Taps on padding or holes read `fill`.
 */
function windowsOf(em: Emitter, x: string, shape: readonly number[], g: WindowGeometry, fill: Fill): { taps: string; windows: number[]; count: number } {
  const windows = windowOutShape(shape, g);
  const r = shape.length;
  let cur = x;
  const curShape = [...shape];
  // Dims are gathered from the last, so the axis of every dim still to come stays at its index.
  for (let d = r - 1; d >= 0; d--) {
    const w = g.windowDimensions[d]!;
    if (!trivialDim(g, d)) cur = gatherTaps(em, cur, curShape, d, windowTable(shape, g, d), windows[d]!, w, fill);
    // A one-tap window still gets its tap axis, so every dim has two.
    if (w === 1) cur = em.op("Unsqueeze", [cur, em.int64s([d + 1])]);
    curShape.splice(d, 1, windows[d]!, w);
  }
  // [m0, w0, m1, w1, …] → [m0, m1, …, w0, w1, …] → [...windows, taps].
  const perm = [...shape.map((_, d) => 2 * d), ...shape.map((_, d) => 2 * d + 1)];
  const count = g.windowDimensions.reduce((p, w) => p * w, 1);
  const moved = r === 0 ? cur : em.op("Transpose", [cur], { perm: { ints: perm } });
  return { taps: em.op("Reshape", [moved, em.int64s([...windows, count])]), windows, count };
}

/**
 * The tap the kernel selects in each window of `xTaps` (`[...windows, count]`, count > 1), as an
 * int64 `[...windows, 1]`. The kernel walks the taps: tap 0 is selected, and each later tap
 * replaces the selection unless the selection ≥ it ("ge") or ≤ it ("le"). So ties keep the first
 * extremum, a NaN tap is always taken, and the tap after it always replaces it: the selection is
 * the last NaN if it is the last tap, otherwise the first extremum among the taps after the last
 * NaN (all taps when there is none). That closed form costs a dozen nodes whatever the window.
 */
function selectTaps(em: Emitter, xTaps: string, count: number, axis: number, selectPrim: "ge" | "le", dtype: DType): string {
  const range = em.int64s(Array.from({ length: count }, (_, k) => k));
  const axes = em.int64s([axis]);
  const keep = { keepdims: { i: 1 } };
  const lastNaN = em.op("ReduceMax", [em.op("Where", [em.op("IsNaN", [xTaps]), range, em.int64s([-1], true)]), axes], keep);
  const after = em.op("Greater", [range, lastNaN]);
  // Past the last NaN there is none, so ONNX's Reduce gives the extremum the kernel's walk finds.
  const bound = lit(em, selectPrim === "ge" ? -Infinity : Infinity, dtype);
  const extremum = em.op(selectPrim === "ge" ? "ReduceMax" : "ReduceMin", [em.op("Where", [after, xTaps, bound]), axes], keep);
  const hits = em.op("Cast", [em.op("And", [after, em.op("Equal", [xTaps, extremum])])], { to: { i: typeCode("int32") } });
  const first = em.op("ArgMax", [hits], { axis: { i: axis }, keepdims: { i: 1 }, select_last_index: { i: 0 } });
  const last = em.int64s([count - 1], true);
  return em.op("Where", [em.op("Equal", [lastNaN, last]), last, first]);
}

/** select_and_gather_add(t, x): t at each window's selected tap of x (0 where that is padding). */
const selectAndGatherAdd: Lowering<"select_and_gather_add"> = (em, e, [t, x], [out]) => {
  const d = outDtype(e);
  const shape = e.inputs[1]!.aval.shape;
  const p = e.params;
  const xw = windowsOf(em, x!, shape, p, lazy(() => lit(em, windowIdentity(p.selectPrim === "ge" ? "max" : "min", d), d)));
  const tw = windowsOf(em, t!, shape, p, lazy(() => lit(em, 0, d)));
  const r = shape.length;
  // One tap per window: it is the selection.
  const picked = xw.count === 1 ? tw.taps : em.op("GatherElements", [tw.taps, selectTaps(em, xw.taps, xw.count, r, p.selectPrim, d)], { axis: { i: r } });
  em.node("Squeeze", [picked, em.int64s([r])], [out!]);
};

/**
 * select_and_scatter_add(s, x): each window's s placed at its selected tap (a Where, not a
 * product with a one-hot mask, which would turn ∞·0 into NaN), then sent back to the operand's
 * elements dim by dim — the transpose of the per-dim Gathers, itself a Gather: element i of a dim
 * sums the window taps that read it, at most `c` of them, listed at export time. Float32 sums in
 * float64, as the kernel's.
 */
const selectAndScatterAdd: Lowering<"select_and_scatter_add"> = (em, e, [s, x], [out]) => {
  const d = outDtype(e);
  const work: WorkType = d === "float32" ? "float64" : d;
  const shape = e.inputs[1]!.aval.shape;
  const p = e.params;
  const r = shape.length;
  // No windows: nothing is added anywhere.
  if (windowOutShape(shape, p).includes(0)) return em.node("Expand", [lit(em, 0, d), em.int64s(shape)], [out!]);
  const xw = windowsOf(em, x!, shape, p, lazy(() => lit(em, windowIdentity(p.selectPrim === "ge" ? "max" : "min", d), d)));
  const source = em.op("Unsqueeze", [castTo(em, s!, d, work), em.int64s([r])]);
  const zero = lazy(() => scalarOf(em, 0, work));
  let cur = source;
  if (xw.count > 1) {
    const index = selectTaps(em, xw.taps, xw.count, r, p.selectPrim, d);
    const hit = em.op("Equal", [index, em.int64s(Array.from({ length: xw.count }, (_, k) => k))]);
    cur = em.op("Where", [hit, source, zero()]);
  }
  // [...windows, taps] → [m0, w0, m1, w1, …].
  const w = p.windowDimensions;
  cur = em.op("Reshape", [cur, em.int64s([...xw.windows, ...w])]);
  if (r > 0) cur = em.op("Transpose", [cur], { perm: { ints: shape.flatMap((_, k) => [k, r + k]) } });
  const curShape = shape.flatMap((_, k) => [xw.windows[k]!, w[k]!]);
  for (let k = 0; k < r; k++) {
    // Axes k (m_k) and k + 1 (w_k) merge into the dim's tap list, which gathers back into n_k elements.
    const table = windowTable(shape, p, k);
    const taken = table.length;
    const readers: number[][] = Array.from({ length: shape[k]! }, () => []);
    table.forEach((i, at) => i < shape[k]! && readers[i]!.push(at));
    const c = Math.max(1, ...readers.map((l) => l.length));
    const inverse = readers.flatMap((l) => [...l, ...new Array<number>(c - l.length).fill(taken)]);
    const merged = [...curShape.slice(0, k), taken, ...curShape.slice(k + 2)];
    const flat = em.op("Reshape", [cur, em.int64s(merged)]);
    const gathered = gatherTaps(em, flat, merged, k, inverse, shape[k]!, c, zero);
    cur = c === 1 ? gathered : em.op("ReduceSum", [gathered, em.int64s([k + 1])], { keepdims: { i: 0 } });
    curShape.splice(k, 2, shape[k]!);
  }
  em.node("Identity", [castTo(em, cur, work, d)], [out!]);
};

/** The windowed reductions' part of the ONNX lowering table. */
export const WINDOW_LOWERINGS = {
  reduce_window_sum: reduceWindow("sum") as Lowering<"reduce_window_sum">,
  reduce_window_max: reduceWindow("max") as Lowering<"reduce_window_max">,
  reduce_window_min: reduceWindow("min") as Lowering<"reduce_window_min">,
  select_and_gather_add: selectAndGatherAdd,
  select_and_scatter_add: selectAndScatterAdd,
};
