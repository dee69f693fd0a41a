// The vectorised float64 exp against Math.exp: relative error over a sweep of the float64 range
// where exp is finite and nonzero (and the subnormal results, measured in absolute terms there), both
// sides of the range-reduction and overflow/underflow edges, exact specials, and a truncated
// polynomial caught.
import { describe, expect, it } from "vitest";
import { EXP_F64_POLY, expF64 } from "../../../src/backend/wasm/simd-math-f64.js";
import type { SimdUnary } from "../../../src/backend/wasm/simd-math-f32.js";
import { simdUnaryKernel } from "../../../src/backend/wasm/simd-math-runtime.js";

const SPECIALS = [0, -0, Infinity, -Infinity, NaN];
const MIN_NORMAL = 2 ** -1022;

function sweep(): Float64Array {
  const n = 1 << 20;
  const xs: number[] = [];
  let s = 7;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    xs.push(-750 + (1460 * (i + s / 2 ** 32)) / n); // stratified over [−750, 710]
  }
  for (let j = -1080; j <= 1025; j++) for (const d of [-1e-12, 0, 1e-12]) xs.push((j + 0.5) * Math.LN2 * (1 + d));
  xs.push(709.782712893384, 709.7827128933841, -708.3964185322641, -745.1332191019411, -745.1332191019412, 1e-300, -1e-300, 5e-324);
  return new Float64Array(xs);
}

function measure(f: SimdUnary): { maxRel: number; at: number; specialsMismatched: number[] } {
  const xs = sweep();
  const ys = simdUnaryKernel(f, "float64").apply(xs);
  let maxRel = 0, at = NaN;
  for (let i = 0; i < xs.length; i++) {
    const want = Math.exp(xs[i]!);
    if (want === 0 || want === Infinity) {
      if (ys[i] !== want) { maxRel = Infinity; at = xs[i]!; }
      continue;
    }
    // relative where the result is normal, in units of the smallest normal below it (subnormal ulps)
    const rel = Math.abs(ys[i]! - want) / Math.max(Math.abs(want), MIN_NORMAL);
    if (rel > maxRel) { maxRel = rel; at = xs[i]!; }
  }
  const sp = simdUnaryKernel(f, "float64").apply(new Float64Array(SPECIALS));
  const specialsMismatched = SPECIALS.filter((x, i) => !Object.is(sp[i], Math.exp(x)) && !(Number.isNaN(sp[i]) && Number.isNaN(Math.exp(x))));
  return { maxRel, at, specialsMismatched };
}

describe("float64 vector exp", () => {
  it("is within 1e-15 relative of Math.exp, specials exact", () => {
    const m = measure(expF64);
    console.log(`exp float64: max relative error ${m.maxRel.toExponential(2)} at x = ${m.at}`);
    expect(m.specialsMismatched).toEqual([]);
    expect(m.maxRel).toBeLessThanOrEqual(1e-15);
  });

  it("a truncated polynomial breaks the bound", () => {
    expect(measure((L, x) => expF64(L, x, EXP_F64_POLY.slice(0, -2))).maxRel).toBeGreaterThan(1e-15);
  });
});
