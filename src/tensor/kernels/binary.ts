/**
 * Binary elementwise kernels with numpy broadcasting. Like unary.ts, each op is a row of a fixed
 * snippet table compiled per (op, dtypes) into four loops: equal shapes, scalar left, scalar
 * right, and a general strided walk over collapsed dims. Closures replace them when code
 * generation is unavailable.
 */
import { allocate, type DType, type DataArray } from "../dtype.js";
import { sizeOf } from "../shape.js";
import { compileCached, memoLoops } from "./codegen.js";
import { powFloat, powInt } from "./scalar-math.js";
import { broadcastStrides, collapseDims } from "./strided.js";
import { HELPERS, type Snippet } from "./unary.js";
import { dtypeOfArray } from "./util.js";

/** Names of the binary kernels. */
export type BinaryKernel =
  | "add" | "sub" | "mul" | "div" | "pow" | "max" | "min" | "rem" | "atan2" | "and" | "or"
  | "lt" | "le" | "gt" | "ge" | "eq" | "ne" | "shift_right_logical";

type Fn2 = (x: number, y: number) => number;

const FLOAT: { readonly [K in BinaryKernel]: Snippet<Fn2> } = {
  add: { src: "x + y", fn: (x, y) => x + y },
  sub: { src: "x - y", fn: (x, y) => x - y },
  mul: { src: "x * y", fn: (x, y) => x * y },
  div: { src: "x / y", fn: (x, y) => x / y },
  pow: { src: "powf(x, y)", fn: powFloat },
  // Math.max/min already propagate NaN, as numpy's maximum/minimum do.
  max: { src: "max(x, y)", fn: Math.max },
  min: { src: "min(x, y)", fn: Math.min },
  // JS % is C's fmod: the result has the sign of the dividend.
  rem: { src: "x % y", fn: (x, y) => x % y },
  atan2: { src: "atan2(x, y)", fn: Math.atan2 },
  and: { src: "(x !== 0) & (y !== 0)", fn: (x, y) => (x !== 0 && y !== 0 ? 1 : 0) },
  or: { src: "(x !== 0) | (y !== 0)", fn: (x, y) => (x !== 0 || y !== 0 ? 1 : 0) },
  lt: { src: "(x < y) | 0", fn: (x, y) => (x < y ? 1 : 0) },
  le: { src: "(x <= y) | 0", fn: (x, y) => (x <= y ? 1 : 0) },
  gt: { src: "(x > y) | 0", fn: (x, y) => (x > y ? 1 : 0) },
  ge: { src: "(x >= y) | 0", fn: (x, y) => (x >= y ? 1 : 0) },
  eq: { src: "(x === y) | 0", fn: (x, y) => (x === y ? 1 : 0) },
  ne: { src: "(x !== y) | 0", fn: (x, y) => (x !== y ? 1 : 0) },
  shift_right_logical: {
    src: "(y >>> 0) >= 32 ? 0 : (x >>> y) | 0",
    fn: (x, y) => (y >>> 0 >= 32 ? 0 : (x >>> y) | 0),
  },
};

/**
 * Rows that differ for an integer output: wrapping arithmetic for int32 and bool (a bool output
 * then stores `!= 0`), and bitwise and/or for int32 only (a bool output keeps the logical rows).
 */
const INT: { readonly [K in BinaryKernel]?: Snippet<Fn2> } = {
  add: { src: "(x + y) | 0", fn: (x, y) => (x + y) | 0 },
  sub: { src: "(x - y) | 0", fn: (x, y) => (x - y) | 0 },
  mul: { src: "imul(x, y)", fn: Math.imul },
  // x / y is within ±2^31, so |0 truncates toward zero (and wraps -2^31 / -1, like C).
  div: { src: "y === 0 ? 0 : (x / y) | 0", fn: (x, y) => (y === 0 ? 0 : (x / y) | 0) },
  rem: { src: "y === 0 ? 0 : (x % y) | 0", fn: (x, y) => (y === 0 ? 0 : (x % y) | 0) },
  pow: { src: "powi(x, y)", fn: powInt },
  and: { src: "x & y", fn: (x, y) => x & y },
  or: { src: "x | y", fn: (x, y) => x | y },
};

/** Ops whose result is already 0/1 whatever the input, so a bool output needs no `!= 0`. */
const LOGICAL: ReadonlySet<BinaryKernel> = new Set<BinaryKernel>([
  "and", "or", "lt", "le", "gt", "ge", "eq", "ne",
]);

/** The loop-body expression of `op` over `x`, `y` with float semantics (for fused loops in jit). */
export function binaryFloatSnippet(op: BinaryKernel): string {
  return FLOAT[op].src;
}

/** The row for `op` writing `outDtype`: int or float semantics, plus `!= 0` for a bool output. */
function snippetFor(op: BinaryKernel, outDtype: DType): Snippet<Fn2> {
  if (LOGICAL.has(op)) return outDtype === "int32" ? (INT[op] ?? FLOAT[op]) : FLOAT[op];
  const base = outDtype === "float32" || outDtype === "float64" ? FLOAT[op] : (INT[op] ?? FLOAT[op]);
  if (outDtype !== "bool") return base;
  const f = base.fn;
  return { src: `((${base.src}) !== 0) | 0`, fn: (x, y) => (f(x, y) !== 0 ? 1 : 0) };
}

