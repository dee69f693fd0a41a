/**
 * dtype helpers as jax.numpy has them: `finfo`, `iinfo`, `resultType`, `promoteTypes`, `canCast`,
 * `isscalar`, and the dtype names (`np.float32` … `np.bool_`), which are the strings every
 * `dtype` argument takes.
 */
import { ArgumentError, DTypeError, describeValue } from "../errors.js";
import { type DType, dtypeArg, isFloat, promoteTypes as promote, realPartDType, weakNumberDType } from "../tensor/dtype.js";
import { Tensor, type TensorLike } from "../tensor/tensor.js";
import { tensorArg } from "./coerce.js";
import { optionalArgs } from "./options.js";

/** The dtype name `"float32"`, as `jnp.float32`. @example `np.zeros([2], np.float32).dtype` // "float32" */
export const float32 = "float32" as const;
/** The dtype name `"float64"`, as `jnp.float64`. @example `np.float64` // "float64" */
export const float64 = "float64" as const;
/** The dtype name `"int32"`, as `jnp.int32`. @example `np.int32` // "int32" */
export const int32 = "int32" as const;
/** The dtype name `"uint32"`, as `jnp.uint32`. @example `np.uint32` // "uint32" */
export const uint32 = "uint32" as const;
/** The dtype name `"bool"`, as `jnp.bool_`. @example `np.bool_` // "bool" */
export const bool_ = "bool" as const;

/** The dtype a dtype-or-array argument names: a dtype string, or the dtype of a tensor or array. */
function dtypeOf(fn: string, x: unknown, arg = "args[0]"): DType {
  if (typeof x === "string") return dtypeArg(x, `np.${fn}`, arg);
  if (x instanceof Tensor) return x.dtype;
  if (x === undefined || x === null || typeof x === "function" || typeof x === "symbol" || typeof x === "bigint") {
    throw new DTypeError(`np.${fn}: ${arg} is ${describeValue(x)}; pass a dtype ("float32", "int32", …) or an array.`);
  }
  return tensorArg(fn, x as TensorLike, arg).dtype;
}

/** Machine limits of a float dtype (what `np.finfo` returns), as numpy's and JAX's `finfo`. */
export interface FInfo {
  /** Bits of storage. */
  readonly bits: number;
  /** The gap between 1 and the next larger number: 2^−23 (float32), 2^−52 (float64). */
  readonly eps: number;
  /** The gap between 1 and the next smaller number. */
  readonly epsneg: number;
  /** The largest finite value. */
  readonly max: number;
  /** The most negative finite value (−max). */
  readonly min: number;
  /** The smallest positive normal number (the same as `smallestNormal`). */
  readonly tiny: number;
  /** The smallest positive normal number. */
  readonly smallestNormal: number;
  /** The smallest positive subnormal number. */
  readonly smallestSubnormal: number;
  /** 10^−precision. */
  readonly resolution: number;
  /** Decimal digits of precision. */
  readonly precision: number;
  /** Bits of the mantissa (without the implicit leading 1). */
  readonly nmant: number;
  /** Bits of the exponent. */
  readonly nexp: number;
  /** Bits of the exponent (as numpy names it too). */
  readonly iexp: number;
  /** The exponent of `eps` (eps = 2^machep). */
  readonly machep: number;
  /** The exponent of `epsneg`. */
  readonly negep: number;
  /** The smallest power of 2 that overflows. */
  readonly maxexp: number;
  /** The exponent of the smallest normal number. */
  readonly minexp: number;
  /** The dtype described. */
  readonly dtype: "float32" | "float64";
}

const F32_MAX = (2 - 2 ** -23) * 2 ** 127;

