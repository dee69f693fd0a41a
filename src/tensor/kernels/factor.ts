/**
 * Reference kernels of the matrix factorisations and solves: Cholesky, triangular solve, LU with
 * partial pivoting and pivots → permutation. Each loops over the leading (batch) axes and works on
 * one row-major matrix at a time in float64 (float32 inputs are widened once and rounded once on
 * output), with row-oriented inner loops so every innermost loop runs over contiguous memory.
 */
import { type DType, allocate } from "../dtype.js";
import type { DataArray } from "../dtype.js";

/** A float64 copy of elements [start, start + n) of `data`. */
function widen(data: ArrayLike<number>, start: number, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = data[start + i]!;
  return out;
}

const batchOf = (shape: readonly number[]): number => shape.slice(0, -2).reduce((p, d) => p * d, 1);

/** Σ_{k<n} x[xi + k]·y[yi + k], four partial sums (independent chains the CPU overlaps). */
function dot(x: Float64Array, xi: number, y: Float64Array, yi: number, n: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, k = 0;
  for (; k + 3 < n; k += 4) {
    s0 += x[xi + k]! * y[yi + k]!;
    s1 += x[xi + k + 1]! * y[yi + k + 1]!;
    s2 += x[xi + k + 2]! * y[yi + k + 2]!;
    s3 += x[xi + k + 3]! * y[yi + k + 3]!;
  }
  for (; k < n; k++) s0 += x[xi + k]! * y[yi + k]!;
  return s0 + s1 + (s2 + s3);
}

// ---- Cholesky ----------------------------------------------------------------------------------

/**
 * The lower Cholesky factor of one n×n matrix, read from its lower triangle only (as LAPACK's
 * potrf): row i of L from dot products of rows i and j (Cholesky–Banachiewicz), contiguous in k.
 * Returns false when a pivot is not positive (or NaN): the matrix is not positive definite.
 */
function choleskyOne(a: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const rj = j * n;
      const s = a[ri + j]! - dot(a, ri, a, rj, j);
      if (j === i) {
        if (!(s > 0)) return false;
        a[ri + i] = Math.sqrt(s);
      } else {
        a[ri + j] = s / a[rj + j]!;
      }
    }
    for (let j = i + 1; j < n; j++) a[ri + j] = 0;
  }
  return true;
}

/**
 * Batched Cholesky of `[..., n, n]`: lower factors with zeros above the diagonal. A matrix that is
 * not positive definite gives NaN in its lower triangle (JAX: potrf's failure fills the matrix with
 * NaN, and `lax.linalg.cholesky`'s tril keeps the zeros above).
 */
export function cholesky(data: ArrayLike<number>, shape: readonly number[], dtype: DType): DataArray {
  const n = shape[shape.length - 1]!;
  const nn = n * n;
  const out = allocate(dtype, data.length);
  for (let b = 0, batch = batchOf(shape); b < batch; b++) {
    // Large matrices factor in the installed workspace (the same loop in WebAssembly SIMD).
    const ws = inWorkspace(data, b * nn, n, n);
    const a = ws?.a ?? widen(data, b * nn, nn);
    if (!(ws !== undefined ? ws.cholesky() : choleskyOne(a, n))) {
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = j <= i ? NaN : 0;
    }
    out.set(a, b * nn);
  }
  return out;
}

// ---- triangular solve ----------------------------------------------------------------------------

/** What a triangular solve reads of `a` and how it applies it (JAX's triangular_solve params). */
export interface TriangularSolveOptions {
  readonly leftSide: boolean;
  readonly lower: boolean;
  readonly transposeA: boolean;
  readonly unitDiagonal: boolean;
}

/**
 * Solves T·X = B in place (B is m×n, row-major) for an m×m triangular T given as a row-major
 * array, lower or upper: forward or back substitution. With a few columns each unknown is a dot
 * product of T's row with a column of X (contiguous when n = 1); with many, each step is an axpy
 * over a row of X.
 */
