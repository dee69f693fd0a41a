// The vectorised sine and cosine against the scalar kernels (Math.sin, Math.cos; float32 rounded with
// Math.fround): float32 over a sweep of the whole float32 range plus a dense sweep of the reduced
// range, float64 over every binade and near the multiples of π/2 where the reduction cancels; both
// sides of the reduction's limit (2^20, beyond which lanes take the scalar import), NaN/±∞/±0 and
// subnormals exactly; the π/2 split checked against π's digits; a shortened polynomial caught.
import { describe, expect, it } from "vitest";
import type { SimdUnary } from "../../../src/backend/wasm/simd-math-f32.js";
import { cosF32, sinF32 } from "../../../src/backend/wasm/simd-math-f32-trig.js";
import { COS_F64_POLY, PIO2_PARTS, SIN_F64_POLY, TRIG_REDUCTION_LIMIT, cosF64, sinF64 } from "../../../src/backend/wasm/simd-math-f64-trig.js";
import { simdUnaryKernel } from "../../../src/backend/wasm/simd-math-runtime.js";

const bits = new Int32Array(1);
const asFloat = new Float32Array(bits.buffer);
function ordinal(x: number): number {
  asFloat[0] = x;
  const b = bits[0]!;
  return b < 0 ? -(b & 0x7fffffff) : b;
}
function ulp32(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  return Math.abs(ordinal(a) - ordinal(b));
}
const same = (a: number, b: number): boolean => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

const SPECIALS = [0, -0, Infinity, -Infinity, NaN, 2 ** -149, -(2 ** -149), 2 ** -126, 5e-324, -5e-324, 1e-310];
const LIMIT_EDGES = [TRIG_REDUCTION_LIMIT, TRIG_REDUCTION_LIMIT * (1 + 2 ** -23), TRIG_REDUCTION_LIMIT * (1 - 2 ** -24)].flatMap((x) => [x, -x]);

/** Float32 inputs: every 2^10-th bit pattern with a jitter, a dense sweep of ±2^21, multiples of π/2 and their neighbours. */
function sweep32(): Float32Array {
  const xs: number[] = [];
  const n = 1 << 22;
  const u = new Uint32Array(1);
  const f = new Float32Array(u.buffer);
  for (let i = 0; i < n; i++) {
    u[0] = ((i << 10) | (Math.imul(i, 2654435761) >>> 22)) >>> 0;
    xs.push(f[0]!);
  }
  for (let i = 0; i < 1 << 20; i++) xs.push(((i / (1 << 20)) * 2 - 1) * 2 ** (21 * ((i * 0.618) % 1)));
  for (let k = -5000; k <= 5000; k++) {
    f[0] = (k * Math.PI) / 2;
    const b = new Int32Array(f.buffer)[0]!;
    for (let d = -2; d <= 2; d++) {
      new Int32Array(f.buffer)[0] = b + d;
      xs.push(f[0]!);
    }
  }
  return Float32Array.from([...xs, ...SPECIALS, ...LIMIT_EDGES]);
}

/** Float64 inputs: every binade (both signs), dense in ±8, near multiples of π/2 up to the limit, the limit's edges. */
function sweep64(): Float64Array {
  const xs: number[] = [];
  let s = 17;
  const rnd = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  for (let i = 0; i < 1 << 19; i++) xs.push((rnd() < 0.5 ? -1 : 1) * (1 + rnd()) * 2 ** (-1074 + Math.floor(rnd() * 2098)));
  for (let i = 0; i < 1 << 19; i++) xs.push((rnd() * 2 - 1) * 8);
  for (let i = 0; i < 1 << 17; i++) {
    const k = Math.floor(rnd() * 667000) * (rnd() < 0.5 ? -1 : 1);
    const x = (k * Math.PI) / 2;
    xs.push(x, x * (1 + 2 ** -52), x * (1 - 2 ** -53));
  }
  return Float64Array.from([...xs, ...SPECIALS, ...LIMIT_EDGES]);
}

