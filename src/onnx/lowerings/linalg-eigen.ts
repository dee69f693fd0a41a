/**
 * ONNX lowerings of the orthogonal decompositions (qr, eigh, svd), in float64 on the whole batch
 * at once. qr runs the reference kernel's Householder algorithm (src/tensor/kernels/eigen-qr.ts:
 * geqrf then orgqr, LAPACK's signs) one column per Loop step; svd runs its kernel's algorithm
 * (eigen-svd.ts) step for step, its convergence test included (a Loop with a data-dependent
 * condition). eigh runs cyclic Jacobi instead of the kernel's tred2/tql2 (see `eigh`): the same
 * results where the eigenvalues are distinct and nothing overflows.
 */
import type { Emitter } from "../emitter.js";
import type { Lowering } from "./kit.js";
import { countedLoop, f64, f64Scalar, fromF64, iotaAlong, loopWhile, nonFinite, sel, stepIndex, swapLast, take, toF64, unsqueeze } from "./linalg-kit.js";

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
  const { q, r } = householder(em, toF64(em, x!, dtype), shape, e.params.fullMatrices);
  fromF64(em, q, dtype, outQ!);
  fromF64(em, r, dtype, outR!);
};

/** Householder QR of the float64 batch `a` of `shape`: Q (`[..., m, kq]`) and R (`[..., kq, n]`), kq = m with `full`, else min(m, n). */
function householder(em: Emitter, a: string, shape: readonly number[], full: boolean): { readonly q: string; readonly r: string } {
  const r = shape.length, m = shape[r - 2]!, n = shape[r - 1]!, k = Math.min(m, n), batch = shape.slice(0, -2);
  const kq = full ? m : k;
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
  return { q: q!, r: sel(em, em.op("GreaterOrEqual", [colsN, rowsR]), top, zero) };
}

/** Index masks of `[..., n, n]` matrices: rows, columns, and the diagonal. */
interface Grid {
  readonly rows: string;
  readonly cols: string;
  readonly diag: string;
}

function grid(em: Emitter, n: number, r: number): Grid {
  const rows = iotaAlong(em, n, r - 2, r), cols = iotaAlong(em, n, r - 1, r);
  return { rows, cols, diag: em.op("Equal", [rows, cols]) };
}

/** True per matrix (`[..., 1, 1]`) where any entry of x is NaN or infinite. */
function anyNonFinite(em: Emitter, x: string, r: number): string {
  const bad = em.op("Cast", [nonFinite(em, x)], { to: { i: 11 } });
  return em.op("Greater", [em.op("ReduceMax", [bad, em.int64s([r - 2, r - 1])], { keepdims: { i: 1 } }), f64Scalar(em, 0)]);
}

/**
 * The order that sorts each `[..., n]` vector w stably (ascending, or descending): entry i goes to
 * position rank_i = #{j: w_j before w_i} + #{j < i: w_j = w_i or either is NaN}, as the kernels'
 * sorts with the index as tie-break (for the NaNs of an overflow, a consistent order that agrees
 * with the kernel's sort for two values). Returns order (`[..., n]` int64: position → source index).
 */
function stableOrder(em: Emitter, w: string, n: number, rv: number, ascending: boolean): string {
  const wi = unsqueeze(em, w, rv), wj = unsqueeze(em, w, rv - 1);
  const i = iotaAlong(em, n, rv - 1, rv + 1), j = iotaAlong(em, n, rv, rv + 1);
  const strictly = em.op(ascending ? "Less" : "Greater", [wj, wi]);
  // The kernels' comparators fall back to the index when the difference is 0 or NaN.
  const unordered = em.op("Not", [em.op("Or", [em.op("Less", [wj, wi]), em.op("Greater", [wj, wi])])]);
  const tie = em.op("And", [unordered, em.op("Less", [j, i])]);
  const before = em.op("Cast", [em.op("Or", [strictly, tie])], { to: { i: 11 } });
  const rank = em.op("Cast", [em.op("ReduceSum", [before, em.int64s([rv])], { keepdims: { i: 1 } })], { to: { i: 7 } });
  // rank is [..., n, 1] (source i along rows); position p along columns: order[p] = the i with rank_i = p.
  const hit = em.op("Cast", [em.op("Equal", [rank, j])], { to: { i: 11 } });
  return em.op("ArgMax", [hit, ], { axis: { i: rv - 1 }, keepdims: { i: 0 } });
}

