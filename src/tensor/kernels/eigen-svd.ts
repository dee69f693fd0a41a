/**
 * Singular value decomposition by one-sided (Hestenes) Jacobi, in float64: plane rotations of
 * column pairs until every pair is orthogonal to working precision. Unlike an eigendecomposition of
 * AᵀA it never squares the condition number, so small singular values keep their relative
 * accuracy. A wide matrix is decomposed through its transpose. Singular values come out descending
 * (JAX's order); left vectors of zero singular values and the extra columns of full matrices are an
 * orthonormal completion (JAX leaves those to LAPACK: any completion is as right). A strictly tall
 * matrix is reduced by Householder QR first and Jacobi runs on its square R. Each pair's sign
 * is fixed so that the singular vector on the matrix's shorter side (vᵀ's row for a tall or square
 * matrix, u's column for a wide one) has its largest-magnitude entry positive.
 */
import { householderQr } from "./eigen-qr.js";

/** s (k = min(m, n)), u (m×ku) and vt (kv×n), row-major; u and vt are absent without `computeUv`. */
export interface SvdResult {
  readonly s: Float64Array;
  readonly u?: Float64Array;
  readonly vt?: Float64Array;
}

const EPS = 2 ** -52;

/**
 * SVD of the row-major m×n matrix `a` (not modified): with `full`, u is m×m and vt n×n; otherwise
 * u is m×k and vt k×n. A non-finite entry makes every output NaN (JAX's value for a failed
 * decomposition).
 *
 * @example
 * ```ts
 * const { s } = jacobiSvd(new Float64Array([3, 0, 0, -4]), 2, 2, false, false); // s = [4, 3]
 * ```
 */
export function jacobiSvd(a: ArrayLike<number>, m: number, n: number, full: boolean, computeUv: boolean): SvdResult {
  const k = Math.min(m, n);
  const finite = Array.prototype.every.call(a, Number.isFinite) as boolean;
  if (!finite) {
    const nan = (len: number): Float64Array => new Float64Array(len).fill(NaN);
    const ku = full ? m : k, kv = full ? n : k;
    return computeUv ? { s: nan(k), u: nan(m * ku), vt: nan(kv * n) } : { s: nan(k) };
  }
  if (m >= n) {
    const t = tallDecompose(a, m, n, full, computeUv);
    return computeUv ? { s: t.s, u: rowsToMatrix(t.uCols!, m), vt: t.vRows } : { s: t.s };
  }
  // Wide: aᵀ (n×m, tall) = V·S·Uᵀ.
  const at = new Float64Array(n * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) at[j * m + i] = a[i * n + j]!;
  const t = tallDecompose(at, n, m, full, computeUv);
  if (!computeUv) return { s: t.s };
  // u = the transposed problem's V (vRows are its columns = u's columns); vt = its U transposed.
  return { s: t.s, u: rowsToMatrix(t.vRows!, m), vt: t.uCols };
}

/**
 * The SVD of the row-major m×n matrix t with m ≥ n. A strictly tall matrix is first reduced by
 * Householder QR (t = Q·R) and Jacobi runs on the n×n R — rotations of length n instead of m, the
 * classic preconditioning — with U = Q·U_R (full matrices: Q's last m − n columns complete it).
 */
function tallDecompose(t: ArrayLike<number>, m: number, n: number, full: boolean, computeUv: boolean): TallResult {
  if (m > n) {
    const fullQ = full && computeUv;
    const { q, r } = householderQr(t, m, n, fullQ);
    const kq = fullQ ? m : n;
    const g = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) g[j * n + i] = r[i * n + j]!;
    const res = tallSvd(g, n, n, false, computeUv);
    if (!computeUv) return { s: res.s };
    const ku = full ? m : n;
    const uCols = new Float64Array(ku * m);
    const ur = res.uCols!;
    for (let c = 0; c < n; c++) {
      for (let i = 0; i < m; i++) {
        let x = 0;
        for (let l = 0; l < n; l++) x += q[i * kq + l]! * ur[c * n + l]!;
        uCols[c * m + i] = x;
      }
    }
    for (let c = n; c < ku; c++) for (let i = 0; i < m; i++) uCols[c * m + i] = q[i * kq + c]!;
    return { s: res.s, uCols, vRows: res.vRows };
  }
  // Columns of t are the rows of g.
  const g = new Float64Array(n * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) g[j * m + i] = t[i * n + j]!;
  return tallSvd(g, m, n, full, computeUv);
}

/** The matrix whose columns are the given rows (each of length `len`): a transpose. */
function rowsToMatrix(rows: Float64Array, len: number): Float64Array {
  const count = rows.length / len;
  const out = new Float64Array(rows.length);
  for (let c = 0; c < count; c++) for (let i = 0; i < len; i++) out[i * count + c] = rows[c * len + i]!;
  return out;
}

interface TallResult {
  s: Float64Array;
  /** Left singular vectors as rows (ku of them, each of length m). */
  uCols?: Float64Array;
  /** Right singular vectors as rows (n of them, each of length n): vᵀ. */
  vRows?: Float64Array;
}

