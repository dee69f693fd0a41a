/**
 * Data types: the seven dtypes fluxion stores, their typed-array storage, and type promotion.
 * Promotion follows JAX's lattice restricted to our dtypes (see `promoteTypes`): bool below the
 * integers, the integers below float32 below float64 (int32 with float32 gives float32, not
 * float64 as in numpy), and each float below the complex dtype of its precision (float32 <
 * complex64, float64 < complex128, complex64 < complex128).
 *
 * Complex storage: a complex tensor of `size` elements holds its real and imaginary parts
 * interleaved (re0, im0, re1, im1, …) in a Float32Array (complex64) or Float64Array (complex128)
 * of length 2·size. `allocate` and `storageLength` take the element count and know this.
 */

import { DTypeError, OverflowError, describeValue, fmtValue } from "../errors.js";

/** The element type of a tensor. `"float32"` is the default for floating-point data. */
export type DType = "float32" | "float64" | "int32" | "uint32" | "bool" | "complex64" | "complex128";

/** The two complex dtypes. */
export type ComplexDType = "complex64" | "complex128";

/** All dtypes, from bool up to complex128 (int32 and uint32 are siblings of the lattice). */
export const DTYPES: readonly DType[] = Object.freeze(["bool", "int32", "uint32", "float32", "float64", "complex64", "complex128"]);

/** The real dtypes (every dtype but the complex ones): what most kernels and laws draw from. */
export const REAL_DTYPES: readonly DType[] = Object.freeze(["bool", "int32", "uint32", "float32", "float64"]);

/** The typed array that stores each dtype (bool is one byte per element, 0 or 1). */
export type DataArray = Float32Array | Float64Array | Int32Array | Uint32Array | Uint8Array;

/** Maps a dtype to its typed-array type. */
export interface DataArrayOf {
  float32: Float32Array;
  float64: Float64Array;
  int32: Int32Array;
  uint32: Uint32Array;
  bool: Uint8Array;
  complex64: Float32Array;
  complex128: Float64Array;
}

/**
 * Allocates a zero-filled typed array for `dtype` with `size` elements: for a complex dtype that
 * is 2·size floats (re, im interleaved). Inside a compiled plan's call (see
 * {@link trackAllocations}) a dead intermediate of an earlier call may be handed out again, zeroed.
 */
export function allocate(dtype: DType, size: number): DataArray {
  if (tracking !== undefined) return allocateTracked(dtype, size, tracking);
  return fresh(dtype, size);
}

function fresh(dtype: DType, size: number): DataArray {
  switch (dtype) {
    case "float32":
      return new Float32Array(size);
    case "float64":
      return new Float64Array(size);
    case "complex64":
      return new Float32Array(2 * size);
    case "complex128":
      return new Float64Array(2 * size);
    case "int32":
      return new Int32Array(size);
    case "uint32":
      return new Uint32Array(size);
    case "bool":
      return new Uint8Array(size);
  }
}

// Reuse of dead intermediates across calls of compiled plans. A typed array past a few dozen
// bytes gets its memory from outside V8's heap, which costs far more than zeroing it again: at
// d = 100 a Hessian's plan spent a third of its time allocating 40 KB intermediates that die
// when the call returns. A plan call tracks what `allocate` hands out; when it returns, the
// arrays that only its intermediates held go to a free list (`recycle`), which later tracked
// allocations of the same type and length take from. Eager evaluation never takes from it.

/** Arrays allocated during the current plan call, or undefined outside one. */
let tracking: DataArray[] | undefined;

/** Free arrays by storage type and length. */
const freeLists = new Map<Function, Map<number, DataArray[]>>();
let freeBytes = 0;

/** At most this many bytes wait on the free lists; more are left to the garbage collector. */
export const RECYCLE_MAX_BYTES = 32 << 20;
/** Smaller arrays live on V8's heap, where allocation is cheap: not worth tracking. */
export const RECYCLE_MIN_BYTES = 256;

const BYTES: Readonly<Record<DType, number>> = { float32: 4, float64: 8, complex64: 8, complex128: 16, int32: 4, uint32: 4, bool: 1 };
const CTORS: Readonly<Record<DType, Function>> = {
  float32: Float32Array, float64: Float64Array, complex64: Float32Array, complex128: Float64Array, int32: Int32Array, uint32: Uint32Array, bool: Uint8Array,
};

function allocateTracked(dtype: DType, size: number, into: DataArray[]): DataArray {
  if (size * BYTES[dtype] < RECYCLE_MIN_BYTES) return fresh(dtype, size);
  const length = isComplex(dtype) ? 2 * size : size;
  const reused = freeLists.get(CTORS[dtype])?.get(length)?.pop();
  let a: DataArray;
  if (reused !== undefined) {
    freeBytes -= reused.byteLength;
    a = reused.fill(0);
  } else {
    a = fresh(dtype, size);
  }
  into.push(a);
  return a;
}

