/**
 * Scalar special functions in float64: erfc, the inverse error function, log|Γ|, digamma,
 * polygamma and the Hurwitz zeta function. Each is accurate to a few ulps where the function is
 * well-conditioned, including the regions naive formulas lose: erfc's far tail, erfinv next to ±1,
 * lgamma next to its zeros at 1 and 2, digamma next to its positive root. Poles and special values
 * follow SciPy (and XLA, which agrees with it there).
 *
 * Everything is built from exact rationals (Bernoulli numbers), a few named constants (π, γ,
 * ln 2π) and series whose coefficients are computed once at load by the Hurwitz zeta function
 * here, so there are no opaque coefficient tables beyond Cody's erfc (scalar-math.ts, shared with erf).
 */
import { erf, erfcPositive } from "./scalar-math.js";
import { F32_GE_5, F32_LT_5 } from "./xla-erf-inv.js";

const PI = Math.PI;
/** Euler–Mascheroni γ. */
export const EULER = 0.5772156649015329;
/** ½ ln 2π. */
export const HALF_LN_2PI = 0.9189385332046728;
/** 2/√π. */
export const TWO_OVER_SQRTPI = 1.1283791670955126;

// ---- erfc ------------------------------------------------------------------------------------

/**
 * The complementary error function 1 − erf x, accurate to about 1e-16 relative, also in the far
 * tail (erfc 26 = 5.6e-296) and into the subnormals (erfc x = 0 from x ≈ 27.3). erfc(−∞) = 2,
 * erfc(+∞) = 0, erfc(NaN) = NaN.
 */
export function erfc(x: number): number {
  const y = Math.abs(x);
  if (y <= 0.46875) return 1 - erf(x); // erf ≤ 0.493 here: no cancellation to speak of
  if (!(y === y)) return x;
  const r = erfcPositive(y);
  return x < 0 ? 2 - r : r;
}

// ---- the inverse error function ---------------------------------------------------------------

/**
 * A start for erfinv (M. Giles, "Approximating the erfinv function", GPU Computing Gems, 2011:
 * the single-precision version, relative error ~1e-7 on float32's range); refined below.
 */
function erfInvStart(a: number): number {
  const w = -Math.log((1 - a) * (1 + a));
  const [coef, t] = w < 5 ? [F32_LT_5, w - 2.5] : [F32_GE_5, Math.sqrt(w) - 3];
  let p = coef[0]!;
  for (let k = 1; k < coef.length; k++) p = coef[k]! + p * t;
  return p * a;
}

/**
 * The inverse error function: erf(erfInv(y)) = y on [−1, 1]; ±∞ at ±1, NaN outside, −0 at −0.
 * Full float64 accuracy also next to ±1: there 1 − |y| is exact, and the root is refined on
 * log erfc(x) = log(1 − |y|), whose Newton steps converge quadratically in the tail where steps on
 * erf itself would crawl.
 */
export function erfInv(y: number): number {
  const a = Math.abs(y);
  if (!(a < 1)) return a === 1 ? y * Infinity : NaN;
  // Tiny y: x = (√π/2)·y·(1 + πy²/12 + …); the dropped terms are below 1e-17 relative.
  if (a < 1e-8) return y * 0.886226925452758 * (1 + 0.2617993877991494 * y * y);
  let x = erfInvStart(a);
  if (a <= 0.5) {
    // Halley on erf(x) − a, from a start good to ~1e-7: two steps reach full precision.
    for (let i = 0; i < 3; i++) {
      const u = (erf(x) - a) / (TWO_OVER_SQRTPI * Math.exp(-x * x));
      const step = u / (1 + x * u);
      x -= step;
      if (Math.abs(step) <= 1e-17 * x) break;
    }
  } else {
    const q = 1 - a; // exact for a ≥ 0.5
    for (let i = 0; i < 12; i++) {
      const e = erfc(x);
      const step = (Math.log(e / q) * e) / (TWO_OVER_SQRTPI * Math.exp(-x * x));
      x += step;
      if (Math.abs(step) <= 1e-17 * x) break;
    }
  }
  return y < 0 ? -x : x;
}

// ---- sin πx and cot πx ------------------------------------------------------------------------

