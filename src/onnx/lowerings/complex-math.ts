/**
 * Complex elementwise math as ONNX nodes on the parts, formula for formula the reference kernels'
 * (src/tensor/kernels/complex-math.ts): Smith's division, the half-angle square root, tanh's
 * large-|re| limit, the expm1/log1p forms near 0, XLA's zero-base cases of pow, and the same
 * special cases (a zero imaginary part of exp, zero and infinite arguments of sign). The kernels
 * compute in float64 and round complex64 results when storing; so does this: complex64 parts are
 * widened to float64 first and narrowed at the end, so results agree to the last bits wherever
 * the formula's steps do.
 *
 * ONNX Runtime's CPU provider has no double Atan, Sinh or Cosh: hypot, atan2 and the hyperbolic
 * functions are spelled with ops it does have in double (atan2 from a float32 estimate refined by
 * one Newton step in double, which is exact to double rounding; sinh and cosh by float64-forms.ts).
 */
import { realPartDType } from "../../tensor/dtype.js";
import type { Emitter } from "../emitter.js";
import { FLOAT64_FORMS, expm1Of, log1pOf } from "./float64-forms.js";
import { lit } from "./kit.js";
import { MATH_LOWERINGS } from "./math.js";
import { synthetic } from "./complex-kit.js";

const D = "float64";
const F = "float32";

/** A complex number as its two float64 parts (value names). */
export interface Parts {
  readonly r: string;
  readonly i: string;
}

/** Double arithmetic on value names, with IEEE semantics (ONNX Runtime's float64 kernels). */
export class Double {
  constructor(readonly em: Emitter) {}
  c = (v: number): string => lit(this.em, v, D);
  add = (a: string, b: string): string => this.em.op("Add", [a, b]);
  sub = (a: string, b: string): string => this.em.op("Sub", [a, b]);
  mul = (a: string, b: string): string => this.em.op("Mul", [a, b]);
  div = (a: string, b: string): string => this.em.op("Div", [a, b]);
  neg = (a: string): string => this.em.op("Neg", [a]);
  abs = (a: string): string => this.em.op("Abs", [a]);
  exp = (a: string): string => this.em.op("Exp", [a]);
  log = (a: string): string => this.em.op("Log", [a]);
  sqrt = (a: string): string => this.em.op("Sqrt", [a]);
  sin = (a: string): string => this.em.op("Sin", [a]);
  cos = (a: string): string => this.em.op("Cos", [a]);
  sign = (a: string): string => this.em.op("Sign", [a]);
  lt = (a: string, b: string): string => this.em.op("Less", [a, b]);
  gt = (a: string, b: string): string => this.em.op("Greater", [a, b]);
  ge = (a: string, b: string): string => this.em.op("GreaterOrEqual", [a, b]);
  eq = (a: string, b: string): string => this.em.op("Equal", [a, b]);
  and = (a: string, b: string): string => this.em.op("And", [a, b]);
  or = (a: string, b: string): string => this.em.op("Or", [a, b]);
  not = (a: string): string => this.em.op("Not", [a]);
  isNaN = (a: string): string => this.em.op("IsNaN", [a]);
  isInf = (a: string): string => this.em.op("IsInf", [a]);
  /**
   * c ? a : b, a zero keeping the sign of the one selected. ONNX Runtime's Where does not always
   * keep a −0 it selects, and sometimes does: the sign of the selected zero is compared with
   * the sign Where gave, and flipped (a product with −1) only where they differ.
   */
  sel = (c: string, a: string, b: string): string => {
    const w = this.em.op("Where", [c, a, b]);
    // (ONNX Runtime has no bool Where.)
    const wanted = this.or(this.and(c, this.signBit(a)), this.and(this.not(c), this.signBit(b)));
    const wrong = this.and(this.eq(w, this.c(0)), this.em.op("Xor", [wanted, this.signBit(w)]));
    return this.mul(w, this.em.op("Where", [wrong, this.c(-1), this.c(1)]));
  };
  /** The sign bit of `a` (true for −0 and negative values, false for NaN): 1/a < 0 for zeros. */
  signBit = (a: string): string => this.or(this.lt(a, this.c(0)), this.lt(this.em.op("Reciprocal", [a]), this.c(0)));
  cosh = (a: string): string => this.hyperbolic("cosh", a);
  sinh = (a: string): string => this.hyperbolic("sinh", a);
  expm1 = (a: string): string => this.hyperbolic("expm1", a);
  log1p = (a: string): string => this.hyperbolic("log1p", a);

