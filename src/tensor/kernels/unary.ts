/**
 * Unary elementwise kernels. Each op is one row of a fixed table holding a JS expression snippet
 * (spliced into a loop generated once per (op, input dtype, output dtype), see codegen.ts) and the
 * same expression as a closure, used when code generation is unavailable. Integer outputs use the
 * int rows (wrapping with `|0`); a bool output stores `!= 0`.
 */
import { allocate, type DType, type DataArray } from "../dtype.js";
import { compileCached, memoLoops, type Helpers } from "./codegen.js";
import { erf, logistic, powFloat, powInt, roundHalfEven } from "./scalar-math.js";
import { dtypeOfArray } from "./util.js";

/** Names of the unary kernels. */
export type UnaryKernel =
  | "neg" | "sin" | "cos" | "tan" | "tanh" | "exp" | "log" | "log1p" | "expm1" | "sqrt" | "rsqrt"
  | "abs" | "sign" | "floor" | "ceil" | "round" | "logistic" | "not" | "square" | "reciprocal"
  | "erf" | "asin" | "acos" | "atan" | "sinh" | "cosh" | "asinh" | "acosh" | "atanh" | "is_finite";

/** Functions generated code may call, by the names snippets use; captured at load. */
export const HELPERS: Helpers = Object.freeze({
  sin: Math.sin, cos: Math.cos, tan: Math.tan, tanh: Math.tanh, exp: Math.exp, log: Math.log,
  log1p: Math.log1p, expm1: Math.expm1, sqrt: Math.sqrt, abs: Math.abs, floor: Math.floor,
  ceil: Math.ceil, asin: Math.asin, acos: Math.acos, atan: Math.atan, sinh: Math.sinh,
  cosh: Math.cosh, asinh: Math.asinh, acosh: Math.acosh, atanh: Math.atanh, imul: Math.imul,
  max: Math.max, min: Math.min, atan2: Math.atan2, erf, logistic, round: roundHalfEven,
  powf: powFloat, powi: powInt,
});

/**
 * One op: the loop-body expression over `x` (or `x`, `y`) and the equivalent closure. Snippets
 * write booleans as `(test) | 0`, which V8 compiles without a branch (a `? 1 : 0` on random data
 * costs a misprediction per element, ~5× slower); closures may use either form.
 */
export interface Snippet<F> {
  readonly src: string;
  readonly fn: F;
}
type Fn1 = (x: number) => number;

const FLOAT: { readonly [K in UnaryKernel]: Snippet<Fn1> } = {
  neg: { src: "-x", fn: (x) => -x },
  sin: { src: "sin(x)", fn: Math.sin },
  cos: { src: "cos(x)", fn: Math.cos },
  tan: { src: "tan(x)", fn: Math.tan },
  tanh: { src: "tanh(x)", fn: Math.tanh },
  exp: { src: "exp(x)", fn: Math.exp },
  log: { src: "log(x)", fn: Math.log },
  log1p: { src: "log1p(x)", fn: Math.log1p },
  expm1: { src: "expm1(x)", fn: Math.expm1 },
  sqrt: { src: "sqrt(x)", fn: Math.sqrt },
  rsqrt: { src: "1 / sqrt(x)", fn: (x) => 1 / Math.sqrt(x) },
  abs: { src: "abs(x)", fn: Math.abs },
  // Branch-free for nonzero x; ±0 and NaN (difference 0) fall through to `x` itself.
  sign: { src: "((x > 0) - (x < 0)) || x", fn: (x) => (x > 0 ? 1 : x < 0 ? -1 : x) },
  floor: { src: "floor(x)", fn: Math.floor },
  ceil: { src: "ceil(x)", fn: Math.ceil },
  round: { src: "round(x)", fn: roundHalfEven },
  logistic: { src: "logistic(x)", fn: logistic },
  not: { src: "(x === 0) | 0", fn: (x) => (x === 0 ? 1 : 0) },
  square: { src: "x * x", fn: (x) => x * x },
  reciprocal: { src: "1 / x", fn: (x) => 1 / x },
  erf: { src: "erf(x)", fn: erf },
  asin: { src: "asin(x)", fn: Math.asin },
  acos: { src: "acos(x)", fn: Math.acos },
  atan: { src: "atan(x)", fn: Math.atan },
  sinh: { src: "sinh(x)", fn: Math.sinh },
  cosh: { src: "cosh(x)", fn: Math.cosh },
  asinh: { src: "asinh(x)", fn: Math.asinh },
  acosh: { src: "acosh(x)", fn: Math.acosh },
  atanh: { src: "atanh(x)", fn: Math.atanh },
  // x - x is 0 exactly when x is finite (∞ - ∞ and NaN - NaN are NaN).
  is_finite: { src: "(x - x === 0) | 0", fn: (x) => (x - x === 0 ? 1 : 0) },
};

