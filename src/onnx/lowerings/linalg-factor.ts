/**
 * ONNX lowerings of the matrix factorisations and solves (cholesky, triangular_solve, lu,
 * lu_pivots_to_permutation): each a counted `Loop` running the reference kernel's algorithm
 * (src/tensor/kernels/factor.ts) one column or row per step, on the whole batch at once, in float64.
 * Sums are MatMuls, so they are added in another order than the kernel's (rounding only); every
 * choice the kernel makes on values (a failed Cholesky pivot, LU's pivot row on ties and NaN, a zero
 * pivot or multiplier skipped) is made here by the same test.
 */
import type { Lowering } from "./kit.js";
import {
  countedLoop, f64, f64Scalar, filled, fromF64, i64, iotaAlong, ONNX_I32, ONNX_I64, sel, stepIndex, swapLast, take, toF64, unsqueeze,
} from "./linalg-kit.js";

/**
 * cholesky: column j of L is (A[:, j] − L[:, :j]·L[j, :j]ᵀ) divided by the square root of its
 * pivot, from row j down (the kernel's row-by-row order computes the same numbers). A pivot that is
 * not positive (or NaN) makes the matrix's whole lower triangle NaN, as the kernel's failure does.
 */
const cholesky: Lowering<"cholesky"> = (em, e, [x], [out]) => {
  const { shape, dtype } = e.inputs[0]!.aval;
  const r = shape.length, n = shape[r - 1]!, batch = shape.slice(0, -2);
  const a = toF64(em, x!, dtype);
  const rows = iotaAlong(em, n, r - 2, r), cols = iotaAlong(em, n, r - 1, r), vec = iotaAlong(em, n, r - 2, r - 1);
  const zero = f64Scalar(em, 0);
  const noFailure = em.op("Expand", [em.scalar(0, "bool"), em.int64s(batch)]);
  const [l, fail] = countedLoop(em, n, [{ name: filled(em, 0, shape), aval: f64(shape) }, { name: noFailure, aval: { shape: batch, dtype: "bool" } }], (s, j, [lc, failed]) => {
    const known = s.op("Where", [s.op("Less", [cols, j]), lc!, zero]);
    const rowJ = unsqueeze(s, take(s, known, j, r - 2), r - 1);
    const dots = s.op("Squeeze", [s.op("MatMul", [known, rowJ]), s.int64s([r - 1])]);
    const rest = s.op("Sub", [take(s, a, j, r - 1), dots]);
    const pivot = take(s, rest, j, r - 2);
    const d = unsqueeze(s, s.op("Sqrt", [pivot]), r - 2);
    const column = sel(s, s.op("Equal", [vec, j]), d, s.op("Div", [rest, d]));
    const write = s.op("And", [s.op("Equal", [cols, j]), s.op("GreaterOrEqual", [rows, j])]);
    const next = sel(s, write, unsqueeze(s, column, r - 1), lc!);
    return [next, s.op("Or", [failed!, s.op("Not", [s.op("Greater", [pivot, zero])])])];
  });
  const lower = em.op("LessOrEqual", [cols, rows]);
  const failedMatrix = em.op("Unsqueeze", [fail!, em.int64s([r - 2, r - 1])]);
  const nanLower = sel(em, lower, f64Scalar(em, NaN), zero);
  fromF64(em, sel(em, failedMatrix, nanLower, l!), dtype, out!);
};

/**
 * triangular_solve: as the kernel, every case is one substitution T·X = B′ — T the triangle of A
 * used (transposed where op(A) and the side call for it), B′ = B or Bᵀ (right side). Step i solves
 * row i of X (forward for a lower T, backward for an upper one) from the rows already solved; the
 * rows not yet solved and T's entries outside the strict triangle are masked to zero first, so
 * their values (NaN, ∞) never reach the sum, as the kernel never reads them.
 */
