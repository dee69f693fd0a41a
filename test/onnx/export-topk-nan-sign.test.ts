/**
 * top_k's lowering at opset 26, where BitCast reads a NaN's sign bit: −NaN ranks below −∞ and
 * +NaN above +∞, as the reference kernel's IEEE total order has it. The model is exported at
 * opset 26 and run in ONNX Runtime (1.30 runs BitCast); the ONNX checker must accept it too.
 */
import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { evaluate, onnx, trace, type Tensor } from "../../src/index.js";
import { type OrtModule, fromOrt, toOrt } from "../../src/onnx/runtime.js";
import { topK } from "../../src/primitives/sorting/ops.js";
import { fromData } from "../../src/tensor/from-js.js";
import { checkModels } from "./onnx-checker.js";

const ORT = ort as unknown as OrtModule;

/** A float tensor of `values`, the entries at `negativeNaNs` made NaN with the sign bit set. */
function withNaNs(dtype: "float32" | "float64", shape: readonly number[], values: readonly number[], negativeNaNs: readonly number[]): Tensor {
  const data = dtype === "float32" ? Float32Array.from(values) : Float64Array.from(values);
  const words = new Uint32Array(data.buffer);
  for (const i of negativeNaNs) {
    data[i] = NaN;
    const hi = dtype === "float32" ? i : 2 * i + 1; // little-endian: the high word second
    words[hi] = words[hi]! | 0x80000000;
  }
  return fromData(shape, dtype, data);
}

/** The sign bits of a float tensor's entries (NaNs keep theirs in the bits). */
function signs(t: Tensor): number[] {
  const d = t.concreteData() as Float32Array | Float64Array;
  const words = new Int32Array(d.buffer, d.byteOffset, d instanceof Float32Array ? d.length : 2 * d.length);
  return Array.from(d, (_, i) => ((d instanceof Float32Array ? words[i]! : words[2 * i + 1]!) < 0 ? 1 : 0));
}

describe("top_k at opset 26 ranks NaNs by their sign, as the kernel's total order", () => {
  const models: [string, Uint8Array][] = [];
  for (const dtype of ["float32", "float64"] as const) {
    it(dtype, async () => {
      // Lanes with −NaN and +NaN among ±∞, ±0 and numbers, ties among equal NaNs kept in index order.
      const values = [NaN, 1, NaN, -Infinity, -0, 0, Infinity, NaN, -2, 5, NaN, -Infinity, 0, -0, NaN, 3];
      const x = withNaNs(dtype, [2, 8], values, [0, 7, 10, 14]);
      for (const k of [8, 3, 1]) {
        const g = trace((t: Tensor) => topK(t, k, 1))(x);
        const [wantValues, wantIndices] = evaluate(g, x) as Tensor[];
        const bytes = onnx.exportGraph(g, { opset: 26 });
        models.push([`top_k_${dtype}_${k}`, bytes]);
        const session = await ORT.InferenceSession.create(bytes);
        const [inName] = session.inputNames as [string];
        const [valuesName, indicesName] = session.outputNames as [string, string];
        const result = await session.run({ [inName]: toOrt(ORT, x, inName) });
        const gotValues = fromOrt(result[valuesName]!, { shape: wantValues!.shape, dtype }, valuesName);
        const gotIndices = fromOrt(result[indicesName]!, { shape: wantIndices!.shape, dtype: "int32" }, indicesName);
        expect(Array.from(gotIndices.concreteData()), `k = ${k}`).toEqual(Array.from(wantIndices!.concreteData()));
        expect(signs(gotValues), `k = ${k}`).toEqual(signs(wantValues!));
        expect(Array.from(gotValues.concreteData()), `k = ${k}`).toEqual(Array.from(wantValues!.concreteData()));
      }
      // By hand, lane 0 descending: +NaN (2), +∞ (6), 1 (1), +0 (5), −0 (4), −∞ (3), then the −NaNs (0, 7).
      const [, idx] = evaluate(trace((t: Tensor) => topK(t, 8, 1))(x), x) as Tensor[];
      expect(Array.from(idx!.concreteData()).slice(0, 8)).toEqual([2, 6, 1, 5, 4, 3, 0, 7]);
    });
  }

  it("the ONNX checker accepts the opset-26 models", () => {
    const checked = checkModels(models, "topk-nan-sign");
    if (checked !== undefined) expect(checked.accepted).toBe(models.length);
  });
});