/** The columns of each `[..., m, n]` matrix x taken in `order` (`[..., n]` int64). */
function permuteColumns(em: Emitter, x: string, order: string, shape: readonly number[]): string {
  const r = shape.length;
  return em.op("GatherElements", [x, em.op("Expand", [unsqueeze(em, order, r - 2), em.int64s(shape)])], { axis: { i: r - 1 } });
}

/** Each column of x times ±1 so that its first entry of largest magnitude is positive (the kernels' sign rule). */
function fixColumnSigns(em: Emitter, x: string, r: number): string {
  const big = em.op("ArgMax", [em.op("Abs", [x])], { axis: { i: r - 2 }, keepdims: { i: 1 }, select_last_index: { i: 0 } });
  const lead = em.op("GatherElements", [x, big], { axis: { i: r - 2 } });
  const sign = sel(em, em.op("Less", [lead, f64Scalar(em, 0)]), f64Scalar(em, -1), f64Scalar(em, 1));
  return em.op("Mul", [x, sign]);
}

/** The (p, q) column pairs of a cyclic Jacobi sweep, in row order, as two int64 constants. */
function pairTables(em: Emitter, n: number): { readonly ps: string; readonly qs: string; readonly count: number } {
  const ps: number[] = [], qs: number[] = [];
  for (let p = 0; p < n - 1; p++) for (let q = p + 1; q < n; q++) ps.push(p), qs.push(q);
  return { ps: em.int64s(ps), qs: em.int64s(qs), count: ps.length };
}

/** The rotation J (identity but c at (p, p) and (q, q), s at (p, q), −s at (q, p)) of each matrix. */
function rotation(em: Emitter, g: Grid, p: string, q: string, c: string, s: string): string {
  const at = (i: string, j: string): string => em.op("And", [em.op("Equal", [g.rows, i]), em.op("Equal", [g.cols, j])]);
  const eye = em.op("Cast", [g.diag], { to: { i: 11 } });
  const onDiag = em.op("Or", [at(p, p), at(q, q)]);
  return sel(em, onDiag, c, sel(em, at(p, q), s, sel(em, at(q, p), em.op("Neg", [s]), eye)));
}

/** Sweeps of at most this many: cyclic Jacobi converges quadratically, in well under ten for any matrix seen in practice. */
const MAX_SWEEPS = 60;

/**
 * eigh: the same decomposition by another algorithm. The kernel's tred2/tql2 iterations are
 * data-dependent in ways a Loop cannot reproduce step for step, but for distinct eigenvalues the
 * result is unique once sorted and sign-fixed, so cyclic Jacobi (rotations of every pair, sweeps
 * until the off-diagonal part is below 1e-16 of the largest entry, at most MAX_SWEEPS) followed by
 * the kernel's ordering (ascending, stable) and sign rule (each vector's first entry of largest
 * magnitude positive) gives the kernel's results to rounding. The matrix is read from one triangle
 * and scaled by its largest magnitude (so no step overflows), and a non-finite entry makes every
 * output NaN, as the kernel's. Where eigenvalues repeat, any orthonormal basis of their space is an
 * answer and the two algorithms may pick different ones.
 */
