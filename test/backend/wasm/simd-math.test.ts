// The vectorised float32 transcendentals against Math.fround of the float64 functions (the scalar
// kernels): the largest ulp error over a sweep of the whole float32 range — every 2^10-th bit
// pattern with a deterministic jitter in the low 10 bits, plus the special values and both sides of
// each range-reduction edge — is within each function's stated bound, specials match exactly, and a
// truncated polynomial is caught.
import { describe, expect, it } from "vitest";
import { EXP_F32_POLY, type SimdUnary, expF32, logF32, logisticF32, tanhF32 } from "../../../src/backend/wasm/simd-math-f32.js";
import { erfF32 } from "../../../src/backend/wasm/simd-math-f32-erf.js";
import { erf, logistic } from "../../../src/tensor/kernels/scalar-math.js";
import { simdUnaryKernel } from "../../../src/backend/wasm/simd-math-runtime.js";

const bits = new Int32Array(1);
const asFloat = new Float32Array(bits.buffer);

/** A float32's position on the number line in ulps (±0 both 0). */
function ordinal(x: number): number {
  asFloat[0] = x;
  const b = bits[0]!;
  return b < 0 ? -(b & 0x7fffffff) : b;
}

/** Ulps between two float32 values; 0 for two NaNs, ∞ when one is NaN. */
function ulpDistance(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  return Math.abs(ordinal(a) - ordinal(b));
}

/** Values each function must give exactly as the scalar kernel does. */
const SPECIALS = [0, -0, Infinity, -Infinity, NaN];
/** The ends of the float32 range, swept with every function's own edges. */
const LIMITS = [2 ** -149, 2 ** -126, 2 ** -126 - 2 ** -149, 3.4028234663852886e38, 1, 0.5, 2].flatMap((x) => [x, -x]);

/** The float32 values within `k` ulps of `x`. */
function around(x: number, k = 3): number[] {
  const out: number[] = [];
  asFloat[0] = x;
  const b0 = bits[0]!;
  for (let d = -k; d <= k; d++) {
    bits[0] = b0 + d;
    out.push(asFloat[0]!);
  }
  return out;
}

/** Bit patterns swept: every 2^10-th, each with a low 10-bit jitter. */
const SWEPT = 1 << 22;

function sweep(edges: readonly number[]): Float32Array {
  const n = SWEPT;
  const out = new Float32Array(n + SPECIALS.length + 7 * (edges.length + LIMITS.length));
  const u = new Uint32Array(out.buffer, 0, n);
  for (let i = 0; i < n; i++) u[i] = ((i << 10) | (Math.imul(i, 2654435761) >>> 22)) >>> 0;
  out.set(SPECIALS, n);
  out.set([...edges, ...LIMITS].flatMap((e) => around(e)), n + SPECIALS.length);
  return out;
}

interface Case {
  readonly name: string;
  readonly f: SimdUnary;
  readonly ref: (x: number) => number;
  readonly bound: number;
  readonly edges: readonly number[];
}

const range = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, i) => a + i);
const CASES: readonly Case[] = [
  {
    name: "exp", f: expF32, ref: Math.exp, bound: 1,
    // the rounding points of n = round(x/ln2), overflow, the subnormal onset, underflow
    edges: [...range(-150, 128).map((n) => (n + 0.5) * Math.LN2), 88.72283935546875, -87.33654475, -103.97208, -103.27893],
  },
  {
    name: "log", f: logF32, ref: Math.log, bound: 1,
    // the mantissa split at √2, powers of two, 1, the subnormal boundary
    edges: [...range(-149, 127).flatMap((e) => [Math.SQRT2 * 2 ** e, 2 ** e]), 1],
  },
  {
    name: "tanh", f: tanhF32, ref: Math.tanh, bound: 2,
    // the switch to the exponential form, where the result reaches ±1
    edges: [0.625, -0.625, 9.010913, -9.010913, 1e-4, -1e-4],
  },
  {
    name: "logistic", f: logisticF32, ref: logistic, bound: 2,
    // the sign switch, where 1/(1 + e) reaches 1, where e/(1 + e) underflows
    edges: [-1e-30, 1e-30, 16.635532, 17.32868, -87.33654, -103.27893, -103.97208],
  },
  {
    name: "erf", f: erfF32, ref: erf, bound: 2,
    // the switch of polynomials, where erf reaches ±1 in float32, the clamp
    edges: [0.875, -0.875, 3.9192059, -3.9192059, 4, -4],
  },
];

function measure(c: Case, f: SimdUnary = c.f): { max: number; at: number; mismatched: number[] } {
  const xs = sweep(c.edges);
  const ys = simdUnaryKernel(f).apply(xs);
  let max = 0, at = NaN;
  const mismatched: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    const want = Math.fround(c.ref(xs[i]!));
    const d = ulpDistance(ys[i]!, want);
    if (d > max) { max = d; at = xs[i]!; }
    if (i >= SWEPT && i < SWEPT + SPECIALS.length && !Object.is(ys[i], want) && !(Number.isNaN(ys[i]) && Number.isNaN(want))) mismatched.push(xs[i]!);
  }
  return { max, at, mismatched };
}

describe("float32 vector functions: max ulp over the whole range", () => {
  for (const c of CASES) {
    it(`${c.name} is within ${c.bound} ulp, specials exact`, () => {
      const m = measure(c);
      console.log(`${c.name}: max ${m.max} ulp at x = ${m.at}`);
      expect(m.mismatched).toEqual([]);
      expect(m.max).toBeLessThanOrEqual(c.bound);
    });
  }

  it("a truncated polynomial breaks the bound (the sweep can fail)", () => {
    const exp = CASES[0]!;
    const m = measure(exp, (L, x) => expF32(L, x, EXP_F32_POLY.slice(0, -1)));
    expect(m.max).toBeGreaterThan(exp.bound + 1);
  });
});
