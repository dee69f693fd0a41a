// The vectorised float64 exp, log, logistic and tanh against Math.exp, Math.log, the scalar logistic
// and Math.tanh: relative error over a sweep of
// the float64 range (exp: where it is finite and nonzero, subnormal results measured against the
// smallest normal; log: every binade, subnormals included), both sides of the range-reduction,
// overflow and underflow edges, exact specials, and a truncated polynomial caught.
import { describe, expect, it } from "vitest";
import { EXP_F64_POLY, LOG_F64_POLY, TANH_F64_POLY, expF64, logF64, logisticF64, tanhF64 } from "../../../src/backend/wasm/simd-math-f64.js";
import type { SimdUnary } from "../../../src/backend/wasm/simd-math-f32.js";
import { simdUnaryKernel } from "../../../src/backend/wasm/simd-math-runtime.js";
import { logistic } from "../../../src/tensor/kernels/scalar-math.js";

const SPECIALS = [0, -0, Infinity, -Infinity, NaN];
const MIN_NORMAL = 2 ** -1022;

function sweepExp(): Float64Array {
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

/** exp's sweep and its mirror image: logistic reads e^−|x|. */
const sweepLogistic = (): Float64Array => {
  const xs = sweepExp();
  return new Float64Array([...xs, ...xs.map((x) => -x), 0.5, -0.5, 37.5, -37.5]);
};

/** tanh's sweep: exp's, halved and mirrored, dense through the polynomial's interval and its edge. */
const sweepTanh = (): Float64Array => {
  const xs = [...sweepExp()].map((x) => x / 2);
  const n = 1 << 18;
  for (let i = 0; i < n; i++) xs.push(((i + 0.5) / n) * 0.7, 2 ** (-1074 + (1074 * i) / n));
  xs.push(0.625, 0.625 * (1 + 2 ** -52), 0.625 * (1 - 2 ** -53), 19.06, 19.07);
  return new Float64Array([...xs, ...xs.map((x) => -x)]);
};

/** Positive doubles in every binade from the smallest subnormal up, plus the edges of log's mantissa split. */
function sweepLog(): Float64Array {
  const n = 1 << 20;
  const xs: number[] = [];
  let s = 11;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    xs.push((1 + s / 2 ** 32) * 2 ** (-1074 + Math.floor((2098 * i) / n)));
  }
  for (let e = -1074; e <= 1023; e++) for (const d of [-1e-15, 0, 1e-15]) xs.push(Math.SQRT2 * 2 ** e * (1 + d), 2 ** e * (1 + d));
  xs.push(1, 1 + 2 ** -52, 1 - 2 ** -53, Number.MAX_VALUE, 5e-324);
  return new Float64Array(xs.filter((x) => x > 0 && x < Infinity));
}

function measure(f: SimdUnary, ref: (x: number) => number, sweep: () => Float64Array): { maxRel: number; at: number; specialsMismatched: number[] } {
  const xs = sweep();
  const ys = simdUnaryKernel(f, "float64").apply(xs);
  let maxRel = 0, at = NaN;
  for (let i = 0; i < xs.length; i++) {
    const want = ref(xs[i]!);
    if (want === 0 || want === Infinity) {
      if (ys[i] !== want) { maxRel = Infinity; at = xs[i]!; }
      continue;
    }
    // relative where the result is normal, in units of the smallest normal below it (subnormal ulps)
    const rel = Math.abs(ys[i]! - want) / Math.max(Math.abs(want), MIN_NORMAL);
    if (rel > maxRel) { maxRel = rel; at = xs[i]!; }
  }
  const sp = simdUnaryKernel(f, "float64").apply(new Float64Array([...SPECIALS, -1]));
  const specialsMismatched = [...SPECIALS, -1].filter((x, i) => !Object.is(sp[i], ref(x)) && !(Number.isNaN(sp[i]) && Number.isNaN(ref(x))));
  return { maxRel, at, specialsMismatched };
}

describe("float64 vector exp and log", () => {
  it("exp is within 1e-15 relative of Math.exp, specials exact", () => {
    const m = measure(expF64, Math.exp, sweepExp);
    console.log(`exp float64: max relative error ${m.maxRel.toExponential(2)} at x = ${m.at}`);
    expect(m.specialsMismatched).toEqual([]);
    expect(m.maxRel).toBeLessThanOrEqual(1e-15);
  });

  it("a truncated polynomial breaks the bound", () => {
    expect(measure((L, x) => expF64(L, x, EXP_F64_POLY.slice(0, -2)), Math.exp, sweepExp).maxRel).toBeGreaterThan(1e-15);
  });

  it("log is within 1e-15 relative of Math.log, specials exact", () => {
    const m = measure(logF64, Math.log, sweepLog);
    console.log(`log float64: max relative error ${m.maxRel.toExponential(2)} at x = ${m.at}`);
    expect(m.specialsMismatched).toEqual([]);
    expect(m.maxRel).toBeLessThanOrEqual(1e-15);
  });

  it("a truncated log series breaks the bound", () => {
    expect(measure((L, x) => logF64(L, x, LOG_F64_POLY.slice(0, -6)), Math.log, sweepLog).maxRel).toBeGreaterThan(1e-15);
  });

  it("logistic is within 1e-15 relative of the scalar kernel, specials exact", () => {
    const m = measure(logisticF64, logistic, sweepLogistic);
    console.log(`logistic float64: max relative error ${m.maxRel.toExponential(2)} at x = ${m.at}`);
    expect(m.specialsMismatched).toEqual([]);
    expect(m.maxRel).toBeLessThanOrEqual(1e-15);
  });

  it("tanh is within 1e-15 relative of Math.tanh, specials exact", () => {
    const m = measure(tanhF64, Math.tanh, sweepTanh);
    console.log(`tanh float64: max relative error ${m.maxRel.toExponential(2)} at x = ${m.at}`);
    expect(m.specialsMismatched).toEqual([]);
    expect(m.maxRel).toBeLessThanOrEqual(1e-15);
  });

  it("a truncated tanh series breaks the bound", () => {
    const short: typeof tanhF64 = (L, x) => tanhF64(L, x, TANH_F64_POLY.slice(0, -4));
    expect(measure(short, Math.tanh, sweepTanh).maxRel).toBeGreaterThan(1e-15);
  });
});
