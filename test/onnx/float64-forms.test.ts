/**
 * The float64 forms of erf, atan, asin, acos and atan2 (ONNX Runtime's CPU provider has no double
 * kernel for Erf, Atan, Asin, Acos) on a dense sweep of their whole range — subnormals to 1e300,
 * both signs, the interval ends, ±0, ±∞, NaN — exported, run in ONNX Runtime, and compared with
 * the reference kernels to 1e-12 relative (absolute below 1e-300, where results are subnormal).
 */
import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { evaluate, lax, np, onnx, trace, type Tensor } from "../../src/index.js";
import { type OrtModule, fromOrt, toOrt } from "../../src/onnx/runtime.js";

const ORT = ort as unknown as OrtModule;

/** Values from 5e-324 to 1e300 (40 per decade), both signs, and ±0, ±1, ±∞, NaN. */
function sweep(): number[] {
  const xs = [0, -0, 1, -1, Infinity, -Infinity, NaN, 5e-324, 2.2250738585072014e-308, 1 - 2 ** -53, 1 + 2 ** -52];
  for (let e = -323; e <= 300; e += 1 / 40) xs.push(10 ** e);
  for (let k = 0; k <= 4000; k++) xs.push(k / 4000); // [0, 1], where asin and acos live
  for (let k = 0; k <= 2000; k++) xs.push(2 + k / 200); // erf's two regimes and their seam
  return [...xs, ...xs.map((x) => -x)];
}

/** A number as printed, −0 included. */
const show = (v: number): string => (Object.is(v, -0) ? "-0" : String(v));

async function compare(label: string, f: (...xs: Tensor[]) => Tensor, inputs: Tensor[]): Promise<void> {
  const g = trace(f)(...inputs);
  const session = await ORT.InferenceSession.create(onnx.exportGraph(g));
  const feeds = Object.fromEntries(session.inputNames.map((n, k) => [n, toOrt(ORT, inputs[k]!, label)]));
  const result = await session.run(feeds);
  const got = fromOrt(result[session.outputNames[0]!]!, g.outputs[0]!.aval, label).concreteData();
  const want = (evaluate(g, ...inputs) as Tensor).concreteData();
  const args = inputs.map((t) => t.concreteData());
  let worst = 0;
  let at = "";
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const r = got[i]!;
    const bad = Number.isNaN(w) || Number.isNaN(r) ? Number.isNaN(w) !== Number.isNaN(r) : w === r ? Object.is(w, r) === false : false;
    const err = Number.isNaN(w) || w === r ? (bad ? Infinity : 0) : Math.abs(r - w) / Math.max(Math.abs(w), 1e-300);
    if (err > worst) [worst, at] = [err, `${label}(${args.map((a) => show(a[i]!)).join(", ")}): ${show(r)}, reference ${show(w)}`];
  }
  expect(worst, at).toBeLessThanOrEqual(1e-12);
  if (process.env.SHOW_ALL) for (let i = 0; i < want.length; i++) if (!Object.is(got[i], want[i])) console.log(label, args.map((a) => show(a[i]!)).join(", "), show(got[i]!), show(want[i]!));
}

describe("float64 forms in ONNX Runtime (no double Erf/Atan/Asin/Acos kernel there)", () => {
  const x = np.array(sweep(), { dtype: "float64" });
  it("erf", () => compare("erf", (v) => lax.erf(v), [x]));
  it("atan", () => compare("atan", (v) => np.arctan(v), [x]));
  it("asin", () => compare("asin", (v) => np.arcsin(v), [x]));
  it("acos", () => compare("acos", (v) => np.arccos(v), [x]));
  it("atan2 over a grid of both operands' signs and scales", () => {
    const grid = [0, -0, 1e-310, -1e-310, 0.5, -0.5, 1, -1, 3, -3, 1e300, -1e300, Infinity, -Infinity, NaN];
    const ys = grid.flatMap((y) => grid.map(() => y));
    const xs = grid.flatMap(() => grid);
    return compare("atan2", (a, b) => np.arctan2(a, b), [np.array(ys, { dtype: "float64" }), np.array(xs, { dtype: "float64" })]);
  });
});
