/**
 * lax.erf against JAX: values, first and second derivatives at points in each of the kernel's
 * three intervals and their edges, the tiny-x branch, the tail where erfc underflows, signed
 * zeros, ±∞ and NaN (test/fixtures/erf.json, written by scripts/gen-erf.py, which also checks
 * JAX's float64 values against scipy.special.erf); and that jit fuses erf and gives the eager bits.
 */
import { setWasmFusionEnabled } from "../../src/backend/wasm/fused-loop.js";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { grad, jit, lax, np, trace, type Tensor } from "../../src/index.js";
import { describePlan } from "../../src/backend/cpu/describe-plan.js";
import { expectClose } from "../support/index.js";

type Encoded = number | "nan" | "inf" | "-inf";
interface Series {
  x: Encoded[];
  value: Encoded[];
  grad: Encoded[];
  grad2: Encoded[];
}
const FILE = new URL("../fixtures/erf.json", import.meta.url);
const fixture = JSON.parse(readFileSync(FILE, "utf8")) as { float64: Series; float32: Series };
const decode = (v: Encoded): number => (v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : v);
const series = (s: Series, k: keyof Series): number[] => s[k].map(decode);

/** d/dx erf, elementwise (the sum makes the gradient of a scalar). */
const dErf = (x: Tensor): Tensor => grad((y: Tensor) => np.sum(lax.erf(y)))(x);
const d2Erf = (x: Tensor): Tensor => grad((y: Tensor) => np.sum(dErf(y)))(x);

describe("lax.erf", () => {
  for (const dtype of ["float64", "float32"] as const) {
    const s = fixture[dtype];
    const xs = np.array(series(s, "x"), { dtype });
    // float64: Cody's approximation is good to ~1e-16 relative; float32 rounds that once, where
    // JAX evaluates a float32 polynomial: a few float32 ulps apart.
    const tol = dtype === "float64" ? { rtol: 4e-16, atol: 0 } : { rtol: 3e-7, atol: 0 };

    it(`matches JAX's values in ${dtype}`, () => {
      const got = lax.erf(xs);
      expect(got.dtype).toBe(dtype);
      expectClose(got, series(s, "value"), tol);
      // The sign of zero survives (erf is odd).
      expect(Object.is(got.data()[1], -0)).toBe(true);
    });

    it(`matches JAX's first and second derivatives in ${dtype}`, () => {
      // atol: at x = 27 the derivative 2/√π e^(−729) is subnormal (2.8e-317); XLA on CPU flushes
      // subnormals to zero, fluxion keeps IEEE's value.
      const g = dtype === "float64" ? { rtol: 1e-15, atol: 1e-300 } : { rtol: 3e-7, atol: 1e-30 };
      expectClose(dErf(xs), series(s, "grad"), g);
      expectClose(d2Erf(xs), series(s, "grad2"), dtype === "float64" ? { rtol: 1e-14, atol: 1e-300 } : { rtol: 1e-6, atol: 1e-30 });
    });
  }

  it("takes ints and bools as float32, as np's float math does", () => {
    const got = lax.erf([0, 1, 2]);
    expect(got.dtype).toBe("float32");
    expectClose(got, [0, 0.8427007929497149, 0.9953222650189527]);
  });

  it("fuses under jit and gives the eager bits (with the JS fused loops; the WebAssembly ones approximate erf and tanh, test/backend/wasm/fused.test.ts)", () => {
    const f = (x: Tensor): Tensor => np.tanh(lax.erf(np.mul(x, 2)));
    const xs = np.array(series(fixture.float32, "x"), { dtype: "float32" });
    expect(describePlan(trace(f)(xs))).toMatch(/^fused\[mul, erf, tanh\]/);
    const eager = Array.from(f(xs).data());
    const wasmWas = setWasmFusionEnabled(false);
    try {
      const jitted = Array.from(jit(f)(xs).data());
      jitted.forEach((v, i) => expect(Object.is(v, eager[i]) || (Number.isNaN(v) && Number.isNaN(eager[i]!)), `element ${i}`).toBe(true));
    } finally {
      setWasmFusionEnabled(wasmWas);
    }
  });
});
