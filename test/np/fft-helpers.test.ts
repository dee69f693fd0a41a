/**
 * np.fft's helpers against JAX (test/fixtures/fft.json, "helpers", written by scripts/gen-fft.py):
 * fftfreq and rfftfreq in float32 and float64 for even, odd and fractional spacings; fftshift and
 * ifftshift over all, one or several axes; the gradient of a shift (a permutation) and the errors.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ArgumentError, DTypeError, ShapeError, grad, np, type DType, type Tensor } from "../../src/index.js";
import { thrown } from "../support/index.js";

type Num = number | string;
interface Real { dtype: DType; shape: number[]; data: Num[] }
interface FreqCase { op: "fftfreq" | "rfftfreq"; n: number; d: number; dtype: DType; out: Real }
interface ShiftCase { op: "fftshift" | "ifftshift"; x: Real; axes: number | number[] | null; out: Real }
type HelperCase = FreqCase | ShiftCase;
const isFreq = (c: HelperCase): c is FreqCase => c.op === "fftfreq" || c.op === "rfftfreq";

const CASES = (JSON.parse(readFileSync(new URL("../fixtures/fft.json", import.meta.url), "utf8")) as { helpers: HelperCase[] }).helpers;

function expectValues(got: Tensor, want: Real): void {
  expect(got.dtype).toBe(want.dtype);
  expect(got.shape).toEqual(want.shape);
  const values = Array.from(got.data() as ArrayLike<number>);
  const rtol = want.dtype === "float32" ? 1.2e-7 : 1e-15;
  want.data.forEach((w, i) => expect(Math.abs(values[i]! - Number(w)), `element ${i}`).toBeLessThanOrEqual(rtol * Math.abs(Number(w))));
}

describe("np.fft helpers vs JAX", () => {
  for (const c of CASES.filter(isFreq)) {
    const f = np.fft[c.op];
    it(`${c.op}(${c.n}, ${c.d}) ${c.dtype}`, () => expectValues(f(c.n, c.d, { dtype: c.dtype }), c.out));
  }
  for (const c of CASES.filter((c): c is ShiftCase => !isFreq(c))) {
    const f = np.fft[c.op];
    it(`${c.op} of [${c.x.shape.join(",")}] axes ${JSON.stringify(c.axes)}`, () => {
      const x = np.reshape(np.array(c.x.data.map(Number), { dtype: "float64" }), c.x.shape);
      expectValues(f(x, { axes: c.axes }), c.out);
    });
  }

  it("fftfreq defaults to float32 and d = 1; positional d and dtype work", () => {
    expect(np.fft.fftfreq(4).dtype).toBe("float32");
    expect(Array.from(np.fft.fftfreq(4).data() as Float32Array)).toEqual([0, 0.25, -0.5, -0.25]);
    expect(Array.from(np.fft.rfftfreq(4, 0.5, "float64").data() as Float64Array)).toEqual([0, 0.5, 1]);
  });

  it("ifftshift undoes fftshift for odd lengths, and the shift's gradient is the inverse permutation", () => {
    const x = np.array([0, 1, 2, 3, 4], { dtype: "float64" });
    expect(np.fft.ifftshift(np.fft.fftshift(x)).toArray()).toEqual([0, 1, 2, 3, 4]);
    const w = np.array([1, 2, 3, 4, 5], { dtype: "float64" });
    // d/dx Σ w·fftshift(x) = ifftshift(w)
    const g = grad((t: Tensor) => np.sum(np.multiply(w, np.fft.fftshift(t))))(x);
    expect(g.toArray()).toEqual(np.fft.ifftshift(w).toArray()); // [3, 4, 5, 1, 2]
    expect(g.toArray()).toEqual([3, 4, 5, 1, 2]);
  });

  it("refuses bad lengths, spacings, dtypes and axes", () => {
    expect(thrown(() => np.fft.fftfreq(0))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => np.fft.fftfreq(2.5))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => np.fft.rfftfreq(4, 0))).toBeInstanceOf(ArgumentError);
    expect(String(thrown(() => np.fft.fftfreq(4, 1, "int32")))).toMatch(/np\.fft\.fftfreq: dtype must be "float32" or "float64"/);
    expect(thrown(() => np.fft.fftfreq(4, 1, "int32"))).toBeInstanceOf(DTypeError);
    expect(thrown(() => np.fft.fftshift(np.zeros([3]), { axes: 1 }))).toBeInstanceOf(ShapeError);
  });
});
