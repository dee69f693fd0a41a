/**
 * Polynomials (coefficients from the highest power down, as numpy's poly* functions) and 1-D
 * convolution: polyval, polyadd, polysub, polymul, polyder, polyint, convolve, correlate.
 *
 * JAX convolves with conv_general_dilated; here the same cross-correlation is one gather of the
 * sliding windows of the padded longer signal (a Toeplitz matrix, out × len(kernel)) and one
 * dot_general with the kernel — O(out · len(kernel)) memory, every element a differentiable,
 * batchable primitive, and no per-output JS loop of ops.
 */
import { ArgumentError, ConcretizationError, ShapeError, describeValue, fmtShape, inContext } from "../errors.js";
import * as ops from "../primitives/ops.js";
import { isFloat } from "../tensor/dtype.js";
import { fromData, scalar } from "../tensor/from-js.js";
import { broadcastShapes } from "../tensor/shape.js";
import type { Tensor, TensorLike } from "../tensor/tensor.js";
import { broadcastTensor, promoteOperands } from "./coerce.js";
import { add, neg } from "./elementwise.js";
import { optionalArgs } from "./options.js";

/** Operands promoted, then ints and bools cast to float32 (JAX's promote_dtypes_inexact). */
function inexact(op: string, xs: readonly TensorLike[]): Tensor[] {
  return promoteOperands(op, xs).map((t) => (isFloat(t.dtype) ? t : ops.convert(t, "float32")));
}

function coefficients(op: string, t: Tensor, arg: string): Tensor {
  if (t.ndim === 0) throw new ShapeError(`np.${op}: ${arg} must be an array of coefficients (at least 1-D); got a 0-d value.`);
  return t;
}

/** Rows [start, stop) of axis 0. */
const rows = (t: Tensor, start: number, stop: number): Tensor =>
  ops.slice(t, t.shape.map((_, d) => (d === 0 ? start : 0)), t.shape.map((n, d) => (d === 0 ? stop : n)), t.shape.map(() => 1));

/**
 * The polynomial with coefficients `p` (highest power first) at `x`, by Horner's rule from 0, as
 * JAX's (so an infinite x gives NaN): `p[0]·xⁿ⁻¹ + … + p[n−1]`. `p`'s axes after the first broadcast with `x`; dtypes promote (an
 * int polynomial at int points stays int). An empty `p` gives zeros.
 * @example `np.polyval([1, 0, -1], [0, 2]).toArray()` // [-1, 3]
 */
export function polyval(p: TensorLike, x: TensorLike): Tensor {
  return inContext("np.polyval", () => {
    const [c, t] = promoteOperands("polyval", [p, x]) as [Tensor, Tensor];
    coefficients("polyval", c, "p");
    const shape = broadcastShapes("np.polyval", [c.shape.slice(1), t.shape]);
    const xs = broadcastTensor(t, shape);
    let y = broadcastTensor(scalar(0, t.dtype), shape);
    const n = c.shape[0]!;
    for (let i = 0; i < n; i++) {
      const term = broadcastTensor(ops.reshape(rows(c, i, i + 1), c.shape.slice(1)), shape);
      // From y = 0 through every coefficient, as JAX's scan: at x = ±∞ the first step is 0·∞ = NaN, as there.
      y = ops.add(ops.mul(y, xs), term);
    }
    return y;
  });
}

/**
 * The sum of two polynomials (the shorter aligned to the end, i.e. by power).
 * @example `np.polyadd([1, 2], [1, 0, 0]).toArray()` // [1, 1, 2]
 */
export function polyadd(a1: TensorLike, a2: TensorLike): Tensor {
  return inContext("np.polyadd", () => {
    const [a, b] = promoteOperands("polyadd", [a1, a2]) as [Tensor, Tensor];
    coefficients("polyadd", a, "a1");
    coefficients("polyadd", b, "a2");
    const n = Math.max(a.shape[0]!, b.shape[0]!);
    const front = (t: Tensor): Tensor => (t.shape[0] === n ? t : ops.pad(t, 0, t.shape.map((_, d) => [d === 0 ? n - t.shape[0]! : 0, 0, 0] as const)));
    return add(front(a), front(b));
  });
}

/**
 * The difference of two polynomials (`polyadd(a1, −a2)`).
 * @example `np.polysub([1, 2], [1, 0, 0]).toArray()` // [-1, 1, 2]
 */
export function polysub(a1: TensorLike, a2: TensorLike): Tensor {
  return inContext("np.polysub", () => {
    const [a, b] = promoteOperands("polysub", [a1, a2]) as [Tensor, Tensor];
    return polyadd(a, neg(b));
  });
}

