/**
 * Small helpers every kernel file shares: recovering a dtype from its typed array, allocating an
 * array of the same kind, and the one scalar conversion rule (`storeValue`) that `convert`, `fill`,
 * `pad` and `iota` agree on. No kernel logic lives here.
 */
import { allocate, type DType, type DataArray } from "../dtype.js";

/** The dtype a typed array stores (the inverse of `allocate`). */
export function dtypeOfArray(x: DataArray): DType {
  if (x instanceof Float32Array) return "float32";
  if (x instanceof Float64Array) return "float64";
  if (x instanceof Int32Array) return "int32";
  if (x instanceof Uint32Array) return "uint32";
  return "bool";
}

/** A fresh zero-filled array of the same kind as `x` with `size` elements. */
export function allocLike(x: DataArray, size: number): DataArray {
  return allocate(dtypeOfArray(x), size);
}

/** Largest and smallest int32, the saturation bounds of float→int32 conversion. */
export const INT32_MAX = 2147483647;
/** See `INT32_MAX`. */
export const INT32_MIN = -2147483648;

/**
 * Float → int32 as `convert` does it: truncate toward zero, NaN → 0, ±∞ and out-of-range values
 * saturate. (A bare `v | 0` would wrap 2^31 to -2^31, which no user expects from a cast.)
 */
export function floatToInt32(v: number): number {
  if (v !== v) return 0;
  if (v >= INT32_MAX) return INT32_MAX;
  if (v <= INT32_MIN) return INT32_MIN;
  return v | 0;
}

/** Largest uint32, the upper saturation bound of float→uint32 conversion (the lower is 0). */
export const UINT32_MAX = 4294967295;

/** The number that storing `value` into an array of `dtype` should hold (convert's rules). */
export { castScalar as storeValue } from "../dtype.js";

/**
 * True when `x` holds the elements of `shape` as complex numbers: two slots (re, im) per element.
 * A real array always has exactly one slot per element, so the length tells them apart; the
 * layout kernels then treat the pair as a trailing axis of size 2 and copy both floats.
 */
export function isComplexData(x: DataArray, shape: readonly number[]): boolean {
  let n = 1;
  for (const d of shape) n *= d;
  return n > 0 && x.length === 2 * n;
}

/** Product of `shape[from..to)`; 1 for an empty range. */
export function prodRange(shape: readonly number[], from: number, to: number): number {
  let n = 1;
  for (let i = from; i < to; i++) n *= shape[i]!;
  return n;
}
