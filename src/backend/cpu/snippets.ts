/**
 * The CPU backend's snippet tables: for every elementwise kernel, the JS expression its generated
 * loops compute — over `x` (unary) or `x`, `y` (binary). The rows mirror the reference tables in
 * src/tensor/kernels/unary.ts and binary.ts (same ops, same int32 and uint32 rows, chosen by the same
 * `unaryRow`/`binaryRow`); test/backend/cpu-backend.test.ts checks every op's generated loop
 * against its reference loop bit for bit.
 * Snippets are fixed text, never user data; what they call is `HELPERS`, captured at load.
 */
import type { DType } from "../../tensor/dtype.js";
import { type BinaryKernel, type IntBinaryKernel, binaryRow } from "../../tensor/kernels/binary.js";
import { erf, exp2, logistic, popcount32, powFloat, powInt, roundHalfEven } from "../../tensor/kernels/scalar-math.js";
import { type IntUnaryKernel, type UnaryKernel, unaryRow } from "../../tensor/kernels/unary.js";
import { digamma, erfInv, erfc, lgamma } from "../../tensor/kernels/special-math.js";
import type { Helpers } from "./codegen.js";

/** Functions generated code may call, by the names snippets use; captured at load. */
export const HELPERS: Helpers = Object.freeze({
  sin: Math.sin, cos: Math.cos, tan: Math.tan, tanh: Math.tanh, exp: Math.exp, log: Math.log,
  log1p: Math.log1p, expm1: Math.expm1, sqrt: Math.sqrt, abs: Math.abs, floor: Math.floor,
  ceil: Math.ceil, asin: Math.asin, acos: Math.acos, atan: Math.atan, sinh: Math.sinh,
  cosh: Math.cosh, asinh: Math.asinh, acosh: Math.acosh, atanh: Math.atanh, imul: Math.imul,
  max: Math.max, min: Math.min, atan2: Math.atan2, erf, logistic, round: roundHalfEven,
  powf: powFloat, powi: powInt, popcount: popcount32, clz: Math.clz32,
  cbrt: Math.cbrt, exp2, erfc, erfinv: erfInv, lgamma, digamma,
});

// Snippets write booleans as `(test) | 0`, which V8 compiles without a branch (a `? 1 : 0` on
// random data costs a misprediction per element, ~5× slower).

const UNARY_FLOAT: { readonly [K in UnaryKernel]: string } = {
  neg: "-x",
  sin: "sin(x)",
  cos: "cos(x)",
  tan: "tan(x)",
  tanh: "tanh(x)",
  exp: "exp(x)",
  log: "log(x)",
  log1p: "log1p(x)",
  expm1: "expm1(x)",
  sqrt: "sqrt(x)",
  rsqrt: "1 / sqrt(x)",
  abs: "abs(x)",
  // Branch-free for nonzero x; ±0 and NaN (difference 0) fall through to `x` itself.
  sign: "((x > 0) - (x < 0)) || x",
  floor: "floor(x)",
  ceil: "ceil(x)",
  round: "round(x)",
  logistic: "logistic(x)",
  not: "(x === 0) | 0",
  square: "x * x",
  reciprocal: "1 / x",
  erf: "erf(x)",
  asin: "asin(x)",
  acos: "acos(x)",
  atan: "atan(x)",
  sinh: "sinh(x)",
  cosh: "cosh(x)",
  asinh: "asinh(x)",
  acosh: "acosh(x)",
  atanh: "atanh(x)",
  is_finite: "(x - x === 0) | 0",
  cbrt: "cbrt(x)",
  exp2: "exp2(x)",
  population_count: "popcount(x)",
  clz: "clz(x)",
};

const UNARY_INT: { readonly [K in IntUnaryKernel]: string } = {
  neg: "(-x) | 0",
  abs: "abs(x) | 0",
  floor: "x",
  ceil: "x",
  round: "x",
  square: "imul(x, x)",
  reciprocal: "x === 0 ? 0 : (1 / x) | 0",
  not: "~x",
  population_count: "popcount(x)",
  clz: "clz(x)",
};

