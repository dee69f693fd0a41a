/**
 * Float32 sine and cosine on f32x4 lanes, computed in float64: each pair of lanes is widened
 * (exactly), run through the float64 functions of simd-math-f64-trig.ts (whose error, ~1e-16
 * relative, is far below a float32 ulp), and rounded once to float32, as `Math.fround(Math.sin(x))`
 * rounds. Lanes beyond the reduction's range take the scalar `Math.sin`/`Math.cos` exactly. The
 * bound is measured by test/backend/wasm/simd-math-trig.test.ts over the whole float32 range.
 */
import { simdx } from "./fused-module.js";
import type { Locals } from "./module.js";
import { type Instr, local, valtype } from "./opcodes.js";
import { type TrigPolys, cosF64, sinF64 } from "./simd-math-f64-trig.js";

/** Bytes 8–15 of a vector in both halves: lanes 2 and 3 of an f32x4 moved to lanes 0 and 1. */
const HIGH_HALF = [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15];
/** Lanes 0 and 1 of the first vector, then lanes 0 and 1 of the second. */
const JOIN_LOW = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23];

/**
 * An f64x2 function `f` applied to the f32x4 local `x`: lanes 0–1 and 2–3 widened to float64, `f`
 * run on each pair, the results rounded to float32 (one rounding, as `Math.fround`) and joined.
 *
 * @example `simdUnaryKernel((L, x) => viaF64(L, x, (_, t) => [[0x20, t]])).apply(new Float32Array([1.5, -2]))[1]` // -2
 */
export function viaF64(L: Locals, x: number, f: (L: Locals, t: number) => Instr[]): Instr[] {
  const [lo, hi, r] = [L.add(valtype.v128), L.add(valtype.v128), L.add(valtype.v128)];
  return [
    local.get(x), simdx.f64x2PromoteLowF32x4, local.set(lo),
    ...f(L, lo), simdx.f32x4DemoteF64x2Zero, local.set(r),
    local.get(x), local.get(x), simdx.shuffle(HIGH_HALF), simdx.f64x2PromoteLowF32x4, local.set(hi),
    local.get(r), ...f(L, hi), simdx.f32x4DemoteF64x2Zero, simdx.shuffle(JOIN_LOW),
  ];
}

/**
 * Sine lane-wise, ≤ 1 ulp (float32) against `Math.fround(Math.sin(x))`; NaN and ±∞ give NaN, ±0
 * gives ±0.
 *
 * @example `simdUnaryKernel(sinF32).apply(new Float32Array([1]))[0]` // 0.8414709568023682
 */
export function sinF32(L: Locals, x: number, polys?: TrigPolys): Instr[] {
  return viaF64(L, x, (L2, t) => sinF64(L2, t, polys));
}

/**
 * Cosine lane-wise, ≤ 1 ulp (float32) against `Math.fround(Math.cos(x))`; NaN and ±∞ give NaN,
 * ±0 gives 1.
 *
 * @example `simdUnaryKernel(cosF32).apply(new Float32Array([1]))[0]` // 0.5403022766113281
 */
export function cosF32(L: Locals, x: number, polys?: TrigPolys): Instr[] {
  return viaF64(L, x, (L2, t) => cosF64(L2, t, polys));
}
