/**
 * Scalar math that `Math` lacks or gets subtly different from numpy/XLA: erf, round-half-to-even,
 * a stable logistic, C-style float pow and exact int32 pow. Elementwise kernels call these per
 * element, so each is a small monomorphic function V8 can inline.
 */

// W. J. Cody, "Rational Chebyshev approximations for the error function", Math. Comp. 23 (1969),
// coefficients as in his CALERF (netlib specfun). Three intervals, each a rational function;
// relative error below 1e-16 in double precision.
const A0 = 3.1611237438705656, A1 = 113.864154151050156, A2 = 377.485237685302021;
const A3 = 3209.37758913846947, A4 = 0.185777706184603153;
const B0 = 23.6012909523441209, B1 = 244.024637934444173, B2 = 1282.61652607737228;
const B3 = 2844.23683343917062;
const C0 = 0.564188496988670089, C1 = 8.88314979438837594, C2 = 66.1191906371416295;
const C3 = 298.635138197400131, C4 = 881.95222124176909, C5 = 1712.04761263407058;
const C6 = 2051.07837782607147, C7 = 1230.33935479799725, C8 = 2.15311535474403846e-8;
const D0 = 15.7449261107098347, D1 = 117.693950891312499, D2 = 537.181101862009858;
const D3 = 1621.38957456669019, D4 = 3290.79923573345963, D5 = 4362.61909014324716;
const D6 = 3439.36767414372164, D7 = 1230.33935480374942;
const P0 = 0.305326634961232344, P1 = 0.360344899949804439, P2 = 0.125781726111229246;
const P3 = 0.0160837851487422766, P4 = 6.58749161529837803e-4, P5 = 0.0163153871373020978;
const Q0 = 2.56852019228982242, Q1 = 1.87295284992346047, Q2 = 0.527905102951428412;
const Q3 = 0.0605183413124413191, Q4 = 0.00233520497626869185;
const SQRPI = 0.56418958354775628695; // 1/sqrt(pi)

/**
 * The same coefficients as arrays, lowest index first, for code that evaluates Cody's recurrences
 * itself (the ONNX lowering of erf and erfc); the scalar kernels below keep named constants so V8
 * sees literals.
 */
export const CODY_ERF = {
  A: [A0, A1, A2, A3, A4],
  B: [B0, B1, B2, B3],
  C: [C0, C1, C2, C3, C4, C5, C6, C7, C8],
  D: [D0, D1, D2, D3, D4, D5, D6, D7],
  P: [P0, P1, P2, P3, P4, P5],
  Q: [Q0, Q1, Q2, Q3, Q4],
  SQRPI,
} as const;

/**
 * erfc y for y > 0.46875 as e^(−y²)·f(y). y² is split as ysq² + del (Cody) so squaring y adds no
 * rounding error; where e^(−ysq²) is subnormal (y ≳ 26.6) f is folded into the exponent, so the
 * result is rounded once instead of after an underflowed factor.
 */
export function erfcPositive(y: number): number {
  let f: number;
  if (y <= 4) {
    let num = C8 * y;
    let den = y;
    num = (num + C0) * y; den = (den + D0) * y;
    num = (num + C1) * y; den = (den + D1) * y;
    num = (num + C2) * y; den = (den + D2) * y;
    num = (num + C3) * y; den = (den + D3) * y;
    num = (num + C4) * y; den = (den + D4) * y;
    num = (num + C5) * y; den = (den + D5) * y;
    num = (num + C6) * y; den = (den + D6) * y;
    f = (num + C7) / (den + D7);
  } else if (y < 27.3) {
    const z = 1 / (y * y);
    let num = P5 * z;
    let den = z;
    num = (num + P0) * z; den = (den + Q0) * z;
    num = (num + P1) * z; den = (den + Q1) * z;
    num = (num + P2) * z; den = (den + Q2) * z;
    num = (num + P3) * z; den = (den + Q3) * z;
    const r = (z * (num + P4)) / (den + Q4);
    f = (SQRPI - r) / y;
  } else {
    return 0; // erfc(27.3) < 2^−1074: underflows (also y = +∞)
  }
  const ysq = Math.trunc(y * 16) / 16;
  const del = (y - ysq) * (y + ysq);
  const e = Math.exp(-ysq * ysq);
  if (e < 2.2250738585072014e-308) return Math.exp(Math.log(f) - ysq * ysq) * Math.exp(-del);
  return e * Math.exp(-del) * f;
}

/**
 * The error function, accurate to about 1e-16 relative (Cody's rational approximations).
 * erf(±∞) = ±1, erf(NaN) = NaN, erf(-0) = -0.
 */
export function erf(x: number): number {
  const y = Math.abs(x);
  if (y <= 0.46875) {
    // erf directly: x·P(x²)/Q(x²). Below 1.11e-16 x² is dropped so tiny x do not underflow.
    const ysq = y > 1.11e-16 ? y * y : 0;
    let num = A4 * ysq;
    let den = ysq;
    num = (num + A0) * ysq; den = (den + B0) * ysq;
    num = (num + A1) * ysq; den = (den + B1) * ysq;
    num = (num + A2) * ysq; den = (den + B2) * ysq;
    return (x * (num + A3)) / (den + B3);
  }
  if (!(y === y)) return x; // NaN
  const erfc = erfcPositive(y);
  const r = 0.5 - erfc + 0.5;
  return x < 0 ? -r : r;
}