const UNARY_UINT: { readonly [K in IntUnaryKernel]: string } = {
  neg: "(-x) >>> 0",
  abs: "x",
  floor: "x",
  ceil: "x",
  round: "x",
  square: "imul(x, x) >>> 0",
  reciprocal: "x === 0 ? 0 : (1 / x) >>> 0",
  not: "(~x) >>> 0",
  population_count: "popcount(x)",
  clz: "clz(x)",
};

const BINARY_FLOAT: { readonly [K in BinaryKernel]: string } = {
  add: "x + y",
  sub: "x - y",
  mul: "x * y",
  div: "x / y",
  pow: "powf(x, y)",
  max: "max(x, y)",
  min: "min(x, y)",
  rem: "x % y",
  atan2: "atan2(x, y)",
  and: "(x !== 0) & (y !== 0)",
  or: "(x !== 0) | (y !== 0)",
  lt: "(x < y) | 0",
  le: "(x <= y) | 0",
  gt: "(x > y) | 0",
  ge: "(x >= y) | 0",
  eq: "(x === y) | 0",
  ne: "(x !== y) | 0",
  xor: "(x !== 0) ^ (y !== 0)",
  shift_left: "(y >>> 0) >= 32 ? 0 : x << y",
  shift_right_arithmetic: "(y >>> 0) >= 32 ? x >> 31 : x >> y",
  shift_right_logical: "(y >>> 0) >= 32 ? 0 : (x >>> y) | 0",
};

const BINARY_INT: { readonly [K in IntBinaryKernel]: string } = {
  add: "(x + y) | 0",
  sub: "(x - y) | 0",
  mul: "imul(x, y)",
  div: "y === 0 ? 0 : (x / y) | 0",
  rem: "y === 0 ? 0 : (x % y) | 0",
  pow: "powi(x, y)",
  and: "x & y",
  or: "x | y",
  xor: "x ^ y",
  shift_left: "(y >>> 0) >= 32 ? 0 : x << y",
  shift_right_arithmetic: "(y >>> 0) >= 32 ? x >> 31 : x >> y",
  shift_right_logical: "(y >>> 0) >= 32 ? 0 : (x >>> y) | 0",
};

const BINARY_UINT: { readonly [K in IntBinaryKernel]: string } = {
  add: "(x + y) >>> 0",
  sub: "(x - y) >>> 0",
  mul: "imul(x, y) >>> 0",
  div: "y === 0 ? 4294967295 : (x / y) >>> 0",
  rem: "y === 0 ? x : x % y",
  pow: "powi(x, y) >>> 0",
  and: "(x & y) >>> 0",
  or: "(x | y) >>> 0",
  xor: "(x ^ y) >>> 0",
  shift_left: "y >= 32 ? 0 : (x << y) >>> 0",
  shift_right_arithmetic: "(y >= 32 ? x >> 31 : x >> y) >>> 0",
  shift_right_logical: "y >= 32 ? 0 : x >>> y",
};

const toBool = (src: string): string => `((${src}) !== 0) | 0`;

/** The loop-body expression of `op` over `x` writing `outDtype` (int row and bool coercion applied). */
export function unarySnippet(op: UnaryKernel, outDtype: DType): string {
  const row = unaryRow(op, outDtype);
  const src = row.int ? UNARY_INT[op as IntUnaryKernel] : row.uint ? UNARY_UINT[op as IntUnaryKernel] : UNARY_FLOAT[op];
  return row.toBool ? toBool(src) : src;
}

/** The loop-body expression of `op` over `x`, `y` writing `outDtype`. */
export function binarySnippet(op: BinaryKernel, outDtype: DType): string {
  const row = binaryRow(op, outDtype);
  const src = row.int ? BINARY_INT[op as IntBinaryKernel] : row.uint ? BINARY_UINT[op as IntBinaryKernel] : BINARY_FLOAT[op];
  return row.toBool ? toBool(src) : src;
}

/** The float-semantics expression of a unary op, as fused loops compute it. */
export function unaryFloatSnippet(op: UnaryKernel): string {
  return UNARY_FLOAT[op];
}

/** The float-semantics expression of a binary op, as fused loops compute it. */
export function binaryFloatSnippet(op: BinaryKernel): string {
  return BINARY_FLOAT[op];
}