const triangularSolve: Lowering<"triangular_solve"> = (em, e, [aIn, bIn], [out]) => {
  const { leftSide, lower, transposeA, unitDiagonal } = e.params;
  const { shape: aShape, dtype } = e.inputs[0]!.aval;
  const r = aShape.length, m = aShape[r - 1]!;
  const flip = transposeA !== !leftSide;
  const effLower = lower !== flip;
  const a = toF64(em, aIn!, dtype);
  const rows = iotaAlong(em, m, r - 2, r), cols = iotaAlong(em, m, r - 1, r), vec = iotaAlong(em, m, r - 2, r - 1);
  const zero = f64Scalar(em, 0);
  const inTriangle = em.op(lower ? "LessOrEqual" : "GreaterOrEqual", [cols, rows]);
  const tri = sel(em, inTriangle, a, zero);
  const t = flip ? swapLast(em, tri, r) : tri;
  const b = toF64(em, bIn!, dtype);
  const bb = leftSide ? b : swapLast(em, b, r);
  const bShape = e.inputs[1]!.aval.shape;
  const xShape = leftSide ? bShape : [...bShape.slice(0, -2), bShape[r - 1]!, bShape[r - 2]!];
  const [xFinal] = countedLoop(em, m, [{ name: bb, aval: f64(xShape) }], (s, iter, [xc]) => {
    const i = stepIndex(s, iter, effLower ? 0 : m - 1, !effLower);
    const before = effLower ? "Less" : "Greater";
    const tRow = take(s, t, i, r - 2);
    const used = sel(s, s.op(before, [vec, i]), tRow, zero);
    const solved = sel(s, s.op(before, [rows, i]), xc!, zero);
    const sum = s.op("MatMul", [unsqueeze(s, used, r - 2), solved]);
    let v = s.op("Sub", [unsqueeze(s, take(s, xc!, i, r - 2), r - 2), sum]);
    if (!unitDiagonal) v = s.op("Div", [v, s.op("Unsqueeze", [take(s, tRow, i, r - 2), s.int64s([r - 2, r - 1])])]);
    return [sel(s, s.op("Equal", [rows, i]), v, xc!)];
  });
  fromF64(em, leftSide ? xFinal! : swapLast(em, xFinal!, r), dtype, out!);
};

/**
 * lu: step j picks the pivot row as the kernel does — the first row from j down with the largest
 * |a[i, j]|, NaN rows never chosen, and row j kept when a[j, j] itself is NaN (no comparison with
 * NaN is true) — swaps it in (the permutation with it), then scales the column below the pivot and
 * updates the trailing block, skipping a zero pivot and the rows whose multiplier is zero.
 */
