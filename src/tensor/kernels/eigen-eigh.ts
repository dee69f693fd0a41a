/**
 * The symmetric eigensolver: Householder reduction to tridiagonal form with the transformations
 * accumulated, then the implicit QL algorithm with Wilkinson-style shifts (the EISPACK tred2/tql2
 * pair, as JAMA states it), in float64. Backward stable: eigenvalues to float64 precision relative to
 * the matrix's norm, eigenvectors orthonormal to rounding. Eigenvalues come out ascending (JAX's
 * order); each eigenvector's sign is fixed so that its entry of largest magnitude (the first such
 * entry) is positive — JAX leaves signs to LAPACK, so any rule is as right, and this one makes the
 * output a continuous function of the input wherever that entry is unique.
 */

/** Eigenvectors (column j of the row-major n×n `v` belongs to `w[j]`) and ascending eigenvalues. */
export interface EighResult {
  readonly v: Float64Array;
  readonly w: Float64Array;
}

/**
 * Eigendecomposition of the symmetric n×n matrix given by one triangle of the row-major `a`
 * (`lower`: entries on and below the diagonal; else on and above). A non-finite entry makes every
 * output NaN (LAPACK reports failure there, and JAX returns NaNs for failed decompositions).
 *
 * @example
 * ```ts
 * const { w } = symmetricEigen(new Float64Array([2, 1, 1, 2]), 2, true); // w = [1, 3]
 * ```
 */
export function symmetricEigen(a: ArrayLike<number>, n: number, lower: boolean): EighResult {
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const x = lower ? a[i * n + j]! : a[j * n + i]!;
      v[i * n + j] = x;
      v[j * n + i] = x;
    }
  }
  const w = new Float64Array(n);
  if (!v.every(Number.isFinite)) {
    v.fill(NaN);
    w.fill(NaN);
    return { v, w };
  }
  const e = new Float64Array(n);
  // v is symmetric, so it is its own transpose: tred2 works on it as Vᵀ and leaves Qᵀ, whose rows
  // tql2 rotates (memory in order) into the eigenvectors.
  if (n > 0) tridiagonalize(v, w, e, n);
  tridiagonalQl(v, w, e, n);
  return sortAndFix(v, w, n);
}

/**
 * tred2, on the transpose: `w` holds Vᵀ (w[b·n + a] is JAMA's V[a][b]), so every inner loop walks a
 * row of memory instead of a column — and Vᵀ is what tql2 rotates. On return w holds Qᵀ with
 * A = Q·T·Qᵀ, d T's diagonal and e its subdiagonal (e[0] = 0, e[i] couples i−1 and i).
 */
function tridiagonalize(w: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) d[j] = w[j * n + n - 1]!;
  for (let i = n - 1; i > 0; i--) {
    // Scale the row to avoid under/overflow, then build the Householder vector in d[0..i).
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]!);
    if (scale === 0) {
      e[i] = d[i - 1]!;
      for (let j = 0; j < i; j++) {
        d[j] = w[j * n + i - 1]!;
        w[j * n + i] = 0;
        w[i * n + j] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k]! /= scale;
        h += d[k]! * d[k]!;
      }
      let f = d[i - 1]!;
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      // e = A·u, with A's lower triangle stored as rows of w (column j of A from row j on).
      for (let j = 0; j < i; j++) {
        f = d[j]!;
        w[i * n + j] = f;
        const row = j * n;
        g = e[j]! + w[row + j]! * f;
        for (let k = j + 1; k <= i - 1; k++) {
          const x = w[row + k]!;
          g += x * d[k]!;
          e[k]! += x * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j]! /= h;
        f += e[j]! * d[j]!;
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j]! -= hh * d[j]!;
      // Rank-two update A −= u·pᵀ + p·uᵀ of the lower triangle.
      for (let j = 0; j < i; j++) {
        f = d[j]!;
        g = e[j]!;
        const row = j * n;
        for (let k = j; k <= i - 1; k++) w[row + k]! -= f * e[k]! + g * d[k]!;
        d[j] = w[row + i - 1]!;
        w[row + i] = 0;
      }
    }
    d[i] = h;
  }
  // Accumulate the transformations.
  for (let i = 0; i < n - 1; i++) {
    w[i * n + n - 1] = w[i * n + i]!;
    w[i * n + i] = 1;
    const h = d[i + 1]!;
    const next = (i + 1) * n;
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = w[next + k]! / h;
      for (let j = 0; j <= i; j++) {
        const row = j * n;
        let g = 0;
        for (let k = 0; k <= i; k++) g += w[next + k]! * w[row + k]!;
        for (let k = 0; k <= i; k++) w[row + k]! -= g * d[k]!;
      }
    }
    for (let k = 0; k <= i; k++) w[next + k] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = w[j * n + n - 1]!;
    w[j * n + n - 1] = 0;
  }
  w[(n - 1) * n + (n - 1)] = 1;
  e[0] = 0;
}

/**
 * tql2 on the tridiagonal (d, e) with the rotations applied to the rows of z (z's row i is
 * column i of the accumulated Q). On return d holds the eigenvalues, unsorted.
 */
function tridiagonalQl(z: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i]!;
  if (n > 0) e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    // Find a negligible subdiagonal element.
    tst1 = Math.max(tst1, Math.abs(d[l]!) + Math.abs(e[l]!));
    let m = l;
    while (m < n - 1 && !(Math.abs(e[m]!) <= eps * tst1)) m++;
    if (m > l) {
      // A cap far above the ~2 iterations per eigenvalue QL needs: a safeguard, never reached for finite input.
      for (let iter = 0; iter < 60; iter++) {
        // Shift from the leading 2×2 block.
        let g = d[l]!;
        let p = (d[l + 1]! - g) / (2 * e[l]!);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l]! / (p + r);
        d[l + 1] = e[l]! * (p + r);
        const dl1 = d[l + 1]!;
        let h = g - d[l]!;
        for (let i = l + 2; i < n; i++) d[i]! -= h;
        f += h;
        // Implicit QL transformation.
        p = d[m]!;
        let c = 1, c2 = 1, c3 = 1, s = 0, s2 = 0;
        const el1 = e[l + 1]!;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i]!;
          h = c * p;
          r = Math.hypot(p, e[i]!);
          e[i + 1] = s * r;
          s = e[i]! / r;
          c = p / r;
          p = c * d[i]! - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]!);
          const ri = i * n, rj = (i + 1) * n;
          for (let k = 0; k < n; k++) {
            const hk = z[rj + k]!;
            const zk = z[ri + k]!;
            z[rj + k] = s * zk + c * hk;
            z[ri + k] = c * zk - s * hk;
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]!) / dl1;
        e[l] = s * p;
        d[l] = c * p;
        if (!(Math.abs(e[l]!) > eps * tst1)) break;
      }
    }
    d[l] = d[l]! + f;
    e[l] = 0;
  }
}

/** Sorts eigenpairs ascending (stable) and fixes each vector's sign; returns v with vectors as columns. */
function sortAndFix(z: Float64Array, d: Float64Array, n: number): EighResult {
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => d[i]! - d[j]! || i - j);
  const v = new Float64Array(n * n);
  const w = new Float64Array(n);
  order.forEach((src, col) => {
    w[col] = d[src]!;
    const row = src * n;
    let big = 0;
    for (let k = 1; k < n; k++) if (Math.abs(z[row + k]!) > Math.abs(z[row + big]!)) big = k;
    const sign = z[row + big]! < 0 ? -1 : 1;
    for (let k = 0; k < n; k++) v[k * n + col] = sign * z[row + k]!;
  });
  return { v, w };
}
