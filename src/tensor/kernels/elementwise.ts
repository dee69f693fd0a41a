/**
 * The elementwise reference kernels: re-exports `unary` and `binary` (table rows applied by plain
 * loops; the CPU backend generates faster loops from the same rows), and holds the remaining
 * per-element kernels — `select`, `integerPow`, `convert`, `fill`, which
 * are few enough to hand-write. Every kernel returns a fresh array and never mutates its inputs.
 */
import { type ComplexDType, allocate, type DType, type DataArray, isComplex, realPartDType } from "../dtype.js";
import { sizeOf, stridesOf } from "../shape.js";
import { powBySquaring, powInt } from "./scalar-math.js";
import { broadcastStrides, collapseDims, copyStrided } from "./strided.js";
import { INT32_MAX, INT32_MIN, dtypeOfArray, storeValue } from "./util.js";

export { unary, type UnaryKernel } from "./unary.js";
export { binary, type BinaryKernel } from "./binary.js";

/**
 * `pred ? onTrue : onFalse` elementwise, all three broadcast (numpy rules) to `outShape`.
 * A nonzero `pred` byte selects `onTrue`.
 */
export function select(
  pred: Uint8Array, predShape: readonly number[],
  onTrue: DataArray, tShape: readonly number[],
  onFalse: DataArray, fShape: readonly number[],
  outShape: readonly number[], outDtype: DType,
): DataArray {
  if (isComplex(outDtype)) {
    // The (re, im) pair as a trailing axis; the predicate broadcasts over it.
    return select(pred, [...predShape, 1], onTrue, [...tShape, 2], onFalse, [...fShape, 2], [...outShape, 2], realPartDType(outDtype));
  }
  const n = sizeOf(outShape);
  const out = allocate(outDtype, n);
  if (n === 0) return out;
  if (pred.length === n && onTrue.length === n && onFalse.length === n) {
    for (let i = 0; i < n; i++) out[i] = pred[i] !== 0 ? onTrue[i]! : onFalse[i]!;
    return out;
  }
  if (pred.length === 1) {
    // One predicate for everything: the result is the chosen operand, broadcast.
    const [src, shape] = pred[0] !== 0 ? [onTrue, tShape] : [onFalse, fShape];
    copyStrided(src, 0, broadcastStrides(shape, outShape), out, 0, stridesOf(outShape), outShape);
    return out;
  }
  const c = collapseDims(outShape, [
    broadcastStrides(predShape, outShape),
    broadcastStrides(tShape, outShape),
    broadcastStrides(fShape, outShape),
  ]);
  const shape = c.shape;
  const [sp, st, sf] = c.strides as [number[], number[], number[]];
  const nd = shape.length;
  const inner = shape[nd - 1]!, ip = sp[nd - 1]!, it = st[nd - 1]!, iff = sf[nd - 1]!;
  const idx = new Int32Array(nd);
  let pp = 0, pt = 0, pf = 0, o = 0;
  while (o < n) {
    let qp = pp, qt = pt, qf = pf;
    for (let j = 0; j < inner; j++) {
      out[o + j] = pred[qp] !== 0 ? onTrue[qt]! : onFalse[qf]!;
      qp += ip; qt += it; qf += iff;
    }
    o += inner;
    for (let d = nd - 2; d >= 0; d--) {
      pp += sp[d]!; pt += st[d]!; pf += sf[d]!;
      if (++idx[d]! < shape[d]!) break;
      pp -= sp[d]! * shape[d]!; pt -= st[d]! * shape[d]!; pf -= sf[d]! * shape[d]!;
      idx[d] = 0;
    }
  }
  return out;
}

/**
 * `x ** n` for an integer `n`, by repeated squaring (XLA's integer_pow). For floats a negative
 * `n` gives `1 / x**|n|`; `n = 0` gives 1 everywhere, also at 0 and NaN (as numpy). For int32 the
 * power wraps, and a negative `n` gives 0 unless x is ±1.
 */
