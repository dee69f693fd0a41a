/**
 * Elementwise complex arithmetic: the scalar functions of one complex number (computed in float64;
 * complex64 results round when stored, as float32 kernels do) and the loops applying them to
 * interleaved arrays (re, im, re, im, …). Formulas are the textbook ones, arranged to avoid
 * needless overflow and cancellation: Smith's division, the half-angle square root, expm1 and
 * log1p forms near 0, tanh's large-|re| limit.
 */
import { type ComplexDType, type DType, type DataArray, allocate } from "../dtype.js";

/** A complex function of one complex number: reads (re, im), writes the result into `out[0..1]`. */
export type ComplexFn = (re: number, im: number, out: Float64Array) => void;
/** A complex function of two complex numbers. */
export type ComplexFn2 = (ar: number, ai: number, br: number, bi: number, out: Float64Array) => void;

/** a / b by Smith's algorithm (no overflow of |b|² for large b). */
export const cdiv: ComplexFn2 = (ar, ai, br, bi, out) => {
  if (Math.abs(br) >= Math.abs(bi)) {
    if (br === 0 && bi === 0) {
      // Division by zero: each part as real division does (±∞ or NaN), as XLA.
      out[0] = ar / 0;
      out[1] = ai / 0;
      return;
    }
    const r = bi / br, d = br + bi * r;
    out[0] = (ar + ai * r) / d;
    out[1] = (ai - ar * r) / d;
  } else {
    const r = br / bi, d = bi + br * r;
    out[0] = (ar * r + ai) / d;
    out[1] = (ai * r - ar) / d;
  }
};

/** a + b. */
export const cadd: ComplexFn2 = (ar, ai, br, bi, out) => {
  out[0] = ar + br;
  out[1] = ai + bi;
};

/** a − b. */
export const csub: ComplexFn2 = (ar, ai, br, bi, out) => {
  out[0] = ar - br;
  out[1] = ai - bi;
};

/** a · b. */
export const cmul: ComplexFn2 = (ar, ai, br, bi, out) => {
  out[0] = ar * br - ai * bi;
  out[1] = ar * bi + ai * br;
};

/** eᶻ = eʳᵉ (cos im + i sin im); an imaginary part of 0 stays exactly 0. */
export const cexp: ComplexFn = (re, im, out) => {
  const e = Math.exp(re);
  if (im === 0) {
    out[0] = e;
    out[1] = im;
    return;
  }
  out[0] = e * Math.cos(im);
  out[1] = e * Math.sin(im);
};

/** The principal log: ln|z| + i arg z. */
export const clog: ComplexFn = (re, im, out) => {
  out[0] = Math.log(Math.hypot(re, im));
  out[1] = Math.atan2(im, re);
};

/** The principal square root (branch cut on the negative real axis; the sign of im picks the side). */
export const csqrt: ComplexFn = (re, im, out) => {
  if (re === 0 && im === 0) {
    out[0] = 0;
    out[1] = im;
    return;
  }
  const t = Math.sqrt((Math.abs(re) + Math.hypot(re, im)) / 2);
  if (re >= 0) {
    out[0] = t;
    out[1] = im / (2 * t);
  } else {
    out[0] = Math.abs(im) / (2 * t);
    out[1] = im < 0 || Object.is(im, -0) ? -t : t;
  }
};

/** sin z = sin re cosh im + i cos re sinh im. */
export const csin: ComplexFn = (re, im, out) => {
  out[0] = Math.sin(re) * Math.cosh(im);
  out[1] = Math.cos(re) * Math.sinh(im);
};

/** cos z = cos re cosh im − i sin re sinh im. */
export const ccos: ComplexFn = (re, im, out) => {
  out[0] = Math.cos(re) * Math.cosh(im);
  out[1] = -Math.sin(re) * Math.sinh(im);
};

/** tanh z = (sinh 2re + i sin 2im) / (cosh 2re + cos 2im), with its limit ±1 for large |re|. */
export const ctanh: ComplexFn = (re, im, out) => {
  if (Math.abs(re) > 20) {
    out[0] = Math.sign(re);
    out[1] = 4 * Math.sin(im) * Math.cos(im) * Math.exp(-2 * Math.abs(re));
    return;
  }
  const d = Math.cosh(2 * re) + Math.cos(2 * im);
  out[0] = Math.sinh(2 * re) / d;
  out[1] = Math.sin(2 * im) / d;
};

/** tan z = −i tanh(iz). */
export const ctan: ComplexFn = (re, im, out) => {
  ctanh(-im, re, out);
  const r = out[0]!;
  out[0] = out[1]!;
  out[1] = -r;
};

/** eᶻ − 1, accurate near 0: re = expm1(re)·cos im − 2 sin²(im/2), im = eʳᵉ sin im. */
export const cexpm1: ComplexFn = (re, im, out) => {
  const s = Math.sin(im / 2);
  out[0] = Math.expm1(re) * Math.cos(im) - 2 * s * s;
  out[1] = Math.exp(re) * Math.sin(im);
};

/** ln(1 + z), accurate near 0 (ln|1 + z| as ½ log1p(2re + re² + im²) there). */
export const clog1p: ComplexFn = (re, im, out) => {
  out[0] = Math.abs(re) < 0.5 && Math.abs(im) < 0.5 ? 0.5 * Math.log1p(re * (2 + re) + im * im) : Math.log(Math.hypot(1 + re, im));
  out[1] = Math.atan2(im, 1 + re);
};

/** 1 / z. */
export const crecip: ComplexFn = (re, im, out) => cdiv(1, 0, re, im, out);