const eigh: Lowering<"eigh"> = (em, e, [x], [outV, outW]) => {
  const { shape, dtype } = e.inputs[0]!.aval;
  const r = shape.length, n = shape[r - 1]!;
  const g = grid(em, n, r);
  const zero = f64Scalar(em, 0), one = f64Scalar(em, 1);
  const a = toF64(em, x!, dtype);
  const sym = sel(em, em.op(e.params.lower ? "LessOrEqual" : "GreaterOrEqual", [g.cols, g.rows]), a, swapLast(em, a, r));
  const bad = anyNonFinite(em, sym, r);
  const clean = sel(em, bad, zero, sym);
  const peak = em.op("ReduceMax", [em.op("Abs", [clean]), em.int64s([r - 2, r - 1])], { keepdims: { i: 1 } });
  const scale = sel(em, em.op("Equal", [peak, zero]), one, peak);
  const a0 = em.op("Div", [clean, scale]);
  const v0 = em.op("Expand", [em.op("Cast", [g.diag], { to: { i: 11 } }), em.int64s(shape)]);
  const pairs = pairTables(em, n);
  let d = a0, v = v0;
  if (pairs.count > 0) {
    [d, v] = loopWhile(em, MAX_SWEEPS, [{ name: a0, aval: f64(shape) }, { name: v0, aval: f64(shape) }], (sw, _sweep, [as, vs]) => {
      const [an, vn] = countedLoop(sw, pairs.count, [{ name: as!, aval: f64(shape) }, { name: vs!, aval: f64(shape) }], (s, k, [ac, vc]) => {
        const p = take(s, pairs.ps, k, 0), q = take(s, pairs.qs, k, 0);
        const entry = (i: string, j: string): string => s.op("Unsqueeze", [take(s, take(s, ac!, i, r - 2), j, r - 2), s.int64s([r - 2, r - 1])]);
        const app = entry(p, p), aqq = entry(q, q), apq = entry(p, q);
        const still = s.op("Equal", [apq, zero]);
        const safe = sel(s, still, one, apq);
        const theta = s.op("Div", [s.op("Sub", [aqq, app]), s.op("Mul", [f64Scalar(s, 2), safe])]);
        const sgn = sel(s, s.op("Less", [theta, zero]), f64Scalar(s, -1), one);
        const absT = s.op("Abs", [theta]);
        const t0 = s.op("Div", [sgn, s.op("Add", [absT, s.op("Sqrt", [s.op("Add", [one, s.op("Mul", [theta, theta])])])])]);
        // For |θ| beyond 1e150, θ² overflows: t = 1/(2θ) to rounding there.
        const t = sel(s, s.op("Greater", [absT, f64Scalar(s, 1e150)]), s.op("Div", [f64Scalar(s, 0.5), theta]), t0);
        const c = s.op("Reciprocal", [s.op("Sqrt", [s.op("Add", [one, s.op("Mul", [t, t])])])]);
        const sn = s.op("Mul", [c, t]);
        const jm = rotation(s, g, p, q, sel(s, still, one, c), sel(s, still, zero, sn));
        const rotated = s.op("MatMul", [swapLast(s, jm, r), s.op("MatMul", [ac!, jm])]);
        // The pair's entries are zero by construction (rounding would leave a trace).
        const pq = s.op("Or", [
          s.op("And", [s.op("Equal", [g.rows, p]), s.op("Equal", [g.cols, q])]),
          s.op("And", [s.op("Equal", [g.rows, q]), s.op("Equal", [g.cols, p])]),
        ]);
        return [sel(s, pq, zero, rotated), s.op("MatMul", [vc!, jm])];
      });
      const off = sw.op("ReduceMax", [sw.op("Abs", [sel(sw, g.diag, zero, an!)])], { keepdims: { i: 0 } });
      const top = sw.op("ReduceMax", [sw.op("Abs", [an!])], { keepdims: { i: 0 } });
      return { next: [an!, vn!], again: sw.op("Greater", [off, sw.op("Mul", [f64Scalar(sw, 1e-16), top])]) };
    });
  }
  const wRaw = em.op("Mul", [em.op("ReduceSum", [sel(em, g.diag, d, zero), em.int64s([r - 1])], { keepdims: { i: 0 } }), em.op("Squeeze", [scale, em.int64s([r - 1])])]);
  const order = stableOrder(em, wRaw, n, r - 1, true);
  const w = em.op("GatherElements", [wRaw, order], { axis: { i: r - 2 } });
  const vecs = fixColumnSigns(em, permuteColumns(em, v, order, shape), r);
  const nan = f64Scalar(em, NaN);
  fromF64(em, sel(em, bad, nan, vecs), dtype, outV!);
  fromF64(em, sel(em, em.op("Squeeze", [bad, em.int64s([r - 1])]), nan, w), dtype, outW!);
};

/** Sweeps of at most this many, as the kernel's one-sided Jacobi. */
const MAX_SVD_SWEEPS = 80;

/** x's rows (axis −2 of `shape`) taken in `order` (`[..., rows]` int64). */
function permuteRows(em: Emitter, x: string, order: string, shape: readonly number[]): string {
  const r = shape.length;
  return em.op("GatherElements", [x, em.op("Expand", [unsqueeze(em, order, r - 1), em.int64s(shape)])], { axis: { i: r - 2 } });
}

/** An identity matrix of float64 `[n, n]`, broadcast to `[...batch, n, n]` when `batch` is given. */
function identity(em: Emitter, n: number, batch?: readonly number[]): string {
  const eye = new Float64Array(n * n);
  for (let i = 0; i < n; i++) eye[i * n + i] = 1;
  const c = em.constant("float64", [n, n], eye);
  return batch === undefined ? c : em.op("Expand", [c, em.int64s([...batch, n, n])]);
}

/** Where x < 0, 0; elsewhere x (NaN stays NaN): Math.max(0, x). */
const atLeastZero = (em: Emitter, x: string): string => sel(em, em.op("Less", [x, f64Scalar(em, 0)]), f64Scalar(em, 0), x);

