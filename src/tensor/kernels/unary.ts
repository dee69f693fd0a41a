/**
 * Unary elementwise kernels, the reference form: each op is one row of a fixed table of scalar
 * functions, applied by a plain loop. Integer outputs use the int rows (wrapping with `|0`); a
 * bool output stores `!= 0`. Primitives' reference kernels (`impl`) call `unary`. A backend may
 * run the same ops faster — the CPU backend generates a monomorphic loop per op from its snippet
 * table (src/backend/cpu/snippets.ts) — and picks the same rows through `unaryRow`, so both give
 * the same bits.
 */
import { allocate, type DType, type DataArray } from "../dtype.js";
import { erf, exp2, logistic, popcount32, roundHalfEven } from "./scalar-math.js";

/** Names of the unary kernels. */
export type UnaryKernel =
  | "neg" | "sin" | "cos" | "tan" | "tanh" | "exp" | "log" | "log1p" | "expm1" | "sqrt" | "rsqrt"
  | "abs" | "sign" | "floor" | "ceil" | "round" | "logistic" | "not" | "square" | "reciprocal"
  | "erf" | "asin" | "acos" | "atan" | "sinh" | "cosh" | "asinh" | "acosh" | "atanh" | "is_finite"
  | "population_count" | "clz"
  | "cbrt" | "exp2";

/**
 * The unary kernels with integer rows of their own (wrapping, integer identities, bitwise not,
 * bit counts), one for int32 and one for uint32.
 */
export type IntUnaryKernel =
  | "neg" | "abs" | "floor" | "ceil" | "round" | "square" | "reciprocal" | "not" | "population_count" | "clz";

type Fn1 = (x: number) => number;

const FLOAT: { readonly [K in UnaryKernel]: Fn1 } = {
  neg: (x) => -x,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  tanh: Math.tanh,
  exp: Math.exp,
  log: Math.log,
  log1p: Math.log1p,
  expm1: Math.expm1,
  sqrt: Math.sqrt,
  rsqrt: (x) => 1 / Math.sqrt(x),
  abs: Math.abs,
  // ±0 and NaN are returned as they are.
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : x),
  floor: Math.floor,
  ceil: Math.ceil,
  round: roundHalfEven,
  logistic,
  not: (x) => (x === 0 ? 1 : 0),
  square: (x) => x * x,
  reciprocal: (x) => 1 / x,
  erf,
  asin: Math.asin,
  acos: Math.acos,
  atan: Math.atan,
  sinh: Math.sinh,
  cosh: Math.cosh,
  asinh: Math.asinh,
  acosh: Math.acosh,
  atanh: Math.atanh,
  // x - x is 0 exactly when x is finite (∞ - ∞ and NaN - NaN are NaN).
  is_finite: (x) => (x - x === 0 ? 1 : 0),
  cbrt: Math.cbrt,
  exp2,
  // Integer-only ops (their primitives refuse floats): the float rows are the int32 ones.
  population_count: popcount32,
  clz: Math.clz32,
};

const INT: { readonly [K in IntUnaryKernel]: Fn1 } = {
  neg: (x) => -x | 0,
  abs: (x) => Math.abs(x) | 0,
  floor: (x) => x,
  ceil: (x) => x,
  round: (x) => x,
  square: (x) => Math.imul(x, x),
  reciprocal: (x) => (x === 0 ? 0 : (1 / x) | 0),
  not: (x) => ~x,
  population_count: popcount32,
  clz: Math.clz32,
};

/** uint32 rows: the int32 bits read unsigned (`>>> 0`); values arrive in [0, 2^32). */
const UINT: { readonly [K in IntUnaryKernel]: Fn1 } = {
  neg: (x) => -x >>> 0,
  abs: (x) => x,
  floor: (x) => x,
  ceil: (x) => x,
  round: (x) => x,
  square: (x) => Math.imul(x, x) >>> 0,
  reciprocal: (x) => (x === 0 ? 0 : (1 / x) >>> 0),
  not: (x) => ~x >>> 0,
  population_count: popcount32,
  clz: Math.clz32,
};

/** Ops whose result is already 0/1, so a bool output needs no `!= 0`. */
const LOGICAL: ReadonlySet<UnaryKernel> = new Set<UnaryKernel>(["not", "is_finite"]);

/** Which row computes `op` writing `outDtype`, and whether the result is then stored as `!= 0`. */
export interface UnaryRow {
  /** The int32 row (`IntUnaryKernel`) rather than the float one. */
  readonly int: boolean;
  /** The uint32 row (`IntUnaryKernel`) rather than the float one. */
  readonly uint: boolean;
  /** A bool output of an op whose result is not already 0/1. */
  readonly toBool: boolean;
}

/** The row of `op` for an output of `outDtype` (shared by every form of the kernel). */
export function unaryRow(op: UnaryKernel, outDtype: DType): UnaryRow {
  const hasInt = op in INT;
  return { int: outDtype === "int32" && hasInt, uint: outDtype === "uint32" && hasInt, toBool: outDtype === "bool" && !LOGICAL.has(op) };
}

/** The scalar function of `op` writing `outDtype`, with the bool coercion applied. */
export function unaryScalar(op: UnaryKernel, outDtype: DType): Fn1 {
  const row = unaryRow(op, outDtype);
  const f = row.int ? INT[op as IntUnaryKernel] : row.uint ? UINT[op as IntUnaryKernel] : FLOAT[op];
  return row.toBool ? (x) => (f(x) !== 0 ? 1 : 0) : f;
}

/** A loop of `op` over `n` elements of `src` into `out`. */
export type UnaryLoop = (src: DataArray, out: DataArray, n: number) => void;

/** The reference loop of one (op, output dtype): one call of the scalar function per element. */
export function unaryReferenceLoop(op: UnaryKernel, outDtype: DType): UnaryLoop {
  const fn = unaryScalar(op, outDtype);
  return (src, out, n) => {
    for (let i = 0; i < n; i++) out[i] = fn(src[i]!);
  };
}

/**
 * Applies `op` to every element of `x`, returning a fresh array of `outDtype`.
 * `round` is half-to-even; `sign(NaN)` is NaN; `logistic` never overflows; `not` is logical on
 * bool (bitwise on int32 and uint32); `is_finite` outputs bool; int32 `neg`/`abs` and uint32
 * `neg` wrap; `population_count` counts set bits and `clz` leading zero bits (32 for 0).
 */
export function unary(op: UnaryKernel, x: DataArray, outDtype: DType): DataArray {
  const n = x.length;
  const out = allocate(outDtype, n);
  if (n > 0) unaryReferenceLoop(op, outDtype)(x, out, n);
  return out;
}