  private hyperbolic(name: "cosh" | "sinh" | "expm1" | "log1p", a: string): string {
    if (name === "expm1") return expm1Of(this.em, a, D);
    if (name === "log1p") return log1pOf(this.em, a, D);
    const out = this.em.fresh(name);
    const scalar = { shape: [], dtype: D } as const;
    if (name === "cosh") FLOAT64_FORMS.cosh(this.em, synthetic("cosh", {}, [scalar], [scalar]), [a], [out]);
    else FLOAT64_FORMS.sinh(this.em, synthetic("sinh", {}, [scalar], [scalar]), [a], [out]);
    return out;
  }

  /** √(a² + b²) without overflow or underflow on the way (Math.hypot: ∞ if either is infinite, even with a NaN). */
  hypot(a: string, b: string): string {
    const x = this.abs(a), y = this.abs(b);
    const big = this.gt(x, y);
    const m = this.em.op("Where", [big, x, y]);
    const n = this.em.op("Where", [big, y, x]);
    const q = this.div(n, m);
    const h = this.mul(m, this.sqrt(this.add(this.c(1), this.mul(q, q))));
    const zero = this.em.op("Where", [this.eq(m, this.c(0)), this.c(0), h]);
    const nan = this.em.op("Where", [this.or(this.isNaN(x), this.isNaN(y)), this.c(NaN), zero]);
    return this.em.op("Where", [this.or(this.isInf(x), this.isInf(y)), this.c(Infinity), nan]);
  }

  /**
   * Math.atan2(y, x) in double. ONNX Runtime has no double Atan: a float32 estimate (from the
   * operands scaled by their larger magnitude, so nothing overflows or underflows in float32),
   * then one Newton step θ + (y cos θ − x sin θ)/(x cos θ + y sin θ), whose error is the cube of
   * the estimate's (below 1e-20). The exceptional operands (a zero, an infinity, NaN) have
   * results that are multiples of π/4 (or NaN), which the estimate rounded to the nearest one gives exactly.
   */
  atan2(y: string, x: string): string {
    const em = this.em;
    const m = this.em.op("Max", [this.abs(x), this.abs(y)]);
    const exceptional = this.or(this.or(this.eq(x, this.c(0)), this.eq(y, this.c(0))), this.or(this.or(this.isInf(x), this.isInf(y)), this.or(this.isNaN(x), this.isNaN(y))));
    const safe = this.em.op("Where", [exceptional, this.c(1), m]);
    const xn = this.div(x, safe), yn = this.div(y, safe);
    // Exceptional operands keep only what decides the result: with an infinity, infinite parts
    // become ±1 and finite ones a zero of their sign; otherwise nonzero parts become ±1 (a tiny
    // part would underflow to 0 in float32 and change the quadrant's result).
    const anyInf = this.or(this.isInf(x), this.isInf(y));
    const essential = (v: string): string =>
      this.sel(anyInf, this.sel(this.isInf(v), this.sign(v), this.mul(v, this.c(0))), this.sel(this.or(this.eq(v, this.c(0)), this.isNaN(v)), v, this.sign(v)));
    const f32 = (v: string): string => em.op("Cast", [v], { to: { i: 1 } });
    const scalar32 = { shape: [], dtype: F } as const;
    const est32 = em.fresh("atan2");
    const ys = this.sel(exceptional, essential(y), yn), xs = this.sel(exceptional, essential(x), xn);
    MATH_LOWERINGS.atan2(em, synthetic("atan2", {}, [scalar32, scalar32], [scalar32]), [f32(ys), f32(xs)], [est32]);
    const est = em.op("Cast", [est32], { to: { i: 11 } });
    const c = this.cos(est), s = this.sin(est);
    const refined = this.add(est, this.div(this.sub(this.mul(yn, c), this.mul(xn, s)), this.add(this.mul(xn, c), this.mul(yn, s))));
    const quarter = Math.PI / 4;
    const snapped = this.mul(em.op("Round", [this.div(est, this.c(quarter))]), this.c(quarter));
    // A product of ±0 keeps the estimate's zero sign; ±π/4 multiples hold the exact double values.
    return this.sel(exceptional, snapped, refined);
  }
}