/** The four loops of one binary op; `strided` walks collapsed broadcast dims with an odometer. */
export interface BinaryLoops {
  same(a: DataArray, b: DataArray, out: DataArray, n: number): void;
  left(x: number, b: DataArray, out: DataArray, n: number): void;
  right(a: DataArray, y: number, out: DataArray, n: number): void;
  strided(
    a: DataArray, b: DataArray, out: DataArray, total: number,
    shape: readonly number[], sa: readonly number[], sb: readonly number[],
  ): void;
}

function generatedSource(expr: string): string {
  return `return {
  same(a, b, out, n) { for (let i = 0; i < n; i++) { const x = a[i], y = b[i]; out[i] = ${expr}; } },
  left(x, b, out, n) { for (let i = 0; i < n; i++) { const y = b[i]; out[i] = ${expr}; } },
  right(a, y, out, n) { for (let i = 0; i < n; i++) { const x = a[i]; out[i] = ${expr}; } },
  strided(a, b, out, total, shape, sa, sb) {
    const nd = shape.length, inner = shape[nd - 1], ia = sa[nd - 1], ib = sb[nd - 1];
    const idx = new Int32Array(nd);
    let pa = 0, pb = 0, o = 0;
    while (o < total) {
      let qa = pa, qb = pb;
      for (let j = 0; j < inner; j++) { const x = a[qa], y = b[qb]; out[o + j] = ${expr}; qa += ia; qb += ib; }
      o += inner;
      for (let d = nd - 2; d >= 0; d--) {
        pa += sa[d]; pb += sb[d];
        if (++idx[d] < shape[d]) break;
        pa -= sa[d] * shape[d]; pb -= sb[d] * shape[d]; idx[d] = 0;
      }
    }
  },
};`;
}

/** Closure loops with the same structure, for when code generation is unavailable. */
function fallbackLoops(f: Fn2): BinaryLoops {
  return {
    same(a, b, out, n) { for (let i = 0; i < n; i++) out[i] = f(a[i]!, b[i]!); },
    left(x, b, out, n) { for (let i = 0; i < n; i++) out[i] = f(x, b[i]!); },
    right(a, y, out, n) { for (let i = 0; i < n; i++) out[i] = f(a[i]!, y); },
    strided(a, b, out, total, shape, sa, sb) {
      const nd = shape.length, inner = shape[nd - 1]!, ia = sa[nd - 1]!, ib = sb[nd - 1]!;
      const idx = new Int32Array(nd);
      let pa = 0, pb = 0, o = 0;
      while (o < total) {
        let qa = pa, qb = pb;
        for (let j = 0; j < inner; j++) { out[o + j] = f(a[qa]!, b[qb]!); qa += ia; qb += ib; }
        o += inner;
        for (let d = nd - 2; d >= 0; d--) {
          pa += sa[d]!; pb += sb[d]!;
          if (++idx[d]! < shape[d]!) break;
          pa -= sa[d]! * shape[d]!; pb -= sb[d]! * shape[d]!; idx[d] = 0;
        }
      }
    },
  };
}

/** The compiled (or fallback) loops for one (op, input kinds, output dtype). */
export function binaryLoops(op: BinaryKernel, aDtype: DType, bDtype: DType, outDtype: DType): BinaryLoops {
  const key = `b_${op}_${aDtype}_${bDtype}_${outDtype}`;
  return memoLoops(key, () => {
    const sn = snippetFor(op, outDtype);
    return compileCached<BinaryLoops>(key, HELPERS, generatedSource(sn.src)) ?? fallbackLoops(sn.fn);
  });
}

/**
 * `op(a, b)` elementwise with numpy broadcasting to `outShape`, into a fresh `outDtype` array.
 * Comparisons give 0/1. int32 arithmetic wraps; int32 `div` truncates and `div`/`rem` by 0 give
 * 0; `rem` takes the dividend's sign; `max`/`min` propagate NaN; int32 `pow` is exact (negative
 * exponent → 0 unless the base is ±1); `shift_right_logical` by 32 or more gives 0.
 */
export function binary(
  op: BinaryKernel,
  a: DataArray, aShape: readonly number[],
  b: DataArray, bShape: readonly number[],
  outShape: readonly number[], outDtype: DType,
): DataArray {
  const n = sizeOf(outShape);
  const out = allocate(outDtype, n);
  if (n === 0) return out;
  const k = binaryLoops(op, dtypeOfArray(a), dtypeOfArray(b), outDtype);
  // An operand with as many elements as the output has the output's row-major layout.
  if (a.length === n && b.length === n) k.same(a, b, out, n);
  else if (a.length === n && b.length === 1) k.right(a, b[0]!, out, n);
  else if (a.length === 1 && b.length === n) k.left(a[0]!, b, out, n);
  else {
    const c = collapseDims(outShape, [broadcastStrides(aShape, outShape), broadcastStrides(bShape, outShape)]);
    k.strided(a, b, out, n, c.shape, c.strides[0]!, c.strides[1]!);
  }
  return out;
}