/** |sin πx| for finite x, exact argument reduction (x mod 1 is exact in floating point). */
function absSinPi(x: number): number {
  const r = Math.abs(x - Math.round(x)); // in [0, ½], exact
  return r <= 0.25 ? Math.sin(PI * r) : Math.cos(PI * (0.5 - r));
}

/** cot πx for finite non-integer x; near r = ±½ cos πr is taken as sin π(½ − |r|), exactly reduced. */
function cotPi(x: number): number {
  const r = x - Math.round(x);
  const ar = Math.abs(r);
  const c = Math.sin(PI * (0.5 - ar)) / Math.sin(PI * ar);
  return r < 0 ? -c : c;
}

// ---- the Hurwitz zeta function ----------------------------------------------------------------

/** B₂ⱼ/(2j)! for j = 1…12 (Bernoulli numbers over factorials). */
export const BERNOULLI_OVER_FACTORIAL: readonly number[] = (() => {
  const b = [1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510, 43867 / 798, -174611 / 330, 854513 / 138, -236364091 / 2730];
  let f = 1;
  return b.map((bj, j) => {
    f *= (2 * j + 1) * (2 * j + 2);
    return bj / f;
  });
})();

/**
 * The Hurwitz zeta function ζ(s, q) = Σₖ (q + k)^(−s) for s > 1 and q > 0, by Euler–Maclaurin
 * summation: the first terms directly until q + N ≥ max(10, s), then the integral, the half term
 * and Bernoulli corrections (they shrink by about (s/2πw)² each, so at most 12 are needed).
 * ζ(s, +∞) = 0; NaN outside s > 1 or for q ≤ 0 (the callers handle those).
 */
export function hurwitzZeta(s: number, q: number): number {
  if (!(s > 1) || !(q > 0)) return s === 1 && q > 0 ? Infinity : NaN;
  if (q === Infinity) return 0;
  const wMin = Math.max(10, s);
  let sum = 0;
  let w = q;
  while (w < wMin) {
    const term = Math.pow(w, -s);
    sum += term;
    w += 1;
    // For s ≥ w the rest is below term·(1 + w/(s − 1)) ≤ 2·term: stop once that is negligible
    // (this is what ends the sum for very large s, where w would otherwise count up to s).
    if (s - 1 >= w && !(term > 1e-18 * sum)) return sum;
  }
  const ws = Math.pow(w, -s);
  let tail = (w * ws) / (s - 1) + 0.5 * ws;
  // Term j: B₂ⱼ/(2j)! · s(s+1)…(s+2j−2) · w^(−s−2j+1).
  let factor = (s * ws) / w; // s · w^(−s−1)
  const w2 = w * w;
  for (let j = 0; j < BERNOULLI_OVER_FACTORIAL.length; j++) {
    const term = BERNOULLI_OVER_FACTORIAL[j]! * factor;
    tail += term;
    if (Math.abs(term) <= 1e-17 * Math.abs(sum + tail)) break;
    factor *= ((s + 2 * j + 1) * (s + 2 * j + 2)) / w2;
  }
  return sum + tail;
}

// ---- digamma ----------------------------------------------------------------------------------

/** The positive root of digamma, as hi + lo (x₀ = 1.46163214496836234126…). */
export const ROOT_HI = 1.4616321449683622;
export const ROOT_LO = 9.549995429965697e-17;

/**
 * Taylor coefficients of ψ about its root: ψ(x₀ + δ) = Σₖ (−1)^(k+1) ζ(k+1, x₀) δᵏ, k ≥ 1
 * (ψ⁽ᵏ⁾(x) = (−1)^(k+1) k! ζ(k+1, x)). The terms shrink by |δ|/x₀ each.
 */
export const DIGAMMA_AT_ROOT: readonly number[] = Array.from({ length: 28 }, (_, i) => (i % 2 === 0 ? 1 : -1) * hurwitzZeta(i + 2, ROOT_HI));

/** ψ(x) for large x: ln x − 1/2x − Σ B₂ₖ/(2k x²ᵏ) (the asymptotic series; x ≥ 10 needs 9 terms). */
/** ψ's asymptotic series, B₂ₖ/(2k) for k = 1…10 (also lowered to ONNX). */
export const DIGAMMA_ASYMPTOTIC = [1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510, 43867 / 798, -174611 / 330].map((b, k) => b / (2 * k + 2));

