/**
 * The builders the ONNX lowerings of the matrix decompositions share. ONNX has no factorisation
 * ops, so each decomposition runs its reference kernel's algorithm step by step in a counted
 * `Loop`: the step number selects a row or column through index masks (int64 iotas compared with
 * it) and `Gather`, every update is written to the whole batch at once with `Where`, and values
 * that the kernel never touches are masked out before any product (0·∞ would make NaN where the
 * kernel leaves a value alone). Everything runs in float64, as the kernels do (float32 operands
 * are widened once and the results rounded once).
 */
import type { Aval } from "../../ir/types.js";
import type { DType } from "../../tensor/dtype.js";
import type { Emitter, Typed } from "../emitter.js";
import type { IndexAval } from "../proto.js";

/** ONNX element types the casts here name. */
export const ONNX_F32 = 1, ONNX_F64 = 11, ONNX_I32 = 6, ONNX_I64 = 7;

const BOOL_SCALAR: Aval = { shape: [], dtype: "bool" };
const INT64_SCALAR: IndexAval = { shape: [], dtype: "int64" };

/** `x` cast to float64 (a no-op for float64). */
export const toF64 = (em: Emitter, x: string, dtype: DType): string => (dtype === "float64" ? x : em.op("Cast", [x], { to: { i: ONNX_F64 } }));

/** A float64 value cast back to `dtype` into `out`. */
export function fromF64(em: Emitter, x: string, dtype: DType, out: string): void {
  em.node(dtype === "float64" ? "Identity" : "Cast", [x], [out], dtype === "float64" ? {} : { to: { i: ONNX_F32 } });
}

/** A float64 view of a value's aval (the carried type of a loop working in float64). */
export const f64 = (shape: readonly number[]): Aval => ({ shape, dtype: "float64" });

/** An int64 aval (pivots and permutations are carried as ONNX's index type). */
export const i64 = (shape: readonly number[]): IndexAval => ({ shape, dtype: "int64" });

/**
 * The int64 iota 0…n−1 laid along axis `axis` of a rank-`rank` constant whose other dims are 1,
 * so comparing it with a step number broadcasts to a row, column or element mask.
 */
export function iotaAlong(em: Emitter, n: number, axis: number, rank: number): string {
  const name = em.int64s(Array.from({ length: n }, (_, i) => i));
  const shape = Array.from({ length: rank }, (_, k) => (k === axis ? n : 1));
  return rank === 1 ? name : em.op("Reshape", [name, em.int64s(shape)]);
}

/** A 0-d float64 constant. */
export const f64Scalar = (em: Emitter, v: number): string => em.scalar(v, "float64");

/** x[..., idx, ...] along `axis` for a 0-d int64 `idx` (the axis is dropped). */
export const take = (em: Emitter, x: string, idx: string, axis: number): string => em.op("Gather", [x, idx], { axis: { i: axis } });

/** x with a unit axis inserted at `axis`. */
export const unsqueeze = (em: Emitter, x: string, axis: number): string => em.op("Unsqueeze", [x, em.int64s([axis])]);

/** ONNX Where (the sign of a selected zero does not matter to these decompositions' results). */
export const sel = (em: Emitter, c: string, a: string, b: string): string => em.op("Where", [c, a, b]);

/** Not a number or infinite. */
export const nonFinite = (em: Emitter, x: string): string => em.op("Or", [em.op("IsNaN", [x]), em.op("IsInf", [x])]);

/** The step number plus a constant offset, or `base − iter` (`down`), as an int64 scalar. */
export function stepIndex(em: Emitter, iter: string, base: number, down: boolean): string {
  return down ? em.op("Sub", [em.int64s([base], true), iter]) : base === 0 ? iter : em.op("Add", [iter, em.int64s([base], true)]);
}

/**
 * A counted ONNX Loop of `trips` steps over the carried values `init`: `step(sub, iter, carried)`
 * writes one step into the body and returns the next carried values. Returns the final values.
 */
export function countedLoop(
  em: Emitter, trips: number, init: readonly Typed[],
  step: (sub: Emitter, iter: string, carried: readonly string[]) => readonly string[],
): string[] {
  if (trips === 0) return init.map((t) => t.name);
  const iter = em.fresh("iter");
  const condIn = em.fresh("cond_in");
  const formal = init.map((t) => ({ name: em.fresh("carry"), aval: t.aval }));
  const g = em.block("linalg_step", [{ name: iter, aval: INT64_SCALAR }, { name: condIn, aval: BOOL_SCALAR }, ...formal], (sub) => {
    const next = step(sub, iter, formal.map((f) => f.name));
    return [{ name: condIn, aval: BOOL_SCALAR }, ...next.map((name, k) => ({ name, aval: formal[k]!.aval }))];
  });
  const outs = init.map(() => em.fresh("final"));
  em.node("Loop", [em.int64s([trips], true), em.scalar(1, "bool"), ...init.map((t) => t.name)], outs, { body: { g } });
  return outs;
}

/** x with its last two axes swapped. */
export function swapLast(em: Emitter, x: string, rank: number): string {
  const perm = Array.from({ length: rank }, (_, i) => i);
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1]!, perm[rank - 2]!];
  return em.op("Transpose", [x], { perm: { ints: perm } });
}

/** A float64 tensor of `shape` filled with `v` (Expand of a scalar). */
export const filled = (em: Emitter, v: number, shape: readonly number[]): string => em.op("Expand", [f64Scalar(em, v), em.int64s(shape)]);

/**
 * An ONNX Loop of at most `maxTrips` steps that stops when a step says so: `step(sub, iter,
 * carried)` returns the next carried values and a 0-d bool (true: run another step).
 */
export function loopWhile(
  em: Emitter, maxTrips: number, init: readonly Typed[],
  step: (sub: Emitter, iter: string, carried: readonly string[]) => { readonly next: readonly string[]; readonly again: string },
): string[] {
  const iter = em.fresh("iter");
  const condIn = em.fresh("cond_in");
  const formal = init.map((t) => ({ name: em.fresh("carry"), aval: t.aval }));
  const g = em.block("linalg_sweep", [{ name: iter, aval: INT64_SCALAR }, { name: condIn, aval: BOOL_SCALAR }, ...formal], (sub) => {
    const { next, again } = step(sub, iter, formal.map((f) => f.name));
    return [{ name: again, aval: BOOL_SCALAR }, ...next.map((name, k) => ({ name, aval: formal[k]!.aval }))];
  });
  const outs = init.map(() => em.fresh("final"));
  em.node("Loop", [em.int64s([maxTrips], true), em.scalar(1, "bool"), ...init.map((t) => t.name)], outs, { body: { g } });
  return outs;
}
