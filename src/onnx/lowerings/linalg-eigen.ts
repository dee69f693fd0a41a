/**
 * ONNX lowerings of the orthogonal decompositions (qr, eigh, svd). qr runs the reference kernel's
 * Householder algorithm (src/tensor/kernels/eigen-qr.ts: geqrf then orgqr, LAPACK's signs) one
 * column per Loop step, on the whole batch at once, in float64.
 */
import type { Emitter } from "../emitter.js";
import type { Lowering } from "./kit.js";
import { countedLoop, f64, f64Scalar, fromF64, iotaAlong, sel, stepIndex, take, toF64, unsqueeze } from "./linalg-kit.js";

/**
 * Math.hypot(a, b) for b ≥ 0 (or NaN): scaled by the larger magnitude so squares cannot overflow
 * where the result does not, ∞ when either is infinite (even with a NaN, as Math.hypot), else NaN
 * when either is.
 */
function hypot(em: Emitter, a: string, b: string): string {
  const big = em.op("Max", [em.op("Abs", [a]), b]);
  const zero = f64Scalar(em, 0);
  const sq = (v: string): string => {
    const q = em.op("Div", [v, big]);
    return em.op("Mul", [q, q]);
  };
  const h = em.op("Mul", [big, em.op("Sqrt", [em.op("Add", [sq(a), sq(b)])])]);
  const scaled = sel(em, em.op("Equal", [big, zero]), zero, h);
  const inf = em.op("Or", [em.op("IsInf", [a]), em.op("IsInf", [b])]);
  return sel(em, inf, f64Scalar(em, Infinity), scaled);
}

/**
 * Applies H = I − τ·v·vᵀ from the left to the rows `rows` and columns `cols` (bool masks) of the
 * batch of matrices x, as the kernel's applyReflector: rows where v is 0 are left out of vᵀ·X, and
 * rows where τ·v is 0 are not updated (so an ∞ elsewhere in them stays as it is).
 */
function reflect(em: Emitter, x: string, v: string, tau: string, rows: string, cols: string, r: number): string {
  const zero = f64Scalar(em, 0);
  const vCol = unsqueeze(em, v, r - 1);
  const read = sel(em, em.op("Equal", [vCol, zero]), zero, x);
  const s = em.op("MatMul", [unsqueeze(em, v, r - 2), read]);
  const f = em.op("Mul", [tau, v]);
  const fCol = unsqueeze(em, f, r - 1);
  const updated = em.op("Sub", [x, em.op("Mul", [fCol, s])]);
  const rowsTouched = em.op("And", [rows, em.op("Not", [em.op("Equal", [fCol, zero])])]);
  return sel(em, em.op("And", [rowsTouched, cols]), updated, x);
}

/**
 * qr: geqrf's step j skips a column already zero below the diagonal (τ = 0, R keeps its entry's
 * sign); otherwise β = −sign(α)·‖column‖ (sign(0) = +; a NaN α takes +‖column‖, as `α ≥ 0` fails),
 * the column below the diagonal scaled by 1/(α − β) becomes the reflector, and the reflector is
 * applied to the columns after j. orgqr then applies the reflectors backwards to the first kq
 * columns of the identity. R is the upper triangle of the first kq rows.
 */
