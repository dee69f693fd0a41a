/**
 * LU in the WebAssembly workspace (backend/wasm/lu-kernel.ts) gives the JS loop's bits: factors,
 * pivots and permutation equal, element for element (NaN, ±∞ and −0 included), over square, wide,
 * tall and batched matrices with ties, zero columns and special values — and the factors
 * reproduce P·A = L·U (the elimination is right, not merely consistent).
 */
import { afterAll, describe, expect, it } from "vitest";
import { luWorkspace } from "../../src/backend/wasm/lu-kernel.js";
import { installLuWorkspace, lu } from "../../src/tensor/kernels/factor.js";
import { wire } from "../../src/wire.js";

wire();
afterAll(() => wire());

/** A deterministic matrix of `size` elements with specials sprinkled by `specials`. */
function matrix(size: number, seed: number, specials: readonly number[] = []): Float64Array {
  const a = Float64Array.from({ length: size }, (_, i) => Math.sin(i * 1.37 + seed) * 3 + (i % 7 === 0 ? 0.5 : 0));
  specials.forEach((v, k) => (a[(k * 97 + seed * 13) % size] = v));
  return a;
}

/** The kernel's result without the workspace (the JS loop) and with it. */
function both(data: Float64Array | Float32Array, shape: number[], dtype: "float32" | "float64") {
  installLuWorkspace(undefined);
  const js = lu(data, shape, dtype);
  installLuWorkspace(luWorkspace);
  const wasm = lu(data, shape, dtype);
  return { js, wasm };
}

const bits = (x: ArrayLike<number>): string[] => Array.from(x, (v) => (Object.is(v, -0) ? "-0" : String(v)));

describe("LU in the WebAssembly workspace equals the JS loop bit for bit", () => {
  const cases: [string, number[], readonly number[]][] = [
    ["square 24×24", [24, 24], []],
    ["square 37×37 (odd columns: a scalar tail)", [37, 37], []],
    ["wide 17×40", [17, 40], []],
    ["tall 40×17", [40, 17], []],
    ["batched 3×20×20", [3, 20, 20], []],
    ["with NaN, ±∞, −0 and zeros", [30, 30], [Number.NaN, Infinity, -Infinity, -0, 0, 0, 1e308, -1e-310]],
  ];
  for (const [name, shape, specials] of cases) {
    for (const dtype of ["float64", "float32"] as const) {
      it(`${name}, ${dtype}`, () => {
        const size = shape.reduce((p, d) => p * d, 1);
        const raw = matrix(size, shape.length + size, specials);
        const data = dtype === "float32" ? Float32Array.from(raw) : raw;
        const { js, wasm } = both(data, shape, dtype);
        expect(bits(wasm.lu)).toEqual(bits(js.lu));
        expect(Array.from(wasm.pivots)).toEqual(Array.from(js.pivots));
        expect(Array.from(wasm.permutation)).toEqual(Array.from(js.permutation));
      });
    }
  }

  it("a zero column and exact ties pick the JS loop's pivots", () => {
    const n = 20;
    const a = Float64Array.from({ length: n * n }, (_, i) => ((i * 7) % 5) - 2); // many equal magnitudes
    for (let i = 0; i < n; i++) a[i * n + 3] = 0; // column 3 all zero: its step is skipped
    const { js, wasm } = both(a, [n, n], "float64");
    expect(bits(wasm.lu)).toEqual(bits(js.lu));
    expect(Array.from(wasm.pivots)).toEqual(Array.from(js.pivots));
  });

  it("the factors reproduce P·A = L·U", () => {
    const n = 32;
    const a = matrix(n * n, 5);
    const { wasm } = both(a, [n, n], "float64");
    const f = wasm.lu;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p <= Math.min(i, j); p++) s += (p === i ? 1 : f[i * n + p]!) * f[p * n + j]!;
        expect(Math.abs(s - a[wasm.permutation[i]! * n + j]!)).toBeLessThan(1e-12);
      }
    }
  });
});