/**
 * @internal Starts tracking allocations for one plan call; returns what to pass to
 * {@link endTracking} (calls nest: a plan run by a kernel of another plan).
 */
export function trackAllocations(): DataArray[] | undefined {
  const outer = tracking;
  tracking = [];
  return outer;
}

/**
 * @internal Ends a plan call's tracking and returns the arrays it allocated. `kept` (those not
 * recycled) count as allocated by the enclosing call too, which may recycle them in turn.
 */
export function endTracking(outer: DataArray[] | undefined): DataArray[] {
  const made = tracking ?? [];
  tracking = outer;
  return made;
}

/** @internal Hands arrays made inside a nested call, and not recycled by it, to the enclosing call. */
export function keepTracked(arrays: readonly DataArray[]): void {
  if (tracking !== undefined) for (const a of arrays) tracking.push(a);
}

/**
 * @internal Puts `a` on the free list. The caller guarantees that nothing can read or write `a`
 * any more (a compiled plan's intermediate, made during its call, whose memory no result shares).
 */
export function recycle(a: DataArray): boolean {
  if (a.byteOffset !== 0 || a.byteLength !== a.buffer.byteLength || freeBytes + a.byteLength > RECYCLE_MAX_BYTES) return false;
  let byLength = freeLists.get(a.constructor);
  if (byLength === undefined) freeLists.set(a.constructor, (byLength = new Map()));
  const list = byLength.get(a.length);
  if (list === undefined) byLength.set(a.length, [a]);
  else list.push(a);
  freeBytes += a.byteLength;
  return true;
}

/** @internal Empties the free lists (tests). */
export function clearRecycled(): void {
  freeLists.clear();
  freeBytes = 0;
}

/** True for float32 and float64 (not the complex dtypes: see `isInexact`). */
export function isFloat(dtype: DType): boolean {
  return dtype === "float32" || dtype === "float64";
}

/** True for complex64 and complex128. */
export function isComplex(dtype: DType): dtype is ComplexDType {
  return dtype === "complex64" || dtype === "complex128";
}

/** True for the float and complex dtypes (numpy's "inexact"): what differentiation takes. */
export function isInexact(dtype: DType): boolean {
  return isFloat(dtype) || isComplex(dtype);
}

/** Length of the typed array holding `size` elements of `dtype` (2·size for complex). */
export function storageLength(dtype: DType, size: number): number {
  return isComplex(dtype) ? 2 * size : size;
}

/** The real dtype of a complex dtype's parts (complex64 → float32); other dtypes are their own. */
export function realPartDType(dtype: DType): DType {
  return dtype === "complex64" ? "float32" : dtype === "complex128" ? "float64" : dtype;
}

/** The complex dtype holding a value of `dtype`: float64 → complex128, any other real → complex64. */
export function complexDTypeOf(dtype: DType): ComplexDType {
  if (isComplex(dtype)) return dtype;
  return dtype === "float64" ? "complex128" : "complex64";
}

/** True for int32 and uint32. */
export function isInteger(dtype: DType): boolean {
  return dtype === "int32" || dtype === "uint32";
}

/** Short name used when printing graphs: f32, f64, i32, u32, bool. */
export function shortName(dtype: DType): string {
  switch (dtype) {
    case "float32":
      return "f32";
    case "float64":
      return "f64";
    case "int32":
      return "i32";
    case "uint32":
      return "u32";
    case "bool":
      return "bool";
    case "complex64":
      return "c64";
    case "complex128":
      return "c128";
  }
}

/** True if `value` names one of the seven dtypes (used to validate user input). */
export function isDType(value: unknown): value is DType {
  return typeof value === "string" && (DTYPES as readonly string[]).includes(value);
}

/**
 * A dtype argument, checked: one of the seven names, or a `DTypeError` naming what was given
 * (`the bigint 10n`, `a plain object`; described, never stringified) and the seven choices.
 * @example `dtypeArg("int32", "np.astype")` // "int32"
 */
export function dtypeArg(value: unknown, where: string, what = "dtype"): DType {
  if (isDType(value)) return value;
  const given = typeof value === "string" ? `unknown dtype ${fmtValue(value)}` : `${what} is ${describeValue(value)}, which is not a dtype`;
  throw new DTypeError(`${where}: ${given}; use "float32", "float64", "int32", "uint32", "bool", "complex64" or "complex128".`);
}

/** Rank of each real dtype in the lattice; int32 and uint32 share a rank (neither holds the other). */
const RANK: { readonly [D in DType]: number } = { bool: 0, int32: 1, uint32: 1, float32: 2, float64: 3, complex64: 4, complex128: 5 };