const FINFO: { readonly [D in "float32" | "float64"]: FInfo } = {
  float32: Object.freeze({
    bits: 32, eps: 2 ** -23, epsneg: 2 ** -24, max: F32_MAX, min: -F32_MAX, tiny: 2 ** -126, smallestNormal: 2 ** -126,
    smallestSubnormal: 2 ** -149, resolution: Math.fround(1e-6), precision: 6, nmant: 23, nexp: 8, iexp: 8,
    machep: -23, negep: -24, maxexp: 128, minexp: -126, dtype: "float32",
  }),
  float64: Object.freeze({
    bits: 64, eps: 2 ** -52, epsneg: 2 ** -53, max: Number.MAX_VALUE, min: -Number.MAX_VALUE, tiny: 2 ** -1022,
    smallestNormal: 2 ** -1022, smallestSubnormal: Number.MIN_VALUE, resolution: 1e-15, precision: 15, nmant: 52,
    nexp: 11, iexp: 11, machep: -52, negep: -53, maxexp: 1024, minexp: -1022, dtype: "float64",
  }),
};

/**
 * Machine limits of a float dtype — `eps`, `max`, `min`, `tiny`/`smallestNormal`,
 * `smallestSubnormal`, `resolution`, `bits`, … — given a dtype or an array. An integer or bool
 * dtype is a `DTypeError` (use `np.iinfo`), as JAX raises.
 *
 * @example
 * ```ts
 * np.finfo("float32").eps; // 1.1920928955078125e-7
 * np.finfo(np.float64).max; // 1.7976931348623157e308
 * ```
 */
export function finfo(dtype: unknown): FInfo {
  // A complex dtype's limits are its parts' (numpy's and JAX's finfo(complex64) is float32's).
  const d = realPartDType(dtypeOf("finfo", dtype));
  if (!isFloat(d)) {
    throw new DTypeError(`np.finfo: ${d} is not a floating-point dtype; np.finfo takes "float32", "float64", "complex64" or "complex128" (use np.iinfo for ${d === "bool" ? "integers" : d}).`);
  }
  return FINFO[d as "float32" | "float64"];
}

/** Limits of an integer dtype (what `np.iinfo` returns), as numpy's and JAX's `iinfo`. */
export interface IInfo {
  /** Bits of storage. */
  readonly bits: number;
  /** The smallest value. */
  readonly min: number;
  /** The largest value. */
  readonly max: number;
  /** `"i"` for signed, `"u"` for unsigned (numpy's kind codes). */
  readonly kind: "i" | "u";
  /** The dtype described. */
  readonly dtype: "int32" | "uint32";
}

const IINFO: { readonly [D in "int32" | "uint32"]: IInfo } = {
  int32: Object.freeze({ bits: 32, min: -(2 ** 31), max: 2 ** 31 - 1, kind: "i", dtype: "int32" }),
  uint32: Object.freeze({ bits: 32, min: 0, max: 2 ** 32 - 1, kind: "u", dtype: "uint32" }),
};

/**
 * Limits of an integer dtype — `min`, `max`, `bits`, `kind` — given a dtype or an array. A float
 * or bool dtype is a `DTypeError`, as JAX raises (bool is not an integer type there).
 *
 * @example
 * ```ts
 * np.iinfo("int32").max; // 2147483647
 * np.iinfo(np.uint32).max; // 4294967295
 * ```
 */
export function iinfo(dtype: unknown): IInfo {
  const d = dtypeOf("iinfo", dtype);
  if (d !== "int32" && d !== "uint32") {
    throw new DTypeError(`np.iinfo: ${d} is not an integer dtype; np.iinfo takes "int32" or "uint32"${isFloat(d) ? " (use np.finfo for floats)" : ""}.`);
  }
  return IINFO[d];
}

/**
 * The dtype two dtypes promote to: JAX's lattice restricted to fluxion's dtypes (bool below the
 * integers below float32 below float64; int32 with uint32 gives int32, as JAX does with x64 off —
 * fluxion has no int64). Takes dtypes or arrays.
 *
 * @example
 * ```ts
 * np.promoteTypes("int32", "float32"); // "float32"
 * np.promoteTypes("int32", "uint32"); // "int32"
 * ```
 */
export function promoteTypes(a: unknown, b: unknown): DType {
  return promote(dtypeOf("promoteTypes", a), dtypeOf("promoteTypes", b, "args[1]"));
}

