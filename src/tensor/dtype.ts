/**
 * Data types: the four dtypes fluxion stores, their typed-array storage, and type promotion.
 * Promotion follows JAX's lattice restricted to our dtypes: bool < int32 < float32 < float64
 * (int32 with float32 gives float32, not float64 as in numpy).
 */

import { DTypeError, OverflowError, describeValue, fmtValue } from "../errors.js";

/** The element type of a tensor. `"float32"` is the default for floating-point data. */
export type DType = "float32" | "float64" | "int32" | "bool";

/** All dtypes, in promotion order. */
export const DTYPES: readonly DType[] = Object.freeze(["bool", "int32", "float32", "float64"]);

/** The typed array that stores each dtype (bool is one byte per element, 0 or 1). */
export type DataArray = Float32Array | Float64Array | Int32Array | Uint8Array;

/** Maps a dtype to its typed-array type. */
export interface DataArrayOf {
  float32: Float32Array;
  float64: Float64Array;
  int32: Int32Array;
  bool: Uint8Array;
}

/** Allocates a zero-filled typed array for `dtype` with `size` elements. */
export function allocate(dtype: DType, size: number): DataArray {
  switch (dtype) {
    case "float32":
      return new Float32Array(size);
    case "float64":
      return new Float64Array(size);
    case "int32":
      return new Int32Array(size);
    case "bool":
      return new Uint8Array(size);
  }
}

/** True for float32 and float64. */
export function isFloat(dtype: DType): boolean {
  return dtype === "float32" || dtype === "float64";
}

/** Short name used when printing graphs: f32, f64, i32, bool. */
export function shortName(dtype: DType): string {
  switch (dtype) {
    case "float32":
      return "f32";
    case "float64":
      return "f64";
    case "int32":
      return "i32";
    case "bool":
      return "bool";
  }
}

/** True if `value` names one of the four dtypes (used to validate user input). */
export function isDType(value: unknown): value is DType {
  return value === "float32" || value === "float64" || value === "int32" || value === "bool";
}

/**
 * A dtype argument, checked: one of the four names, or a `DTypeError` naming what was given
 * (`the bigint 10n`, `a plain object`; described, never stringified) and the four choices.
 * @example `dtypeArg("int32", "np.astype")` // "int32"
 */
export function dtypeArg(value: unknown, where: string, what = "dtype"): DType {
  if (isDType(value)) return value;
  const given = typeof value === "string" ? `unknown dtype ${fmtValue(value)}` : `${what} is ${describeValue(value)}, which is not a dtype`;
  throw new DTypeError(`${where}: ${given}; use "float32", "float64", "int32" or "bool".`);
}

/** The result dtype of combining two strongly typed operands. */
export function promoteTypes(a: DType, b: DType): DType {
  return DTYPES.indexOf(a) >= DTYPES.indexOf(b) ? a : b;
}

/**
 * The dtype a bare JS number takes when it meets a tensor of dtype `partner` (weak typing):
 * it adopts the partner's dtype unless that would lose it (a fraction meeting an int or bool
 * tensor gives float32; an integer meeting a bool tensor gives int32).
 */
export function weakNumberDType(value: number, partner: DType): DType {
  if (isFloat(partner)) return partner;
  if (!Number.isInteger(value)) return "float32";
  return partner === "bool" ? "int32" : partner;
}

/** Smallest int32. */
export const INT32_MIN = -(2 ** 31);
/** Largest int32. */
export const INT32_MAX = 2 ** 31 - 1;

/**
 * True if a JS number keeps its meaning when stored in `dtype`: for int32, a finite number whose
 * integer part is in [INT32_MIN, INT32_MAX] (a fraction is truncated, as numpy and JAX do);
 * every number fits the float dtypes (float32 rounds, overflowing to ±∞ as IEEE says) and bool.
 */
export function fitsDType(value: number, dtype: DType): boolean {
  if (dtype !== "int32") return true;
  const t = Math.trunc(value);
  return t >= INT32_MIN && t <= INT32_MAX; // false for NaN and ±∞
}

/**
 * Throws an `OverflowError` unless the JS number `value` fits `dtype` (see `fitsDType`). Used
 * where user numbers are stored — array data, fill values, weakly typed operands, arange — and
 * not by casts of tensors, which saturate. `subject` names the value (`"np.array: data[1]"`).
 *
 * @example
 * ```ts
 * checkFits(3e9, "int32", "add: args[1]"); // throws OverflowError: add: args[1] is 3000000000, which int32 cannot hold …
 * ```
 */
export function checkFits(
  value: number,
  dtype: DType,
  subject: string,
  fix = `use a float dtype instead ("float64" holds every integer up to 2^53 exactly).`,
): void {
  if (fitsDType(value, dtype)) return;
  throw new OverflowError(
    `${subject} is ${fmtValue(value)}, which ${dtype} cannot hold (it holds integers from ${INT32_MIN} to ${INT32_MAX}); ${fix}`,
  );
}

/**
 * Converts one JS number to what storing it in `dtype` yields, by the same rules as the convert
 * kernel: float32 rounds; int32 truncates toward zero and saturates (NaN → 0); bool is
 * `value != 0` (NaN is true, as in numpy).
 */
export function castScalar(value: number, dtype: DType): number {
  switch (dtype) {
    case "float32":
      return Math.fround(value);
    case "float64":
      return value;
    case "int32":
      if (value !== value) return 0;
      return value >= 2147483647 ? 2147483647 : value <= -2147483648 ? -2147483648 : value | 0;
    case "bool":
      return value !== 0 ? 1 : 0;
  }
}