/**
 * Rounds to the nearest integer, ties to even (numpy's `round`): 2.5 → 2, -0.5 → -0, 1.5 → 2.
 */
export function roundHalfEven(x: number): number {
  if (Math.abs(x) < 2251799813685248) {
    // |x| < 2^51: x + 1.5·2^52 lies in [2^52, 2^53), where doubles are spaced by 1, so the addition
    // itself rounds to an integer, ties to even; subtracting back is exact. (5× faster than
    // Math.round, which V8 does not compile to one instruction.) Literals, not consts: this is
    // inlined into hot loops, where a module const would be reloaded per element.
    const r = x + 6755399441055744 - 6755399441055744;
    return r === 0 ? x * 0 : r; // keep the sign of zero: round(-0.4) = -0
  }
  // |x| ≥ 2^51 (spacing ≥ 0.5), ±∞ or NaN. Math.round rounds ties up; undo that on odd results.
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * 1 / (1 + e^-x) without overflow: for x < 0 it uses e^x / (1 + e^x), so e.g. logistic(-1000) is
 * exactly 0 and never ∞/∞ = NaN.
 */
export function logistic(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/**
 * Float power with C/numpy edge values where JS differs: pow(1, y) = 1 and pow(-1, ±∞) = 1
 * (JS gives NaN for both). Only consulted when `Math.pow` returns NaN, so the fast path is one call.
 */
export function powFloat(x: number, y: number): number {
  const r = Math.pow(x, y);
  if (r === r) return r;
  if (x === 1 || (x === -1 && (y === Infinity || y === -Infinity))) return 1;
  return r;
}

/**
 * Exact int32 power with wrap-around, by repeated squaring. A negative exponent gives 0 except
 * for base 1 (→ 1) and -1 (→ ±1), the only integers whose reciprocal powers are integers.
 */
export function powInt(x: number, y: number): number {
  if (y < 0) {
    if (x === 1) return 1;
    if (x === -1) return (y & 1) === 0 ? 1 : -1;
    return 0;
  }
  let r = 1;
  let b = x | 0;
  let e = y;
  // Arithmetic, not bit ops, on e: integerPow may pass any safe integer, not just an int32.
  while (e > 0) {
    if (e % 2 === 1) r = Math.imul(r, b);
    e = Math.floor(e / 2);
    b = Math.imul(b, b);
  }
  return r;
}

/**
 * x^n for a float x and integer n by repeated squaring (what XLA's integer_pow does); n < 0
 * gives 1 / x^|n|, and n = 0 gives 1 even for x = 0 or NaN.
 */
export function powBySquaring(x: number, n: number): number {
  let e = n < 0 ? -n : n;
  let r = 1;
  let b = x;
  while (e > 0) {
    if (e % 2 === 1) r *= b;
    e = Math.floor(e / 2);
    if (e > 0) b *= b;
  }
  return n < 0 ? 1 / r : r;
}

/**
 * The number of set bits of the 32-bit pattern of `x` (an int32 or uint32 value), by the
 * branch-free SWAR count: pairs, nibbles, then a multiply that sums the four byte counts.
 */
export function popcount32(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** 2^x (exact for integer x: `Math.pow` with base 2 is exact wherever the result is representable). */
export function exp2(x: number): number {
  return Math.pow(2, x);
}

// Views for stepping a float by one unit in the last place through its bit pattern. A float and
// an integer of the same width share byte order, so no endianness question arises.
const F64 = new Float64Array(1);
const I64 = new BigInt64Array(F64.buffer);
const F32 = new Float32Array(1);
const I32 = new Int32Array(F32.buffer);

/**
 * The float64 after x in the direction of y (C's `nextafter`): y itself when x = y (so
 * nextafter(0, −0) = −0), NaN if either is NaN, ±5e-324 from ±0, ±∞ past the largest finite.
 */
export function nextafter64(x: number, y: number): number {
  if (x !== x || y !== y) return x + y;
  if (x === y) return y;
  if (x === 0) return y > 0 ? 5e-324 : -5e-324;
  F64[0] = x;
  // Away from zero when y lies further out on x's side; the bit pattern's magnitude is monotone.
  I64[0]! += (y > x) === (x > 0) ? 1n : -1n;
  return F64[0]!;
}

/** The float32 after x (a float32 value) in the direction of y: `nextafter64` on the float32 grid. */
export function nextafter32(x: number, y: number): number {
  if (x !== x || y !== y) return x + y;
  if (x === y) return y;
  if (x === 0) return y > 0 ? 1.401298464324817e-45 : -1.401298464324817e-45;
  F32[0] = x;
  I32[0]! += (y > x) === (x > 0) ? 1 : -1;
  return F32[0]!;
}
