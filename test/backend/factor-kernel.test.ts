/**
 * LU and Cholesky in the WebAssembly workspace (backend/wasm/factor-kernel.ts) give the JS loops'
 * bits: LU's factors, pivots and permutation, and Cholesky's factor, equal element for element
 * (NaN, ±∞ and −0 included), over square, wide, tall and batched matrices with ties, zero columns,
 * special values and matrices that are not positive definite — and the factors reproduce
 * P·A = L·U and A = L·Lᵀ (right, not merely consistent).
 */
import { afterAll, describe, expect, it } from "vitest";
import { factorWorkspace } from "../../src/backend/wasm/factor-kernel.js";
import { cholesky, installFactorWorkspace, lu } from "../../src/tensor/kernels/factor.js";
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
  installFactorWorkspace(undefined);
  const js = lu(data, shape, dtype);
  installFactorWorkspace(factorWorkspace);
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

/** A·Aᵀ + shift·I for a deterministic A (n×n): positive definite for shift > 0. */
function spd(n: number, seed: number, shift: number): Float64Array {
  const a = matrix(n * n, seed);
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = i === j ? shift : 0;
      for (let k = 0; k < n; k++) s += a[i * n + k]! * a[j * n + k]!;
      out[i * n + j] = s;
    }
  }
  return out;
}

describe("Cholesky in the WebAssembly workspace equals the JS loop bit for bit", () => {
  const factor = (data: Float64Array | Float32Array, shape: number[], dtype: "float32" | "float64") => {
    installFactorWorkspace(undefined);
    const js = cholesky(data, shape, dtype);
    installFactorWorkspace(factorWorkspace);
    return { js, wasm: cholesky(data, shape, dtype) };
  };
  const cases: [string, () => Float64Array, number[]][] = [
    ["16×16", () => spd(16, 1, 0.5), [16, 16]],
    ["35×35 (dot tails of every length)", () => spd(35, 2, 0.1), [35, 35]],
    ["batched 3×18×18", () => Float64Array.from([...spd(18, 3, 1), ...spd(18, 4, 1), ...spd(18, 5, 1)]), [3, 18, 18]],
    ["not positive definite (NaN below the diagonal)", () => spd(20, 6, -50), [20, 20]],
    ["with NaN, ∞ and −0 in the matrix", () => Object.assign(spd(20, 7, 1), { 45: Number.NaN, 301: Infinity, 17: -0 }), [20, 20]],
  ];
  for (const [name, make, shape] of cases) {
    for (const dtype of ["float64", "float32"] as const) {
      it(`${name}, ${dtype}`, () => {
        const raw = make();
        const { js, wasm } = factor(dtype === "float32" ? Float32Array.from(raw) : raw, shape, dtype);
        expect(bits(wasm)).toEqual(bits(js));
      });
    }
  }

  it("the factor reproduces A = L·Lᵀ", () => {
    const n = 30;
    const a = spd(n, 8, 0.5);
    const { wasm: l } = factor(a, [n, n], "float64");
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        let s = 0;
        for (let k = 0; k <= j; k++) s += l[i * n + k]! * l[j * n + k]!;
        expect(Math.abs(s - a[i * n + j]!)).toBeLessThan(1e-10 * Math.max(1, Math.abs(a[i * n + j]!)));
      }
    }
  });
});
