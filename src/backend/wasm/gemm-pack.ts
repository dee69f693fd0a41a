/**
 * Packing for the WebAssembly GEMM: copies an operand, given by any strides (so A, Aᵀ, B, Bᵀ cost
 * the same), into the sliver layout gemm-kernel.ts reads, zero-padding the edges. Depth block
 * `pc` (KC deep) starts at element `pc·padded`; inside it sliver `s` (`w` wide) starts at `s·w·kc`,
 * stored depth-major: element (row r of the sliver, depth p) at `p·w + r`.
 */

/** Where an operand's element (i, p) lives: `data[offset + i·rowStride + p·colStride]`. */
export interface Strided {
  readonly data: ArrayLike<number>;
  readonly offset: number;
  readonly rowStride: number;
  readonly colStride: number;
}

/** Any typed array the packers write to (a view on wasm memory). */
type Dst = Float32Array | Float64Array;

/**
 * Packs the `rows`×`k` operand `src` (row i, depth p) into `dst` at `base`: slivers of `w` rows,
 * depth blocks of `kcMax`, rows padded with zeros to `padded` (a multiple of `w`).
 * For B, pass Bᵀ's strides (rows are B's columns).
 *
 * @example
 * ```ts
 * const dst = new Float32Array(8);
 * // a 3×2 matrix [[1,2],[3,4],[5,6]] into 2-row slivers, depth-major: [1,3,2,4, 5,0,6,0]
 * packSlivers({ data: [1, 2, 3, 4, 5, 6], offset: 0, rowStride: 2, colStride: 1 }, 3, 2, 2, 4, 256, dst, 0);
 * Array.from(dst); // [1, 3, 2, 4, 5, 0, 6, 0]
 * ```
 */
export function packSlivers(src: Strided, rows: number, k: number, w: number, padded: number, kcMax: number, dst: Dst, base: number): void {
  const { data, offset, rowStride: rs, colStride: cs } = src;
  for (let pc = 0; pc < k; pc += kcMax) {
    const kc = Math.min(kcMax, k - pc);
    const blk = base + pc * padded;
    for (let s = 0; s < padded; s += w) {
      const sliver = blk + s * kc;
      const h = Math.min(w, rows - s);
      const src0 = offset + s * rs + pc * cs;
      if (h <= 0) {
        dst.fill(0, sliver, sliver + w * kc);
        continue;
      }
      if (cs === 1 || cs < rs) {
        // Depth is the near-unit stride: read each row along depth.
        for (let r = 0; r < h; r++) {
          let si = src0 + r * rs;
          let d = sliver + r;
          for (let p = 0; p < kc; p++, d += w, si += cs) dst[d] = data[si]!;
        }
      } else {
        // Rows are the near-unit stride: read each depth step across the rows.
        for (let p = 0; p < kc; p++) {
          const si = src0 + p * cs;
          const d = sliver + p * w;
          for (let r = 0; r < h; r++) dst[d + r] = data[si + r * rs]!;
        }
      }
      if (h < w) for (let p = 0; p < kc; p++) for (let r = h; r < w; r++) dst[sliver + p * w + r] = 0;
    }
  }
}