function digammaLarge(x: number): number {
  const z = 1 / (x * x);
  let s = 0;
  for (let k = DIGAMMA_ASYMPTOTIC.length - 1; k >= 0; k--) s = s * z + DIGAMMA_ASYMPTOTIC[k]!;
  return Math.log(x) - 0.5 / x - s * z;
}

/** ψ(x) for x > 0. */
function digammaPositive(x: number): number {
  const d = x - ROOT_HI - ROOT_LO;
  if (Math.abs(d) <= 0.3) {
    // Next to the root: the Taylor series keeps full relative accuracy as ψ → 0.
    let s = 0;
    for (let k = DIGAMMA_AT_ROOT.length - 1; k >= 0; k--) s = s * d + DIGAMMA_AT_ROOT[k]!;
    return s * d;
  }
  if (x >= 10) return digammaLarge(x);
  // ψ(x) = ψ(x + n) − Σ 1/(x + k), up to x + n ≥ 10.
  let acc = 0;
  while (x < 10) {
    acc += 1 / x;
    x += 1;
  }
  return digammaLarge(x) - acc;
}

/**
 * Digamma ψ = Γ′/Γ. NaN at the poles 0, −0, the negative integers, and at −∞, as XLA (SciPy
 * gives ψ(±0) = ∓∞); ψ(+∞) = +∞. Negative non-integers use the reflection ψ(x) = ψ(1 − x) − π cot πx (accurate to
 * about 1e-16 absolute next to the negative roots, relative elsewhere).
 */
export function digamma(x: number): number {
  if (x > 0) return x === Infinity ? x : digammaPositive(x);
  if (!(x > -Infinity) || x === Math.floor(x)) return NaN;
  return digammaPositive(1 - x) - PI * cotPi(x);
}

// ---- polygamma ----------------------------------------------------------------------------------

/**
 * Past this order m! overflows float64 and so does the cot-derivative polynomial: negative x give
 * NaN there (SciPy's formula gives ±∞ or NaN as well).
 */
export const MAX_REFLECTED_ORDER = 170;

/** Coefficients (lowest first) of dᵐ/dtᵐ cot t as a polynomial in c = cot t: P₀ = c, Pₖ₊₁ = −(1 + c²)Pₖ′. */
export function cotDerivativePolynomial(m: number): number[] {
  let p = [0, 1];
  for (let k = 0; k < m; k++) {
    const dp = p.slice(1).map((a, i) => a * (i + 1));
    const next = new Array<number>(dp.length + 2).fill(0);
    dp.forEach((a, i) => {
      next[i] -= a;
      next[i + 2] -= a;
    });
    p = next;
  }
  return p;
}

/**
 * The polygamma function ψ⁽ᵐ⁾(x) = dᵐ⁺¹ ln Γ(x)/dxᵐ⁺¹ for an integer order m ≥ 0 (NaN for other
 * m): digamma for m = 0, else (−1)^(m+1) m! ζ(m+1, x). At the poles (0, −0, the negative
 * integers) it is (−1)^(m+1)·∞ for m ≥ 1, and 0 with that sign at +∞, as SciPy (XLA gives NaN
 * for even m and at +∞); negative non-integers use the reflection ψ⁽ᵐ⁾(x) = (−1)ᵐ ψ⁽ᵐ⁾(1 − x) − π^(m+1) cot⁽ᵐ⁾(πx).
 */
export function polygamma(m: number, x: number): number {
  if (!(m >= 0) || m !== Math.floor(m)) return NaN;
  if (m === 0) return digamma(x);
  const sign = m % 2 === 1 ? 1 : -1;
  if (x > 0) {
    let f = 1;
    for (let k = 2; k <= m && f < Infinity; k++) f *= k;
    const z = hurwitzZeta(m + 1, x);
    return z === 0 ? sign * 0 : sign * f * z;
  }
  if (!(x === x)) return x;
  if (x === Math.floor(x)) return sign * Infinity; // 0, −0, negative integers (and −∞), as SciPy
  if (m > MAX_REFLECTED_ORDER) return NaN;
  const p = cotDerivativePolynomial(m);
  const c = cotPi(x);
  let v = 0;
  for (let k = p.length - 1; k >= 0; k--) v = v * c + p[k]!;
  return (m % 2 === 0 ? 1 : -1) * polygamma(m, 1 - x) - Math.pow(PI, m + 1) * v;
}

