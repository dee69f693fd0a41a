/**
 * ONNX lowerings of reductions, movement, indexing, dot_general and iota. Shapes are static in
 * fluxion's graphs, so shape operands (Reshape's, Expand's, Slice's) are int64 constants; a
 * reduction over no axes is the identity (`noop_with_empty_axes`), as it is in fluxion.
 */
import type { PrimName } from "../../ir/types.js";
import { fromIota } from "./iota.js";
import { Emitter } from "../emitter.js";
import { type Lowering, floaty, lit, outDtype, requireDtypes, where } from "./kit.js";

const REAL = ["float32", "float64", "int32", "uint32"] as const;

/**
 * `x` in a dtype ONNX Runtime's comparison kernels take: uint32 and bool become float64 (exact for
 * every uint32), where its ArgMax/ArgMin/Reduce kernels have no uint32 or bool form.
 */
function widened(em: Emitter, x: string, dtype: string): string {
  return dtype === "uint32" || dtype === "bool" ? em.op("Cast", [x], { to: { i: 11 } }) : x;
}

/** ReduceSum/Max/Min/Prod over `axes` (opset 18: axes are an input), dropping the reduced dims. */
const reduce = (op: string): Lowering<"reduce_sum" | "reduce_max" | "reduce_min" | "reduce_prod"> => (em, e, [x], [out]) => {
  const d = e.inputs[0]!.aval.dtype;
  const attrs = { keepdims: { i: 0 }, noop_with_empty_axes: { i: 1 } };
  if (d !== "uint32" && d !== "bool") {
    requireDtypes(e, op, REAL);
    if (!floaty(d) || op === "ReduceSum" || op === "ReduceProd") return em.node(op, [x!, em.int64s(e.params.axes)], [out!], attrs);
    // ONNX leaves NaN in ReduceMax/ReduceMin unspecified and ONNX Runtime's kernels drop it in
    // some positions; fluxion's max/min propagate it (Math.max), so a NaN anywhere in the slice wins.
    const m = em.op(op, [x!, em.int64s(e.params.axes)], attrs);
    const anyNan = anyAlong(em, em.op("IsNaN", [x!]), e.params.axes);
    return em.node("Identity", [where(em, anyNan, lit(em, NaN, d), m, d)], [out!]);
  }
  // ONNX Runtime has no uint32 or bool kernel. Through float64, max and min are exact; a uint32
  // sum or product wraps modulo 2³², which float64 does not, so those are refused.
  if (op === "ReduceSum" || op === "ReduceProd") Emitter.unsupported(e, `on ${d} operands (ONNX Runtime has no ${d} kernel, and float64 does not wrap)`);
  const r = em.op(op, [widened(em, x!, d), em.int64s(e.params.axes)], attrs);
  em.node("Cast", [r], [out!], { to: { i: d === "bool" ? 9 : 12 } });
};

/** ArgMax/ArgMin (first index on ties, as fluxion's kernels), int64 cast to int32. */
const arg = (op: "ArgMax" | "ArgMin"): Lowering<"argmax" | "argmin"> => (em, e, [x], [out]) => {
  requireDtypes(e, op, [...REAL, "bool"]);
  const d = e.inputs[0]!.aval.dtype;
  const attrs = { axis: { i: e.params.axis }, keepdims: { i: 0 }, select_last_index: { i: 0 } };
  if (!floaty(d)) return em.node("Cast", [em.op(op, [widened(em, x!, d)], attrs)], [out!], { to: { i: 6 } });
  // The kernel counts a NaN as the extreme (the first NaN wins, as numpy); ONNX Runtime's ArgMax
  // compares NaN as neither larger nor smaller. So: the first NaN where the slice has one, else
  // the extreme of the slice with its NaNs (none) made the opposite infinity.
  const nan = em.op("IsNaN", [x!]);
  const clean = em.op("Where", [nan, lit(em, op === "ArgMax" ? -Infinity : Infinity, d), x!]);
  const best = em.op(op, [clean], attrs);
  const firstNan = em.op("ArgMax", [em.op("Cast", [nan], { to: { i: 6 } })], attrs);
  const anyNan = anyAlong(em, nan, [e.params.axis]);
  em.node("Cast", [em.op("Where", [anyNan, firstNan, best])], [out!], { to: { i: 6 } });
};