interface JacobiResult {
  readonly s: string;
  readonly uRows?: string;
  readonly vRows?: string;
}

/**
 * The kernel's tallSvd: one-sided Jacobi on the n rows of g (`[...batch, n, m]`, each a column of
 * an m×n matrix, m ≥ n). Sweeps recompute the squared norms, then rotate each pair (p, q) in row
 * order unless γ = g_p·g_q is 0 or |γ| ≤ m·ε·√(αβ), updating the two squared norms as the kernel
 * does; the Loop stops after the first sweep that rotates nothing in any matrix of the batch (a
 * sweep without rotations changes nothing, so a matrix that converged earlier is unaffected).
 * Then: singular values the row norms sorted descending (stable), vᵀ's rows sign-fixed (first
 * entry of largest magnitude positive), u's rows g's rows (same sign) over s, and the rows of zero
 * singular values and, with `full`, the extra rows completed as the kernel completes them.
 */
function jacobiRows(em: Emitter, g: string, batch: readonly number[], m: number, n: number, full: boolean, computeUv: boolean): JacobiResult {
  const rank = batch.length + 2;
  const gShape = [...batch, n, m], vShape = [...batch, n, n];
  const rowsN = iotaAlong(em, n, rank - 2, rank), vecN = iotaAlong(em, n, rank - 2, rank - 1);
  const zero = f64Scalar(em, 0), one = f64Scalar(em, 1);
  const tol = f64Scalar(em, Math.max(m, 1) * 2 ** -52);
  const pairs = pairTables(em, n);
  let gf = g, vf = identity(em, n, batch);
  if (pairs.count > 0) {
    [gf, vf] = loopWhile(em, MAX_SVD_SWEEPS, [{ name: g, aval: f64(gShape) }, { name: vf, aval: f64(vShape) }], (sw, _sweep, [gs, vs]) => {
      const sq0 = sw.op("ReduceSum", [sw.op("Mul", [gs!, gs!]), sw.int64s([rank - 1])], { keepdims: { i: 0 } });
      const [gn, vn, , count] = countedLoop(
        sw, pairs.count,
        [{ name: gs!, aval: f64(gShape) }, { name: vs!, aval: f64(vShape) }, { name: sq0, aval: f64([...batch, n]) }, { name: f64Scalar(sw, 0), aval: f64([]) }],
        (s, k, [gc, vc, sqc, cc]) => {
          const p = take(s, pairs.ps, k, 0), q = take(s, pairs.qs, k, 0);
          const gp = take(s, gc!, p, rank - 2), gq = take(s, gc!, q, rank - 2);
          const gamma = s.op("ReduceSum", [s.op("Mul", [gp, gq]), s.int64s([rank - 2])], { keepdims: { i: 1 } });
          const alpha = unsqueeze(s, take(s, sqc!, p, rank - 2), rank - 2), beta = unsqueeze(s, take(s, sqc!, q, rank - 2), rank - 2);
          const big = s.op("Greater", [s.op("Abs", [gamma]), s.op("Mul", [tol, s.op("Sqrt", [s.op("Mul", [alpha, beta])])])]);
          const rot = s.op("And", [s.op("Not", [s.op("Equal", [gamma, zero])]), big]);
          const zeta = s.op("Div", [s.op("Sub", [beta, alpha]), s.op("Mul", [f64Scalar(s, 2), gamma])]);
          const sgn = sel(s, s.op("GreaterOrEqual", [zeta, zero]), one, f64Scalar(s, -1));
          const t = s.op("Div", [sgn, s.op("Add", [s.op("Abs", [zeta]), s.op("Sqrt", [s.op("Add", [one, s.op("Mul", [zeta, zeta])])])])]);
          const c = s.op("Reciprocal", [s.op("Sqrt", [s.op("Add", [one, s.op("Mul", [t, t])])])]);
          const sn = s.op("Mul", [c, t]);
          const rotRows = (x: string): string => {
            const xp = take(s, x, p, rank - 2), xq = take(s, x, q, rank - 2);
            const np = s.op("Sub", [s.op("Mul", [c, xp]), s.op("Mul", [sn, xq])]);
            const nq = s.op("Add", [s.op("Mul", [sn, xp]), s.op("Mul", [c, xq])]);
            const moved = sel(s, s.op("Equal", [rowsN, p]), unsqueeze(s, np, rank - 2), sel(s, s.op("Equal", [rowsN, q]), unsqueeze(s, nq, rank - 2), x));
            return sel(s, unsqueeze(s, rot, rank - 1), moved, x);
          };
          const cross = s.op("Mul", [s.op("Mul", [f64Scalar(s, 2), s.op("Mul", [c, sn])]), gamma]);
          const cc2 = s.op("Mul", [c, c]), ss2 = s.op("Mul", [sn, sn]);
          const sqp = atLeastZero(s, s.op("Add", [s.op("Sub", [s.op("Mul", [cc2, alpha]), cross]), s.op("Mul", [ss2, beta])]));
          const sqq = atLeastZero(s, s.op("Add", [s.op("Add", [s.op("Mul", [ss2, alpha]), cross]), s.op("Mul", [cc2, beta])]));
          const sqMoved = sel(s, s.op("Equal", [vecN, p]), sqp, sel(s, s.op("Equal", [vecN, q]), sqq, sqc!));
          const rotations = s.op("ReduceSum", [s.op("Cast", [rot], { to: { i: 11 } })], { keepdims: { i: 0 } });
          return [rotRows(gc!), rotRows(vc!), sel(s, rot, sqMoved, sqc!), s.op("Add", [cc!, rotations])];
        },
      );
      return { next: [gn!, vn!], again: sw.op("Greater", [count!, zero]) };
    });
  }
  const norms = em.op("Sqrt", [em.op("ReduceSum", [em.op("Mul", [gf, gf]), em.int64s([rank - 1])], { keepdims: { i: 0 } })]);
  const order = stableOrder(em, norms, n, rank - 1, false);
  const s = em.op("GatherElements", [norms, order], { axis: { i: rank - 2 } });
  if (!computeUv) return { s };
  const vp = permuteRows(em, vf, order, vShape), gp = permuteRows(em, gf, order, gShape);
  const big = em.op("ArgMax", [em.op("Abs", [vp])], { axis: { i: rank - 1 }, keepdims: { i: 1 }, select_last_index: { i: 0 } });
  const lead = em.op("GatherElements", [vp, big], { axis: { i: rank - 1 } });
  const sign = sel(em, em.op("Less", [lead, zero]), f64Scalar(em, -1), one);
  const vRows = em.op("Mul", [vp, sign]);
  const sCol = unsqueeze(em, s, rank - 1);
  const positive = em.op("Greater", [sCol, zero]);
  let uRows = sel(em, positive, em.op("Div", [em.op("Mul", [gp, sign]), sel(em, positive, sCol, one)]), zero);
  let filledRows = positive;
  const ku = full ? m : n;
  if (ku > n) {
    uRows = em.op("Concat", [uRows, em.op("Expand", [zero, em.int64s([...batch, ku - n, m])])], { axis: { i: rank - 2 } });
    filledRows = em.op("Concat", [filledRows, em.op("Expand", [em.scalar(0, "bool"), em.int64s([...batch, ku - n, 1])])], { axis: { i: rank - 2 } });
  }
  return { s, uRows: complete(em, uRows, filledRows, batch, ku, m), vRows };
}