/** Both parts picked by `c` (zeros keep their signs). */
const selParts = (d: Double, c: string, a: Parts, b: Parts): Parts => ({ r: d.sel(c, a.r, b.r), i: d.sel(c, a.i, b.i) });

export const cadd = (d: Double, a: Parts, b: Parts): Parts => ({ r: d.add(a.r, b.r), i: d.add(a.i, b.i) });
export const csub = (d: Double, a: Parts, b: Parts): Parts => ({ r: d.sub(a.r, b.r), i: d.sub(a.i, b.i) });
export const cneg = (d: Double, a: Parts): Parts => ({ r: d.neg(a.r), i: d.neg(a.i) });
export const cmul = (d: Double, a: Parts, b: Parts): Parts => ({
  r: d.sub(d.mul(a.r, b.r), d.mul(a.i, b.i)),
  i: d.add(d.mul(a.r, b.i), d.mul(a.i, b.r)),
});

/** Smith's division; by a zero divisor each part divided by 0 (±∞ or NaN), as the kernel and XLA. */
export function cdiv(d: Double, a: Parts, b: Parts): Parts {
  const first = d.ge(d.abs(b.r), d.abs(b.i));
  const r1 = d.div(b.i, b.r), d1 = d.add(b.r, d.mul(b.i, r1));
  const one = { r: d.div(d.add(a.r, d.mul(a.i, r1)), d1), i: d.div(d.sub(a.i, d.mul(a.r, r1)), d1) };
  const r2 = d.div(b.r, b.i), d2 = d.add(b.i, d.mul(b.r, r2));
  const two = { r: d.div(d.add(d.mul(a.r, r2), a.i), d2), i: d.div(d.sub(d.mul(a.i, r2), a.r), d2) };
  const zero = d.and(d.eq(b.r, d.c(0)), d.eq(b.i, d.c(0)));
  const byZero = { r: d.div(a.r, d.c(0)), i: d.div(a.i, d.c(0)) };
  return selParts(d, zero, byZero, selParts(d, first, one, two));
}

/** eᶻ; an imaginary part of 0 gives e^re and keeps that zero. */
export function cexp(d: Double, z: Parts): Parts {
  const e = d.exp(z.r);
  const real = d.eq(z.i, d.c(0));
  return selParts(d, real, { r: e, i: z.i }, { r: d.mul(e, d.cos(z.i)), i: d.mul(e, d.sin(z.i)) });
}

/** The principal log. */
export const clog = (d: Double, z: Parts): Parts => ({ r: d.log(d.hypot(z.r, z.i)), i: d.atan2(z.i, z.r) });

/** The principal square root (the kernel's half-angle form; the sign bit of im picks the side of the cut). */
export function csqrt(d: Double, z: Parts): Parts {
  const t = d.sqrt(d.div(d.add(d.abs(z.r), d.hypot(z.r, z.i)), d.c(2)));
  const right = { r: t, i: d.div(z.i, d.mul(d.c(2), t)) };
  const left = { r: d.div(d.abs(z.i), d.mul(d.c(2), t)), i: d.sel(d.signBit(z.i), d.neg(t), t) };
  const origin = d.and(d.eq(z.r, d.c(0)), d.eq(z.i, d.c(0)));
  return selParts(d, origin, { r: d.c(0), i: z.i }, selParts(d, d.ge(z.r, d.c(0)), right, left));
}

export const csin = (d: Double, z: Parts): Parts => ({ r: d.mul(d.sin(z.r), d.cosh(z.i)), i: d.mul(d.cos(z.r), d.sinh(z.i)) });
export const ccos = (d: Double, z: Parts): Parts => ({ r: d.mul(d.cos(z.r), d.cosh(z.i)), i: d.mul(d.neg(d.sin(z.r)), d.sinh(z.i)) });

/** tanh z = (sinh 2re + i sin 2im)/(cosh 2re + cos 2im), and its limit ±1 for |re| > 20. */
export function ctanh(d: Double, z: Parts): Parts {
  const far = d.gt(d.abs(z.r), d.c(20));
  const limit = { r: d.sign(z.r), i: d.mul(d.mul(d.mul(d.c(4), d.sin(z.i)), d.cos(z.i)), d.exp(d.mul(d.c(-2), d.abs(z.r)))) };
  const r2 = d.mul(d.c(2), z.r), i2 = d.mul(d.c(2), z.i);
  const den = d.add(d.cosh(r2), d.cos(i2));
  return selParts(d, far, limit, { r: d.div(d.sinh(r2), den), i: d.div(d.sin(i2), den) });
}