/** True where the bool `b` holds anywhere along `axes` (the reduced dims dropped). */
function anyAlong(em: Emitter, b: string, axes: readonly number[]): string {
  const r = em.op("ReduceMax", [em.op("Cast", [b], { to: { i: 6 } }), em.int64s(axes)], { keepdims: { i: 0 }, noop_with_empty_axes: { i: 1 } });
  return em.op("Cast", [r], { to: { i: 9 } });
}

/** broadcast_in_dim: Reshape to the target rank (1s at new dims), then Expand. */
const broadcastInDim: Lowering<"broadcast_in_dim"> = (em, e, [x], [out]) => {
  const { shape, broadcastDimensions } = e.params;
  const inShape = e.inputs[0]!.aval.shape;
  const ranked = shape.map(() => 1);
  broadcastDimensions.forEach((d, k) => (ranked[d] = inShape[k]!));
  const r = em.op("Reshape", [x!, em.int64s(ranked)], { allowzero: { i: 1 } });
  em.node("Expand", [r, em.int64s(shape)], [out!]);
};

/** slice with strides: ONNX Slice over every axis. */
const slice: Lowering<"slice"> = (em, e, [x], [out]) => {
  const { startIndices, limitIndices, strides } = e.params;
  if (startIndices.length === 0) return em.node("Identity", [x!], [out!]);
  const axes = startIndices.map((_, i) => i);
  em.node("Slice", [x!, em.int64s(startIndices), em.int64s(limitIndices), em.int64s(axes), em.int64s(strides)], [out!]);
};

/**
 * pad[config (lo, hi, interior) per dim]: interior padding first (each dim with interior i: a new
 * axis after it padded by i at its end, merged back, the trailing i cut), then Pad with lo/hi,
 * which may be negative (ONNX Pad removes elements then).
 */
const pad: Lowering<"pad"> = (em, e, [x], [out]) => {
  const v = lit(em, e.params.paddingValue, e.inputs[0]!.aval.dtype);
  const shape = [...e.inputs[0]!.aval.shape];
  let cur = x!;
  e.params.config.forEach(([, , interior], d) => {
    const n = shape[d]!;
    if (interior === 0 || n === 0) return;
    const split = [...shape.slice(0, d), n, 1, ...shape.slice(d + 1)];
    const pads = split.map(() => 0).concat(split.map((_, k) => (k === d + 1 ? interior : 0)));
    const grown = em.op("Pad", [em.op("Reshape", [cur, em.int64s(split)], { allowzero: { i: 1 } }), em.int64s(pads), v]);
    const merged = [...shape.slice(0, d), n * (interior + 1), ...shape.slice(d + 1)];
    const flat = em.op("Reshape", [grown, em.int64s(merged)], { allowzero: { i: 1 } });
    cur = em.op("Slice", [flat, em.int64s([0]), em.int64s([n * (interior + 1) - interior]), em.int64s([d])]);
    shape[d] = n * (interior + 1) - interior;
  });
  const pads = [...e.params.config.map(([lo]) => lo), ...e.params.config.map(([, hi]) => hi)];
  if (pads.length === 0) return em.node("Identity", [cur], [out!]);
  em.node("Pad", [cur, em.int64s(pads), v], [out!], { mode: { s: "constant" } });
};