// ---- log |Γ| ------------------------------------------------------------------------------------

/**
 * ln Γ(1 + z) + ln(1 + z) − (1 − γ)z = Σₖ₌₂ (−1)ᵏ (ζ(k) − 1) zᵏ/k: the Taylor series
 * ln Γ(1 + z) = −γz + Σₖ₌₂ ζ(k)(−z)ᵏ/k with its slowly converging part Σ (−z)ᵏ/k = z − ln(1 + z)
 * summed in closed form. ζ(k) − 1 = ζ(k, 2) ≈ 2^(−k), so on |z| ≤ ½ the terms shrink by ¼ each
 * and 26 reach full precision.
 */
export const LGAMMA_SERIES: readonly number[] = Array.from({ length: 26 }, (_, i) => ((i % 2 === 0 ? 1 : -1) * hurwitzZeta(i + 2, 2)) / (i + 2));

/** ln Γ(2 + z) − ln(1 + z) = ln Γ(1 + z) + ln(1 + z) for |z| ≤ ½: (1 − γ)z plus the series. */
function lgamma1pPlusLog1p(z: number): number {
  let s = 0;
  for (let k = LGAMMA_SERIES.length - 1; k >= 0; k--) s = s * z + LGAMMA_SERIES[k]!;
  return (1 - EULER) * z + s * z * z;
}

/** ln Γ(1 + z) for |z| ≤ ½, accurate relative to its value (also at z → 0, where it is −γz). */
function lgamma1p(z: number): number {
  return lgamma1pPlusLog1p(z) - Math.log1p(z);
}

/** B₂ₖ/(2k(2k − 1)): Stirling's series ln Γ(x) = (x − ½) ln x − x + ½ ln 2π + Σ coef/x²ᵏ⁻¹. */
/** Stirling's series for ln Γ, B₂ₖ/(2k(2k−1)) for k = 1…9 (also lowered to ONNX). */
export const STIRLING = [1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510, 43867 / 798].map((b, k) => b / ((2 * k + 2) * (2 * k + 1)));

/** ln Γ(x) for x > 0. */
function lgammaPositive(x: number): number {
  if (x < 0.5) return lgamma1p(x) - Math.log(x); // Γ(x) = Γ(1 + x)/x
  if (x <= 1.5) return lgamma1p(x - 1);
  if (x <= 2.5) {
    return lgamma1pPlusLog1p(x - 2); // Γ(2 + z) = (1 + z)Γ(1 + z); x − 2 is exact
  }
  if (x < 10) {
    // ln Γ(x) = ln Γ(x − n) + ln[(x − 1)…(x − n)], with x − n in (1.5, 2.5].
    let prod = 1;
    while (x > 2.5) {
      x -= 1;
      prod *= x;
    }
    return lgammaPositive(x) + Math.log(prod);
  }
  const lx = Math.log(x);
  const z = 1 / (x * x);
  let s = 0;
  for (let k = STIRLING.length - 1; k >= 0; k--) s = s * z + STIRLING[k]!;
  // x(ln x − 1) first, so nothing overflows before the result does.
  return x * (lx - 1) - 0.5 * lx + HALF_LN_2PI + s / x;
}

/**
 * ln |Γ(x)|, as SciPy's gammaln and XLA's lgamma: +∞ at 0, −0, the negative integers and ±∞;
 * NaN at NaN. Accurate to a few ulps for x > 0 (including next to the zeros at 1 and 2); negative
 * non-integers use the reflection ln|Γ(x)| = ln π − ln|x sin πx| − ln Γ(−x), accurate to about
 * 1e-16 absolute next to its zeros there (−2.457…, −2.747…, …), relative elsewhere.
 */
export function lgamma(x: number): number {
  if (x > 0) return x === Infinity ? x : lgammaPositive(x);
  if (!(x === x)) return x;
  if (x === Math.floor(x)) return Infinity; // 0, negative integers, −∞
  if (x > -0.5) return lgamma1p(x) - Math.log(-x);
  return Math.log(PI) - Math.log(-x * absSinPi(x)) - lgammaPositive(-x);
}
