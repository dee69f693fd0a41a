// The WebAssembly SIMD GEMM against a float64 reference: every transpose combination, odd and
// block-boundary sizes, float32 (bound k·2⁻²³·Σ|a·b| per element) and float64 (k·2⁻⁵²·Σ|a·b|),
// batches through gemmStrided, exact sums of small integers, and threaded = one thread bit for bit.
import { describe, expect, it, vi } from "vitest";
import { wasmGemm, type Strided } from "../../../src/backend/wasm/gemm.js";
import { readyWorkers } from "../../../src/backend/wasm/threads.js";
import { gemmStrided, installGemmAccelerator } from "../../../src/tensor/kernels/gemm.js";
import { mulberry32 } from "../../kernels/reference.js";

type Float = "float32" | "float64";
const ctor = (d: Float) => (d === "float32" ? Float32Array : Float64Array);
const EPS: Record<Float, number> = { float32: 2 ** -23, float64: 2 ** -52 };

function generate(dtype: Float, len: number, f: () => number): Float32Array | Float64Array {
  const out = new (ctor(dtype))(len);
  for (let i = 0; i < len; i++) out[i] = f();
  return out;
}

function random(dtype: Float, len: number, seed: number): Float32Array | Float64Array {
  const rnd = mulberry32(seed);
  return generate(dtype, len, () => rnd() * 2 - 1);
}

/** A's element (i, p) of an m×k matrix stored row-major (transposed = false) or column-major. */
const view = (data: Float32Array | Float64Array, rows: number, cols: number, transposed: boolean): Strided =>
  transposed ? { data, offset: 0, rowStride: 1, colStride: rows } : { data, offset: 0, rowStride: cols, colStride: 1 };

/** Largest |got − exact| / (k·eps·Σ|a·b|) over the product, the exact sum taken in float64. */
function worstRatio(dtype: Float, m: number, k: number, n: number, a: Strided, b: Strided, got: ArrayLike<number>, outOffset = 0): number {
  let worst = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0, scale = 0;
      for (let p = 0; p < k; p++) {
        const x = a.data[a.offset + i * a.rowStride + p * a.colStride]! * b.data[b.offset + p * b.rowStride + j * b.colStride]!;
        sum += x;
        scale += Math.abs(x);
      }
      const err = Math.abs(got[outOffset + i * n + j]! - sum);
      if (err > 0) worst = Math.max(worst, err / (k * EPS[dtype] * scale));
    }
  }
  return worst;
}

const SIZES: [number, number, number][] = [[1, 1, 1], [3, 3, 3], [17, 17, 17], [1, 5, 9], [9, 5, 1], [4, 1, 8], [65, 257, 33], [257, 257, 257], [1000, 3, 1001]];

describe("wasmGemm: float32 and float64 against a float64 reference", () => {
  for (const dtype of ["float32", "float64"] as const) {
    for (const [m, k, n] of SIZES) {
      it(`${dtype} ${m}×${k}×${n}, every transpose combination, within k·eps·Σ|a·b|`, () => {
        const A = random(dtype, m * k, m + 7 * k), B = random(dtype, k * n, n + 13 * k);
        for (const ta of [false, true]) {
          for (const tb of [false, true]) {
            const a = view(A, m, k, ta), b = view(B, k, n, tb);
            const out = new (ctor(dtype))(m * n).fill(NaN);
            expect(wasmGemm(dtype, m, k, n, a, b, out, 0, 1)).toBe(true);
            expect(worstRatio(dtype, m, k, n, a, b, out), `ta=${ta} tb=${tb}`).toBeLessThanOrEqual(1);
          }
        }
      });
    }
  }

  it("detects a wrong product (the check can fail)", () => {
    const A = random("float32", 9, 1), B = random("float32", 9, 2);
    const out = new Float32Array(9);
    wasmGemm("float32", 3, 3, 3, view(A, 3, 3, false), view(B, 3, 3, false), out, 0, 1);
    out[4]! += 1e-3;
    expect(worstRatio("float32", 3, 3, 3, view(A, 3, 3, false), view(B, 3, 3, false), out)).toBeGreaterThan(1);
  });

  it("sums products of small integers exactly (float32 and float64)", () => {
    for (const dtype of ["float32", "float64"] as const) {
      const [m, k, n] = [37, 300, 29];
      const rnd = mulberry32(5);
      const A = generate(dtype, m * k, () => Math.floor(rnd() * 17) - 8);
      const B = generate(dtype, k * n, () => Math.floor(rnd() * 17) - 8);
      const out = new (ctor(dtype))(m * n);
      wasmGemm(dtype, m, k, n, view(A, m, k, true), view(B, k, n, false), out, 0);
      expect(worstRatio(dtype, m, k, n, view(A, m, k, true), view(B, k, n, false), out)).toBe(0);
    }
  });

  it("gives the same bits on two threads as on one (same blocking per thread)", async () => {
    await vi.waitFor(() => expect(readyWorkers()).toBeGreaterThan(0), { timeout: 20_000, interval: 50 });
    for (const dtype of ["float32", "float64"] as const) {
      const [m, k, n] = [301, 290, 263]; // above the threading threshold, odd edges
      const A = random(dtype, m * k, 3), B = random(dtype, k * n, 4);
      const one = new (ctor(dtype))(m * n), two = new (ctor(dtype))(m * n);
      wasmGemm(dtype, m, k, n, view(A, m, k, false), view(B, k, n, true), one, 0, 1);
      wasmGemm(dtype, m, k, n, view(A, m, k, false), view(B, k, n, true), two, 0, 2);
      expect(Buffer.from(two.buffer).equals(Buffer.from(one.buffer))).toBe(true);
      expect(worstRatio(dtype, m, k, n, view(A, m, k, false), view(B, k, n, true), two)).toBeLessThanOrEqual(1);
    }
  });

  it("handles k = 0 and empty outputs", () => {
    const out = new Float32Array(6).fill(7);
    expect(wasmGemm("float32", 2, 0, 3, view(new Float32Array(0), 2, 0, false), view(new Float32Array(0), 0, 3, false), out, 0)).toBe(true);
    expect(Array.from(out)).toEqual([0, 0, 0, 0, 0, 0]);
  });
});

describe("gemmStrided with the WebAssembly GEMM installed", () => {
  it("batches: each matrix of a strided batch within the bound, float32 and float64", () => {
    let calls = 0;
    installGemmAccelerator((...args) => (calls++, wasmGemm(...args)));
    try {
      for (const dtype of ["float32", "float64"] as const) {
        const [batch, m, k, n] = [3, 64, 70, 80]; // large enough for the accelerator
        const A = random(dtype, batch * m * k, 8), B = random(dtype, batch * k * n, 9);
        // A batch-major and transposed within each matrix; B with the batch as its innermost axis.
        const a = { data: A, offset: 0, batchStride: m * k, rowStride: 1, colStride: m };
        const b = { data: B, offset: 0, batchStride: 1, rowStride: n * batch, colStride: batch };
        const out = gemmStrided(batch, m, k, n, a, b, dtype);
        expect(out).toBeInstanceOf(ctor(dtype));
        for (let t = 0; t < batch; t++) {
          const at = { data: A, offset: t * m * k, rowStride: 1, colStride: m };
          const bt = { data: B, offset: t, rowStride: n * batch, colStride: batch };
          expect(worstRatio(dtype, m, k, n, at, bt, out, t * m * n), `batch ${t}`).toBeLessThanOrEqual(1);
        }
      }
      expect(calls).toBe(6);
    } finally {
      installGemmAccelerator(undefined);
    }
  });
});
