/**
 * Params of the orthogonal decompositions (qr, eigh, svd): this area's part of the registry's params map
 * (src/primitives/params.ts extends it).
 */
export interface EigenParams {
  qr: QrParams;
  eigh: EighParams;
  svd: SvdParams;
}

/** JAX's `qr_p` without pivoting: q is [..., m, m] and r [..., m, n] with `fullMatrices`, else [..., m, k] and [..., k, n], k = min(m, n). */
export interface QrParams {
  readonly fullMatrices: boolean;
}

/**
 * JAX's `eigh_p`: only the triangle named by `lower` is read. Eigenvalues are always ascending
 * (`sortEigenvalues` is JAX's flag, which its CPU lowering ignores too).
 */
export interface EighParams {
  readonly lower: boolean;
  readonly sortEigenvalues: boolean;
}

/**
 * JAX's `svd_p`: outputs (s, u, vt) with `computeUv`, else (s); s descending. With `fullMatrices`
 * u is [..., m, m] and vt [..., n, n], else [..., m, k] and [..., k, n].
 */
export interface SvdParams {
  readonly fullMatrices: boolean;
  readonly computeUv: boolean;
}
