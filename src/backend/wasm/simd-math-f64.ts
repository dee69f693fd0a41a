/**
 * Vectorised float64 transcendentals on f64x2 lanes, emitted as simd-math-f32.ts's are: branch-free,
 * the input local unchanged, the result left on the stack. Each stated bound is a relative error
 * against the scalar kernel (`Math.exp` …), measured by test/backend/wasm/simd-math-f64.test.ts.
 */
import type { Locals } from "./module.js";
import { type Instr, f64x2, i32, i32x4, i64x2, local, v128, valtype } from "./opcodes.js";

const k = f64x2.const;
const get = local.get;

/** ln 2 split so that n·LN2_HI is exact for |n| < 2^21 (LN2_HI has 32 significant bits). */
const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;

/**
 * exp(r) = 1 + r + r²·P(r) on |r| ≤ ln2/2: P is the Taylor series 1/2! … 1/13! (its remainder
 * r¹⁴/14! is below 4e-18 relative there).
 */
export const EXP_F64_POLY: readonly number[] = Array.from({ length: 12 }, (_, i) => {
  let f = 1;
  for (let j = 2; j <= i + 2; j++) f *= j;
  return 1 / f;
});

/**
 * Horner's rule over the f64x2 local `t`: c[0] + t·(c[1] + t·(… + t·c[n−1])), left on the stack.
 *
 * @example `hornerF64(0, [1, 2, 3]).length` // 9 (instructions: a constant, then a multiply-add per further coefficient)
 */
export function hornerF64(t: number, c: readonly number[]): Instr[] {
  const out: Instr[] = [k(c[c.length - 1]!)];
  for (let i = c.length - 2; i >= 0; i--) out.push(get(t), f64x2.mul, k(c[i]!), f64x2.add);
  return out;
}

/**
 * e^x lane-wise, relative error ≤ 1e-15 against `Math.exp` (2.2e-16 measured, i.e. within one
 * float64 ulp). x is clamped to [−746, 710] (beyond, the result underflows to 0 or overflows to ∞),
 * reduced as x = n·ln2 + r with ln2 in two parts, and scaled by 2^n in two steps so that subnormal
 * results are rounded once. NaN gives NaN, −∞ gives 0, +∞ gives ∞.
 *
 * @example `simdUnaryKernel(expF64, "float64").apply(new Float64Array([1]))[0]` // 2.718281828459045
 */
export function expF64(L: Locals, x: number, poly: readonly number[] = EXP_F64_POLY): Instr[] {
  const [xc, n, r, p, n1] = Array.from({ length: 5 }, () => L.add(valtype.v128)) as [number, number, number, number, number];
  // 2^e for integral float64 lanes e in [−1022, 1023]: the biased exponent shifted into place
  const pow2 = (e: Instr[]): Instr[] => [...e, i32x4.truncSatF64x2SZero, i64x2.extendLowI32x4S, i64x2.const(1023), i64x2.add, i32.const(52), i64x2.shl];
  return [
    get(x), k(-746), f64x2.max, k(710), f64x2.min, local.set(xc), // NaN stays NaN
    get(xc), k(Math.LOG2E), f64x2.mul, f64x2.nearest, local.set(n),
    get(xc), get(n), k(LN2_HI), f64x2.mul, f64x2.sub, get(n), k(LN2_LO), f64x2.mul, f64x2.sub, local.set(r),
    get(r), get(r), f64x2.mul, ...hornerF64(r, poly), f64x2.mul, get(r), f64x2.add, k(1), f64x2.add, local.set(p),
    // 2^n = 2^n1 · 2^(n − n1), n1 = floor(n/2): both factors normal for n in [−1077, 1025]
    get(n), k(0.5), f64x2.mul, f64x2.floor, local.set(n1),
    get(p), ...pow2([get(n1)]), f64x2.mul, ...pow2([get(n), get(n1), f64x2.sub]), f64x2.mul,
  ];
}

/**
 * log(1 + f) = f − f²/2 + s·(f²/2 + z·Q(z)), s = f/(2 + f), z = s² ≤ 0.0295: Q is the series of
 * 2·atanh(s)/s − 2 over z, 2/3, 2/5, … 2/23 (its remainder is below 1e-18 relative there).
 */
export const LOG_F64_POLY: readonly number[] = Array.from({ length: 11 }, (_, i) => 2 / (2 * i + 3));

const SQRT_HALF_BITS = 0x3fe6a09e667f3bcdn;
/** 1.5·2^52: adding a small integer to its bits and subtracting it as a float converts i64 lanes to f64. */
const MAGIC = 6755399441055744;
const MAGIC_BITS = 0x4338000000000000n;

/**
 * Natural log lane-wise, relative error ≤ 1e-15 against `Math.log` (absolute near x = 1, where log
 * is near 0; measured in the test). x = 2^k·m with m in [√½, √2) read from the bits (subnormals
 * scaled by 2^54 first), log x = k·ln2 + log(1 + f), f = m − 1, with ln2 in two parts.
 * log(±0) = −∞, log(x < 0) = NaN, log(∞) = ∞, log(NaN) = NaN.
 *
 * @example `simdUnaryKernel(logF64, "float64").apply(new Float64Array([8]))[0]` // 2.0794415416798357
 */
