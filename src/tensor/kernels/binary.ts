/**
 * Binary elementwise kernels with numpy broadcasting, the reference form: like unary.ts, each op
 * is a row of a fixed table of scalar functions, applied by four plain loops — equal shapes,
 * scalar left, scalar right, and a general strided walk over collapsed dims. Primitives'
 * reference kernels (`impl`) call `binary`; the CPU backend runs the same four loops generated
 * from its snippet table (src/backend/cpu/snippets.ts), picking rows through `binaryRow` and
 * dispatching through `runBinaryLoops`, so both give the same bits.
 */
import { allocate, type DType, type DataArray } from "../dtype.js";
import { sizeOf } from "../shape.js";
import { powFloat, powInt } from "./scalar-math.js";
import { broadcastStrides, collapseDims } from "./strided.js";

/** Names of the binary kernels. */
export type BinaryKernel =
  | "add" | "sub" | "mul" | "div" | "pow" | "max" | "min" | "rem" | "atan2" | "and" | "or"
  | "lt" | "le" | "gt" | "ge" | "eq" | "ne" | "xor" | "shift_left" | "shift_right_arithmetic"
  | "shift_right_logical";

/** The binary kernels with integer rows of their own (one for int32 and bool, one for uint32). */
export type IntBinaryKernel =
  | "add" | "sub" | "mul" | "div" | "rem" | "pow" | "and" | "or" | "xor"
  | "shift_left" | "shift_right_arithmetic" | "shift_right_logical";

type Fn2 = (x: number, y: number) => number;

const FLOAT: { readonly [K in BinaryKernel]: Fn2 } = {
  add: (x, y) => x + y,
  sub: (x, y) => x - y,
  mul: (x, y) => x * y,
  div: (x, y) => x / y,
  pow: powFloat,
  // Math.max/min already propagate NaN, as numpy's maximum/minimum do.
  max: Math.max,
  min: Math.min,
  // JS % is C's fmod: the result has the sign of the dividend.
  rem: (x, y) => x % y,
  atan2: Math.atan2,
  and: (x, y) => (x !== 0 && y !== 0 ? 1 : 0),
  or: (x, y) => (x !== 0 || y !== 0 ? 1 : 0),
  lt: (x, y) => (x < y ? 1 : 0),
  le: (x, y) => (x <= y ? 1 : 0),
  gt: (x, y) => (x > y ? 1 : 0),
  ge: (x, y) => (x >= y ? 1 : 0),
  eq: (x, y) => (x === y ? 1 : 0),
  ne: (x, y) => (x !== y ? 1 : 0),
  xor: (x, y) => ((x !== 0) !== (y !== 0) ? 1 : 0),
  // Shifts are integer-only (their primitives refuse floats): the float rows are the int32 ones.
  shift_left: (x, y) => (y >>> 0 >= 32 ? 0 : x << y),
  shift_right_arithmetic: (x, y) => (y >>> 0 >= 32 ? x >> 31 : x >> y),
  shift_right_logical: (x, y) => (y >>> 0 >= 32 ? 0 : (x >>> y) | 0),
};

/**
 * Rows that differ for an integer output: wrapping arithmetic for int32 and bool (a bool output
 * then stores `!= 0`), and bitwise and/or/xor for int32 only (a bool output keeps the logical
 * rows). Shifts as XLA: an amount outside [0, 32) — also a negative one — shifts every bit out
 * (0, or the sign bit everywhere for the arithmetic right shift).
 */
const INT: { readonly [K in IntBinaryKernel]: Fn2 } = {
  add: (x, y) => (x + y) | 0,
  sub: (x, y) => (x - y) | 0,
  mul: Math.imul,
  // x / y is within ±2^31, so |0 truncates toward zero (and wraps -2^31 / -1, like C).
  div: (x, y) => (y === 0 ? 0 : (x / y) | 0),
  rem: (x, y) => (y === 0 ? 0 : (x % y) | 0),
  pow: powInt,
  and: (x, y) => x & y,
  or: (x, y) => x | y,
  xor: (x, y) => x ^ y,
  shift_left: (x, y) => (y >>> 0 >= 32 ? 0 : x << y),
  shift_right_arithmetic: (x, y) => (y >>> 0 >= 32 ? x >> 31 : x >> y),
  shift_right_logical: (x, y) => (y >>> 0 >= 32 ? 0 : (x >>> y) | 0),
};

/**
 * uint32 rows: operands arrive in [0, 2^32) and results are read back unsigned (`>>> 0`). Division
 * by 0 gives XLA's answers for unsigned integers: x / 0 is 2^32 − 1 (all bits set) and x % 0 is x.
 */
