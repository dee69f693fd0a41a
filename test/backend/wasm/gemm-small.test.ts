// The WebAssembly GEMM's no-packing path for small products (gemm-small-kernel.ts, `smallGemm` in
// gemm.ts) against its closed form: each C element is the depth-ordered sum Σₚ a·b rounded as the
// kernel rounds it (float32: fround after every multiply and every add; float64: plain JS
// arithmetic), so results must match bit for bit — for every transpose combination, odd sizes
// (tile padding), offsets, strided views, with the wasm memory past the copied operands poisoned
// with NaN (what the padding reads must never reach the result), and through gemmStrided.
import { describe, expect, it, vi } from "vitest";
import { SMALL_WORK, wasmGemm, type Strided } from "../../../src/backend/wasm/gemm.js";
import { CONTROL_BYTES, gemmRuntime } from "../../../src/backend/wasm/gemm-runtime.js";
import { PARALLEL_WORK, readyWorkers } from "../../../src/backend/wasm/threads.js";
import { gemmStrided } from "../../../src/tensor/kernels/gemm.js";
import { wire } from "../../../src/wire.js";
import { mulberry32 } from "../../kernels/reference.js";

wire();

type Float = "float32" | "float64";
const ctor = (d: Float) => (d === "float32" ? Float32Array : Float64Array);

function random(dtype: Float, len: number, seed: number): Float32Array | Float64Array {
  const rnd = mulberry32(seed);
  const out = new (ctor(dtype))(len);
  for (let i = 0; i < len; i++) out[i] = rnd() * 2 - 1;
  return out;
}

/** The kernel's arithmetic, written out: per element, products added in depth order, rounded as `dtype` stores. */
function sequential(dtype: Float, m: number, k: number, n: number, a: Strided, b: Strided): Float32Array | Float64Array {
  const round = dtype === "float32" ? Math.fround : (x: number) => x;
  const out = new (ctor(dtype))(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let acc = 0;
      for (let p = 0; p < k; p++) acc = round(acc + round(a.data[a.offset + i * a.rowStride + p * a.colStride]! * b.data[b.offset + p * b.rowStride + j * b.colStride]!));
      out[i * n + j] = acc;
    }
  }
  return out;
}

/** Fills the wasm memory past the control block with NaN, so a read of anything but the operands shows. */
function poison(): void {
  const rt = gemmRuntime()!;
  new Float32Array(rt.memory.buffer).fill(NaN, CONTROL_BYTES / 4, CONTROL_BYTES / 4 + (1 << 18));
}

const bits = (x: Float32Array | Float64Array): string => Array.from(x, (v) => (Object.is(v, -0) ? "-0" : String(v))).join(",");

const SIZES: [number, number, number][] = [[2, 2, 2], [3, 5, 7], [4, 1, 8], [5, 17, 9], [32, 32, 64], [32, 64, 64], [64, 32, 32], [33, 200, 31]];

