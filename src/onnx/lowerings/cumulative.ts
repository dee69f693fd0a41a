/**
 * ONNX lowerings of the cumulative reductions ONNX lacks (it has only CumSum): cumprod, cummax,
 * cummin and cumlogsumexp. Float products take the kernel's order — an ONNX Scan along the axis
 * whose body is one step of the kernel — since the order decides where a product overflows or
 * underflows; the others (exact in any order, or log-sum-exp, which neither overflows nor loses
 * more than a few ulps) take ⌈log₂ n⌉ whole-tensor doubling rounds where that is cheaper than n
 * Scan steps (long axes of few lanes). float32 products and log-sum-exps run in float64 and round once per output, as the
 * kernel's float64 accumulator does.
 *
 * Differences from ONNX's ops, spelled out: ONNX Runtime's Max/Min return the second operand of
 * ±0 ties (the kernel's Math.max gives +0, Math.min −0) and its Where turns a selected −0 into +0
 * (select-float.ts keeps it); ONNX has no log1p, so it is computed as log(u)·t/(u − 1), u = 1 + t.
 */
import type { DType } from "../../tensor/dtype.js";
import type { Emitter } from "../emitter.js";
import { type Lowering, lit } from "./kit.js";
import { selectExact } from "./select-float.js";

const DOUBLE = 11;
const ONNX_TYPE: Readonly<Record<string, number>> = { float32: 1, float64: 11, int32: 6, uint32: 12 };

/** One step of a running reduction: the running value after seeing `x`, in dtype `d`. */
type Step = (em: Emitter, acc: string, x: string, d: DType) => string;

/** max/min with NaN sticking and ±0 ties resolved as Math.max (+0 wins) and Math.min (−0 wins). */
function extremum(op: "Max" | "Min"): Step {
  return (em, a, b, d) => {
    if (d !== "float32" && d !== "float64") return em.op(op, [a, b]);
    const zeros = em.op("And", [em.op("Equal", [a, lit(em, 0, d)]), em.op("Equal", [b, lit(em, 0, d)])]);
    const nan = em.op("Or", [em.op("IsNaN", [a]), em.op("IsNaN", [b])]);
    // a + b is NaN for a NaN and, of two zeros, −0 only when both are; −(−a + −b) is −0 when either is.
    const tie = op === "Max" ? em.op("Add", [a, b]) : em.op("Neg", [em.op("Add", [em.op("Neg", [a]), em.op("Neg", [b])])]);
    return selectExact(em, em.op("Or", [zeros, nan]), tie, em.op(op, [a, b]), d);
  };
}

/** log(1 + t) for t ∈ [0, 1], accurate for small t (ONNX has no Log1p). */
function log1p(em: Emitter, t: string, d: DType): string {
  const u = em.op("Add", [lit(em, 1, d), t]);
  // u − 1 is exact; log(u)/(u − 1) is the mean slope of log over [1, u], so the product recovers log1p(t).
  const scaled = em.op("Div", [em.op("Mul", [em.op("Log", [u]), t]), em.op("Sub", [u, lit(em, 1, d)])]);
  return em.op("Where", [em.op("Equal", [u, lit(em, 1, d)]), t, scaled]);
}

/** log(eᵃ + eᵇ) as the kernel's logAddExp: max + log1p(exp(−|a − b|)), and a + b where a − b is NaN. */
const logAddExp: Step = (em, a, b, d) => {
  const delta = em.op("Sub", [a, b]);
  const r = em.op("Add", [em.op("Max", [a, b]), log1p(em, em.op("Exp", [em.op("Neg", [em.op("Abs", [delta])])]), d)]);
  // r is never −0 (a sum with log1p(…) ≥ +0), so ONNX's Where loses nothing here.
  return em.op("Where", [em.op("IsNaN", [delta]), em.op("Add", [a, b]), r]);
};

/**
 * The running reduction of `x` (of `shape`, dtype `d`) along `axis` in the kernel's order: the
 * first element (the last, reversed) starts the running value, and an ONNX Scan walks the others.
 */
