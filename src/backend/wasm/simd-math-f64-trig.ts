/**
 * Vectorised float64 sine and cosine on f64x2 lanes, emitted as simd-math-f64.ts's functions are
 * (the input local unchanged, the result left on the stack). The argument is reduced by π/2 in four
 * parts (Cody–Waite), accurate while |x| ≤ 2^20; a vector compare finds lanes beyond that (and ±∞),
 * and only when one exists (`any_true`) are those lanes recomputed by the imported scalar
 * `Math.sin`/`Math.cos`, so every lane is right and the common case stays branch-free. The module
 * must import them as fused-module.ts lays out. Bounds are measured by
 * test/backend/wasm/simd-math-trig.test.ts against the scalar functions.
 */
import { SCALAR_COS, SCALAR_SIN, simdx } from "./fused-module.js";
import type { Locals } from "./module.js";
import { type Instr, control, f64x2, i32, i64x2, local, v128, valtype } from "./opcodes.js";
import { hornerF64 } from "./simd-math-f64.js";

const k = f64x2.const;
const get = local.get;

/**
 * π/2 as P1 + P2 + P3 + P4: P1, P2, P3 hold 33 significant bits each, so n·Pi is exact for
 * |n| < 2^20, and the sum carries π/2 to about 150 bits (the trig test checks it against π's digits).
 */
export const PIO2_PARTS: readonly number[] = [1.5707963267341256, 6.077100506303966e-11, 2.0222662487111665e-21, 8.4784276603689e-32];

/** Beyond this |x|, n·P1 is no longer exact: such lanes take the scalar function. */
export const TRIG_REDUCTION_LIMIT = 2 ** 20;

/** 1.5·2^52: adding it rounds to an integer and leaves that integer in the low bits. */
const MAGIC = 6755399441055744;

const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));

/**
 * sin r = r + r·z·P(z), z = r², |r| ≤ π/4: P is the Taylor series −1/3!, 1/5!, … 1/17! (the
 * remainder r¹⁹/19! is below 2e-19 relative there).
 */
export const SIN_F64_POLY: readonly number[] = Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? -1 : 1) / factorial(2 * i + 3));

/** cos r = 1 − z/2 + z²·Q(z): Q is the Taylor series 1/4!, −1/6!, … −1/18! (remainder below 4e-21). */
export const COS_F64_POLY: readonly number[] = Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? 1 : -1) / factorial(2 * i + 4));

/** The polynomials a trig function uses (tests pass shortened ones). */
export interface TrigPolys {
  readonly sin: readonly number[];
  readonly cos: readonly number[];
}
const POLYS: TrigPolys = { sin: SIN_F64_POLY, cos: COS_F64_POLY };

/**
 * sin (cosine = false) or cos of the f64x2 local `x`: n = round(x·2/π), r = x − n·π/2; sin and cos
 * of r by polynomial; the quadrant n mod 4 (cos: n + 1) picks which and the sign, read from the low
 * bits of x·2/π + 1.5·2^52. Lanes with |x| > 2^20 (or ±∞) are recomputed by the scalar import.
 */
function trigF64(L: Locals, x: number, cosine: boolean, polys: TrigPolys): Instr[] {
  const [t, n, r, z, hz, w, s, q, big, res] = Array.from({ length: 10 }, () => L.add(valtype.v128)) as [number, number, number, number, number, number, number, number, number, number];
  const [p1, p2, p3, p4] = PIO2_PARTS as [number, number, number, number];
  const scalar = cosine ? SCALAR_COS : SCALAR_SIN;
  return [
    get(x), k(2 / Math.PI), f64x2.mul, k(MAGIC), f64x2.add, local.tee(t), k(MAGIC), f64x2.sub, local.set(n),
    get(x), get(n), k(p1), f64x2.mul, f64x2.sub, get(n), k(p2), f64x2.mul, f64x2.sub,
    get(n), k(p3), f64x2.mul, f64x2.sub, get(n), k(p4), f64x2.mul, f64x2.sub, local.set(r),
    get(r), get(r), f64x2.mul, local.set(z),
    // sin r = r + r·(z·P(z)), and r itself where r = ±0 (only at x = ±0: the sum would give +0 for −0)
    get(r), get(r), get(z), ...hornerF64(z, polys.sin), f64x2.mul, f64x2.mul, f64x2.add, local.set(s),
    get(r), get(s), get(r), k(0), f64x2.eq, v128.bitselect, local.set(s),
    // cos r = w + (((1 − w) − z/2) + z²·Q(z)), w = 1 − z/2: the rounding error of w is added back
    get(z), k(0.5), f64x2.mul, local.set(hz),
    k(1), get(hz), f64x2.sub, local.tee(w),
    k(1), get(w), f64x2.sub, get(hz), f64x2.sub, get(z), get(z), f64x2.mul, ...hornerF64(z, polys.cos), f64x2.mul, f64x2.add,
    f64x2.add, local.set(w), // w now holds cos r
    get(t), ...(cosine ? [i64x2.const(1), i64x2.add] : []), local.set(q),
    // odd quadrant: the other function; quadrants 2 and 3: the sign flipped
    get(w), get(s), get(q), i32.const(63), i64x2.shl, i32.const(63), i64x2.shrS, v128.bitselect,
    get(q), i32.const(62), i64x2.shl, i64x2.const(-(2n ** 63n)), v128.and, v128.xor, local.set(res),
    get(x), f64x2.abs, k(TRIG_REDUCTION_LIMIT), simdx.f64x2Gt, local.tee(big), simdx.anyTrue, control.if,
    get(res), get(x), simdx.f64x2ExtractLane(0), control.call(scalar), simdx.f64x2ReplaceLane(0),
    get(x), simdx.f64x2ExtractLane(1), control.call(scalar), simdx.f64x2ReplaceLane(1),
    get(res), get(big), v128.bitselect, local.set(res),
    control.end,
    get(res),
  ];
}

/**
 * Sine lane-wise, relative error ≤ 1e-15 against `Math.sin` (absolute near its zeros, where
 * the result is near 0 — see the test). NaN gives NaN, ±∞ gives NaN, ±0 gives ±0.
 *
 * @example `simdUnaryKernel(sinF64, "float64").apply(new Float64Array([1]))[0]` // 0.8414709848078965
 */
export function sinF64(L: Locals, x: number, polys: TrigPolys = POLYS): Instr[] {
  return trigF64(L, x, false, polys);
}

/**
 * Cosine lane-wise, as {@link sinF64}. NaN and ±∞ give NaN, ±0 gives 1.
 *
 * @example `simdUnaryKernel(cosF64, "float64").apply(new Float64Array([1]))[0]` // 0.5403023058681398
 */
export function cosF64(L: Locals, x: number, polys: TrigPolys = POLYS): Instr[] {
  return trigF64(L, x, true, polys);
}
