/**
 * Householder QR of one m×n matrix, as LAPACK's geqrf + orgqr compute it (the kernels JAX calls on
 * CPU), so Q and R match JAX's to rounding, signs included: each reflector makes R's diagonal entry
 * −sign(α)·‖column‖ (sign(0) = +), and a column already zero below the diagonal gets no reflector
 * (its R entry keeps its own sign). Everything runs in float64; callers round float32 results.
 */

/** Q (m×kq) and R (kq×n), row-major, where kq = m with `full`, else min(m, n). */
export interface QrResult {
  readonly q: Float64Array;
  readonly r: Float64Array;
}

/**
 * QR of the row-major m×n matrix `a` (not modified).
 *
 * @example
 * ```ts
 * const { q, r } = householderQr(new Float64Array([3, 4]), 2, 1, false); // q = [-0.6, -0.8], r = [-5]
 * ```
 */
export function householderQr(a: ArrayLike<number>, m: number, n: number, full: boolean): QrResult {
  const w = Float64Array.from(a);
  const k = Math.min(m, n);
  const tau = new Float64Array(k);
  // geqrf: reflector j zeroes w[j+1:, j]; its vector (v0 = 1 implied) is stored below the diagonal.
  for (let j = 0; j < k; j++) {
    let xnorm2 = 0;
    for (let i = j + 1; i < m; i++) xnorm2 += w[i * n + j]! ** 2;
    if (xnorm2 === 0) continue; // dlarfg: H = I, and R keeps alpha as it is
    const alpha = w[j * n + j]!;
    const norm = Math.hypot(alpha, Math.sqrt(xnorm2));
    const beta = alpha >= 0 ? -norm : norm;
    tau[j] = (beta - alpha) / beta;
    const scale = 1 / (alpha - beta);
    for (let i = j + 1; i < m; i++) w[i * n + j]! *= scale;
    w[j * n + j] = beta;
    applyReflector(w, n, m, j, j + 1, n, tau[j]!, w, n, j);
  }
  const kq = full ? m : k;
  const r = new Float64Array(kq * n);
  for (let i = 0; i < Math.min(kq, m); i++) for (let c = i; c < n; c++) r[i * n + c] = w[i * n + c]!;
  // orgqr: Q = H_0 ⋯ H_{k−1} applied to the first kq columns of I, accumulated backwards so that
  // reflector j touches only rows and columns from j on.
  const q = new Float64Array(m * kq);
  for (let i = 0; i < Math.min(m, kq); i++) q[i * kq + i] = 1;
  for (let j = k - 1; j >= 0; j--) {
    if (tau[j] === 0) continue;
    applyReflector(q, kq, m, j, j, kq, tau[j]!, w, n, j);
  }
  return { q, r };
}

/**
 * Applies H = I − τ·v·vᵀ from the left to rows row0… and columns c0…c1 of `x` (row stride `ld`),
 * where v is 1 at row0 and `vs[i·vld + vcol]` below it.
 */
function applyReflector(
  x: Float64Array, ld: number, m: number, row0: number, c0: number, c1: number,
  tau: number, vs: Float64Array, vld: number, vcol: number,
): void {
  const len = m - row0;
  const v = new Float64Array(len);
  v[0] = 1;
  for (let i = 1; i < len; i++) v[i] = vs[(row0 + i) * vld + vcol]!;
  // s = vᵀ·X (row vector over the columns), then X −= τ·v·s: row-wise, so memory is read in order.
  const s = new Float64Array(c1 - c0);
  for (let i = 0; i < len; i++) {
    const vi = v[i]!;
    if (vi === 0) continue;
    const base = (row0 + i) * ld;
    for (let c = c0; c < c1; c++) s[c - c0]! += vi * x[base + c]!;
  }
  for (let i = 0; i < len; i++) {
    const f = tau * v[i]!;
    if (f === 0) continue;
    const base = (row0 + i) * ld;
    for (let c = c0; c < c1; c++) x[base + c]! -= f * s[c - c0]!;
  }
}
