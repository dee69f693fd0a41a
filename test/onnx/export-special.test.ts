/**
 * Exported special functions on dense grids: erfc, erf_inv, lgamma, digamma and polygamma run in
 * ONNX Runtime across every branch of their reference kernels — both sides of each branch point
 * (erfc's 0.46875, 4 and 27.3; erf_inv's 1e-8, ½ and the tail next to ±1; lgamma's ½, 1.5, 2.5 and
 * 10 and its reflection; digamma's root and its recurrence), the poles, the special values (NaN,
 * ±∞, ±0, subnormals, the float extremes) — and must give the kernels' values (through `evaluate`)
 * to 1e-12 relative in float64 and to float32's rounding in float32. Law 14b draws random cases;
 * this pins the boundaries.
 */
import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { evaluate, onnx, trace, type Tensor } from "../../src/index.js";
import { type OrtModule, fromOrt, toOrt } from "../../src/onnx/runtime.js";
import * as ops from "../../src/primitives/ops.js";
import { randomGammaGrad } from "../../src/primitives/random/ops.js";
import { polygammaOp } from "../../src/primitives/special/ops.js";
import { fromData } from "../../src/tensor/from-js.js";

const ORT = ort as unknown as OrtModule;

async function inOnnx(f: (...xs: Tensor[]) => Tensor, args: readonly Tensor[]): Promise<{ got: Tensor; want: Tensor }> {
  const g = trace(f)(...args);
  const session = await ORT.InferenceSession.create(onnx.exportGraph(g));
  const feeds = Object.fromEntries(session.inputNames.map((n, k) => [n, toOrt(ORT, args[k]!, "test")]));
  const result = await session.run(feeds);
  const want = evaluate(g, ...args) as Tensor | Tensor[];
  return { got: fromOrt(result[session.outputNames[0]!]!, g.outputs[0]!.aval, "out"), want: Array.isArray(want) ? want[0]! : want };
}

const SPECIALS = [NaN, Infinity, -Infinity, 0, -0, 5e-324, -5e-324, 1e-310, 1.401298464324817e-45, 3.4e38, -3.4e38, 1.7e308, -1.7e308];

/** Grid points around each of `points` (±1 ulp-ish and a few spacings), plus a sweep of [lo, hi]. */
function grid(points: readonly number[], lo: number, hi: number, n = 400): number[] {
  const out: number[] = [...SPECIALS];
  for (const p of points) for (const d of [0, 1e-15, -1e-15, 1e-9, -1e-9, 1e-4, -1e-4, 0.01, -0.01]) out.push(p + d * Math.max(1, Math.abs(p)));
  for (let i = 0; i <= n; i++) out.push(lo + ((hi - lo) * i) / n);
  return out;
}

/** Elementwise agreement: NaN with NaN, else within `rel` of the larger magnitude (at least 1). */
function expectAgree(got: Tensor, want: Tensor, rel: number, what: string): void {
  const a = got.concreteData(), b = want.concreteData();
  let worst = 0;
  for (let i = 0; i < b.length; i++) {
    const x = a[i]!, y = b[i]!;
    if (Number.isNaN(y) || Number.isNaN(x)) {
      expect(Number.isNaN(x), `${what}[${i}]: ONNX ${x}, kernel ${y}`).toBe(Number.isNaN(y));
      continue;
    }
    if (x === y) continue;
    const err = Math.abs(x - y) / Math.max(1, Math.abs(x), Math.abs(y));
    expect(err, `${what}[${i}]: ONNX ${x}, kernel ${y}`).toBeLessThanOrEqual(rel);
    worst = Math.max(worst, err);
  }
}

const CASES: [string, (x: Tensor) => Tensor, number[]][] = [
  ["erfc", (x) => ops.unaryOp("erfc", x), grid([0.46875, -0.46875, 4, -4, 26.6, 27.3, -6, 1e-16, 1.11e-16], -8, 30)],
  ["erf_inv", (x) => ops.unaryOp("erf_inv", x), grid([1e-8, -1e-8, 0.5, -0.5, 0.999999, 1 - 2 ** -52, -(1 - 2 ** -53), 1, -1, 0.9999999999], -1.2, 1.2)],
  ["lgamma", (x) => ops.unaryOp("lgamma", x), grid([0.5, 1, 1.5, 2, 2.5, 10, -0.5, -1, -2.457024738220800, -2.747682646727412, -1e-300, 1e300, -100.5, 9.999], -12, 14, 600)],
  ["digamma", (x) => ops.unaryOp("digamma", x), grid([1.4616321449683622, 1.1616321449683622, 1.7616321449683622, 10, -0.5, -1, -1.5, -0.504083008264455, 1e-300, 1e300, -100.25, 9.999], -12, 14, 600)],
];