function substitute(t: Float64Array, x: Float64Array, m: number, n: number, lower: boolean, unit: boolean): void {
  if (n === 1) {
    const solveRow = (i: number, from: number, to: number): void => {
      const v = x[i]! - dot(t, i * m + from, x, from, to - from);
      x[i] = unit ? v : v / t[i * m + i]!;
    };
    if (lower) for (let i = 0; i < m; i++) solveRow(i, 0, i);
    else for (let i = m - 1; i >= 0; i--) solveRow(i, i + 1, m);
    return;
  }
  const step = (i: number, from: number, to: number): void => {
    const xi = i * n;
    for (let k = from; k < to; k++) {
      const c = t[i * m + k]!;
      const xk = k * n;
      for (let j = 0; j < n; j++) x[xi + j] -= c * x[xk + j]!;
    }
    if (!unit) {
      const d = t[i * m + i]!;
      for (let j = 0; j < n; j++) x[xi + j] /= d;
    }
  };
  if (lower) for (let i = 0; i < m; i++) step(i, 0, i);
  else for (let i = m - 1; i >= 0; i--) step(i, i + 1, m);
}

/** The m×m triangle of `a` that op(A) uses, as a row-major float64 matrix (transposed when asked). */
function triangleOf(a: ArrayLike<number>, start: number, m: number, lower: boolean, transpose: boolean): Float64Array {
  const t = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    // Row i's part of the triangle: columns [0, i] (lower) or [i, m) (upper); the rest stays 0.
    const from = lower ? 0 : i, to = lower ? i + 1 : m, row = start + i * m;
    if (transpose) for (let j = from; j < to; j++) t[j * m + i] = a[row + j]!;
    else for (let j = from; j < to; j++) t[i * m + j] = a[row + j]!;
  }
  return t;
}

/**
 * Batched triangular solve as XLA's: op(A)·X = B (leftSide) or X·op(A) = B, A `[..., m, m]` read
 * only in its `lower`/upper triangle (its diagonal taken as 1 when `unitDiagonal`), op(A) = Aᵀ when
 * `transposeA`. B `[..., m, n]` (left) or `[..., n, m]` (right). A right-side solve is the left
 * solve op(A)ᵀ·Xᵀ = Bᵀ, so every case is one substitution with a lower or upper matrix.
 */
export function triangularSolve(
  a: ArrayLike<number>, aShape: readonly number[], b: ArrayLike<number>, bShape: readonly number[], o: TriangularSolveOptions, dtype: DType,
): DataArray {
  const m = aShape[aShape.length - 1]!;
  const [r, c] = bShape.slice(-2) as [number, number];
  const out = allocate(dtype, b.length);
  for (let bi = 0, batch = batchOf(bShape); bi < batch; bi++) {
    // The effective triangle: transposing flips lower ↔ upper; so does moving to the left side.
    const flip = o.transposeA !== !o.leftSide;
    const t = triangleOf(a, bi * m * m, m, o.lower, flip);
    const lower = o.lower !== flip;
    if (o.leftSide) {
      const x = widen(b, bi * r * c, r * c);
      substitute(t, x, m, c, lower, o.unitDiagonal);
      out.set(x, bi * r * c);
    } else {
      // Xᵀ (m×r) from Bᵀ.
      const x = new Float64Array(r * c);
      for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) x[j * r + i] = b[bi * r * c + i * c + j]!;
      substitute(t, x, m, r, lower, o.unitDiagonal);
      for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[bi * r * c + i * c + j] = x[j * r + i]!;
    }
  }
  return out;
}

// ---- LU ------------------------------------------------------------------------------------------

/**
 * Batched LU with partial pivoting of `[..., m, n]` (LAPACK's getrf): P·A = L·U with L unit lower
 * (stored below the diagonal) and U upper, pivots (row swaps, 0-based int32, `[..., min(m, n)]`)
 * and the permutation they make (`[..., m]`). The pivot of column k is the first row with the
 * largest |a[i, k]| (idamax's choice); a zero pivot column is left unscaled, as getrf leaves it.
 */
