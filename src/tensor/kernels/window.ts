/**
 * Windowed reductions as XLA's ReduceWindow and SelectAndScatter define them: the operand is dilated
 * (holes between neighbours), padded, and windows of dilated taps slide over it by strides. Holes and
 * padding hold the reduction's identity. The sum, max and min are separable — a window over r dims is
 * r windows over one dim each — so they run as one pass per non-trivial dim, each pass reading its
 * input in order. Selections (the first maximum or minimum of each window, in row-major window order)
 * are not separable: `selectedTaps` walks each window and names the input element it picks.
 * Float32 sums accumulate in float64 and round once.
 */
import { allocate, type DType, type DataArray } from "../dtype.js";
import { sizeOf, stridesOf } from "../shape.js";

/** Where a window lies: one entry per dim (see `WindowGeometry` in primitives/window/params.ts). */
export interface WindowSpec {
  readonly windowDimensions: readonly number[];
  readonly windowStrides: readonly number[];
  readonly padding: readonly (readonly [number, number])[];
  readonly baseDilation: readonly number[];
  readonly windowDilation: readonly number[];
}

/** The reductions these kernels run. */
export type WindowOp = "sum" | "max" | "min";

/** XLA's dilated size: `1 + d·(n − 1)` elements, 0 for an empty dim. */
export const dilateDim = (n: number, d: number): number => (n === 0 ? 0 : 1 + d * (n - 1));

/** How many windows fit along one dim (JAX's `stride_dim` of the padded, dilated size). */
export function windowCount(n: number, dim: number, spec: WindowSpec): number {
  const [lo, hi] = spec.padding[dim]!;
  const padded = dilateDim(n, spec.baseDilation[dim]!) + lo + hi;
  const span = dilateDim(spec.windowDimensions[dim]!, spec.windowDilation[dim]!);
  return Math.max(0, Math.floor((padded - span) / spec.windowStrides[dim]!) + 1);
}

/** The output shape of a windowed reduction of an operand of `shape`. */
export function windowOutShape(shape: readonly number[], spec: WindowSpec): number[] {
  return shape.map((n, i) => windowCount(n, i, spec));
}

/**
 * For one dim: the input index read by tap k of window j (at `j·w + k`), or −1 where the tap falls on
 * padding or a dilation hole.
 */
function tapTable(n: number, dim: number, spec: WindowSpec): Int32Array {
  const w = spec.windowDimensions[dim]!;
  const m = windowCount(n, dim, spec);
  const stride = spec.windowStrides[dim]!;
  const lo = spec.padding[dim]![0];
  const bd = spec.baseDilation[dim]!;
  const wd = spec.windowDilation[dim]!;
  const table = new Int32Array(m * w);
  for (let j = 0; j < m; j++) {
    for (let k = 0; k < w; k++) {
      const p = j * stride + k * wd - lo; // position in the dilated operand
      table[j * w + k] = p >= 0 && p % bd === 0 && p / bd < n ? p / bd : -1;
    }
  }
  return table;
}

/** The identity of a reduction in a dtype (what padding and holes hold). */
export function windowIdentity(op: WindowOp, dtype: DType): number {
  if (op === "sum") return 0;
  const max = op === "max";
  switch (dtype) {
    case "int32":
      return max ? -2147483648 : 2147483647;
    case "uint32":
      return max ? 0 : 4294967295;
    case "bool":
      return max ? 0 : 1;
    default:
      return max ? -Infinity : Infinity;
  }
}

/** A dim the window leaves as it is (one tap, unit stride, no padding or dilation): no pass needed. */
function trivialDim(dim: number, spec: WindowSpec): boolean {
  const [lo, hi] = spec.padding[dim]!;
  return spec.windowDimensions[dim] === 1 && spec.windowStrides[dim] === 1 && lo === 0 && hi === 0 && spec.baseDilation[dim] === 1;
}

/** One pass: the windows of dim `dim` of `x` (laid out [O, n, K]) reduced into [O, m, K]. */
function reducePass(op: WindowOp, x: DataArray, shape: readonly number[], dim: number, spec: WindowSpec, identity: number): Float64Array {
  const n = shape[dim]!;
  const w = spec.windowDimensions[dim]!;
  const m = windowCount(n, dim, spec);
  const K = sizeOf(shape.slice(dim + 1));
  const O = sizeOf(shape.slice(0, dim));
  const table = tapTable(n, dim, spec);
  const out = new Float64Array(O * m * K).fill(identity);
  for (let o = 0; o < O; o++) {
    for (let j = 0; j < m; j++) {
      const at = (o * m + j) * K;
      for (let k = 0; k < w; k++) {
        const idx = table[j * w + k]!;
        if (idx < 0) continue;
        const from = (o * n + idx) * K;
        // One branch per tap, never per element: the inner loops are plain typed-array walks.
        if (op === "sum") for (let c = 0; c < K; c++) out[at + c] += x[from + c]!;
        else if (op === "max") for (let c = 0; c < K; c++) out[at + c] = Math.max(out[at + c]!, x[from + c]!);
        else for (let c = 0; c < K; c++) out[at + c] = Math.min(out[at + c]!, x[from + c]!);
      }
    }
  }
  return out;
}

/**
 * The windowed sum, max or min of `x` (of `shape`, stored as `dtype`). Max and min propagate NaN;
 * int32 sums wrap as XLA's do, uint32 ones modulo 2³².
 */