/**
 * The kernel's completeOrthonormal: each row not yet filled (in order) becomes the first standard
 * basis vector whose part orthogonal to the filled rows has norm ≥ ½ (else the one with the
 * largest such part), normalised; it then counts as filled. The projection runs twice, as the
 * kernel's (all filled rows at once here: the same vectors to rounding).
 */
function complete(em: Emitter, rows0: string, filled0: string, batch: readonly number[], ku: number, m: number): string {
  const rank = batch.length + 2;
  const rowsKu = iotaAlong(em, ku, rank - 2, rank);
  const zero = f64Scalar(em, 0);
  const eye = identity(em, m);
  const [rows] = countedLoop(em, ku, [{ name: rows0, aval: f64([...batch, ku, m]) }, { name: filled0, aval: { shape: [...batch, ku, 1], dtype: "bool" } }], (s, r, [rc, fc]) => {
    const known = sel(s, fc!, rc!, zero);
    const project = (c: string): string => s.op("Sub", [c, s.op("MatMul", [s.op("MatMul", [c, swapLast(s, known, rank)]), known])]);
    const cands = project(project(eye));
    const norms = s.op("Sqrt", [s.op("ReduceSum", [s.op("Mul", [cands, cands]), s.int64s([rank - 1])], { keepdims: { i: 0 } })]);
    const good = s.op("Cast", [s.op("GreaterOrEqual", [norms, f64Scalar(s, 0.5)])], { to: { i: 11 } });
    const anyGood = s.op("Greater", [s.op("ReduceMax", [good, s.int64s([rank - 2])], { keepdims: { i: 1 } }), zero]);
    const first = (v: string): string => s.op("ArgMax", [v], { axis: { i: rank - 2 }, keepdims: { i: 1 }, select_last_index: { i: 0 } });
    const k = sel(s, anyGood, first(good), first(norms));
    const cand = s.op("GatherElements", [cands, s.op("Expand", [unsqueeze(s, k, rank - 1), s.int64s([...batch, 1, m])])], { axis: { i: rank - 2 } });
    const norm = unsqueeze(s, s.op("GatherElements", [norms, k], { axis: { i: rank - 2 } }), rank - 1);
    const here = s.op("Equal", [rowsKu, r]);
    const writeRows = s.op("And", [here, unsqueeze(s, s.op("Not", [take(s, fc!, r, rank - 2)]), rank - 2)]);
    return [sel(s, writeRows, s.op("Div", [cand, norm]), rc!), s.op("Or", [fc!, here])];
  });
  return rows!;
}

