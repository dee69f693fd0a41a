/**
 * Vectorised float32 transcendentals: each function emits the WebAssembly instructions that compute
 * one function lane-wise on an f32x4 held in a local, leaving the result on the stack and the input
 * local unchanged. Branch-free: every lane takes the same path, special values are selected at the
 * end. Each stated bound is in ulp of the float32 result against `Math.fround` of the float64
 * function, and test/backend/wasm/simd-math.test.ts measures it over the whole float32 range.
 */
import type { Locals } from "./module.js";
import { type Instr, f32x4, i32, i32x4, local, v128, valtype } from "./opcodes.js";

/** A vector function: given scratch-local allocation and the input local, the instructions leaving the result. */
export type SimdUnary = (L: Locals, x: number) => Instr[];

const k = f32x4.const;
const get = local.get;

/**
 * Horner's rule over the f32x4 local `t`: c[0] + t·(c[1] + t·(… + t·c[n−1])), left on the stack.
 *
 * @example `horner(0, [1, 2, 3]).length` // 9 (instructions: a constant, then a multiply-add per further coefficient)
 */
export function horner(t: number, c: readonly number[]): Instr[] {
  const out: Instr[] = [k(c[c.length - 1]!)];
  for (let i = c.length - 2; i >= 0; i--) out.push(get(t), f32x4.mul, k(c[i]!), f32x4.add);
  return out;
}

/** ln 2 split so that n·LN2_HI is exact for |n| < 2^15 (LN2_HI has 9 significant bits). */
const LN2_HI = 0.693359375;
const LN2_LO = -2.12194440054690583e-4;

/**
 * exp(r) = 1 + r + r²·P(r) on |r| ≤ ln2/2: P fitted for least relative error (Lawson-weighted
 * least squares on Chebyshev nodes), coefficients rounded to float32; relative error 3.8e-9.
 */
export const EXP_F32_POLY: readonly number[] = [0.4999999403953552, 0.1666652113199234, 0.04166838899254799, 0.008368710055947304, 0.0013814610429108143];

/**
 * e^x lane-wise, ≤ 1 ulp (float32, measured). x is clamped to [−104, 89] (beyond, the result
 * underflows to 0 or overflows to ∞ as float32 does), reduced as x = n·ln2 + r with n = round(x/ln2)
 * and ln2 in two parts, and scaled by 2^n in two steps so that subnormal results are rounded once.
 * NaN gives NaN, −∞ gives 0, +∞ gives ∞. `poly` replaces {@link EXP_F32_POLY} (tests truncate it).
 *
 * @example `simdUnaryKernel(expF32).apply(new Float32Array([1]))[0]` // 2.7182817459106445
 */
export function expF32(L: Locals, x: number, poly: readonly number[] = EXP_F32_POLY): Instr[] {
  const [xc, n, r, p] = [L.add(valtype.v128), L.add(valtype.v128), L.add(valtype.v128), L.add(valtype.v128)];
  const [ni, n1] = [L.add(valtype.v128), L.add(valtype.v128)];
  const pow2 = (e: number): Instr[] => [get(e), i32x4.const(127), i32x4.add, i32.const(23), i32x4.shl];
  return [
    get(x), k(-104), f32x4.max, k(89), f32x4.min, local.set(xc), // NaN stays NaN
    get(xc), k(Math.LOG2E), f32x4.mul, f32x4.nearest, local.set(n),
    get(xc), get(n), k(LN2_HI), f32x4.mul, f32x4.sub, get(n), k(LN2_LO), f32x4.mul, f32x4.sub, local.set(r),
    // p = 1 + (r + r²·P(r))
    get(r), get(r), f32x4.mul, ...horner(r, poly), f32x4.mul, get(r), f32x4.add, k(1), f32x4.add, local.set(p),
    // 2^n = 2^n1 · 2^(n−n1), n1 = n >> 1: both factors normal for n in [−150, 128]
    get(n), i32x4.truncSatF32x4S, local.tee(ni), i32.const(1), i32x4.shrS, local.set(n1),
    get(p), ...pow2(n1), f32x4.mul, get(ni), get(n1), i32x4.sub, local.set(ni), ...pow2(ni), f32x4.mul,
  ];
}

/**
 * log(1 + f) = f − f²/2 + s·(f²/2 + z·Q(z)), s = f/(2 + f), z = s², |s| ≤ 0.1716: Q fitted as
 * {@link EXP_F32_POLY} is (z·Q approximates 2·atanh(s)/s − 2); relative error 8e-10.
 */
export const LOG_F32_POLY: readonly number[] = [0.6666677594184875, 0.39977574348449707, 0.29870933294296265];

const SQRT_HALF_BITS = 0x3f3504f3;

/**
 * Natural log lane-wise, ≤ 1 ulp (float32, measured). x = 2^k·m with m in [√½, √2) read from the
 * bits (subnormals scaled by 2^23 first), then log x = k·ln2 + log(1 + f), f = m − 1, summed with
 * ln2 in two parts. log(±0) = −∞, log(x < 0) = NaN, log(∞) = ∞, log(NaN) = NaN.
 *
 * @example `simdUnaryKernel(logF32).apply(new Float32Array([8]))[0]` // 2.079441547393799
 */
