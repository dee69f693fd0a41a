/**
 * Views: how a movement op's result reads its source, as index arithmetic. A view of a row-major
 * source array is a shape, a stride per dim (in source elements; 0 for a broadcast dim, negative
 * for a reversed one) and an offset: element (i₀, …, iₙ₋₁) of the view is
 * `source[offset + Σ iₖ·strides[k]]`. broadcast_in_dim, transpose, slice, rev, and reshapes that
 * only split or merge dims that are laid out together compose into one view, so jit's fused loops
 * read movement ops' results where their source lies instead of copying them first (fuse-views.ts).
 */
import { sizeOf, stridesOf } from "../../tensor/shape.js";

/** Where the elements of an array lie in its source: shape, per-dim strides, offset. */
export interface View {
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
}

/**
 * The view of a whole row-major array of `shape`.
 *
 * @example
 * ```ts
 * contiguousView([2, 3]).strides; // [3, 1]
 * transposeView(contiguousView([2, 3]), [1, 0]).strides; // [1, 3]
 * ```
 */
export function contiguousView(shape: readonly number[]): View {
  return { shape: [...shape], strides: stridesOf(shape), offset: 0 };
}

/**
 * True if `v` reads its source row-major from `v.offset` on, element after element (size-1 dims,
 * whose stride is never used, may have any stride).
 */
export function isContiguous(v: View): boolean {
  let expected = 1;
  for (let d = v.shape.length - 1; d >= 0; d--) {
    if (v.shape[d] === 1) continue;
    if (v.strides[d] !== expected) return false;
    expected *= v.shape[d]!;
  }
  return true;
}

/** True if every element of `v` is its source's element `v.offset` (all strides 0 where used). */
export function isConstant(v: View): boolean {
  return v.shape.every((s, d) => s === 1 || v.strides[d] === 0);
}

/** broadcast_in_dim: source dim k becomes dim `dims[k]` of `shape`; size-1 dims stretch (stride 0). */
export function broadcastView(v: View, shape: readonly number[], dims: readonly number[]): View {
  const strides = new Array<number>(shape.length).fill(0);
  dims.forEach((d, k) => {
    strides[d] = v.shape[k] === shape[d] ? v.strides[k]! : 0;
  });
  return { shape: [...shape], strides, offset: v.offset };
}

/** transpose: dim d of the result is dim `perm[d]` of `v`. */
export function transposeView(v: View, perm: readonly number[]): View {
  return { shape: perm.map((p) => v.shape[p]!), strides: perm.map((p) => v.strides[p]!), offset: v.offset };
}

/** slice with steps: dim d keeps indices start[d], start[d] + step[d], … below limit[d]. */
export function sliceView(v: View, start: readonly number[], limit: readonly number[], step: readonly number[]): View {
  let offset = v.offset;
  v.shape.forEach((_, d) => (offset += start[d]! * v.strides[d]!));
  return {
    shape: v.shape.map((_, d) => Math.ceil((limit[d]! - start[d]!) / step[d]!)),
    strides: v.strides.map((s, d) => s * step[d]!),
    offset,
  };
}

/** rev: the listed dims read backwards (offset at their last element, negative stride). */
export function revView(v: View, dims: readonly number[]): View {
  let offset = v.offset;
  const strides = [...v.strides];
  for (const d of dims) {
    if (v.shape[d] === 0) continue;
    offset += (v.shape[d]! - 1) * strides[d]!;
    strides[d] = -strides[d]!;
  }
  return { shape: [...v.shape], strides, offset };
}

/**
 * reshape as a view, where the row-major order of `v`'s elements can be read with per-dim strides:
 * each run of new dims covers a run of old dims that lie at one stride from each other (split or
 * merged). Undefined where it cannot (a transposed view reshaped across its permuted dims) — then
 * the view is materialised first and the reshape reads that copy.
 */
export function reshapeView(v: View, shape: readonly number[]): View | undefined {
  if (sizeOf(shape) === 0 || isContiguous(v)) return { shape: [...shape], strides: stridesOf(shape), offset: v.offset };
  // Drop size-1 dims of the old view; walk old and new dims together, matching equal products.
  const old = v.shape.map((s, d) => [s, v.strides[d]!] as const).filter(([s]) => s !== 1);
  const strides = new Array<number>(shape.length).fill(0);
  let i = 0, j = 0;
  const newDims = shape.map((s, d) => [s, d] as const).filter(([s]) => s !== 1);
  while (i < old.length && j < newDims.length) {
    // The smallest run old[i0..i) ↔ new[j0..j) with equal sizes.
    const i0 = i, j0 = j;
    let po = old[i++]![0], pn = newDims[j++]![0];
    while (po !== pn) {
      if (po < pn) po *= old[i++]![0];
      else pn *= newDims[j++]![0];
    }
    // The old dims of the run must be one block: stride[k] = stride[k+1]·size[k+1].
    for (let k = i0; k < i - 1; k++) if (old[k]![1] !== old[k + 1]![1] * old[k + 1]![0]) return undefined;
    let stride = old[i - 1]![1];
    for (let k = j - 1; k >= j0; k--) {
      strides[newDims[k]![1]] = stride;
      stride *= newDims[k]![0];
    }
  }
  return { shape: [...shape], strides, offset: v.offset };
}