/** The index of the first non-zero element of a concrete 1-D array (its length if none). */
function leadingZeros(t: Tensor, op: string): number {
  let data: ArrayLike<number>;
  try {
    data = t.data() as ArrayLike<number>;
  } catch (e) {
    throw new ConcretizationError(`np.${op}: trimLeadingZeros needs concrete coefficients (their number decides the result's shape); leave it out under a transform. (${(e as Error).message})`);
  }
  let i = 0;
  while (i < data.length && data[i] === 0) i++;
  return i;
}

/**
 * The product of two polynomials (the full convolution of their coefficients). Ints promote to
 * float32, as in JAX; an empty operand counts as [0]. `trimLeadingZeros` drops leading zero
 * coefficients first (it reads the values, so not under a transform).
 * @example `np.polymul([1, 1], [1, -1]).toArray()` // [1, 0, -1]
 */
export function polymul(a1: TensorLike, a2: TensorLike, ...rest: [trimLeadingZeros?: boolean] | [options: { trimLeadingZeros?: boolean }]): Tensor {
  return inContext("np.polymul", () => {
    const { trimLeadingZeros = false } = optionalArgs("np.polymul", ["trimLeadingZeros"], rest);
    let [a, b] = inexact("polymul", [a1, a2]) as [Tensor, Tensor];
    for (const [t, arg] of [[a, "a1"], [b, "a2"]] as const) {
      if (t.ndim !== 1) throw new ShapeError(`np.polymul: ${arg} must be 1-D; got shape ${fmtShape(t.shape)}.`);
    }
    if (typeof trimLeadingZeros !== "boolean") throw new ArgumentError(`np.polymul: trimLeadingZeros must be true or false; got ${describeValue(trimLeadingZeros)}.`);
    if (trimLeadingZeros && (a.size > 1 || b.size > 1)) {
      a = rows(a, leadingZeros(a, "polymul"), a.size);
      b = rows(b, leadingZeros(b, "polymul"), b.size);
    }
    if (a.size === 0) a = fromData([1], b.dtype, new (b.dtype === "float64" ? Float64Array : Float32Array)(1));
    if (b.size === 0) b = fromData([1], a.dtype, new (a.dtype === "float64" ? Float64Array : Float32Array)(1));
    return convolve(a, b);
  });
}

function orderArg(op: string, m: unknown): number {
  if (typeof m !== "number" || !Number.isInteger(m) || m < 0) {
    throw new ArgumentError(`np.${op}: the order m must be a non-negative integer; got ${describeValue(m)}.`);
  }
  return m;
}

/**
 * The m-th derivative (default 1) of a polynomial: `len(p) − m` coefficients (none when m ≥ len(p)).
 * @example `np.polyder([1, 1, 1, 1]).toArray()` // [3, 2, 1]
 */
export function polyder(p: TensorLike, ...rest: [m?: number] | [options: { m?: number }]): Tensor {
  return inContext("np.polyder", () => {
    const { m = 1 } = optionalArgs("np.polyder", ["m"], rest);
    const [c] = inexact("polyder", [p]) as [Tensor];
    if (c.ndim !== 1) throw new ShapeError(`np.polyder: p must be 1-D; got shape ${fmtShape(c.shape)}.`);
    const order = orderArg("polyder", m);
    if (order === 0) return c;
    const n = c.shape[0]!;
    const keep = Math.max(0, n - order);
    // Coefficient i (of power n − 1 − i) gains the falling factorial (n−1−i)(n−2−i)…(n−order−i).
    const factors = Array.from({ length: keep }, (_, i) => {
      let f = 1;
      for (let j = 0; j < order; j++) f *= n - 1 - i - j;
      return f;
    });
    return ops.mul(rows(c, 0, keep), castTo(fromData([keep], "float64", Float64Array.from(factors)), c.dtype));
  });
}

/** A float64 constant tensor converted to `dtype`. */
function castTo(t: Tensor, dtype: Tensor["dtype"]): Tensor {
  return t.dtype === dtype ? t : ops.convert(t, dtype);
}

/**
 * The m-th antiderivative (default 1) of a polynomial, with integration constants `k` (a number,
 * or m numbers, the first for the first integration; default 0).
 * @example `np.polyint([3, 2, 1]).toArray()` // [1, 1, 1, 0]
 */
export function polyint(p: TensorLike, ...rest: [m?: number, k?: TensorLike, options?: { m?: number; k?: TensorLike }] | [options: { m?: number; k?: TensorLike }]): Tensor {
  return inContext("np.polyint", () => {
    const o = optionalArgs("np.polyint", ["m", "k"], rest);
    const [c, k0] = inexact("polyint", [p, (o.k ?? 0) as TensorLike]) as [Tensor, Tensor];
    coefficients("polyint", c, "p");
    if (c.ndim !== 1) throw new ShapeError(`np.polyint: p must be 1-D; got shape ${fmtShape(c.shape)}.`);
    const order = orderArg("polyint", o.m ?? 1);
    let k = k0.ndim === 0 ? ops.reshape(k0, [1]) : k0;
    if (k.ndim === 1 && k.shape[0] === 1) k = broadcastTensor(k, [order]);
    if (k.ndim !== 1 || k.shape[0] !== order) {
      throw new ShapeError(`np.polyint: k must be a number or a 1-D array of length 1 or m = ${order}; got shape ${fmtShape(k0.shape)}.`);
    }
    if (order === 0) return c;
    const n = c.shape[0]! + order;
    // Entry i (of power n − 1 − i) is divided by the rising product max(1, n−1−i−j) over j < m.
    const divisors = Array.from({ length: n }, (_, i) => {
      let f = 1;
      for (let j = 0; j < order; j++) f *= Math.max(1, n - 1 - i - j);
      return f;
    });
    const all = ops.concatenate([c, k], 0);
    return ops.div(all, castTo(fromData([n], "float64", Float64Array.from(divisors)), c.dtype));
  });
}