/**
 * The dtype that combining `args` gives, as the arithmetic functions promote: dtypes and arrays are
 * strongly typed; JS numbers and booleans are weak and take the dtype they meet (a fraction meeting
 * integers gives float32). Numbers alone give float32 — JS cannot tell `1` from `1.0`, where JAX
 * would give int32 for a Python int — and booleans alone bool.
 *
 * @example
 * ```ts
 * np.resultType("int32", 2.5); // "float32"
 * np.resultType(np.array([1], { dtype: "uint32" }), 7); // "uint32"
 * ```
 */
export function resultType(...args: unknown[]): DType {
  if (args.length === 0) {
    throw new ArgumentError(`np.resultType: no arguments; pass at least one dtype, array or number.`);
  }
  let common: DType | undefined;
  args.forEach((x, i) => {
    if (typeof x === "number" || typeof x === "boolean") return;
    const d = dtypeOf("resultType", x, `args[${i}]`);
    common = common === undefined ? d : promote(common, d);
  });
  if (common === undefined) return args.every((x) => typeof x === "boolean") ? "bool" : "float32";
  for (const x of args) if (typeof x === "number") common = promote(common, weakNumberDType(x, common));
  return common;
}

/** How strict `canCast` is, as numpy's `casting` argument. */
export type Casting = "no" | "equiv" | "safe" | "same_kind" | "unsafe";

const CASTINGS: readonly Casting[] = ["no", "equiv", "safe", "same_kind", "unsafe"];

/** The dtypes each dtype casts to without losing any value (numpy's "safe"). */
const SAFE: { readonly [D in DType]: readonly DType[] } = {
  bool: ["bool", "int32", "uint32", "float32", "float64", "complex64", "complex128"],
  int32: ["int32", "float64", "complex128"],
  uint32: ["uint32", "float64", "complex128"],
  float32: ["float32", "float64", "complex64", "complex128"],
  float64: ["float64", "complex128"],
  complex64: ["complex64", "complex128"],
  complex128: ["complex128"],
};

/** numpy's kind order: a cast within or up the kinds is "same_kind" (b < u < i < f < c). */
const KIND: { readonly [D in DType]: number } = { bool: 0, uint32: 1, int32: 2, float32: 3, float64: 3, complex64: 4, complex128: 4 };

/**
 * Whether a value of dtype `from` may be cast to `to` under the rule `casting` (numpy's, which
 * JAX uses): `"no"`/`"equiv"` only to itself, `"safe"` (default) where every value survives
 * (int32 → float64 but not → float32), `"same_kind"` also within or up a kind (float64 → float32,
 * uint32 → int32, int32 → float32), `"unsafe"` always. `from` may be a dtype or an array.
 *
 * @example
 * ```ts
 * np.canCast("int32", "float64"); // true
 * np.canCast("int32", "float32"); // false
 * np.canCast("float64", "float32", { casting: "same_kind" }); // true
 * ```
 */
export function canCast(from: unknown, to: unknown, ...rest: unknown[]): boolean {
  const { casting = "safe" } = optionalArgs("np.canCast", ["casting"], rest);
  const f = dtypeOf("canCast", from);
  const t = dtypeOf("canCast", to, "args[1]");
  if (!CASTINGS.includes(casting as Casting)) {
    throw new ArgumentError(`np.canCast: casting is ${describeValue(casting)}; use ${CASTINGS.map((c) => `"${c}"`).join(", ")}.`);
  }
  switch (casting as Casting) {
    case "no":
    case "equiv":
      return f === t;
    case "safe":
      return SAFE[f].includes(t);
    case "same_kind":
      return SAFE[f].includes(t) || KIND[f] <= KIND[t];
    case "unsafe":
      return true;
  }
}

/**
 * True for a scalar: a JS number or boolean, or a 0-d tensor (JAX's rule for arrays). Arrays of
 * rank ≥ 1, nested JS arrays, strings and everything else are not.
 *
 * @example
 * ```ts
 * np.isscalar(3); // true
 * np.isscalar(np.array([1, 2])); // false
 * ```
 */
export function isscalar(x: unknown): boolean {
  if (typeof x === "number" || typeof x === "boolean") return true;
  return x instanceof Tensor && x.shape.length === 0;
}