const UINT: { readonly [K in IntBinaryKernel]: Fn2 } = {
  add: (x, y) => (x + y) >>> 0,
  sub: (x, y) => (x - y) >>> 0,
  mul: (x, y) => Math.imul(x, y) >>> 0,
  // Both below 2^32, so x / y never rounds up to the next integer and `>>> 0` floors it.
  div: (x, y) => (y === 0 ? 4294967295 : (x / y) >>> 0),
  rem: (x, y) => (y === 0 ? x : x % y),
  pow: (x, y) => powInt(x, y) >>> 0,
  and: (x, y) => (x & y) >>> 0,
  or: (x, y) => (x | y) >>> 0,
  xor: (x, y) => (x ^ y) >>> 0,
  shift_left: (x, y) => (y >= 32 ? 0 : (x << y) >>> 0),
  shift_right_arithmetic: (x, y) => (y >= 32 ? x >> 31 : x >> y) >>> 0,
  shift_right_logical: (x, y) => (y >= 32 ? 0 : x >>> y),
};

/** Ops whose result is already 0/1 whatever the input, so a bool output needs no `!= 0`. */
const LOGICAL: ReadonlySet<BinaryKernel> = new Set<BinaryKernel>([
  "and", "or", "xor", "lt", "le", "gt", "ge", "eq", "ne",
]);

/** Which row computes an op writing a dtype, and whether the result is then stored as `!= 0`. */
export interface BinaryRow {
  /** The int32 row (`IntBinaryKernel`) rather than the float one. */
  readonly int: boolean;
  /** The uint32 row (`IntBinaryKernel`) rather than the float one. */
  readonly uint: boolean;
  readonly toBool: boolean;
}

/** The row for `op` writing `outDtype`: int or float semantics, plus `!= 0` for a bool output. */
export function binaryRow(op: BinaryKernel, outDtype: DType): BinaryRow {
  const hasInt = op in INT;
  const uint = outDtype === "uint32" && hasInt;
  if (LOGICAL.has(op)) return { int: outDtype === "int32" && hasInt, uint, toBool: false };
  return { int: (outDtype === "int32" || outDtype === "bool") && hasInt, uint, toBool: outDtype === "bool" };
}

/** The scalar function of `op` writing `outDtype`, with the bool coercion applied. */
export function binaryScalar(op: BinaryKernel, outDtype: DType): Fn2 {
  const row = binaryRow(op, outDtype);
  const f = row.int ? INT[op as IntBinaryKernel] : row.uint ? UINT[op as IntBinaryKernel] : FLOAT[op];
  return row.toBool ? (x, y) => (f(x, y) !== 0 ? 1 : 0) : f;
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

/** The reference loops of one (op, output dtype): one call of the scalar function per element. */
export function binaryReferenceLoops(op: BinaryKernel, outDtype: DType): BinaryLoops {
  const f = binaryScalar(op, outDtype);
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

/**
 * Runs `k` for `a op b` broadcast to `outShape`, into a fresh `outDtype` array: the loop that
 * fits the operands' layout (equal sizes, a scalar on either side, or the strided walk).
 */
export function runBinaryLoops(
  k: BinaryLoops,
  a: DataArray, aShape: readonly number[],
  b: DataArray, bShape: readonly number[],
  outShape: readonly number[], outDtype: DType,
): DataArray {
  const n = sizeOf(outShape);
  const out = allocate(outDtype, n);
  if (n === 0) return out;
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

/**
 * `op(a, b)` elementwise with numpy broadcasting to `outShape`, into a fresh `outDtype` array.
 * Comparisons give 0/1. int32 arithmetic wraps; int32 `div` truncates and `div`/`rem` by 0 give
 * 0; `rem` takes the dividend's sign; `max`/`min` propagate NaN; int32 `pow` is exact (negative
 * exponent → 0 unless the base is ±1); uint32 arithmetic wraps, `div` by 0 gives 2^32 − 1 and
 * `rem` by 0 the dividend (XLA); shifts by an amount outside [0, 32) give 0 (the sign for
 * `shift_right_arithmetic`).
 */
export function binary(
  op: BinaryKernel,
  a: DataArray, aShape: readonly number[],
  b: DataArray, bShape: readonly number[],
  outShape: readonly number[], outDtype: DType,
): DataArray {
  return runBinaryLoops(binaryReferenceLoops(op, outDtype), a, aShape, b, bShape, outShape, outDtype);
}
