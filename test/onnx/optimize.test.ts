/**
 * The exporter's peephole rewrites (src/onnx/optimize.ts) on an MLP training step: the weight
 * gradients' Transposes fold into their matrix products and the bias broadcasts' Expands disappear, and
 * the rewritten model still computes fluxion's values in ONNX Runtime. An Expand whose reader
 * would change shape without it stays.
 */
import { fromBinary } from "@bufbuild/protobuf";
import { ModelProtoSchema } from "onnx-buf";
import { describe, expect, it } from "vitest";
import { agree, runModel } from "../../laws/onnx-programs.js";
import { evaluate, nn, np, onnx, trace, valueAndGrad, type Tensor } from "../../src/index.js";

type Params = { w1: Tensor; b1: Tensor; w2: Tensor; b2: Tensor };

const loss = (p: Params, x: Tensor, y: Tensor): Tensor => {
  const h = np.tanh(np.add(np.matmul(x, p.w1), p.b1));
  const logits = np.add(np.matmul(h, p.w2), p.b2);
  return np.neg(np.mean(np.sum(np.mul(nn.logSoftmax(logits), y), -1)));
};

const wave = (n: number, k: number): Float32Array => Float32Array.from({ length: n }, (_, i) => Math.sin(i * k) * 0.3);
const nodes = (bytes: Uint8Array) => fromBinary(ModelProtoSchema, bytes).graph!.node;
const ops = (bytes: Uint8Array): string[] => nodes(bytes).map((n) => n.opType);

/** The Expands that broadcast a graph input (through the Reshape that ranks it). */
function expandsOfInputs(bytes: Uint8Array): number {
  const all = nodes(bytes);
  const producer = new Map(all.flatMap((n) => n.output.map((o) => [o, n] as const)));
  return all.filter((n) => n.opType === "Expand" && producer.get(n.input[0]!)?.input[0]?.startsWith("args")).length;
}

describe("onnx.exportGraph's peephole rewrites", () => {
  const p: Params = {
    w1: np.array(wave(6 * 5, 1.1), { dtype: "float32" }).reshape([6, 5]),
    b1: np.array(wave(5, 2.3), { dtype: "float32" }),
    w2: np.array(wave(5 * 3, 0.7), { dtype: "float32" }).reshape([5, 3]),
    b2: np.array(wave(3, 1.9), { dtype: "float32" }),
  };
  const x = np.array(wave(4 * 6, 0.4), { dtype: "float32" }).reshape([4, 6]);
  const y = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0]], { dtype: "float32" });

  it("folds the weight gradients' Transposes into their products and drops the broadcasts' Expands", async () => {
    const g = trace(valueAndGrad(loss))(p, x, y);
    // The traced graph has both: transposes after the weight gradients' contractions, broadcasts of the biases.
    expect(g.equations.filter((e) => e.primitive === "transpose").length).toBeGreaterThanOrEqual(2);
    expect(g.equations.filter((e) => e.primitive === "broadcast_in_dim").length).toBeGreaterThanOrEqual(2);
    const bytes = onnx.exportGraph(g);
    expect(ops(bytes)).not.toContain("Transpose");
    // The biases are read through broadcasting; the one Expand left broadcasts a constant twice over.
    expect(expandsOfInputs(bytes)).toBe(0);
    const [value, grads] = evaluate(g, p, x, y) as [Tensor, Params];
    const want = [value, grads.b1, grads.b2, grads.w1, grads.w2];
    // The model's inputs are the leaves in pytree order (the params' keys sorted), then x and y.
    const inputs = [p.b1, p.b2, p.w1, p.w2, x, y];
    const got = await runModel(bytes, inputs, want, () => g.toString());
    got.forEach((t, k) => expect(agree(t, want[k]!, 1e-5), `output ${k}`).toBe(true));
  });

  it("keeps an Expand whose reader would otherwise shrink", async () => {
    // b + 0 where the broadcast is the larger operand: without the Expand the sum would be [3].
    const g = trace((b: Tensor) => np.add(np.broadcastTo(b, [2, 3]), np.array(0, { dtype: "float32" })))(p.b2);
    const bytes = onnx.exportGraph(g);
    expect(ops(bytes)).toContain("Expand");
    const want = [evaluate(g, p.b2) as Tensor];
    const [got] = await runModel(bytes, [p.b2], want, () => g.toString());
    expect(got!.shape).toEqual([2, 3]);
    expect(agree(got!, want[0]!, 0)).toBe(true);
  });
});
