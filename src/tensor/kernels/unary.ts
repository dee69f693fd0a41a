/**
 * Unary elementwise kernels, the reference form: each op is one row of a fixed table of scalar
 * functions, applied by a plain loop. Integer outputs use the int rows (wrapping with `|0`); a
 * bool output stores `!= 0`. Primitives' reference kernels (`impl`) call `unary`. A backend may
 * run the same ops faster — the CPU backend generates a monomorphic loop per op from its snippet
 * table (src/backend/cpu/snippets.ts) — and picks the same rows through `unaryRow`, so both give
 * the same bits.
 */
import { allocate, type DType, type DataArray } from "../dtype.js";
import { erf, exp2, logistic, roundHalfEven } from "./scalar-math.js";

/** Names of the unary kernels. */
export type UnaryKernel =
  | "neg" | "sin" | "cos" | "tan" | "tanh" | "exp" | "log" | "log1p" | "expm1" | "sqrt" | "rsqrt"
  | "abs" | "sign" | "floor" | "ceil" | "round" | "logistic" | "not" | "square" | "reciprocal"
  | "erf" | "asin" | "acos" | "atan" | "sinh" | "cosh" | "asinh" | "acosh" | "atanh" | "is_finite"
  | "cbrt" | "exp2";

/** The unary kernels with an int32 row of their own (wrapping, integer identities, bitwise not). */
export type IntUnaryKernel = "neg" | "abs" | "floor" | "ceil" | "round" | "square" | "reciprocal" | "not";

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
};

/** Ops whose result is already 0/1, so a bool output needs no `!= 0`. */
const LOGICAL: ReadonlySet<UnaryKernel> = new Set<UnaryKernel>(["not", "is_finite"]);

/** Which row computes `op` writing `outDtype`, and whether the result is then stored as `!= 0`. */
export interface UnaryRow {
  /** The int32 row (`IntUnaryKernel`) rather than the float one. */
  readonly int: boolean;
  /** A bool output of an op whose result is not already 0/1. */
  readonly toBool: boolean;
}

/** The row of `op` for an output of `outDtype` (shared by every form of the kernel). */
export function unaryRow(op: UnaryKernel, outDtype: DType): UnaryRow {
  return { int: outDtype === "int32" && op in INT, toBool: outDtype === "bool" && !LOGICAL.has(op) };
}

/** The scalar function of `op` writing `outDtype`, with the bool coercion applied. */
export function unaryScalar(op: UnaryKernel, outDtype: DType): Fn1 {
  const row = unaryRow(op, outDtype);
  const f = row.int ? INT[op as IntUnaryKernel] : FLOAT[op];
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
 * bool (bitwise on int32); `is_finite` outputs bool; int32 `neg`/`abs` wrap.
 */
export function unary(op: UnaryKernel, x: DataArray, outDtype: DType): DataArray {
  const n = x.length;
  const out = allocate(outDtype, n);
  if (n > 0) unaryReferenceLoop(op, outDtype)(x, out, n);
  return out;
}