/** tan z = −i tanh(iz). */
export function ctan(d: Double, z: Parts): Parts {
  const t = ctanh(d, { r: d.neg(z.i), i: z.r });
  return { r: t.i, i: d.neg(t.r) };
}

/** eᶻ − 1 accurate near 0. */
export function cexpm1(d: Double, z: Parts): Parts {
  const s = d.sin(d.div(z.i, d.c(2)));
  return { r: d.sub(d.mul(d.expm1(z.r), d.cos(z.i)), d.mul(d.mul(d.c(2), s), s)), i: d.mul(d.exp(z.r), d.sin(z.i)) };
}

/** ln(1 + z) accurate near 0. */
export function clog1p(d: Double, z: Parts): Parts {
  const near = d.and(d.lt(d.abs(z.r), d.c(0.5)), d.lt(d.abs(z.i), d.c(0.5)));
  const onePlus = d.add(d.c(1), z.r);
  const small = d.mul(d.c(0.5), d.log1p(d.add(d.mul(z.r, d.add(d.c(2), z.r)), d.mul(z.i, z.i))));
  return { r: d.sel(near, small, d.log(d.hypot(onePlus, z.i))), i: d.atan2(z.i, onePlus) };
}

const ONE = (d: Double): Parts => ({ r: d.c(1), i: d.c(0) });

export const crsqrt = (d: Double, z: Parts): Parts => cdiv(d, ONE(d), csqrt(d, z));

export function clogistic(d: Double, z: Parts): Parts {
  const e = cexp(d, cneg(d, z));
  return cdiv(d, ONE(d), { r: d.add(d.c(1), e.r), i: e.i });
}

/** z/|z| (0 at 0); an infinite z points where its infinite parts do. */
export function csign(d: Double, z: Parts): Parts {
  const h = d.hypot(z.r, z.i);
  const infPart = (v: string): string => d.em.op("Where", [d.isInf(v), d.sign(v), d.c(0)]);
  const a = infPart(z.r), b = infPart(z.i);
  const s = d.hypot(a, b);
  const inf = { r: d.div(a, s), i: d.div(b, s) };
  const zero = { r: d.c(0), i: d.c(0) };
  return selParts(d, d.eq(h, d.c(0)), zero, selParts(d, d.eq(h, d.c(Infinity)), inf, { r: d.div(z.r, h), i: d.div(z.i, h) }));
}

/** xʸ = exp(y ln x), with 0⁰ = 1 and 0ʸ = 0 for a real y > 0 (XLA's zero-base cases). */
export function cpow(d: Double, x: Parts, y: Parts): Parts {
  const general = cexp(d, cmul(d, y, clog(d, x)));
  const zeroBase = d.and(d.eq(x.r, d.c(0)), d.eq(x.i, d.c(0)));
  const zeroExp = d.and(d.eq(y.r, d.c(0)), d.eq(y.i, d.c(0)));
  const positive = d.and(d.eq(y.i, d.c(0)), d.gt(y.r, d.c(0)));
  const special = selParts(d, zeroExp, ONE(d), { r: d.c(0), i: d.c(0) });
  return selParts(d, d.and(zeroBase, d.or(zeroExp, positive)), special, general);
}

/** zⁿ by the kernel's repeated squaring, from 1 + 0i (so ∞·0 gives NaN where the kernel's does). */
export function cpowInt(d: Double, z: Parts, n: number): Parts {
  let acc: Parts = ONE(d);
  let b = z;
  for (let k = Math.abs(n); k > 0; k = Math.floor(k / 2)) {
    if (k % 2 === 1) acc = cmul(d, acc, b);
    if (k > 1) b = { r: d.sub(d.mul(b.r, b.r), d.mul(b.i, b.i)), i: d.mul(d.mul(d.c(2), b.r), b.i) };
  }
  return n < 0 ? cdiv(d, ONE(d), acc) : acc;
}

/** |z|. */
export const cabs = (d: Double, z: Parts): string => d.hypot(z.r, z.i);

/** The part dtype's ONNX type code for Cast. */
export const castCode = (dtype: "complex64" | "complex128"): number => (realPartDType(dtype) === "float32" ? 1 : 11);