/** rev: Slice with step −1 over the reversed dims. */
const rev: Lowering<"rev"> = (em, e, [x], [out]) => {
  const dims = e.params.dimensions;
  if (dims.length === 0) return em.node("Identity", [x!], [out!]);
  const min = -(2 ** 53);
  em.node("Slice", [x!, em.int64s(dims.map(() => -1)), em.int64s(dims.map(() => min)), em.int64s(dims), em.int64s(dims.map(() => -1))], [out!]);
};

/** Indices as gather reads them: negative ones from the end, then clamped into [0, n). */
function clampedIndices(em: Emitter, idx: string, n: number): string {
  const wrapped = em.op("Where", [em.op("Less", [idx, lit(em, 0, "int32")]), em.op("Add", [idx, lit(em, n, "int32")]), idx]);
  return em.op("Min", [em.op("Max", [wrapped, lit(em, 0, "int32")]), lit(em, Math.max(n - 1, 0), "int32")]);
}

/** gather[axis]: numpy take with clamped indices — ONNX Gather. */
const gather: Lowering<"gather"> = (em, e, [x, idx], [out]) => {
  const { axis } = e.params;
  const n = e.inputs[0]!.aval.shape[axis]!;
  if (n === 0) Emitter.unsupported(e, "from an empty axis");
  em.node("Gather", [x!, clampedIndices(em, idx!, n)], [out!], { axis: { i: axis } });
};

/**
 * scatter_add / scatter[axis]: the indexed axis moved to the front, then ScatterND with one index
 * per row (reduction add for scatter_add, so duplicates accumulate), then moved back.
 */
const scatter = (reduction: "add" | "none"): Lowering<"scatter_add" | "scatter"> => (em, e, [x, idx, u], [out]) => {
  const { axis } = e.params;
  const xShape = e.inputs[0]!.aval.shape;
  const iShape = e.inputs[1]!.aval.shape;
  const n = xShape[axis]!;
  const rank = xShape.length;
  const toFront = [axis, ...xShape.map((_, k) => k).filter((k) => k !== axis)];
  const back = toFront.map((_, k) => toFront.indexOf(k));
  const xt = em.op("Transpose", [x!], { perm: { ints: toFront } });
  // updates: x.shape[:axis] ++ idx.shape ++ x.shape[axis+1:] → idx dims first, then the rest.
  const ui = iShape.length;
  const uRank = rank - 1 + ui;
  const uPerm = [...Array.from({ length: ui }, (_, k) => axis + k), ...Array.from({ length: uRank }, (_, k) => k).filter((k) => k < axis || k >= axis + ui)];
  const ut = em.op("Transpose", [u!], { perm: { ints: uPerm } });
  const i64 = em.op("Cast", [clampedIndices(em, idx!, n)], { to: { i: 7 } });
  const iCol = em.op("Unsqueeze", [i64, em.int64s([ui])]);
  const scattered = em.op("ScatterND", [xt, iCol, ut], reduction === "add" ? { reduction: { s: "add" } } : {});
  em.node("Transpose", [scattered], [out!], { perm: { ints: back } });
};

const product = (shape: readonly number[], axes: readonly number[]): number => axes.reduce((p, d) => p * shape[d]!, 1);
const isIdentity = (perm: readonly number[]): boolean => perm.every((p, k) => p === k);
const sameDims = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, k) => d === b[k]);

/** `x` (of `shape`) with its axes in `perm` order, then reshaped to `dims` (each step skipped where it changes nothing). */
function arranged(em: Emitter, x: string, shape: readonly number[], perm: readonly number[], dims: readonly number[]): string {
  const t = isIdentity(perm) ? x : em.op("Transpose", [x], { perm: { ints: perm } });
  return sameDims(perm.map((p) => shape[p]!), dims) ? t : em.op("Reshape", [t, em.int64s(dims)], { allowzero: { i: 1 } });
}

