/**
 * Vectorised float64 transcendentals on f64x2 lanes, emitted as simd-math-f32.ts's are: branch-free,
 * the input local unchanged, the result left on the stack. Each stated bound is a relative error
 * against the scalar kernel (`Math.exp` …), measured by test/backend/wasm/simd-math-f64.test.ts.
 */
import type { Locals } from "./module.js";
import { type Instr, f64x2, i32, i32x4, i64x2, local, valtype } from "./opcodes.js";

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
