import { describe, expect, it } from "vitest";
import * as ort from "onnxruntime-node";
import { np, trace, evaluate, lax, valueAndGrad, jit, type Tensor } from "../../src/index.js";
import { exportGraph } from "../../src/onnx/export.js";

async function runOrt(bytes: Uint8Array, inputs: Tensor[]): Promise<Float32Array[]> {
  const s = await ort.InferenceSession.create(bytes);
  const feeds: Record<string, ort.Tensor> = {};
  s.inputNames.forEach((n, k) => (feeds[n] = new ort.Tensor("float32", inputs[k]!.concreteData() as Float32Array, [...inputs[k]!.shape])));
  const r = await s.run(feeds);
  return s.outputNames.map((n) => r[n]!.data as Float32Array);
}

describe("smoke", () => {
  it("mlp grad", async () => {
    const loss = (p: { W: Tensor; b: Tensor }, x: Tensor) => np.mean(np.tanh(np.matmul(x, p.W).add(p.b)).mul(2));
    const p = { W: np.array([[0.1, 0.2, 0.3], [0.4, -0.5, 0.6]]), b: np.array([0.1, 0.2, -0.3]) };
    const x = np.array([[1, 2], [3, 4], [5, 6], [7, 8]]);
    const g = trace(valueAndGrad(loss))(p, x);
    const bytes = exportGraph(g);
    const got = await runOrt(bytes, [p.W, p.b, x]);
    const want = (evaluate(g, p, x) as unknown as [Tensor, { W: Tensor; b: Tensor }]).flatMap((o) => (o instanceof Object && "W" in o ? [o.W, o.b] : [o as Tensor]));
    require("fs").writeFileSync("/tmp/mlp.onnx", bytes);
    got.forEach((v, k) => expect(Array.from(v)).toEqual(Array.from(want[k]!.concreteData()).map((w, i) => expect.closeTo(w, 5))));
  });
  it("scan and jit", async () => {
    const f = (xs: Tensor) => lax.scan((c: Tensor, x: Tensor) => [c.mul(0.5).add(np.sin(x)), c.mul(x)] as [Tensor, Tensor], np.array(1), xs);
    const xs = np.array([1, 2, 3, 4]);
    const g = trace(jit(f))(xs);
    console.log(g.toString());
    const got = await runOrt(exportGraph(g), [xs]);
    const want = evaluate(g, xs) as Tensor[];
    got.forEach((v, k) => expect(Array.from(v)).toEqual(Array.from(want[k]!.concreteData()).map((w) => expect.closeTo(w, 5))));
  });
});
