/**
 * np on complex64 and complex128 against JAX's values (scripts/gen-complex.py →
 * test/fixtures/complex.json): elementwise functions, arithmetic, reductions, matmul, integer
 * powers, eager and under jit; and the ops that refuse complex.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { jit, np, vmap } from "../../src/index.js";
import { DTypeError } from "../../src/errors.js";
import type { Tensor } from "../../src/tensor/tensor.js";

type Num = number | string;
type Enc = [Num, Num][] | [Num, Num] | Num[];
interface PerDType {
  unary: Record<string, Enc>;
  binary: Record<string, Enc>;
  sum: Enc; mean: Enc; prod: Enc; sum_axis0: Enc; matmul: Enc;
  integer_pow: Record<string, Enc>;
}
const fx = JSON.parse(readFileSync(new URL("../fixtures/complex.json", import.meta.url), "utf8")) as {
  z: [number, number][]; w: [number, number][]; dtypes: Record<"complex64" | "complex128", PerDType>;
};
const dec = (v: Num): number => (v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : (v as number));
/** A fixture value as flat [re, im, re, im …] (a real result: its values). */
const flat = (e: Enc): number[] => (Array.isArray(e[0]) ? (e as [Num, Num][]).flatMap(([a, b]) => [dec(a), dec(b)]) : (e as Num[]).map(dec));
const parts = (pairs: [number, number][], dtype: "complex64" | "complex128", shape: number[] = [pairs.length]) =>
  np.complex(np.array(pairs.map((p) => p[0]), { dtype: dtype === "complex64" ? "float32" : "float64" }), np.array(pairs.map((p) => p[1]), { dtype: dtype === "complex64" ? "float32" : "float64" })).reshape(shape);

function expectClose(got: Tensor, want: Enc, dtype: string): void {
  const g = Array.from(got.data()), w = flat(want);
  expect(g.length).toBe(w.length);
  const tol = dtype === "complex64" ? 2e-6 : 1e-12;
  g.forEach((v, i) => {
    if (Number.isNaN(w[i]!)) expect(v).toBeNaN();
    else expect(Math.abs(v - w[i]!)).toBeLessThanOrEqual(tol * (1 + Math.abs(w[i]!)));
  });
}

const UNARY: Record<string, (z: Tensor) => Tensor> = {
  exp: np.exp, log: np.log, sqrt: np.sqrt, sin: np.sin, cos: np.cos, tan: np.tan, tanh: np.tanh, expm1: np.expm1,
  log1p: np.log1p, abs: np.abs, angle: (z) => np.angle(z), sign: np.sign, square: np.square, reciprocal: np.reciprocal,
  negative: np.neg, conj: np.conj, real: np.real, imag: np.imag,
};
const BINARY: Record<string, (a: Tensor, b: Tensor) => Tensor> = { add: np.add, subtract: np.sub, multiply: np.mul, divide: np.div, power: np.pow };

for (const dtype of ["complex64", "complex128"] as const) {
  const want = fx.dtypes[dtype];
  const z = parts(fx.z, dtype), w = parts(fx.w, dtype);
  describe(`${dtype}: values against JAX`, () => {
    it("covers every fixture entry", () => {
      expect(Object.keys(want.unary).sort()).toEqual(Object.keys(UNARY).sort());
      expect(Object.keys(want.binary).sort()).toEqual(Object.keys(BINARY).sort());
    });
    it.each(Object.keys(UNARY))("%s (eager and jit)", (name) => {
      const f = UNARY[name]!;
      expectClose(f(z), want.unary[name]!, dtype);
      expectClose(jit(f)(z), want.unary[name]!, dtype);
    });
    it.each(Object.keys(BINARY))("%s (eager and jit)", (name) => {
      const f = BINARY[name]!;
      expectClose(f(z, w), want.binary[name]!, dtype);
      expectClose(jit(f)(z, w), want.binary[name]!, dtype);
    });
    it("sum, mean, prod, sum over an axis", () => {
      expectClose(np.sum(z), want.sum, dtype);
      expectClose(np.mean(z), want.mean, dtype);
      expectClose(np.prod(z), want.prod, dtype);
      expectClose(np.sum(z.reshape([2, 3]), 0), want.sum_axis0, dtype);
      expectClose(jit((x: Tensor) => np.sum(x.reshape([2, 3]), 0))(z), want.sum_axis0, dtype);
    });
    it("matmul", () => {
      expectClose(np.matmul(z.reshape([2, 3]), w.reshape([3, 2])), want.matmul, dtype);
    });
    it.each(["2", "3", "-2"])("z ** %s (integer_pow)", (n) => {
      expectClose(np.pow(z, Number(n)), want.integer_pow[n]!, dtype);
    });
    it("vmap of a complex function is the loop", () => {
      const f = (row: Tensor) => np.sum(np.mul(np.exp(row), row));
      const rows = z.reshape([2, 3]);
      const got = vmap(f)(rows);
      const loop = [f(rows.get(0)), f(rows.get(1))];
      expect(Array.from(got.data())).toEqual([...loop[0]!.data(), ...loop[1]!.data()]);
    });
  });
}

