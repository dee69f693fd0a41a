/**
 * The FFT kernel (src/tensor/kernels/fft.ts) against numpy's pocketfft (test/fixtures/fft.json,
 * written by scripts/gen-fft.py): complex forward and inverse, real forward (n/2 + 1 bins) and the
 * Hermitian inverse, for lengths 1–1000 — powers of two (radix-2), primes and composites
 * (Bluestein) — and batched along a middle, first or last axis. The error is measured against the
 * root-mean-square of numpy's result, and must stay near float64's epsilon times log n.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fftAxis, irfftAxis, rfftAxis } from "../../src/tensor/kernels/fft.js";

type Num = number | string;
interface Complex { shape: number[]; re: Num[]; im: Num[] }
interface Real { shape: number[]; data: Num[] }
interface KernelCase {
  shape: number[];
  axis: number;
  x: Complex;
  fft: Complex;
  ifft: Complex;
  r: Real;
  rfft: Complex;
  h: Complex;
  irfft: Real;
}

const FIXTURE = JSON.parse(readFileSync(new URL("../fixtures/fft.json", import.meta.url), "utf8")) as { kernel: KernelCase[] };

const interleave = (c: Complex): Float64Array => {
  const out = new Float64Array(2 * c.re.length);
  c.re.forEach((v, i) => (out[2 * i] = Number(v)));
  c.im.forEach((v, i) => (out[2 * i + 1] = Number(v)));
  return out;
};
const realOf = (r: Real): Float64Array => Float64Array.from(r.data, Number);

/** max |got − want| over the rms of want: a relative error that does not blow up at tiny bins. */
function relError(got: Float64Array, want: Float64Array): number {
  expect(got.length).toBe(want.length);
  let worst = 0;
  let sq = 0;
  for (let i = 0; i < want.length; i++) {
    worst = Math.max(worst, Math.abs(got[i]! - want[i]!));
    sq += want[i]! * want[i]!;
  }
  const rms = Math.sqrt(sq / Math.max(1, want.length));
  return rms === 0 ? worst : worst / rms;
}

/** float64's epsilon times a small multiple of log₂ n: what a well-conditioned FFT achieves. */
const tolFor = (n: number): number => 4e-16 * (2 + Math.log2(n));

describe("fft kernel vs numpy", () => {
  for (const c of FIXTURE.kernel) {
    const n = c.shape[c.axis]!;
    const title = `n=${n} shape [${c.shape.join(",")}] axis ${c.axis}`;
    it(`fft ${title}`, () => {
      expect(relError(fftAxis(interleave(c.x), c.shape, c.axis, false), interleave(c.fft))).toBeLessThan(tolFor(n));
    });
    it(`ifft ${title}`, () => {
      expect(relError(fftAxis(interleave(c.x), c.shape, c.axis, true), interleave(c.ifft))).toBeLessThan(tolFor(n));
    });
    it(`rfft ${title}`, () => {
      expect(relError(rfftAxis(realOf(c.r), c.shape, c.axis), interleave(c.rfft))).toBeLessThan(tolFor(n));
    });
    it(`irfft ${title} (imaginary parts of DC and Nyquist ignored)`, () => {
      expect(relError(irfftAxis(interleave(c.h), c.h.shape, c.axis, n), realOf(c.irfft))).toBeLessThan(tolFor(n));
    });
  }
  it("covers powers of two, primes and composites up to 1000", () => {
    const lengths = new Set(FIXTURE.kernel.map((c) => c.shape[c.axis]));
    for (const n of [1, 2, 3, 5, 7, 8, 12, 16, 17, 64, 100, 127, 128, 1000]) expect(lengths.has(n), `n=${n}`).toBe(true);
  });
});

describe("fft kernel: closed forms", () => {
  it("an impulse at j transforms to the unit roots e^(−2πijk/n) (prime length, Bluestein)", () => {
    const n = 13;
    const j = 5;
    const x = new Float64Array(2 * n);
    x[2 * j] = 1;
    const X = fftAxis(x, [n], 0, false);
    for (let k = 0; k < n; k++) {
      expect(X[2 * k]).toBeCloseTo(Math.cos((-2 * Math.PI * j * k) / n), 14);
      expect(X[2 * k + 1]).toBeCloseTo(Math.sin((-2 * Math.PI * j * k) / n), 14);
    }
  });

  it("ifft undoes fft and Parseval holds, for a long prime length", () => {
    const n = 4099;
    const x = new Float64Array(2 * n).map((_, i) => Math.sin(i * 0.37) + Math.cos(i * 1.3));
    const X = fftAxis(x, [n], 0, false);
    expect(relError(fftAxis(X, [n], 0, true), x)).toBeLessThan(tolFor(n));
    const energy = (a: Float64Array): number => a.reduce((s, v) => s + v * v, 0);
    expect(energy(X) / n / energy(x)).toBeCloseTo(1, 12);
  });

  it("does not mutate its input", () => {
    const x = new Float64Array([1, 2, 3, 4, 5, 6]);
    fftAxis(x, [3], 0, false);
    rfftAxis(x, [6], 0);
    irfftAxis(x, [3], 0, 4);
    expect(Array.from(x)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("empty batches and empty lanes give empty or zero results", () => {
    expect(fftAxis(new Float64Array(0), [0, 4], 1, false).length).toBe(0);
    expect(rfftAxis(new Float64Array(0), [2, 0], 1).length).toBe(2 * 2);
    expect(irfftAxis(new Float64Array(0), [0, 3], 1, 4).length).toBe(0);
  });

  it("runs a prime length of 2^16 + 1 in O(n log n) (well under a second)", () => {
    const n = 65537;
    const x = new Float64Array(2 * n).map((_, i) => (i % 7) - 3);
    const start = performance.now();
    const X = fftAxis(x, [n], 0, false);
    expect(performance.now() - start).toBeLessThan(2000); // a quadratic DFT takes minutes
    expect(relError(fftAxis(X, [n], 0, true), x)).toBeLessThan(tolFor(n));
  });
});
