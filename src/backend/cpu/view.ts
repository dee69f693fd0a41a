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
  /**
   * A padded view: per dim, the range [lo, hi) of indices that read the source; an element with
   * any index outside its range is `fill` instead (pad's padding value).
   */
  readonly masks?: readonly (readonly [number, number])[];
  readonly fill?: number;
}

/** True if `v` reads padding somewhere (a mask that leaves out some index). */
export function isMasked(v: View): boolean {
  return v.masks !== undefined && v.masks.some(([lo, hi], d) => lo > 0 || hi < v.shape[d]!);
}

/** `v` with masks `masks` (dropped when they leave nothing out). */
function withMasks(v: View, masks: readonly (readonly [number, number])[] | undefined, fill: number | undefined): View {
  const m: View = { shape: v.shape, strides: v.strides, offset: v.offset, ...(masks === undefined ? {} : { masks, fill: fill ?? 0 }) };
  return isMasked(m) ? m : { shape: v.shape, strides: v.strides, offset: v.offset };
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
  if (isMasked(v)) return false;
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
  return !isMasked(v) && v.shape.every((s, d) => s === 1 || v.strides[d] === 0);
}

/** broadcast_in_dim: source dim k becomes dim `dims[k]` of `shape`; size-1 dims stretch (stride 0). */
export function broadcastView(v: View, shape: readonly number[], dims: readonly number[]): View {
  const strides = new Array<number>(shape.length).fill(0);
  const masks = shape.map((n) => [0, n] as [number, number]);
  dims.forEach((d, k) => {
    strides[d] = v.shape[k] === shape[d] ? v.strides[k]! : 0;
    // A stretched size-1 dim is all source or all padding.
    const [lo, hi] = v.masks?.[k] ?? [0, v.shape[k]!];
    masks[d] = v.shape[k] === shape[d] ? [lo, hi] : lo < hi ? [0, shape[d]!] : [0, 0];
  });
  return withMasks({ shape: [...shape], strides, offset: v.offset }, v.masks === undefined ? undefined : masks, v.fill);
}

/** transpose: dim d of the result is dim `perm[d]` of `v`. */
export function transposeView(v: View, perm: readonly number[]): View {
  const t = { shape: perm.map((p) => v.shape[p]!), strides: perm.map((p) => v.strides[p]!), offset: v.offset };
  return withMasks(t, v.masks === undefined ? undefined : perm.map((p) => v.masks![p]!), v.fill);
}

/** slice with steps: dim d keeps indices start[d], start[d] + step[d], … below limit[d]. */
export function sliceView(v: View, start: readonly number[], limit: readonly number[], step: readonly number[]): View {
  let offset = v.offset;
  v.shape.forEach((_, d) => (offset += start[d]! * v.strides[d]!));
  const shape = v.shape.map((_, d) => Math.ceil((limit[d]! - start[d]!) / step[d]!));
  const sliced = { shape, strides: v.strides.map((s, d) => s * step[d]!), offset };
  // Index i reads old index start + i·step: inside [lo, hi) for i in [⌈(lo − start)/step⌉, ⌈(hi − start)/step⌉).
  const clamp = (i: number, d: number): number => Math.min(Math.max(i, 0), shape[d]!);
  const masks = v.masks?.map(([lo, hi], d) => [clamp(Math.ceil((lo - start[d]!) / step[d]!), d), clamp(Math.ceil((hi - start[d]!) / step[d]!), d)] as const);
  return withMasks(sliced, masks, v.fill);
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
  const masks = v.masks?.map(([lo, hi], d) => (dims.includes(d) ? ([v.shape[d]! - hi, v.shape[d]! - lo] as const) : ([lo, hi] as const)));
  return withMasks({ shape: [...v.shape], strides, offset }, masks, v.fill);
}

/**
 * reshape as a view, where the row-major order of `v`'s elements can be read with per-dim strides:
 * each run of new dims covers a run of old dims that lie at one stride from each other (split or
 * merged). Undefined where it cannot (a transposed view reshaped across its permuted dims) — then
 * the view is materialised first and the reshape reads that copy.
 */
export function reshapeView(v: View, shape: readonly number[]): View | undefined {
  // Padding does not survive mixing dims (the masks are per dim): only size-1 dims may come and go.
  if (isMasked(v)) return squeezeView(v, shape);
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

/**
 * A padded view reshaped by adding or dropping size-1 dims only (the other dims, their strides and
 * masks kept in order); undefined for any other reshape, or where a dropped size-1 dim is padding.
 */
function squeezeView(v: View, shape: readonly number[]): View | undefined {
  const kept = v.shape.flatMap((s, d) => (s === 1 ? [] : [d]));
  const newKept = shape.flatMap((s, d) => (s === 1 ? [] : [d]));
  if (kept.length !== newKept.length || kept.some((d, k) => v.shape[d] !== shape[newKept[k]!])) return undefined;
  if (v.shape.some((s, d) => s === 1 && v.masks![d]![0] >= v.masks![d]![1])) return undefined;
  const strides = new Array<number>(shape.length).fill(0);
  const masks = shape.map((s) => [0, s] as readonly [number, number]);
  newKept.forEach((nd, k) => {
    strides[nd] = v.strides[kept[k]!]!;
    masks[nd] = v.masks![kept[k]!]!;
  });
  return withMasks({ shape: [...shape], strides, offset: v.offset }, masks, v.fill);
}

/**
 * pad without interior padding: dim d gains `lo` elements before and `hi` after (negative: crops),
 * all `value`. Undefined for interior padding or a view already padded.
 */
export function padView(v: View, config: readonly (readonly [number, number, number])[], value: number): View | undefined {
  if (v.masks !== undefined || config.some(([, , interior]) => interior !== 0)) return undefined;
  const shape = v.shape.map((n, d) => config[d]![0] + n + config[d]![1]);
  let offset = v.offset;
  v.strides.forEach((s, d) => (offset -= config[d]![0] * s));
  const masks = v.shape.map((n, d) => [Math.max(config[d]![0], 0), Math.min(config[d]![0] + n, shape[d]!)] as const);
  return withMasks({ shape, strides: [...v.strides], offset }, masks, value);
}