export function reduceWindow(op: WindowOp, x: DataArray, shape: readonly number[], spec: WindowSpec, dtype: DType): DataArray {
  const identity = windowIdentity(op, dtype);
  // The first pass reads x as stored; later ones read float64 intermediates.
  let data: DataArray = x;
  let cur = [...shape];
  for (let dim = 0; dim < shape.length; dim++) {
    if (trivialDim(dim, spec)) continue;
    data = reducePass(op, data, cur, dim, spec, identity);
    cur[dim] = windowCount(shape[dim]!, dim, spec);
    if (op === "sum" && dtype === "int32") for (let i = 0; i < data.length; i++) data[i] = data[i]! | 0;
    if (op === "sum" && dtype === "uint32") for (let i = 0; i < data.length; i++) data[i] = data[i]! >>> 0;
  }
  cur = windowOutShape(shape, spec);
  const out = allocate(dtype, sizeOf(cur));
  out.set(data);
  return out;
}

/**
 * For each window (row-major over the output shape), the flat index of the element of `x` it
 * selects, or −1 when that is padding or a hole. The selection is XLA's SelectAndScatter with
 * JAX's CPU padding (padding and holes are candidates holding the identity): the first tap is
 * selected, and each later tap replaces the selection unless `selected ≥ tap` ("ge") or
 * `selected ≤ tap` ("le") — so ties go to the first extremum, and a NaN is passed over by the tap after it.
 */
export function selectedTaps(x: DataArray, shape: readonly number[], spec: WindowSpec, selectPrim: "ge" | "le"): Int32Array {
  const outShape = windowOutShape(shape, spec);
  const total = sizeOf(outShape);
  const result = new Int32Array(total);
  if (total === 0) return result;
  const identity = windowIdentity(selectPrim === "ge" ? "max" : "min", "float64");
  // Trailing dims the windows leave alone (features, say) are lanes: every tap compares K
  // contiguous elements at once, in the same row-major tap order per lane.
  let lead = shape.length;
  while (lead > 0 && trivialDim(lead - 1, spec)) lead--;
  const K = sizeOf(shape.slice(lead));
  const strides = stridesOf(shape);
  const tables = shape.slice(0, lead).map((n, d) => tapTable(n, d, spec));
  const w = spec.windowDimensions;
  const active = range(lead).filter((d) => w[d]! > 1);
  const fixed = range(lead).filter((d) => w[d] === 1);
  const taps = sizeOf(active.map((d) => w[d]!));
  const outer = total / K;
  const at = new Array<number>(lead).fill(0); // output odometer over the leading dims
  const k = new Array<number>(lead).fill(0); // window odometer (active dims only)
  const best = new Float64Array(K);
  const ge = selectPrim === "ge";
  for (let o = 0; o < outer; o++) {
    let base = 0;
    let baseValid = true;
    for (const d of fixed) {
      const t = tables[d]![at[d]!]!;
      if (t < 0) baseValid = false;
      else base += t * strides[d]!;
    }
    k.fill(0);
    const row = o * K;
    for (let p = 0; p < taps; p++) {
      let off = base;
      let valid = baseValid;
      for (const d of active) {
        const t = tables[d]![at[d]! * w[d]! + k[d]!]!;
        if (t < 0) valid = false;
        else off += t * strides[d]!;
      }
      if (p === 0) {
        for (let c = 0; c < K; c++) {
          best[c] = valid ? x[off + c]! : identity;
          result[row + c] = valid ? off + c : -1;
        }
      } else if (valid) {
        if (ge) {
          for (let c = 0; c < K; c++) {
            const v = x[off + c]!;
            if (!(best[c]! >= v)) (best[c] = v), (result[row + c] = off + c);
          }
        } else {
          for (let c = 0; c < K; c++) {
            const v = x[off + c]!;
            if (!(best[c]! <= v)) (best[c] = v), (result[row + c] = off + c);
          }
        }
      } else {
        // A padding tap replaces only a selection that does not dominate the identity (a NaN).
        for (let c = 0; c < K; c++) {
          if (!(ge ? best[c]! >= identity : best[c]! <= identity)) (best[c] = identity), (result[row + c] = -1);
        }
      }
      for (let a = active.length - 1; a >= 0; a--) {
        const d = active[a]!;
        if (++k[d]! < w[d]!) break;
        k[d] = 0;
      }
    }
    for (let d = lead - 1; d >= 0; d--) {
      if (++at[d]! < outShape[d]!) break;
      at[d] = 0;
    }
  }
  return result;
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** Each window's value of `t` at the tap `selected` names (0 where it names padding). */
export function gatherSelected(t: DataArray, selected: Int32Array, dtype: DType): DataArray {
  const out = allocate(dtype, selected.length);
  for (let o = 0; o < selected.length; o++) {
    const s = selected[o]!;
    if (s >= 0) out[o] = t[s]!;
  }
  return out;
}

/** Each window's `source` value added onto the element its tap selected (float32 sums in float64). */
export function scatterSelected(source: DataArray, selected: Int32Array, size: number, dtype: DType): DataArray {
  const acc = new Float64Array(size);
  for (let o = 0; o < selected.length; o++) {
    const s = selected[o]!;
    if (s >= 0) acc[s] += source[o]!;
  }
  const out = allocate(dtype, size);
  out.set(acc);
  return out;
}