/**
 * The result dtype of combining two strongly typed operands: JAX's type-promotion lattice
 * restricted to fluxion's dtypes — bool < int32, uint32 < float32 < float64, so any integer with
 * float32 gives float32 (not float64 as in numpy).
 *
 * int32 with uint32 joins at int64 in JAX's lattice. fluxion has no int64, and gives int32: what
 * JAX itself gives in its default mode (x64 disabled, where int64 becomes int32), and what keeps
 * integer arithmetic integer (float64 would round above 2^53 and change `//`, `%` and the bitwise
 * ops). uint32 values of 2^31 and above therefore wrap to negative int32, as they do in JAX.
 *
 * @example
 * ```ts
 * promoteTypes("int32", "uint32"); // "int32"
 * promoteTypes("uint32", "float32"); // "float32"
 * ```
 */
export function promoteTypes(a: DType, b: DType): DType {
  if (a === b) return a;
  if (isComplex(a) || isComplex(b)) {
    // The join of a complex dtype and anything: complex, at the wider of the two precisions
    // (float64 with complex64 gives complex128, as in JAX's lattice).
    const wide = a === "float64" || b === "float64" || a === "complex128" || b === "complex128";
    return wide ? "complex128" : "complex64";
  }
  const ra = RANK[a], rb = RANK[b];
  if (ra !== rb) return ra > rb ? a : b;
  return "int32"; // the only distinct pair of one rank: int32 and uint32
}

/**
 * The dtype a bare JS number takes when it meets a tensor of dtype `partner` (weak typing):
 * it adopts the partner's dtype unless that would lose it (a fraction meeting an integer or bool
 * tensor gives float32; an integer meeting a bool tensor gives int32). A negative integer meeting
 * uint32 stays uint32 and is refused by `checkFits`, as JAX refuses `uint32 + (-1)`.
 */
export function weakNumberDType(value: number, partner: DType): DType {
  if (isFloat(partner) || isComplex(partner)) return partner;
  if (!Number.isInteger(value)) return "float32";
  return partner === "bool" ? "int32" : partner;
}

/** Smallest int32. */
export const INT32_MIN = -(2 ** 31);
/** Largest int32. */
export const INT32_MAX = 2 ** 31 - 1;
/** Largest uint32 (the smallest is 0). */
export const UINT32_MAX = 2 ** 32 - 1;

/** The integers an integer dtype holds, [min, max]. */
function intRange(dtype: "int32" | "uint32"): readonly [number, number] {
  return dtype === "int32" ? [INT32_MIN, INT32_MAX] : [0, UINT32_MAX];
}

/**
 * True if a JS number keeps its meaning when stored in `dtype`: for int32 and uint32, a finite
 * number whose integer part is in the dtype's range ([INT32_MIN, INT32_MAX], [0, UINT32_MAX]; a
 * fraction is truncated, as numpy and JAX do, so -0.5 fits uint32 as 0); every number fits the
 * float dtypes (float32 rounds, overflowing to ±∞ as IEEE says) and bool.
 */
export function fitsDType(value: number, dtype: DType): boolean {
  if (dtype !== "int32" && dtype !== "uint32") return true;
  const [lo, hi] = intRange(dtype);
  const t = Math.trunc(value);
  return t >= lo && t <= hi; // false for NaN and ±∞
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
  const [lo, hi] = intRange(dtype as "int32" | "uint32");
  throw new OverflowError(
    `${subject} is ${fmtValue(value)}, which ${dtype} cannot hold (it holds integers from ${lo} to ${hi}); ${fix}`,
  );
}

/**
 * Converts one JS number to what storing it in `dtype` yields, by the same rules as the convert
 * kernel: float32 (and complex64's parts) rounds; int32 and uint32 truncate toward zero and saturate at their bounds
 * (NaN → 0; for uint32 every negative number gives 0, as JAX's float → uint32 does); bool is
 * `value != 0` (NaN is true, as in numpy). For a complex dtype it is the real part's slot (the
 * imaginary part of a stored real number is 0, which the caller's fresh array already holds).
 */
export function castScalar(value: number, dtype: DType): number {
  switch (dtype) {
    case "float32":
    case "complex64":
      return Math.fround(value);
    case "float64":
    case "complex128":
      return value;
    case "int32":
      if (value !== value) return 0;
      return value >= 2147483647 ? 2147483647 : value <= -2147483648 ? -2147483648 : value | 0;
    case "uint32":
      // NaN fails both tests; `>>> 0` truncates a number in (-1, 2^32) toward zero.
      return value >= UINT32_MAX ? UINT32_MAX : value > -1 ? value >>> 0 : 0;
    case "bool":
      return value !== 0 ? 1 : 0;
  }
}
