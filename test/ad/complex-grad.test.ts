/**
 * Autodiff of complex functions against JAX (scripts/gen-complex.py): grad of real functions of
 * complex input returns JAX's cotangent (for |z|² it is 2·conj(z)), grad with holomorphic: true
 * returns f′(z); a complex output without holomorphic is a DTypeError, as in JAX. Also jvp against
 * finite differences along a complex direction.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { grad, jit, jvp, np } from "../../src/index.js";
import { DTypeError } from "../../src/errors.js";
import type { Tensor } from "../../src/tensor/tensor.js";

type Num = number | string;
const fx = JSON.parse(readFileSync(new URL("../fixtures/complex.json", import.meta.url), "utf8")) as {
  z: [number, number][]; w: [number, number][];
  dtypes: Record<"complex64" | "complex128", { grad: Record<string, [Num, Num][]>; holomorphic: Record<string, [Num, Num][]> }>;
  doc: { grad_abs2_at_1p2j: [number, number] };
};
const dec = (v: Num): number => (v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : (v as number));
const part = (d: string) => (d === "complex64" ? "float32" : "float64");
const cx = (pairs: [number, number][], dtype: string) =>
  np.complex(np.array(pairs.map((p) => p[0]), { dtype: part(dtype) }), np.array(pairs.map((p) => p[1]), { dtype: part(dtype) }));

const REAL_FNS = (w: Tensor): Record<string, (z: Tensor) => Tensor> => ({
  abs2: (z) => np.sum(np.square(np.abs(z))),
  abs: (z) => np.sum(np.abs(z)),
  real_exp: (z) => np.sum(np.real(np.exp(z))),
  imag_log: (z) => np.sum(np.imag(np.log(z))),
  real_mul_w: (z) => np.sum(np.real(np.mul(z, w))),
  abs_sin: (z) => np.sum(np.abs(np.mul(np.sin(z), z))),
  angle: (z) => np.sum(np.angle(z)),
  real_sqrt_div: (z) => np.sum(np.real(np.div(np.sqrt(z), np.add(z, 3)))),
  imag_pow3: (z) => np.sum(np.imag(np.pow(z, 3))),
  abs_matvec: (z) => np.sum(np.abs(np.matmul(z.reshape([2, 3]), w.reshape([3, 2])))),
  real_prod: (z) => np.real(np.prod(z.slice([0, 4]))),
  real_mean_tanh: (z) => np.real(np.mean(np.tanh(z))),
});
const HOLO_FNS: Record<string, (z: Tensor) => Tensor> = {
  exp_sum: (z) => np.sum(np.exp(z)),
  sin_mul: (z) => np.sum(np.mul(np.sin(z), z)),
  log_sq: (z) => np.sum(np.square(np.log(z))),
};

function expectPairs(got: Tensor, want: [Num, Num][], dtype: string): void {
  const g = Array.from(got.data()), w = want.flatMap(([a, b]) => [dec(a), dec(b)]);
  expect(g.length).toBe(w.length);
  const tol = dtype === "complex64" ? 2e-5 : 1e-11;
  g.forEach((v, i) => expect(Math.abs(v - w[i]!)).toBeLessThanOrEqual(tol * (1 + Math.abs(w[i]!))));
}

for (const dtype of ["complex64", "complex128"] as const) {
  const want = fx.dtypes[dtype];
  const z = cx(fx.z, dtype), w = cx(fx.w, dtype);
  const fns = REAL_FNS(w);
  describe(`${dtype}: grad against JAX`, () => {
    it("covers every fixture entry", () => {
      expect(Object.keys(want.grad).sort()).toEqual(Object.keys(fns).sort());
      expect(Object.keys(want.holomorphic).sort()).toEqual(Object.keys(HOLO_FNS).sort());
    });
    it.each(Object.keys(fns))("grad of real %s (eager and through jit)", (name) => {
      expectPairs(grad(fns[name]!)(z), want.grad[name]!, dtype);
      expectPairs(grad(jit(fns[name]!))(z), want.grad[name]!, dtype);
    });
    it.each(Object.keys(HOLO_FNS))("grad of holomorphic %s", (name) => {
      expectPairs(grad(HOLO_FNS[name]!, { holomorphic: true })(z), want.holomorphic[name]!, dtype);
    });
  });
}

describe("JAX's convention, stated", () => {
  it("grad(|z|²)(1+2j) = 2·conj(z) = 2−4j, as jax.grad", () => {
    const g = grad((z: Tensor) => np.square(np.abs(z)))(np.astype(np.complex(1, 2), "complex128"));
    expect(g.toArray()).toEqual(fx.doc.grad_abs2_at_1p2j);
  });
  it("a complex output without holomorphic is a DTypeError; holomorphic needs complex inputs", () => {
    expect(() => grad((z: Tensor) => np.sum(np.exp(z)))(np.complex(1, 2))).toThrow(DTypeError);
    expect(() => grad((x: Tensor) => np.sum(x), { holomorphic: true })(np.array([1]))).toThrow(DTypeError);
  });
  it("jvp along a complex direction matches central differences (complex128)", () => {
    const f = (z: Tensor) => np.mul(np.exp(np.sin(z)), np.sqrt(z));
    const z = cx(fx.z, "complex128"), t = cx(fx.w, "complex128");
    const [, tan] = jvp(f, [z], [t]);
    const h = 1e-6;
    const plus = f(np.add(z, np.mul(t, h))).data(), minus = f(np.sub(z, np.mul(t, h))).data();
    Array.from(tan.data()).forEach((v, i) => expect(v).toBeCloseTo((plus[i]! - minus[i]!) / (2 * h), 6));
  });
});