function sequentialScan(em: Emitter, x: string, shape: readonly number[], axis: number, reverse: boolean, step: Step, d: DType, name: string): string {
  const n = shape[axis]!;
  const at = (start: number, end: number): string => em.op("Slice", [x, em.int64s([start]), em.int64s([end]), em.int64s([axis])]);
  const first = reverse ? at(n - 1, n) : at(0, 1);
  const rest = reverse ? at(0, n - 1) : at(1, n);
  const lane = { shape: shape.filter((_, i) => i !== axis), dtype: d };
  const acc = { name: em.fresh("acc"), aval: lane };
  const item = { name: em.fresh("item"), aval: lane };
  const body = em.block(`${name}_step`, [acc, item], (sub) => {
    const next = { name: step(sub, acc.name, item.name, d), aval: lane };
    return [next, next];
  });
  const dir = reverse ? 1 : 0;
  const final = em.fresh("final");
  const scanned = em.fresh("scanned");
  em.node("Scan", [em.op("Squeeze", [first, em.int64s([axis])]), rest], [final, scanned], {
    body: { g: body },
    num_scan_inputs: { i: 1 },
    scan_input_axes: { ints: [axis] },
    scan_input_directions: { ints: [dir] },
    scan_output_axes: { ints: [axis] },
    scan_output_directions: { ints: [dir] },
  });
  return em.op("Concat", reverse ? [scanned, first] : [first, scanned], { axis: { i: axis } });
}

/**
 * The running reduction by log-step doubling: after the round of span s, element i combines the
 * elements from i − s·2 + 1 to i (i + …, reversed), so ⌈log₂ n⌉ whole-tensor rounds replace n
 * steps. Exact where `step` is associative and exact (max, min, integer products); a few ulps
 * from the kernel's order for log-sum-exp. Elements with nothing s before them are left as they
 * are (so the first element is x's own, −0 included).
 */
function doublingScan(em: Emitter, x: string, shape: readonly number[], axis: number, reverse: boolean, step: Step, d: DType): string {
  const n = shape[axis]!;
  let y = x;
  for (let s = 1; s < n; s *= 2) {
    const at = (start: number, end: number): string => em.op("Slice", [y, em.int64s([start]), em.int64s([end]), em.int64s([axis])]);
    const parts = reverse
      ? [step(em, at(0, n - s), at(s, n), d), at(n - s, n)]
      : [at(0, s), step(em, at(0, n - s), at(s, n), d)];
    y = em.op("Concat", parts, { axis: { i: axis } });
  }
  return y;
}

/**
 * Whether n Scan steps cost less than ⌈log₂ n⌉ doubling rounds: each round works on the whole
 * tensor, each Scan step on one lane slice (of m elements) plus a fixed overhead, measured in
 * ONNX Runtime as about as much as a few thousand elements of work.
 */
function scanIsCheaper(shape: readonly number[], axis: number): boolean {
  const n = shape[axis]!;
  const m = shape.reduce((p, d) => p * d, 1) / n;
  return m * (Math.ceil(Math.log2(n)) - 1) >= 4096;
}

/**
 * A cumulative reduction along `axis` by `step`; `widen`: float32 runs in float64, rounded once
 * per output; `sequential`: whether the dtype needs the kernel's order (else log-step doubling,
 * or a Scan where that is cheaper).
 */
function cumulative<N extends "cumprod" | "cummax" | "cummin" | "cumlogsumexp">(name: N, step: Step, widen: boolean, sequential: (d: DType) => boolean): Lowering<N> {
  return (em, e, [input], [out]) => {
    const { axis, reverse } = e.params;
    const shape = e.inputs[0]!.aval.shape;
    const d0 = e.outputs[0]!.aval.dtype;
    const d: DType = widen && d0 === "float32" ? "float64" : d0;
    const x = d === d0 ? input! : em.op("Cast", [input!], { to: { i: DOUBLE } });
    const result =
      shape[axis]! === 1 ? x : sequential(d0) || scanIsCheaper(shape, axis) ? sequentialScan(em, x, shape, axis, reverse, step, d, name) : doublingScan(em, x, shape, axis, reverse, step, d);
    em.node(d === d0 ? "Identity" : "Cast", [result], [out!], d === d0 ? {} : { to: { i: ONNX_TYPE[d0]! } });
  };
}

const isFloat = (d: DType): boolean => d === "float32" || d === "float64";

/** The cumulative part of the ONNX lowering table (cumsum is ONNX's CumSum, in math.ts). */
export const CUMULATIVE_LOWERINGS = {
  // Float products overflow and underflow by their order: the kernel's, step by step.
  cumprod: cumulative("cumprod", (em, a, b) => em.op("Mul", [a, b]), true, isFloat),
  cummax: cumulative("cummax", extremum("Max"), false, () => false),
  cummin: cumulative("cummin", extremum("Min"), false, () => false),
  cumlogsumexp: cumulative("cumlogsumexp", logAddExp, true, () => false),
};