/** Orders of polygamma: digamma, the small ones, large ones (ζ's loop runs to s), the reflection's limit 170, and past it. */
const ORDERS = [-1, 0, 1, 2, 3, 4, 7, 12, 30, 100, 170, 171, 1000];
const POLYGAMMA_X = grid([1e-300, 0.5, 1, 9.5, 10, 40, 150, -0.5, -1, -1.25, -3.75, -7.1, 1e300], -8, 12, 80);

describe("ONNX export of the special functions on their kernels' branch points", () => {
  for (const dtype of ["float64", "float32"] as const) {
    it(`polygamma in ${dtype}, orders ${ORDERS.join(", ")}`, async () => {
      const ms = ORDERS.flatMap((m) => POLYGAMMA_X.map(() => m));
      const xs = ORDERS.flatMap(() => POLYGAMMA_X);
      const m = fromData([ms.length], "int32", Int32Array.from(ms));
      const x = fromData([xs.length], dtype, dtype === "float32" ? Float32Array.from(xs) : Float64Array.from(xs));
      const { got, want } = await inOnnx(polygammaOp, [m, x]);
      expectAgree(got, want, dtype === "float64" ? 1e-12 : 2 ** -23, `polygamma(${dtype})`);
    });
  }
  for (const [dtype, rel] of [["float64", 1e-10], ["float32", 1e-5]] as const) {
    it(`random_gamma_grad in ${dtype}: the series, the continued fraction, the 2000-term cap and the underflow guard`, async () => {
      const alphas = [1e-3, 0.1, 0.3, 0.9, 1, 1.5, 3, 7.5, 30, 1e3, 1e6, 0, -1, NaN, Infinity];
      const samples = [0, -0, 1e-30, 1e-3, 0.2, 0.99, 1, 1.01, 2.5, 7, 29, 31, 200, 1e3, 1e6, 1e20, -1, NaN, Infinity];
      const as = alphas.flatMap((a) => samples.map(() => a));
      const xs = alphas.flatMap(() => samples);
      const make = (v: number[]): Tensor => fromData([v.length], dtype, dtype === "float32" ? Float32Array.from(v) : Float64Array.from(v));
      const { got, want } = await inOnnx(randomGammaGrad, [make(as), make(xs)]);
      expectAgree(got, want, rel, `random_gamma_grad(${dtype})`);
    });
  }
  it("polygamma with a scalar order and with a scalar x", async () => {
    const x = fromData([POLYGAMMA_X.length], "float64", Float64Array.from(POLYGAMMA_X));
    for (const order of [1, 3]) {
      const { got, want } = await inOnnx((xx: Tensor) => polygammaOp(order, xx), [x]);
      expectAgree(got, want, 1e-12, `polygamma(${order}, x)`);
    }
    const m = fromData([ORDERS.length], "int32", Int32Array.from(ORDERS));
    for (const v of [-2.5, 0.25, 3]) {
      const { got, want } = await inOnnx((mm: Tensor) => polygammaOp(mm, fromData([], "float64", Float64Array.of(v))), [m]);
      expectAgree(got, want, 1e-12, `polygamma(m, ${v})`);
    }
  });
  for (const [name, f, xs] of CASES) {
    for (const dtype of ["float64", "float32"] as const) {
      it(`${name} in ${dtype}`, async () => {
        const x = fromData([xs.length], dtype, dtype === "float32" ? Float32Array.from(xs) : Float64Array.from(xs));
        const { got, want } = await inOnnx(f, [x]);
        expectAgree(got, want, dtype === "float64" ? 1e-12 : 2 ** -23, `${name}(${dtype})`);
      });
    }
  }
});