export function logF64(L: Locals, x: number, poly: readonly number[] = LOG_F64_POLY): Instr[] {
  const [sub, ix, f, s, z, hf, dk] = Array.from({ length: 7 }, () => L.add(valtype.v128)) as [number, number, number, number, number, number, number];
  return [
    get(x), k(2 ** -1022), f64x2.lt, local.set(sub),
    get(x), k(2 ** 54), f64x2.mul, get(x), get(sub), v128.bitselect, i64x2.const(SQRT_HALF_BITS), i64x2.sub, local.set(ix),
    // k = (ix >> 52) − 54·[subnormal], as float64 through the 1.5·2^52 bits
    get(ix), i32.const(52), i64x2.shrS, get(sub), i64x2.const(-54), v128.and, i64x2.add, i64x2.const(MAGIC_BITS), i64x2.add, k(MAGIC), f64x2.sub, local.set(dk),
    get(ix), i64x2.const(0xfffffffffffffn), v128.and, i64x2.const(SQRT_HALF_BITS), i64x2.add, k(1), f64x2.sub, local.set(f),
    get(f), k(2), get(f), f64x2.add, f64x2.div, local.set(s),
    get(s), get(s), f64x2.mul, local.set(z),
    get(f), get(f), f64x2.mul, k(0.5), f64x2.mul, local.set(hf),
    // dk·LN2_HI − ((hf − (s·(hf + z·Q(z)) + dk·LN2_LO)) − f)
    get(dk), k(LN2_HI), f64x2.mul,
    get(hf), get(s), get(hf), get(z), ...hornerF64(z, poly), f64x2.mul, f64x2.add, f64x2.mul, get(dk), k(LN2_LO), f64x2.mul, f64x2.add, f64x2.sub,
    get(f), f64x2.sub, f64x2.sub, local.set(f),
    // specials: +∞ and NaN give x; x < 0 gives NaN; ±0 gives −∞
    get(f), get(x), get(x), k(Infinity), f64x2.lt, v128.bitselect, local.set(f),
    k(NaN), get(f), get(x), k(0), f64x2.lt, v128.bitselect, local.set(f),
    k(-Infinity), get(f), get(x), k(0), f64x2.eq, v128.bitselect,
  ];
}

/**
 * The logistic sigmoid lane-wise, relative error ≤ 1e-15 against the scalar kernel (measured in the
 * test), computed as it is: e = e^−|x| ({@link expF64}), 1/(1 + e) for x ≥ 0, e/(1 + e) for x < 0.
 * −∞ gives 0, +∞ gives 1, NaN gives NaN.
 *
 * @example `simdUnaryKernel(logisticF64, "float64").apply(new Float64Array([0]))[0]` // 0.5
 */
export function logisticF64(L: Locals, x: number): Instr[] {
  const [e, d] = [L.add(valtype.v128), L.add(valtype.v128)];
  return [
    get(x), f64x2.abs, f64x2.neg, local.set(e),
    ...expF64(L, e), local.tee(e), k(1), f64x2.add, local.set(d),
    get(e), get(d), f64x2.div, // x < 0
    k(1), get(d), f64x2.div, // x ≥ 0
    get(x), k(0), f64x2.lt, v128.bitselect,
  ];
}

/**
 * tanh x = x + x³·P(x²) on |x| ≤ 0.625: P is the Taylor series (Bernoulli-number coefficients,
 * x³ … x⁴³), its remainder below 3e-18 relative there.
 */
export const TANH_F64_POLY: readonly number[] = [
  -0.3333333333333333, 0.13333333333333333, -0.05396825396825397, 0.021869488536155203, -0.008863235529902197,
  0.003592128036572481, -0.0014558343870513183, 0.000590027440945586, -0.00023912911424355248, 9.691537956929451e-5,
  -3.927832388331683e-5, 1.5918905069328964e-5, -6.451689215655431e-6, 2.6147711512907546e-6, -1.0597268320104654e-6,
  4.294911078273806e-7, -1.7406618963571648e-7, 7.054636946400968e-8, -2.859136662305254e-8, 1.1587644432798853e-8,
  -4.6962953982309016e-9,
];

/**
 * Hyperbolic tangent lane-wise, relative error ≤ 1e-15 against `Math.tanh` (measured in the test).
 * |x| ≤ 0.625: x + x³·P(x²); beyond: ±(1 − 2/(e^(2|x|) + 1)) with {@link expF64}, which saturates
 * to ±1. ±0 and NaN pass through, ±∞ gives ±1.
 *
 * @example `simdUnaryKernel(tanhF64, "float64").apply(new Float64Array([0.5]))[0]` // 0.46211715726000974
 */
export function tanhF64(L: Locals, x: number, poly: readonly number[] = TANH_F64_POLY): Instr[] {
  const [z, t] = [L.add(valtype.v128), L.add(valtype.v128)];
  return [
    get(x), f64x2.abs, k(2), f64x2.mul, local.set(t),
    k(1), k(2), ...expF64(L, t), k(1), f64x2.add, f64x2.div, f64x2.sub,
    get(x), i64x2.const(0x7fffffffffffffffn), v128.bitselect, local.set(t),
    // small: x + x·(z·P(z)), z = x², and x itself at ±0 (the sum would turn −0 into +0)
    get(x), get(x), get(x), get(x), f64x2.mul, local.tee(z), ...hornerF64(z, poly), f64x2.mul, get(x), f64x2.mul, f64x2.add,
    get(x), k(0), f64x2.eq, v128.bitselect,
    get(t),
    get(x), f64x2.abs, k(0.625), f64x2.le, v128.bitselect,
  ];
}