function measure32(f: SimdUnary, ref: (x: number) => number): { max: number; at: number; specials: number[] } {
  const xs = sweep32();
  const ys = simdUnaryKernel(f).apply(xs);
  let max = 0, at = NaN;
  for (let i = 0; i < xs.length; i++) {
    const d = ulp32(ys[i]!, Math.fround(ref(xs[i]!)));
    if (d > max) { max = d; at = xs[i]!; }
  }
  const sp = Float32Array.from([...SPECIALS, ...LIMIT_EDGES]);
  const got = simdUnaryKernel(f).apply(sp);
  return { max, at, specials: [...sp].filter((x, i) => !same(got[i]!, Math.fround(ref(x)))) };
}

/** Relative error against `ref`, where the result is nonzero (absolute in units of 2^-1022 below the normals). */
function measure64(f: SimdUnary, ref: (x: number) => number): { max: number; at: number; specials: number[] } {
  const xs = sweep64();
  const ys = simdUnaryKernel(f, "float64").apply(xs);
  let max = 0, at = NaN;
  for (let i = 0; i < xs.length; i++) {
    const want = ref(xs[i]!);
    if (Number.isNaN(want)) {
      if (!Number.isNaN(ys[i]!)) { max = Infinity; at = xs[i]!; }
      continue;
    }
    const rel = Math.abs(ys[i]! - want) / Math.max(Math.abs(want), 2 ** -1022);
    if (rel > max) { max = rel; at = xs[i]!; }
  }
  const sp = Float64Array.from([...SPECIALS, ...LIMIT_EDGES]);
  const got = simdUnaryKernel(f, "float64").apply(sp);
  return { max, at, specials: [...sp].filter((x, i) => !same(got[i]!, ref(x))) };
}

describe("vector sine and cosine", () => {
  for (const [name, f, ref] of [["sin", sinF32, Math.sin], ["cos", cosF32, Math.cos]] as const) {
    it(`float32 ${name} is within 1 ulp of fround(Math.${name}) over the whole range, specials exact`, () => {
      const m = measure32(f, ref);
      console.log(`${name} float32: max ${m.max} ulp at x = ${m.at}`);
      expect(m.specials).toEqual([]);
      expect(m.max).toBeLessThanOrEqual(1);
    });
  }

  for (const [name, f, ref] of [["sin", sinF64, Math.sin], ["cos", cosF64, Math.cos]] as const) {
    it(`float64 ${name} is within 1e-15 relative of Math.${name}, specials exact`, () => {
      const m = measure64(f, ref);
      console.log(`${name} float64: max relative error ${m.max.toExponential(2)} at x = ${m.at}`);
      expect(m.specials).toEqual([]);
      expect(m.max).toBeLessThanOrEqual(1e-15);
    });
  }

  it("the π/2 parts sum to π/2 within 2^-140 (checked against 100 digits of π)", () => {
    const PI = "3141592653589793238462643383279502884197169399375105820974944592307816406286208998628034825342117068";
    const K = 300n;
    const halfPi = (BigInt(PI) << K) / (2n * 10n ** BigInt(PI.length - 1));
    const exact = (d: number): bigint => {
      let e = 0n, x = d;
      while (!Number.isInteger(x)) { x *= 2; e++; }
      return (BigInt(x) << K) >> e;
    };
    const sum = PIO2_PARTS.reduce((acc, p) => acc + exact(p), 0n);
    const err = sum > halfPi ? sum - halfPi : halfPi - sum;
    expect(err < 1n << (K - 140n)).toBe(true);
    // P1..P3 have at most 33 significant bits, so n·Pi is exact for |n| < 2^20
    for (const p of PIO2_PARTS.slice(0, 3)) expect(exact(p) % (exact(p) >> BigInt(exact(p).toString(2).length - 33))).toBe(0n);
  });

  it("a shortened polynomial breaks the bound (the sweep can fail)", () => {
    const m = measure64((L, x) => sinF64(L, x, { sin: SIN_F64_POLY.slice(0, -3), cos: COS_F64_POLY }), Math.sin);
    expect(m.max).toBeGreaterThan(1e-14);
    const c = measure32((L, x) => cosF32(L, x, { sin: SIN_F64_POLY, cos: COS_F64_POLY.slice(0, -6) }), Math.cos);
    expect(c.max).toBeGreaterThan(1);
  });
});
