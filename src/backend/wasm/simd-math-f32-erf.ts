/**
 * The error function on f32x4 lanes, as simd-math-f32.ts's functions are emitted: branch-free, the
 * input local unchanged, the result left on the stack. Its bound is measured by
 * test/backend/wasm/simd-math.test.ts against `Math.fround` of the scalar kernel's erf (Cody's).
 */
import type { Locals } from "./module.js";
import { type Instr, f32x4, i32x4, local, v128, valtype } from "./opcodes.js";
import { expF32, horner } from "./simd-math-f32.js";

/**
 * erf x = x + x·(c₀ − 1 + z·P(z)), z = x², on |x| < 0.875: the leading 2/√π is split as 1 + c₀ − 1
 * (c₀ = 2/√π) so its float32 rounding does not cost half an ulp. Fitted for least relative error (Lawson-weighted
 * least squares on Chebyshev nodes), coefficients rounded to float32; relative error 2e-10 before rounding.
 */
export const ERF_F32_SMALL: readonly number[] = [0.1283791670955126, -0.37612634897232056, 0.11283732950687408, -0.026861585676670074, 0.005206750705838203, -0.0008211138774640858, 8.67553026182577e-5];

/** Centre of the large-|x| polynomial's variable u = |x| − ERF_F32_CENTRE (keeps Horner's sums small). */
const ERF_F32_CENTRE = 2.4375;

/**
 * erfc x = e^(−x²)·R(x − 2.4375) on 0.875 ≤ x ≤ 4, fitted as {@link ERF_F32_SMALL} is, weighted by
 * what erf = 1 − erfc sees; erf relative error 3.4e-8 with float32 Horner (simulated).
 */
export const ERF_F32_LARGE: readonly number[] = [0.21555233001708984, -0.07756507396697998, 0.02648410014808178, -0.008636100217700005, 0.0028129136189818382, -0.0006842706352472305, 0.00023339503968600184, -0.00020768443937413394, -9.710151061881334e-5, -3.879265204886906e-5];

/**
 * The error function lane-wise, ≤ 2 ulp (float32; 1 ulp measured). |x| < 0.875: an odd polynomial;
 * beyond: ±(1 − e^(−x²)·R(|x|)) with {@link expF32}, |x| clamped to 4 (erf is 1 in float32 from
 * 3.92 on). ±0 and NaN pass through, ±∞ gives ±1.
 *
 * @example `simdUnaryKernel(erfF32).apply(new Float32Array([0.5]))[0]` // 0.5204998850822449
 */
export function erfF32(L: Locals, x: number): Instr[] {
  const [a, z, e] = [L.add(valtype.v128), L.add(valtype.v128), L.add(valtype.v128)];
  const k = f32x4.const;
  const get = local.get;
  return [
    // small: x + x·(c₀ − 1 + z·P(z))
    get(x), get(x), get(x), get(x), f32x4.mul, local.tee(z), ...horner(z, ERF_F32_SMALL.slice(1)), f32x4.mul, k(ERF_F32_SMALL[0]!), f32x4.add,
    f32x4.mul, f32x4.add,
    // large: copysign(1 − e^(−a²)·R(a − centre), x), a = min(|x|, 4)
    get(x), f32x4.abs, k(4), f32x4.min, local.tee(a), get(a), f32x4.mul, f32x4.neg, local.set(e),
    k(1), ...expF32(L, e), get(a), k(ERF_F32_CENTRE), f32x4.sub, local.set(z), ...horner(z, ERF_F32_LARGE), f32x4.mul, f32x4.sub,
    get(x), i32x4.const(0x7fffffff), v128.bitselect,
    get(x), f32x4.abs, k(0.875), f32x4.lt, v128.bitselect,
  ];
}