const lu: Lowering<"lu"> = (em, e, [x], [outLu, outPivots, outPerm]) => {
  const { shape, dtype } = e.inputs[0]!.aval;
  const r = shape.length, m = shape[r - 2]!, n = shape[r - 1]!, k = Math.min(m, n), batch = shape.slice(0, -2);
  const a = toF64(em, x!, dtype);
  const cols = iotaAlong(em, n, r - 1, r), vecM = iotaAlong(em, m, r - 2, r - 1), vecK = iotaAlong(em, k, r - 2, r - 1);
  const zero = f64Scalar(em, 0);
  const perm0 = em.op("Expand", [vecM, em.int64s([...batch, m])]);
  const piv0 = em.op("Expand", [em.int64s([0], true), em.int64s([...batch, k])]);
  const [f, piv, perm] = countedLoop(
    em, k,
    [{ name: a, aval: f64(shape) }, { name: piv0, aval: i64([...batch, k]) }, { name: perm0, aval: i64([...batch, m]) }],
    (s, j, [ac, pc, qc]) => {
      const mag = s.op("Abs", [take(s, ac!, j, r - 1)]);
      const keys = sel(s, s.op("Or", [s.op("Less", [vecM, j]), s.op("IsNaN", [mag])]), f64Scalar(s, -1), mag);
      const best = s.op("ArgMax", [keys], { axis: { i: r - 2 }, keepdims: { i: 1 }, select_last_index: { i: 0 } });
      const diagNaN = unsqueeze(s, s.op("IsNaN", [take(s, mag, j, r - 2)]), r - 2);
      const p = sel(s, diagNaN, unsqueeze(s, j, 0), best);
      const pivots = sel(s, s.op("Equal", [vecK, j]), p, pc!);
      const swap = sel(s, s.op("Equal", [vecM, j]), p, sel(s, s.op("Equal", [vecM, p]), j, vecM));
      const permNext = s.op("GatherElements", [qc!, swap], { axis: { i: r - 2 } });
      const rowsIdx = s.op("Expand", [unsqueeze(s, swap, r - 1), s.int64s(shape)]);
      const swapped = s.op("GatherElements", [ac!, rowsIdx], { axis: { i: r - 2 } });
      const rowJ = unsqueeze(s, take(s, swapped, j, r - 2), r - 2);
      const col = take(s, swapped, j, r - 1);
      const d = unsqueeze(s, take(s, col, j, r - 2), r - 2);
      const mult = s.op("Div", [col, d]);
      const scaled = s.op("And", [s.op("Greater", [vecM, j]), s.op("Not", [s.op("Equal", [d, zero])])]);
      const newCol = sel(s, scaled, mult, col);
      const rowsUpdated = unsqueeze(s, s.op("And", [scaled, s.op("Not", [s.op("Equal", [mult, zero])])]), r - 1);
      const update = s.op("And", [rowsUpdated, s.op("Greater", [cols, j])]);
      const reduced = s.op("Sub", [swapped, s.op("Mul", [unsqueeze(s, mult, r - 1), rowJ])]);
      const next = sel(s, s.op("Equal", [cols, j]), unsqueeze(s, newCol, r - 1), sel(s, update, reduced, swapped));
      return [next, pivots, permNext];
    },
  );
  fromF64(em, f!, dtype, outLu!);
  em.node("Cast", [piv!], [outPivots!], { to: { i: ONNX_I32 } });
  em.node("Cast", [perm!], [outPerm!], { to: { i: ONNX_I32 } });
};

/** lu_pivots_to_permutation: the swaps applied in order; a pivot outside [0, size) is skipped, as the kernel skips it. */
const luPivotsToPermutation: Lowering<"lu_pivots_to_permutation"> = (em, e, [p], [out]) => {
  const { shape } = e.inputs[0]!.aval;
  const size = e.params.permutationSize;
  const r = shape.length, k = shape[r - 1]!, batch = shape.slice(0, -1);
  const vec = iotaAlong(em, size, r - 1, r);
  const pivots = em.op("Cast", [p!], { to: { i: ONNX_I64 } });
  const perm0 = em.op("Expand", [vec, em.int64s([...batch, size])]);
  const [perm] = countedLoop(em, k, [{ name: perm0, aval: i64([...batch, size]) }], (s, i, [pc]) => {
    const j = unsqueeze(s, take(s, pivots, i, r - 1), r - 1);
    const valid = s.op("And", [s.op("GreaterOrEqual", [j, s.int64s([0], true)]), s.op("Less", [j, s.int64s([size], true)])]);
    const swap = sel(s, s.op("Equal", [vec, i]), j, sel(s, s.op("Equal", [vec, j]), i, vec));
    return [s.op("GatherElements", [pc!, sel(s, valid, swap, vec)], { axis: { i: r - 1 } })];
  });
  em.node("Cast", [perm!], [out!], { to: { i: ONNX_I32 } });
};

/** The factorisation part of the ONNX lowering table. */
export const FACTOR_LOWERINGS = {
  cholesky,
  triangular_solve: triangularSolve,
  lu,
  lu_pivots_to_permutation: luPivotsToPermutation,
};