export function lu(data: ArrayLike<number>, shape: readonly number[], dtype: DType): { lu: DataArray; pivots: Int32Array; permutation: Int32Array } {
  const [m, n] = shape.slice(-2) as [number, number];
  const k = Math.min(m, n);
  const batch = batchOf(shape);
  const out = allocate(dtype, data.length);
  const pivots = new Int32Array(batch * k);
  const permutation = new Int32Array(batch * m);
  for (let bi = 0; bi < batch; bi++) {
    // Large matrices factor in the installed workspace (WebAssembly memory, its SIMD elimination
    // step); the pivot search and swaps below run on it alike.
    const ws = inWorkspace(data, bi * m * n, m, n);
    const a = ws?.a ?? widen(data, bi * m * n, m * n);
    const perm = Array.from({ length: m }, (_, i) => i);
    for (let j = 0; j < k; j++) {
      let p = j, best = Math.abs(a[j * n + j]!);
      for (let i = j + 1; i < m; i++) {
        const v = Math.abs(a[i * n + j]!);
        if (v > best) (best = v), (p = i);
      }
      pivots[bi * k + j] = p;
      if (p !== j) {
        for (let c = 0; c < n; c++) {
          const tmp = a[j * n + c]!;
          a[j * n + c] = a[p * n + c]!;
          a[p * n + c] = tmp;
        }
        [perm[j], perm[p]] = [perm[p]!, perm[j]!];
      }
      const d = a[j * n + j]!;
      if (d === 0) continue;
      if (ws !== undefined) {
        ws.eliminate(j);
        continue;
      }
      const rj = j * n;
      for (let i = j + 1; i < m; i++) {
        const ri = i * n;
        const l = (a[ri + j] = a[ri + j]! / d);
        if (l === 0) continue;
        for (let c = j + 1; c < n; c++) a[ri + c] -= l * a[rj + c]!;
      }
    }
    out.set(a, bi * m * n);
    permutation.set(perm, bi * m);
  }
  return { lu: out, pivots, permutation };
}

/** A workspace for one m×n factorization: the matrix in place, LU's elimination step below pivot row j, and Cholesky whole. */
export type FactorWorkspaceProvider = (m: number, n: number) => { readonly a: Float64Array; eliminate(j: number): void; cholesky(): boolean } | undefined;

let factorWorkspace: FactorWorkspaceProvider | undefined;

/**
 * Matrices from this many elements factor in the installed workspace; smaller ones in the JS loops
 * (the copies in and out cost more than the loops save below ~16×16).
 */
export const FACTOR_WORKSPACE_MIN = 256;

/** Elements [start, start + m·n) of `data` copied into a workspace, or undefined (too small, none installed). */
function inWorkspace(data: ArrayLike<number>, start: number, m: number, n: number): ReturnType<FactorWorkspaceProvider> {
  const ws = m * n >= FACTOR_WORKSPACE_MIN && factorWorkspace !== undefined ? factorWorkspace(m, n) : undefined;
  if (ws !== undefined) for (let i = 0; i < m * n; i++) ws.a[i] = data[start + i]!;
  return ws;
}

/**
 * Installs (or with `undefined` removes) where large LU and Cholesky factorizations run: wire()
 * installs the WebAssembly one (backend/wasm/factor-kernel.ts), which gives the JS loops' bits.
 * Only wire() and tests call it.
 *
 * @example
 * ```ts
 * installFactorWorkspace(undefined); // every factorization runs the JS loops
 * wire(); // puts the WebAssembly workspace back
 * ```
 */
export function installFactorWorkspace(f: FactorWorkspaceProvider | undefined): void {
  factorWorkspace = f;
}

/**
 * The permutation that the row swaps `pivots` (`[..., k]`, swap row i with row pivots[i] in order)
 * make of 0…size−1, batched. A pivot out of [0, size) is skipped (JAX's loop would clamp an
 * out-of-range index; valid LU pivots never are).
 */
export function pivotsToPermutation(pivots: ArrayLike<number>, shape: readonly number[], size: number): Int32Array {
  const k = shape[shape.length - 1]!;
  const batch = shape.slice(0, -1).reduce((p, d) => p * d, 1);
  const out = new Int32Array(batch * size);
  for (let b = 0; b < batch; b++) {
    const perm = out.subarray(b * size, (b + 1) * size);
    for (let i = 0; i < size; i++) perm[i] = i;
    for (let i = 0; i < k; i++) {
      const j = pivots[b * k + i]!;
      if (!(j >= 0 && j < size)) continue;
      const t = perm[i]!;
      perm[i] = perm[j]!;
      perm[j] = t;
    }
  }
  return out;
}