/** The kernel's tallDecompose of the float64 batch t (`[...batch, m, n]`, m ≥ n): rows of u (ku of them), of vᵀ, and s. */
function tallDecompose(em: Emitter, t: string, batch: readonly number[], m: number, n: number, full: boolean, computeUv: boolean): JacobiResult {
  const rank = batch.length + 2;
  if (m === n) return jacobiRows(em, swapLast(em, t, rank), batch, m, n, full, computeUv);
  // A strictly tall matrix: QR first, Jacobi on R's n×n block, U = Q·U_R (and Q's last columns with full matrices).
  const fullQ = full && computeUv;
  const kq = fullQ ? m : n;
  const { q, r } = householder(em, t, [...batch, m, n], fullQ);
  const top = kq === n ? r : em.op("Slice", [r, em.int64s([0]), em.int64s([n]), em.int64s([rank - 2])]);
  const res = jacobiRows(em, swapLast(em, top, rank), batch, n, n, false, computeUv);
  if (!computeUv) return res;
  const qn = kq === n ? q : em.op("Slice", [q, em.int64s([0]), em.int64s([n]), em.int64s([rank - 1])]);
  let uRows = swapLast(em, em.op("MatMul", [qn, swapLast(em, res.uRows!, rank)]), rank);
  if (full) {
    const extra = swapLast(em, em.op("Slice", [q, em.int64s([n]), em.int64s([m]), em.int64s([rank - 1])]), rank);
    uRows = em.op("Concat", [uRows, extra], { axis: { i: rank - 2 } });
  }
  return { s: res.s, uRows, vRows: res.vRows! };
}

/**
 * svd: the kernel's algorithm (src/tensor/kernels/eigen-svd.ts) step for step — a non-finite entry
 * makes every output NaN; a wide matrix is decomposed through its transpose; a strictly tall one
 * is reduced by Householder QR first; one-sided Jacobi, descending order, the kernel's sign rule
 * and its orthonormal completion of the vectors of zero singular values.
 */
const svd: Lowering<"svd"> = (em, e, [x], outs) => {
  const { shape, dtype } = e.inputs[0]!.aval;
  const { fullMatrices, computeUv } = e.params;
  const r = shape.length, m = shape[r - 2]!, n = shape[r - 1]!, batch = shape.slice(0, -2);
  const a = toF64(em, x!, dtype);
  const bad = anyNonFinite(em, a, r);
  const clean = sel(em, bad, f64Scalar(em, 0), a);
  const res = m >= n ? tallDecompose(em, clean, batch, m, n, fullMatrices, computeUv) : tallDecompose(em, swapLast(em, clean, r), batch, n, m, fullMatrices, computeUv);
  const nan = f64Scalar(em, NaN);
  fromF64(em, sel(em, em.op("Squeeze", [bad, em.int64s([r - 1])]), nan, res.s), dtype, outs[0]!);
  if (!computeUv) return;
  const u = m >= n ? swapLast(em, res.uRows!, r) : swapLast(em, res.vRows!, r);
  const vt = m >= n ? res.vRows! : res.uRows!;
  fromF64(em, sel(em, bad, nan, u), dtype, outs[1]!);
  fromF64(em, sel(em, bad, nan, vt), dtype, outs[2]!);
};

/** The orthogonal-decomposition part of the ONNX lowering table. */
export const EIGEN_LOWERINGS = {
  qr,
  eigh,
  svd,
};
