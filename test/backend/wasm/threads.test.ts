// The GEMM's threads (threads.ts) in this process: a split product equals its closed form bit for
// bit whichever thread runs which chunk (the packed kernel across depth blocks, the no-packing
// kernel, float32 and float64) and the workers really run chunks of it; products below the
// threshold never split; products of different kernels and sizes back to back never mix their
// jobs; and a product that throws on this thread neither hangs nor disturbs the next ones.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { type Strided, wasmGemm } from "../../../src/backend/wasm/gemm.js";
import { GEMM_SHAPES } from "../../../src/backend/wasm/gemm-kernel.js";
import { gemmRuntime } from "../../../src/backend/wasm/gemm-runtime.js";
import { PARALLEL_WORK, gemmThreadStats, readyWorkers, runRows } from "../../../src/backend/wasm/threads.js";
import { mulberry32 } from "../../kernels/reference.js";

type Float = "float32" | "float64";
type Out = Float32Array | Float64Array;
const ctor = (d: Float) => (d === "float32" ? Float32Array : Float64Array);

function random(dtype: Float, len: number, seed: number): Out {
  const rnd = mulberry32(seed);
  const out = new (ctor(dtype))(len);
  for (let i = 0; i < len; i++) out[i] = rnd() * 2 - 1;
  return out;
}

/**
 * The kernels' arithmetic written out: per element, each depth block of `kc` summed in depth order
 * from zero, rounded as `dtype` stores after every multiply and add; the first block's sum stored,
 * each later block's added to it.
 */
function blocked(dtype: Float, m: number, k: number, n: number, a: Strided, b: Strided, kc: number): Out {
  const round = dtype === "float32" ? Math.fround : (x: number) => x;
  const out = new (ctor(dtype))(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let c = 0;
      for (let p0 = 0; p0 < k; p0 += kc) {
        let acc = 0;
        for (let p = p0; p < Math.min(k, p0 + kc); p++) acc = round(acc + round(a.data[a.offset + i * a.rowStride + p * a.colStride]! * b.data[b.offset + p * b.rowStride + j * b.colStride]!));
        c = p0 === 0 ? acc : round(c + acc);
      }
      out[i * n + j] = c;
    }
  }
  return out;
}

const same = (x: Out, y: Out): boolean => Buffer.from(x.buffer, x.byteOffset, x.byteLength).equals(Buffer.from(y.buffer, y.byteOffset, y.byteLength));
const rowMajor = (data: Out, cols: number): Strided => ({ data, offset: 0, rowStride: cols, colStride: 1 });
const colMajor = (data: Out, rows: number): Strided => ({ data, offset: 0, rowStride: 1, colStride: rows });

beforeAll(async () => {
  await vi.waitFor(() => expect(readyWorkers()).toBeGreaterThan(0), { timeout: 20_000, interval: 50 });
});

describe("GEMM products split across threads", () => {
  // [m, k, n]: one depth block (the no-packing kernel) and three (the packed kernel, C accumulated).
  const CASES: [number, number, number][] = [[203, 256, 131], [149, 600, 67]];
  for (const dtype of ["float32", "float64"] as const) {
    for (const [m, k, n] of CASES) {
      it(`${dtype} ${m}×${k}×${n}: equals the blocked closed form bit for bit, with chunks run by a worker`, () => {
        expect(m * k * n).toBeGreaterThanOrEqual(PARALLEL_WORK);
        const A = random(dtype, m * k, m + k), B = random(dtype, k * n, n + k);
        const a = colMajor(A, m), b = rowMajor(B, n);
        const want = blocked(dtype, m, k, n, a, b, GEMM_SHAPES[dtype].kc);
        const before = gemmThreadStats();
        // A worker that is descheduled may take no chunk of one product, and a stalled split pauses
        // splitting for a few products: a few hundred products give it its chance.
        for (let t = 0; t < 500 && gemmThreadStats().workerChunks === before.workerChunks; t++) {
          const out = new (ctor(dtype))(m * n);
          expect(wasmGemm(dtype, m, k, n, a, b, out, 0)).toBe(true);
          expect(same(out, want), `product ${t}`).toBe(true);
        }
        const after = gemmThreadStats();
        expect(after.split).toBeGreaterThan(before.split);
        expect(after.workerChunks).toBeGreaterThan(before.workerChunks);
        expect(after.recomputed).toBe(before.recomputed);
      });
    }
  }

  it("below PARALLEL_WORK a product runs on this thread alone; at it, it splits", () => {
    const [k, n] = [64, 64];
    const below = Math.floor(PARALLEL_WORK / (k * n)) - 4, at = PARALLEL_WORK / (k * n);
    const A = random("float32", at * k, 1), B = random("float32", k * n, 2);
    const s0 = gemmThreadStats().split;
    wasmGemm("float32", below, k, n, rowMajor(A, k), rowMajor(B, n), new Float32Array(below * n), 0, 2);
    expect(gemmThreadStats().split).toBe(s0);
    wasmGemm("float32", at, k, n, rowMajor(A, k), rowMajor(B, n), new Float32Array(at * n), 0, 2);
    expect(gemmThreadStats().split).toBe(s0 + 1);
  });

  it("products of both kernels, both widths and several sizes, back to back, never mix their jobs", () => {
    // Each product's one-thread result first; then 240 split products in a rotating order, so a
    // worker finishing one job meets the next (another kernel, pointers and chunk count) at once.
    const SHAPES: [Float, number, number, number][] = [["float32", 256, 256, 256], ["float64", 130, 300, 121], ["float32", 97, 512, 90], ["float64", 300, 128, 111]];
    const runs = SHAPES.map(([dtype, m, k, n], s) => {
      const A = random(dtype, m * k, 10 + s), B = random(dtype, k * n, 20 + s);
      const one = new (ctor(dtype))(m * n);
      wasmGemm(dtype, m, k, n, rowMajor(A, k), colMajor(B, k), one, 0, 1);
      return { dtype, m, k, n, A, B, one };
    });
    const before = gemmThreadStats();
    for (let t = 0; t < 240; t++) {
      const { dtype, m, k, n, A, B, one } = runs[(t * 3 + (t >> 2)) % runs.length]!;
      const out = new (ctor(dtype))(m * n);
      wasmGemm(dtype, m, k, n, rowMajor(A, k), colMajor(B, k), out, 0, 2);
      expect(same(out, one), `product ${t}: ${dtype} ${m}×${k}×${n}`).toBe(true);
    }
    expect(gemmThreadStats().split - before.split).toBe(240);
  });

  it("a product that throws on this thread neither hangs nor disturbs the products after it", () => {
    const rt = gemmRuntime()!;
    // The no-packing kernel over rows whose C lies past the end of memory: every chunk traps.
    const end = rt.memory.buffer.byteLength;
    const [mPad, nPad, k] = [1 << 16, 8, 8];
    expect(() => runRows(rt, "float32", "small", [1 << 16, k * 4, 4, 1 << 16, 4, nPad * 4, end - 1024, mPad, nPad, k, nPad], mPad, 4, mPad * nPad * k)).toThrow();
    const [m, kk, n] = [203, 256, 131];
    const A = random("float32", m * kk, 3), B = random("float32", kk * n, 4);
    const want = blocked("float32", m, kk, n, rowMajor(A, kk), rowMajor(B, n), GEMM_SHAPES.float32.kc);
    for (let t = 0; t < 20; t++) {
      const out = new Float32Array(m * n);
      wasmGemm("float32", m, kk, n, rowMajor(A, kk), rowMajor(B, n), out, 0);
      expect(same(out, want), `product ${t}`).toBe(true);
    }
  });
});