describe("layout ops move both parts", () => {
  const z = parts([[1, 2], [3, 4], [5, 6], [7, 8]], "complex64", [2, 2]);
  it("transpose, slice, reshape, broadcast, concatenate, flip, pad, take, where, at.set", () => {
    expect(z.T.toArray()).toEqual([[[1, 2], [5, 6]], [[3, 4], [7, 8]]]);
    expect(z.slice(null, [1, 2]).toArray()).toEqual([[[3, 4]], [[7, 8]]]);
    expect(z.reshape([4]).get(2).toArray()).toEqual([5, 6]);
    expect(np.broadcastTo(z.get(0), [2, 2]).toArray()).toEqual([[[1, 2], [3, 4]], [[1, 2], [3, 4]]]);
    expect(np.concatenate([z.get(0), z.get(1)]).toArray()).toEqual([[1, 2], [3, 4], [5, 6], [7, 8]]);
    expect(np.flip(z.get(0)).toArray()).toEqual([[3, 4], [1, 2]]);
    expect(np.pad(z.get(0), [[1, 0]]).toArray()).toEqual([[0, 0], [1, 2], [3, 4]]);
    expect(np.take(z.reshape([4]), np.array([3, 0], { dtype: "int32" })).toArray()).toEqual([[7, 8], [1, 2]]);
    expect(np.where(np.array([true, false]), z.get(0), z.get(1)).toArray()).toEqual([[1, 2], [7, 8]]);
    expect(z.reshape([4]).at(1).set(np.complex(9, 9)).toArray()).toEqual([[1, 2], [9, 9], [5, 6], [7, 8]]);
  });
  it("isclose and allclose compare complex values", () => {
    const a = parts([[1, 2], [3, 4]], "complex128");
    const b = parts([[1, 2 + 1e-12], [3, 5]], "complex128");
    expect(np.isclose(a, b).toArray()).toEqual([true, false]);
    expect(np.allclose(a, a).toArray()).toBe(true);
    expect(np.allclose(a, b).toArray()).toBe(false);
  });
});

describe("ops without a complex meaning refuse it with a DTypeError", () => {
  const z = np.complex(np.array([1, 2]), np.array([0, 1]));
  it.each([
    ["floor", () => np.floor(z)],
    ["maximum", () => np.maximum(z, z)],
    ["less", () => np.less(z, z)],
    ["max", () => np.max(z)],
    ["argmax", () => np.argmax(z)],
    ["mod", () => np.mod(z, z)],
    ["sort", () => np.sort(z)],
  ])("%s", (_name, f) => {
    expect(f).toThrow(DTypeError);
  });
  it("equal and notEqual compare both parts", () => {
    expect(np.equal(z, np.complex(np.array([1, 2]), np.array([0, 2]))).toArray()).toEqual([true, false]);
    expect(np.notEqual(z, z).toArray()).toEqual([false, false]);
  });
});

describe("np.angle options", () => {
  it("deg positionally or as an option; a non-boolean is refused", () => {
    const z = np.complex(0, 1);
    expect(np.angle(z, true).toArray()).toBeCloseTo(90, 4);
    expect(np.angle(z, { deg: true }).toArray()).toBeCloseTo(90, 4);
    expect(() => np.angle(z, { deg: 1 as unknown as boolean })).toThrow(/deg/);
  });
});

describe("products that conjugate", () => {
  it("vdot and vecdot conjugate the first operand (JAX): vdot(z, z) = Σ|z|²", () => {
    const z = np.complex([1, 3], [2, -1]);
    expect(np.vdot(z, z).toArray()).toEqual([15, 0]);
    expect(np.vecdot(z, z).toArray()).toEqual([15, 0]);
    expect(np.dot(z, z).toArray()).toEqual([-3 + 8, 4 - 6]); // (1+2i)² + (3−i)² = (−3+4i) + (8−6i)
  });
});