export function integerPow(x: DataArray, n: number, outDtype: DType): DataArray {
  const len = x.length;
  const out = allocate(outDtype, len);
  if (n === 0) return out.fill(1);
  if (outDtype === "int32" || outDtype === "uint32") {
    // powInt's low 32 bits are right for uint32 too; the Uint32Array store reads them unsigned.
    for (let i = 0; i < len; i++) out[i] = powInt(x[i]!, n);
  } else if (outDtype === "bool") {
    for (let i = 0; i < len; i++) out[i] = powBySquaring(x[i]!, n) !== 0 ? 1 : 0;
  } else if (n === 1) {
    out.set(x);
  } else if (n === 2) {
    for (let i = 0; i < len; i++) {
      const v = x[i]!;
      out[i] = v * v;
    }
  } else {
    for (let i = 0; i < len; i++) out[i] = powBySquaring(x[i]!, n);
  }
  return out;
}

/**
 * Converts `x` (of dtype `from`, read from its typed array unless given — a complex array must
 * say so) to dtype `to` (a fresh array even when the dtype is unchanged), as JAX's
 * convert_element_type does: real → complex puts the value in the real part (imaginary 0);
 * complex → real takes the real part, then converts it as a float would (JAX's rule, which
 * numpy warns about); float → int32 or uint32 truncates toward zero, NaN → 0, ±∞ and
 * out-of-range values saturate to the dtype's bounds (so every negative float gives uint32 0);
 * int32 ↔ uint32 keeps the 32 bits (−1 ↔ 4294967295, as a C cast); anything → bool is `x != 0`
 * (NaN → true, as numpy); bool → number is 0/1; float64 → float32 rounds to nearest; uint32 →
 * float32 rounds to nearest (4294967295 → 4294967296).
 */
export function convert(x: DataArray, to: DType, from: DType = dtypeOfArray(x)): DataArray {
  if (from === to) return x.slice();
  if (isComplex(from) && isComplex(to)) return to === "complex64" ? new Float32Array(x) : new Float64Array(x);
  if (isComplex(from)) {
    const n = x.length / 2;
    const re = from === "complex64" ? new Float32Array(n) : new Float64Array(n);
    for (let i = 0; i < n; i++) re[i] = x[2 * i]!;
    return convert(re, to);
  }
  const n = x.length;
  switch (to) {
    case "complex64":
    case "complex128":
      return interleaveReal(x, to);
    case "float32":
      return new Float32Array(x); // typed-array copy converts (and rounds) each element
    case "float64":
      return new Float64Array(x);
    case "bool": {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) out[i] = x[i] !== 0 ? 1 : 0;
      return out;
    }
    case "int32": {
      // From bool or uint32 the typed-array copy keeps the low 32 bits (uint32 2^31 → -2^31).
      if (from === "bool" || from === "uint32") return new Int32Array(x);
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const v = x[i]!;
        // NaN fails both tests and `NaN | 0` is 0.
        out[i] = v >= INT32_MAX ? INT32_MAX : v <= INT32_MIN ? INT32_MIN : v | 0;
      }
      return out;
    }
    case "uint32": {
      // From an integer dtype the typed-array copy keeps the low 32 bits (int32 -1 → 2^32 - 1).
      if (from !== "float32" && from !== "float64") return new Uint32Array(x);
      const out = new Uint32Array(n);
      for (let i = 0; i < n; i++) out[i] = storeValue(x[i]!, "uint32");
      return out;
    }
  }
}

/** The complex array whose real parts are `x` (converted to the part's precision) and imaginary parts 0. */
function interleaveReal(x: DataArray, to: ComplexDType): DataArray {
  const n = x.length;
  const out = allocate(to, n);
  for (let i = 0; i < n; i++) out[2 * i] = x[i]!;
  return out;
}

/**
 * A fresh `dtype` array of `size` elements all equal to `value`, converted as `convert` would
 * (for a complex dtype: real part `value`, imaginary part `imag`, default 0).
 */
export function fill(dtype: DType, size: number, value: number, imag = 0): DataArray {
  const out = allocate(dtype, size);
  const v = storeValue(value, dtype);
  if (isComplex(dtype)) {
    const w = storeValue(imag, dtype);
    for (let i = 0; i < out.length; i += 2) (out[i] = v), (out[i + 1] = w);
    return out;
  }
  // `Object.is` so that -0 is written (a fresh array holds +0).
  return Object.is(v, 0) ? out : out.fill(v);
}