/** Rows that differ when the output is int32: wrap to int32, integer identities, bitwise not. */
const INT: { readonly [K in UnaryKernel]?: Snippet<Fn1> } = {
  neg: { src: "(-x) | 0", fn: (x) => -x | 0 },
  abs: { src: "abs(x) | 0", fn: (x) => Math.abs(x) | 0 },
  floor: { src: "x", fn: (x) => x },
  ceil: { src: "x", fn: (x) => x },
  round: { src: "x", fn: (x) => x },
  square: { src: "imul(x, x)", fn: (x) => Math.imul(x, x) },
  reciprocal: { src: "x === 0 ? 0 : (1 / x) | 0", fn: (x) => (x === 0 ? 0 : (1 / x) | 0) },
  not: { src: "~x", fn: (x) => ~x },
};

/** Ops whose result is already 0/1, so a bool output needs no `!= 0`. */
const LOGICAL: ReadonlySet<UnaryKernel> = new Set<UnaryKernel>(["not", "is_finite"]);

/** The loop-body expression of `op` over `x` for a float output (for fused loops in jit). */
export function unaryFloatSnippet(op: UnaryKernel): string {
  return FLOAT[op].src;
}

/** The snippet for `op` writing `outDtype`, with the bool coercion applied. */
function snippetFor(op: UnaryKernel, outDtype: DType): Snippet<Fn1> {
  const base = outDtype === "int32" ? (INT[op] ?? FLOAT[op]) : FLOAT[op];
  if (outDtype !== "bool" || LOGICAL.has(op)) return base;
  const f = base.fn;
  return { src: `((${base.src}) !== 0) | 0`, fn: (x) => (f(x) !== 0 ? 1 : 0) };
}

type UnaryLoop = (src: DataArray, out: DataArray, n: number) => void;

/** Closure loop, used only without code generation (one indirect call per element). */
function fallbackLoop(fn: Fn1): UnaryLoop {
  return (src, out, n) => {
    for (let i = 0; i < n; i++) out[i] = fn(src[i]!);
  };
}

/** The compiled (or fallback) loop for one (op, input kind, output dtype). */
export function unaryLoop(op: UnaryKernel, inDtype: DType, outDtype: DType): UnaryLoop {
  const key = `u_${op}_${inDtype}_${outDtype}`;
  return memoLoops(key, () => {
    const sn = snippetFor(op, outDtype);
    const body = `return function (src, out, n) {
  for (let i = 0; i < n; i++) { const x = src[i]; out[i] = ${sn.src}; }
};`;
    return compileCached<UnaryLoop>(key, HELPERS, body) ?? fallbackLoop(sn.fn);
  });
}

/**
 * Applies `op` to every element of `x`, returning a fresh array of `outDtype`.
 * `round` is half-to-even; `sign(NaN)` is NaN; `logistic` never overflows; `not` is logical on
 * bool (bitwise on int32); `is_finite` outputs bool; int32 `neg`/`abs` wrap.
 */
export function unary(op: UnaryKernel, x: DataArray, outDtype: DType): DataArray {
  const n = x.length;
  const out = allocate(outDtype, n);
  if (n > 0) unaryLoop(op, dtypeOfArray(x), outDtype)(x, out, n);
  return out;
}