type Mode = "full" | "same" | "valid";

/**
 * Cross-correlation of x (the longer) with kernel y: out[i] = Σⱼ xpad[i + j] · y[j], where xpad
 * is x padded by `lo` zeros in front and `hi` behind. The windows xpad[i + j] come from one
 * gather with an index matrix, and the sum over j is one dot_general.
 */
function slidingDot(x: Tensor, y: Tensor, lo: number, hi: number): Tensor {
  const xpad = lo === 0 && hi === 0 ? x : ops.pad(x, 0, [[lo, hi, 0]]);
  const m = y.shape[0]!;
  const nout = xpad.shape[0]! - m + 1;
  const idx = new Int32Array(nout * m);
  for (let i = 0; i < nout; i++) for (let j = 0; j < m; j++) idx[i * m + j] = i + j;
  const windows = ops.gather(xpad, fromData([nout, m], "int32", idx), 0);
  return ops.dotGeneral(windows, y, { lhsContract: [1], rhsContract: [0], lhsBatch: [], rhsBatch: [] });
}

function conv(op: "convolve" | "correlate", a: TensorLike, v: TensorLike, rest: readonly unknown[]): Tensor {
  const { mode = "full" } = optionalArgs(`np.${op}`, ["mode"], rest);
  let [x, y] = inexact(op, [a, v]) as [Tensor, Tensor];
  if (x.ndim !== 1 || y.ndim !== 1) {
    throw new ShapeError(`np.${op}: both inputs must be 1-D; got shapes ${fmtShape(x.shape)} and ${fmtShape(y.shape)}.`);
  }
  if (x.size === 0 || y.size === 0) {
    throw new ShapeError(`np.${op}: the inputs must not be empty; got shapes ${fmtShape(x.shape)} and ${fmtShape(y.shape)}.`);
  }
  if (mode !== "full" && mode !== "same" && mode !== "valid") {
    throw new ArgumentError(`np.${op}: mode must be "full", "same" or "valid"; got ${describeValue(mode)}.`);
  }
  let reverse = false;
  if (x.size < y.size) {
    [x, y] = [y, x];
    // correlate(a, v) with a shorter than v is correlate(v, a) reversed; convolution commutes.
    reverse = op === "correlate";
  }
  if (op === "convolve") y = ops.rev(y, [0]);
  const m = y.shape[0]!;
  const [lo, hi] = (mode as Mode) === "valid" ? [0, 0] : (mode as Mode) === "same" ? [m >> 1, m - (m >> 1) - 1] : [m - 1, m - 1];
  const out = slidingDot(x, y, lo, hi);
  return reverse ? ops.rev(out, [0]) : out;
}

/**
 * Discrete linear convolution of 1-D `a` and `v`: `out[k] = Σ a[i] · v[k − i]`. `mode` "full"
 * (default; length N + M − 1), "same" (length max(N, M), centred) or "valid" (length
 * max(N, M) − min(N, M) + 1). Ints promote to float32, as in JAX; empty inputs are an error.
 * @example `np.convolve([1, 2, 3], [0, 1, 0.5]).toArray()` // [0, 1, 2.5, 4, 1.5]
 */
export function convolve(a: TensorLike, v: TensorLike, ...rest: [mode?: Mode] | [options: { mode?: Mode }]): Tensor {
  return inContext("np.convolve", () => {
    return conv("convolve", a, v, rest);
  });
}

/**
 * Cross-correlation of 1-D `a` and `v`: `out[k] = Σₙ a[n + k] · v[n]` (conj(v) for complex
 * dtypes), with `mode` as in `convolve` (default "valid", as numpy and JAX).
 * @example `np.correlate([1, 2, 3], [0, 1, 0.5], "full").toArray()` // [0.5, 2, 3.5, 3, 0]
 */
export function correlate(a: TensorLike, v: TensorLike, ...rest: [mode?: Mode] | [options: { mode?: Mode }]): Tensor {
  return inContext("np.correlate", () => {
    const { mode = "valid" } = optionalArgs("np.correlate", ["mode"], rest);
    return conv("correlate", a, v, [mode]);
  });
}