/**
 * A float32 dot_general as ONNX's matrix products, the ops ONNX Runtime's optimizer knows (it fuses
 * MatMul with a following bias Add into Gemm, and a Transpose into a transposed product) and runs
 * on its BLAS with all threads (its Einsum on the same 256×784×512 product takes a third longer on
 * two cores). Each operand is laid out as a matrix — its free dims then the contracted ones, or
 * the other way round, whichever needs no Transpose — and reshaped; without batch dims that is one
 * Gemm with `transA`/`transB` (MatMul where neither is set, which ONNX Runtime's MatMul+Add fusion
 * needs), with batch dims one batched MatMul. The result is reshaped to fluxion's order: batch
 * dims, the lhs's free dims, then the rhs's.
 */
function matrixProduct(em: Emitter, e: Parameters<Lowering<"dot_general">>[1], a: string, b: string, out: string): void {
  const { lhsContract, rhsContract, lhsBatch, rhsBatch } = e.params.dims;
  const aShape = e.inputs[0]!.aval.shape;
  const bShape = e.inputs[1]!.aval.shape;
  const outShape = e.outputs[0]!.aval.shape;
  // Contracted pairs in the lhs's axis order: the lhs then reads them in place more often.
  const pairs = lhsContract.map((d, k) => [d, rhsContract[k]!] as const).sort((p, q) => p[0] - q[0]);
  const aC = pairs.map((p) => p[0]);
  const bC = pairs.map((p) => p[1]);
  const aFree = aShape.map((_, d) => d).filter((d) => !lhsBatch.includes(d) && !aC.includes(d));
  const bFree = bShape.map((_, d) => d).filter((d) => !rhsBatch.includes(d) && !bC.includes(d));
  const m = product(aShape, aFree);
  const k = product(aShape, aC);
  const n = product(bShape, bFree);
  const batch = product(aShape, lhsBatch);
  const resultShape = lhsBatch.length === 0 ? [m, n] : [batch, m, n];
  // The product writes `out` itself where no Reshape follows (a later Transpose then sees it).
  const direct = sameDims(resultShape, outShape);
  const result = direct ? out : em.fresh("product");
  if (lhsBatch.length === 0) {
    // transA: the lhs is stored contracted-first (K×M); transB: the rhs free-first (N×K).
    const transA = !isIdentity([...aFree, ...aC]) && isIdentity([...aC, ...aFree]);
    const transB = !isIdentity([...bC, ...bFree]) && isIdentity([...bFree, ...bC]);
    const A = transA ? arranged(em, a, aShape, [...aC, ...aFree], [k, m]) : arranged(em, a, aShape, [...aFree, ...aC], [m, k]);
    const B = transB ? arranged(em, b, bShape, [...bFree, ...bC], [n, k]) : arranged(em, b, bShape, [...bC, ...bFree], [k, n]);
    if (transA || transB) em.node("Gemm", [A, B], [result], { ...(transA ? { transA: { i: 1 } } : {}), ...(transB ? { transB: { i: 1 } } : {}) });
    else em.node("MatMul", [A, B], [result]);
  } else {
    const A = arranged(em, a, aShape, [...lhsBatch, ...aFree, ...aC], [batch, m, k]);
    const B = arranged(em, b, bShape, [...rhsBatch, ...bC, ...bFree], [batch, k, n]);
    em.node("MatMul", [A, B], [result]);
  }
  if (!direct) em.node("Reshape", [result, em.int64s(outShape)], [out], { allowzero: { i: 1 } });
}

/**
 * dot_general: float32 operands as matrix products (`matrixProduct`); the others as Einsum —
 * batch dims, then the lhs's free dims, then the rhs's (fluxion's order). Integer Einsum wraps as
 * fluxion's int32 arithmetic does (ONNX Runtime's CPU Gemm has float kernels only). Float64 stays
 * on Einsum because ONNX Runtime's double MatMul rounds further from the reference kernel's sums:
 * a CNN's float64 second derivative drifts by 1.2e-11 relative through it, within 1e-12 through Einsum.
 */