describe("the small-product path equals the depth-ordered sum bit for bit", () => {
  it("covers the sizes tested (all within SMALL_WORK and one depth block)", () => {
    for (const [m, k, n] of SIZES) expect(m * n * k).toBeLessThanOrEqual(SMALL_WORK);
  });
  for (const dtype of ["float32", "float64"] as const) {
    for (const [m, k, n] of SIZES) {
      it(`${dtype} ${m}×${k}×${n}, every transpose combination, offsets, NaN past the operands`, () => {
        const pad = 3;
        const A = random(dtype, m * k + pad, m * 31 + k), B = random(dtype, k * n + pad, n * 17 + k);
        for (const ta of [false, true]) {
          for (const tb of [false, true]) {
            const a: Strided = ta ? { data: A, offset: pad, rowStride: 1, colStride: m } : { data: A, offset: pad, rowStride: k, colStride: 1 };
            const b: Strided = tb ? { data: B, offset: 1, rowStride: 1, colStride: k } : { data: B, offset: 1, rowStride: n, colStride: 1 };
            poison();
            const out = new (ctor(dtype))(m * n + 2).fill(7);
            expect(wasmGemm(dtype, m, k, n, a, b, out, 1)).toBe(true);
            expect(bits(out.subarray(1, 1 + m * n)), `ta=${ta} tb=${tb}`).toBe(bits(sequential(dtype, m, k, n, a, b)));
            expect([out[0], out[m * n + 1]]).toEqual([7, 7]); // nothing written outside [outOffset, outOffset + m·n)
          }
        }
      });
    }
  }

  it("strided views (every other row and column of a larger matrix) read the right elements", () => {
    const [m, k, n] = [6, 10, 12];
    const A = random("float32", 4 * m * k, 5), B = random("float32", 2 * k * n, 6);
    const a: Strided = { data: A, offset: 1, rowStride: 4 * k, colStride: 2 }; // spans > 2× its elements: the packed path
    const a2: Strided = { data: A, offset: 0, rowStride: k + 1, colStride: 1 }; // a row gap of one: the no-packing path
    const b: Strided = { data: B, offset: 0, rowStride: 2 * n, colStride: 1 };
    for (const av of [a, a2]) {
      poison();
      const out = new Float32Array(m * n);
      expect(wasmGemm("float32", m, k, n, av, b, out, 0)).toBe(true);
      expect(bits(out)).toBe(bits(sequential("float32", m, k, n, av, b)));
    }
  });

  it("above the threading threshold, split across two threads, it still equals the depth-ordered sum bit for bit", async () => {
    await vi.waitFor(() => expect(readyWorkers()).toBeGreaterThan(0), { timeout: 20_000, interval: 50 });
    const [m, k, n] = [203, 256, 131]; // one depth block, odd edges, 6.8 M multiply-adds
    expect(m * k * n).toBeGreaterThan(PARALLEL_WORK);
    expect(m * k * n).toBeLessThanOrEqual(SMALL_WORK);
    for (const dtype of ["float32", "float64"] as const) {
      const A = random(dtype, m * k, 12), B = random(dtype, k * n, 13);
      for (const ta of [false, true]) {
        for (const tb of [false, true]) {
          const a: Strided = ta ? { data: A, offset: 0, rowStride: 1, colStride: m } : { data: A, offset: 0, rowStride: k, colStride: 1 };
          const b: Strided = tb ? { data: B, offset: 0, rowStride: 1, colStride: k } : { data: B, offset: 0, rowStride: n, colStride: 1 };
          const one = new (ctor(dtype))(m * n), two = new (ctor(dtype))(m * n);
          expect(wasmGemm(dtype, m, k, n, a, b, one, 0, 1)).toBe(true);
          expect(wasmGemm(dtype, m, k, n, a, b, two, 0, 2)).toBe(true);
          const want = bits(sequential(dtype, m, k, n, a, b));
          expect(bits(one), `${dtype} ta=${ta} tb=${tb}, one thread`).toBe(want);
          expect(bits(two), `${dtype} ta=${ta} tb=${tb}, two threads`).toBe(want);
        }
      }
    }
  });

  it("a depth beyond one block (k = 300) takes the packed path and still meets the float32 bound", () => {
    const [m, k, n] = [8, 300, 8];
    const A = random("float32", m * k, 8), B = random("float32", k * n, 9);
    const a: Strided = { data: A, offset: 0, rowStride: k, colStride: 1 }, b: Strided = { data: B, offset: 0, rowStride: n, colStride: 1 };
    const out = new Float32Array(m * n);
    expect(wasmGemm("float32", m, k, n, a, b, out, 0)).toBe(true);
    const want = sequential("float64", m, k, n, a, b);
    for (let i = 0; i < m * n; i++) expect(Math.abs(out[i]! - want[i]!)).toBeLessThan(k * 2 ** -23 * k);
  });

  it("through gemmStrided, a batch of float32 products equals the per-product closed form", () => {
    const [batch, m, k, n] = [3, 16, 32, 32]; // 16,384 multiply-adds at depth 32: the accelerator's
    const A = random("float32", batch * m * k, 10), B = random("float32", batch * k * n, 11);
    const got = gemmStrided(batch, m, k, n, { data: A, offset: 0, batchStride: m * k, rowStride: k, colStride: 1 }, { data: B, offset: 0, batchStride: k * n, rowStride: n, colStride: 1 }, "float32");
    for (let t = 0; t < batch; t++) {
      const want = sequential("float32", m, k, n, { data: A, offset: t * m * k, rowStride: k, colStride: 1 }, { data: B, offset: t * k * n, rowStride: n, colStride: 1 });
      expect(bits((got as Float32Array).subarray(t * m * n, (t + 1) * m * n))).toBe(bits(want));
    }
  });
});