export function logF32(L: Locals, x: number, poly: readonly number[] = LOG_F32_POLY): Instr[] {
  const [sub, xs, ix, f, s, z, hf, dk] = Array.from({ length: 8 }, () => L.add(valtype.v128)) as [number, number, number, number, number, number, number, number];
  const select = (mask: Instr[]): Instr[] => [...mask, v128.bitselect];
  return [
    get(x), k(2 ** -126), f32x4.lt, local.set(sub),
    get(x), k(2 ** 23), f32x4.mul, get(x), get(sub), v128.bitselect, local.set(xs),
    get(xs), i32x4.const(SQRT_HALF_BITS), i32x4.sub, local.set(ix),
    // k = (ix >> 23) − 23·[subnormal]; m = mantissa of ix with the exponent of √½ … √2
    get(ix), i32.const(23), i32x4.shrS, get(sub), i32x4.const(-23), v128.and, i32x4.add, f32x4.convertI32x4S, local.set(dk),
    get(ix), i32x4.const(0x7fffff), v128.and, i32x4.const(SQRT_HALF_BITS), i32x4.add, k(1), f32x4.sub, local.set(f),
    get(f), k(2), get(f), f32x4.add, f32x4.div, local.set(s),
    get(s), get(s), f32x4.mul, local.set(z),
    get(f), get(f), f32x4.mul, k(0.5), f32x4.mul, local.set(hf),
    // dk·LN2_HI − ((hf − (s·(hf + z·Q(z)) + dk·LN2_LO)) − f)
    get(dk), k(LN2_HI), f32x4.mul,
    get(hf), get(s), get(hf), get(z), ...horner(z, poly), f32x4.mul, f32x4.add, f32x4.mul, get(dk), k(LN2_LO), f32x4.mul, f32x4.add, f32x4.sub,
    get(f), f32x4.sub, f32x4.sub, local.set(f), // f now holds the result
    // specials: +∞ and NaN give x (the result is kept where x < ∞); x < 0 gives NaN; ±0 gives −∞
    get(f), get(x), ...select([get(x), k(Infinity), f32x4.lt]), local.set(f),
    k(NaN), get(f), ...select([get(x), k(0), f32x4.lt]), local.set(f),
    k(-Infinity), get(f), ...select([get(x), k(0), f32x4.eq]),
  ];
}

/** tanh x = x + x³·P(x²) on |x| ≤ 0.625, fitted as {@link EXP_F32_POLY} is; relative error 8.6e-9. */
export const TANH_F32_POLY: readonly number[] = [-0.3333328068256378, 0.13331441581249237, -0.05373971536755562, 0.02063908986747265, -0.005704990588128567];

/**
 * Hyperbolic tangent lane-wise, ≤ 2 ulp (float32; 1 ulp measured). |x| ≤ 0.625: x + x³·P(x²);
 * beyond: ±(1 − 2/(e^(2|x|) + 1)) with {@link expF32}, which saturates to ±1 (∞ gives ±1). ±0 and
 * NaN pass through.
 *
 * @example `simdUnaryKernel(tanhF32).apply(new Float32Array([0.5]))[0]` // 0.46211716532707214
 */
export function tanhF32(L: Locals, x: number, poly: readonly number[] = TANH_F32_POLY): Instr[] {
  const [z, t] = [L.add(valtype.v128), L.add(valtype.v128)];
  return [
    get(x), f32x4.abs, k(2), f32x4.mul, local.set(t),
    // large: copysign(1 − 2/(e^(2|x|) + 1), x)
    k(1), k(2), ...expF32(L, t), k(1), f32x4.add, f32x4.div, f32x4.sub,
    get(x), i32x4.const(0x7fffffff), v128.bitselect, local.set(t),
    // small: x + x·(z·P(z)), z = x², and x itself at ±0 (the sum would turn −0 into +0)
    get(x), get(x), get(x), get(x), f32x4.mul, local.tee(z), ...horner(z, poly), f32x4.mul, get(x), f32x4.mul, f32x4.add,
    get(x), k(0), f32x4.eq, v128.bitselect,
    get(t),
    get(x), f32x4.abs, k(0.625), f32x4.le, v128.bitselect,
  ];
}

/**
 * The logistic sigmoid 1/(1 + e^−x) lane-wise, ≤ 2 ulp (float32, measured), as the scalar kernel
 * computes it: with e = e^−|x| ({@link expF32}), 1/(1 + e) for x ≥ 0 and e/(1 + e) for x < 0, so
 * neither side overflows. −∞ gives 0, +∞ gives 1, NaN gives NaN.
 *
 * @example `simdUnaryKernel(logisticF32).apply(new Float32Array([0]))[0]` // 0.5
 */
export function logisticF32(L: Locals, x: number): Instr[] {
  const [e, d] = [L.add(valtype.v128), L.add(valtype.v128)];
  return [
    get(x), f32x4.abs, f32x4.neg, local.set(e),
    ...expF32(L, e), local.tee(e), k(1), f32x4.add, local.set(d),
    get(e), get(d), f32x4.div, // x < 0
    k(1), get(d), f32x4.div, // x ≥ 0
    get(x), k(0), f32x4.lt, v128.bitselect,
  ];
}