const dotGeneral: Lowering<"dot_general"> = (em, e, [a, b], [out]) => {
  requireDtypes(e, "Einsum", REAL);
  const { lhsContract, rhsContract, lhsBatch, rhsBatch } = e.params.dims;
  const aShape = e.inputs[0]!.aval.shape;
  const o = e.outputs[0]!.aval;
  if (lhsContract.some((d) => aShape[d] === 0) || o.shape.includes(0)) {
    // An empty contraction is zeros (ONNX Runtime's Einsum faults on it); an empty result is empty.
    return em.node("Expand", [lit(em, 0, o.dtype), em.int64s(o.shape)], [out!]);
  }
  if (o.dtype === "float32") return matrixProduct(em, e, a!, b!, out!);
  const aRank = e.inputs[0]!.aval.shape.length;
  const bRank = e.inputs[1]!.aval.shape.length;
  let next = 0;
  const letter = (): string => String.fromCharCode(97 + next++);
  const aL: string[] = Array.from({ length: aRank }, () => "");
  const bL: string[] = Array.from({ length: bRank }, () => "");
  lhsBatch.forEach((d, k) => (aL[d] = bL[rhsBatch[k]!] = letter()));
  lhsContract.forEach((d, k) => (aL[d] = bL[rhsContract[k]!] = letter()));
  const aFree = aL.flatMap((l, d) => (l === "" ? [d] : []));
  const bFree = bL.flatMap((l, d) => (l === "" ? [d] : []));
  for (const d of aFree) aL[d] = letter();
  for (const d of bFree) bL[d] = letter();
  const outL = [...lhsBatch.map((d) => aL[d]!), ...aFree.map((d) => aL[d]!), ...bFree.map((d) => bL[d]!)];
  const equation = { s: `${aL.join("")},${bL.join("")}->${outL.join("")}` };
  if (outDtype(e) !== "uint32") return em.node("Einsum", [a!, b!], [out!], { equation });
  // ONNX Runtime has no uint32 Einsum: int32 arithmetic wraps to the same 32 bits.
  const bits = (v: string): string => em.op("Cast", [v], { to: { i: 6 } });
  em.node("Cast", [em.op("Einsum", [bits(a!), bits(b!)], { equation })], [out!], { to: { i: 12 } });
};

/** The structural part of the ONNX lowering table. */
export const STRUCTURE_LOWERINGS = {
  reduce_sum: reduce("ReduceSum") as Lowering<"reduce_sum">,
  reduce_max: reduce("ReduceMax") as Lowering<"reduce_max">,
  reduce_min: reduce("ReduceMin") as Lowering<"reduce_min">,
  reduce_prod: reduce("ReduceProd") as Lowering<"reduce_prod">,
  argmax: arg("ArgMax") as Lowering<"argmax">,
  argmin: arg("ArgMin") as Lowering<"argmin">,
  reshape: ((em, e, [x], [out]) => em.node("Reshape", [x!, em.int64s(e.params.newSizes)], [out!], { allowzero: { i: 1 } })) as Lowering<"reshape">,
  broadcast_in_dim: broadcastInDim,
  transpose: ((em, e, [x], [out]) => em.node("Transpose", [x!], [out!], { perm: { ints: e.params.permutation } })) as Lowering<"transpose">,
  slice, pad, rev,
  concatenate: ((em, e, ins, [out]) => em.node("Concat", ins, [out!], { axis: { i: e.params.dimension } })) as Lowering<"concatenate">,
  gather,
  scatter_add: scatter("add") as Lowering<"scatter_add">,
  scatter: scatter("none") as Lowering<"scatter">,
  dot_general: dotGeneral,
  iota: ((em, e, _ins, [out]) => em.node("Identity", [fromIota(em, e.params.dtype, e.params.shape, e.params.dimension)], [out!])) as Lowering<"iota">,
} satisfies Partial<Record<PrimName, unknown>>;