/** 1 / √z. */
export const crsqrt: ComplexFn = (re, im, out) => {
  csqrt(re, im, out);
  cdiv(1, 0, out[0]!, out[1]!, out);
};

/** The logistic 1 / (1 + e⁻ᶻ). */
export const clogistic: ComplexFn = (re, im, out) => {
  cexp(-re, -im, out);
  cdiv(1, 0, 1 + out[0]!, out[1]!, out);
};

/** −z. */
export const cneg: ComplexFn = (re, im, out) => {
  out[0] = -re;
  out[1] = -im;
};

/** z / |z| (0 at 0), numpy 2's complex sign. */
export const csign: ComplexFn = (re, im, out) => {
  const r = Math.hypot(re, im);
  if (r === 0) {
    out[0] = 0;
    out[1] = 0;
    return;
  }
  if (r === Infinity) {
    // Direction of an infinite value from its infinite parts alone.
    const a = Math.abs(re) === Infinity ? Math.sign(re) : 0, b = Math.abs(im) === Infinity ? Math.sign(im) : 0;
    const s = Math.hypot(a, b);
    out[0] = a / s;
    out[1] = b / s;
    return;
  }
  out[0] = re / r;
  out[1] = im / r;
};

/**
 * xʸ = exp(y · ln x), with 0ʸ = 1 for y = 0 and 0 for a real y > 0 (XLA's special cases of zero
 * bases); other zero bases follow the formula (∞ or NaN).
 */
export const cpow: ComplexFn2 = (ar, ai, br, bi, out) => {
  if (ar === 0 && ai === 0) {
    if (br === 0 && bi === 0) {
      out[0] = 1;
      out[1] = 0;
      return;
    }
    if (bi === 0 && br > 0) {
      out[0] = 0;
      out[1] = 0;
      return;
    }
  }
  clog(ar, ai, out);
  const lr = out[0]!, li = out[1]!;
  cmul(br, bi, lr, li, out);
  cexp(out[0]!, out[1]!, out);
};

/** zⁿ for an integer n by repeated squaring (a negative n: the reciprocal of z^|n|); z⁰ = 1. */
export function cpowInt(re: number, im: number, n: number, out: Float64Array): void {
  let rr = 1, ri = 0, br = re, bi = im;
  for (let k = Math.abs(n); k > 0; k = Math.floor(k / 2)) {
    if (k % 2 === 1) {
      const t = rr * br - ri * bi;
      ri = rr * bi + ri * br;
      rr = t;
    }
    if (k > 1) {
      const t = br * br - bi * bi;
      bi = 2 * br * bi;
      br = t;
    }
  }
  if (n < 0) cdiv(1, 0, rr, ri, out);
  else {
    out[0] = rr;
    out[1] = ri;
  }
}

/** Applies `fn` to each element of the complex array `x`; a fresh `dtype` (complex) array. */
export function complexUnary(fn: ComplexFn, x: DataArray, dtype: ComplexDType): DataArray {
  const n = x.length / 2;
  const out = allocate(dtype, n);
  const r = new Float64Array(2);
  for (let i = 0; i < n; i++) {
    fn(x[2 * i]!, x[2 * i + 1]!, r);
    out[2 * i] = r[0]!;
    out[2 * i + 1] = r[1]!;
  }
  return out;
}

/** zⁿ of each element (integer_pow on complex). */
export function complexIntegerPow(x: DataArray, n: number, dtype: ComplexDType): DataArray {
  const len = x.length / 2;
  const out = allocate(dtype, len);
  const r = new Float64Array(2);
  for (let i = 0; i < len; i++) {
    cpowInt(x[2 * i]!, x[2 * i + 1]!, n, r);
    out[2 * i] = r[0]!;
    out[2 * i + 1] = r[1]!;
  }
  return out;
}

/** |z| of each element, as the part dtype (`dtype` float32 or float64). */
export function complexAbs(x: DataArray, dtype: DType): DataArray {
  const n = x.length / 2;
  const out = allocate(dtype, n);
  for (let i = 0; i < n; i++) out[i] = Math.hypot(x[2 * i]!, x[2 * i + 1]!);
  return out;
}

/**
 * `fn(a, b)` elementwise over `n` outputs; an operand of one element (two slots) is broadcast
 * (elementwise primitives take equal shapes or a scalar).
 */
export function complexBinary(fn: ComplexFn2, a: DataArray, b: DataArray, n: number, dtype: ComplexDType): DataArray {
  const out = allocate(dtype, n);
  const sa = a.length === 2 ? 0 : 2, sb = b.length === 2 ? 0 : 2;
  const r = new Float64Array(2);
  for (let i = 0, pa = 0, pb = 0; i < n; i++, pa += sa, pb += sb) {
    fn(a[pa]!, a[pa + 1]!, b[pb]!, b[pb + 1]!, r);
    out[2 * i] = r[0]!;
    out[2 * i + 1] = r[1]!;
  }
  return out;
}

/** a = b (`equal` true) or a ≠ b elementwise, as a bool array (NaN parts compare unequal). */
export function complexCompare(equal: boolean, a: DataArray, b: DataArray, n: number): Uint8Array {
  const out = new Uint8Array(n);
  const sa = a.length === 2 ? 0 : 2, sb = b.length === 2 ? 0 : 2;
  for (let i = 0, pa = 0, pb = 0; i < n; i++, pa += sa, pb += sb) {
    const eq = a[pa] === b[pb] && a[pa + 1] === b[pb + 1];
    out[i] = eq === equal ? 1 : 0;
  }
  return out;
}