/**
 * One-sided Jacobi on an m×n matrix with m ≥ n, given as its n columns `g` (row j of g = column j),
 * overwritten. Returns sorted results with signs fixed on v.
 */
function tallSvd(g: Float64Array, m: number, n: number, full: boolean, computeUv: boolean): TallResult {
  const vt = computeUv ? identity(n) : undefined;
  const tol = Math.max(m, 1) * EPS;
  // Squared column norms, recomputed exactly at each sweep and updated through its rotations
  // (c²α − 2csγ + s²β and s²α + 2csγ + c²β), so a pair costs one dot product instead of three.
  const sq = new Float64Array(n);
  for (let sweep = 0; sweep < 80; sweep++) {
    for (let j = 0; j < n; j++) {
      let ss = 0;
      for (let i = 0, o = j * m; i < m; i++) ss += g[o + i]! * g[o + i]!;
      sq[j] = ss;
    }
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const P = p * m, Q = q * m;
        let gamma = 0;
        for (let i = 0; i < m; i++) gamma += g[P + i]! * g[Q + i]!;
        const alpha = sq[p]!, beta = sq[q]!;
        if (gamma === 0 || !(Math.abs(gamma) > tol * Math.sqrt(alpha * beta))) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        rotate(g, P, Q, m, c, s);
        if (vt) rotate(vt, p * n, q * n, n, c, s);
        const cross = 2 * c * s * gamma;
        sq[p] = Math.max(0, c * c * alpha - cross + s * s * beta);
        sq[q] = Math.max(0, s * s * alpha + cross + c * c * beta);
      }
    }
    if (!rotated) break;
  }
  const norms = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let ss = 0;
    for (let i = 0; i < m; i++) ss += g[j * m + i]! ** 2;
    norms[j] = Math.sqrt(ss);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => norms[j]! - norms[i]! || i - j);
  const s = Float64Array.from(order, (j) => norms[j]!);
  if (!vt) return { s };
  const vRows = new Float64Array(n * n);
  const ku = full ? m : n;
  const uCols = new Float64Array(ku * m);
  const filled: boolean[] = new Array<boolean>(ku).fill(false);
  order.forEach((src, dst) => {
    let big = 0;
    for (let k = 1; k < n; k++) if (Math.abs(vt[src * n + k]!) > Math.abs(vt[src * n + big]!)) big = k;
    const sign = vt[src * n + big]! < 0 ? -1 : 1;
    for (let k = 0; k < n; k++) vRows[dst * n + k] = sign * vt[src * n + k]!;
    const sv = s[dst]!;
    if (sv > 0) {
      for (let i = 0; i < m; i++) uCols[dst * m + i] = (sign * g[src * m + i]!) / sv;
      filled[dst] = true;
    }
  });
  completeOrthonormal(uCols, m, filled);
  return { s, uCols, vRows };
}

function identity(n: number): Float64Array {
  const x = new Float64Array(n * n);
  for (let i = 0; i < n; i++) x[i * n + i] = 1;
  return x;
}

/** Rows p and q (offsets P, Q, length len) ← (c·p − s·q, s·p + c·q). */
function rotate(x: Float64Array, P: number, Q: number, len: number, c: number, s: number): void {
  for (let i = 0; i < len; i++) {
    const xp = x[P + i]!, xq = x[Q + i]!;
    x[P + i] = c * xp - s * xq;
    x[Q + i] = s * xp + c * xq;
  }
}

/**
 * Fills the rows of `rows` (each of length m) not marked `filled` with unit vectors orthogonal to
 * every other row: standard basis vectors with the filled rows projected out (twice, for
 * orthogonality to rounding), taking the first whose remainder is large, else the largest.
 */
function completeOrthonormal(rows: Float64Array, m: number, filled: boolean[]): void {
  const count = filled.length;
  for (let r = 0; r < count; r++) {
    if (filled[r]) continue;
    let best: Float64Array | undefined;
    let bestNorm = -1;
    for (let k = 0; k < m && bestNorm < 0.5; k++) {
      const cand = new Float64Array(m);
      cand[k] = 1;
      for (let pass = 0; pass < 2; pass++) {
        for (let o = 0; o < count; o++) {
          if (!filled[o]) continue;
          let dot = 0;
          for (let i = 0; i < m; i++) dot += rows[o * m + i]! * cand[i]!;
          if (dot !== 0) for (let i = 0; i < m; i++) cand[i]! -= dot * rows[o * m + i]!;
        }
      }
      let nn = 0;
      for (let i = 0; i < m; i++) nn += cand[i]! ** 2;
      const norm = Math.sqrt(nn);
      if (norm > bestNorm) {
        bestNorm = norm;
        best = cand;
      }
    }
    for (let i = 0; i < m; i++) rows[r * m + i] = best![i]! / bestNorm;
    filled[r] = true;
  }
}