const qr: Lowering<"qr"> = (em, e, [x], [outQ, outR]) => {
  const { shape, dtype } = e.inputs[0]!.aval;
  const r = shape.length, m = shape[r - 2]!, n = shape[r - 1]!, k = Math.min(m, n), batch = shape.slice(0, -2);
  const kq = e.params.fullMatrices ? m : k;
  const a = toF64(em, x!, dtype);
  const rowsM = iotaAlong(em, m, r - 2, r), colsN = iotaAlong(em, n, r - 1, r), colsQ = iotaAlong(em, kq, r - 1, r);
  const vecM = iotaAlong(em, m, r - 2, r - 1), vecK = iotaAlong(em, k, r - 2, r - 1);
  const zero = f64Scalar(em, 0), one = f64Scalar(em, 1);
  const tau0 = em.op("Expand", [zero, em.int64s([...batch, k])]);
  /** The reflector of column j of w: 1 at row j, w's entries below, 0 above. */
  const reflector = (s: Emitter, col: string, j: string): string =>
    sel(s, s.op("Greater", [vecM, j]), col, sel(s, s.op("Equal", [vecM, j]), one, zero));
  const [w, taus] = countedLoop(em, k, [{ name: a, aval: f64(shape) }, { name: tau0, aval: f64([...batch, k]) }], (s, j, [wc, tc]) => {
    const col = take(s, wc!, j, r - 1);
    const below = s.op("Greater", [vecM, j]);
    const xs = sel(s, below, col, zero);
    const xnorm2 = s.op("ReduceSum", [s.op("Mul", [xs, xs]), s.int64s([r - 2])], { keepdims: { i: 1 } });
    const active = s.op("Not", [s.op("Equal", [xnorm2, zero])]);
    const alpha = unsqueeze(s, take(s, col, j, r - 2), r - 2);
    const norm = hypot(s, alpha, s.op("Sqrt", [xnorm2]));
    const beta = sel(s, s.op("GreaterOrEqual", [alpha, zero]), s.op("Neg", [norm]), norm);
    const tau = s.op("Div", [s.op("Sub", [beta, alpha]), beta]);
    const scale = s.op("Reciprocal", [s.op("Sub", [alpha, beta])]);
    const scaledCol = s.op("Mul", [col, scale]);
    const newCol = sel(s, below, scaledCol, sel(s, s.op("Equal", [vecM, j]), beta, col));
    const v = reflector(s, scaledCol, j);
    const rowsFrom = s.op("GreaterOrEqual", [rowsM, j]);
    const reflected = reflect(s, wc!, v, tau, rowsFrom, s.op("Greater", [colsN, j]), r);
    const stepped = sel(s, s.op("Equal", [colsN, j]), unsqueeze(s, newCol, r - 1), reflected);
    const next = sel(s, unsqueeze(s, active, r - 1), stepped, wc!);
    const tauNext = sel(s, s.op("Equal", [vecK, j]), sel(s, active, tau, zero), tc!);
    return [next, tauNext];
  });
  const eye = new Float64Array(m * kq);
  for (let i = 0; i < Math.min(m, kq); i++) eye[i * kq + i] = 1;
  const q0 = em.op("Expand", [em.constant("float64", [m, kq], eye), em.int64s([...batch, m, kq])]);
  const [q] = countedLoop(em, k, [{ name: q0, aval: f64([...batch, m, kq]) }], (s, iter, [qc]) => {
    const j = stepIndex(s, iter, k - 1, true);
    const tau = unsqueeze(s, take(s, taus!, j, r - 2), r - 2);
    const v = reflector(s, take(s, w!, j, r - 1), j);
    const reflected = reflect(s, qc!, v, tau, s.op("GreaterOrEqual", [rowsM, j]), s.op("GreaterOrEqual", [colsQ, j]), r);
    return [sel(s, unsqueeze(s, s.op("Equal", [tau, zero]), r - 1), qc!, reflected)];
  });
  const top = kq === m ? w! : em.op("Slice", [w!, em.int64s([0]), em.int64s([kq]), em.int64s([r - 2])]);
  const rowsR = kq === m ? rowsM : iotaAlong(em, kq, r - 2, r);
  const rr = sel(em, em.op("GreaterOrEqual", [colsN, rowsR]), top, zero);
  fromF64(em, q!, dtype, outQ!);
  fromF64(em, rr, dtype, outR!);
};

/** The orthogonal-decomposition part of the ONNX lowering table. */
export const EIGEN_LOWERINGS = {
  qr,
};
