/**
 * onnx.importModel refuses what it cannot read, by name: bytes that are no model, an opset outside
 * 13–23, an op with no import (naming op and node), another domain, float16, external data, and an
 * int64 value that does not fit int32.
 */
import { type MessageInitShape, create, toBinary } from "@bufbuild/protobuf";
import { ModelProtoSchema, TensorProto_DataLocation, TensorProto_DataType as T, type TensorProtoSchema } from "onnx-buf";
import { describe, expect, it } from "vitest";
import { FluxionError, np, onnx, type Tensor } from "../../src/index.js";

interface NodeSpec { op: string; name: string; inputs: string[]; outputs: string[]; domain?: string }

function model(nodes: NodeSpec[], opts: { opset?: number; elemType?: number; initializers?: MessageInitShape<typeof TensorProtoSchema>[] } = {}): Uint8Array {
  const info = (name: string) => ({
    name,
    type: { value: { case: "tensorType" as const, value: { elemType: opts.elemType ?? T.FLOAT, shape: { dim: [{ value: { case: "dimValue" as const, value: 3n } }] } } } },
  });
  return toBinary(ModelProtoSchema, create(ModelProtoSchema, {
    irVersion: 8n,
    opsetImport: [{ domain: "", version: BigInt(opts.opset ?? 18) }],
    graph: {
      name: "g",
      node: nodes.map((n) => ({ opType: n.op, name: n.name, input: n.inputs, output: n.outputs, domain: n.domain ?? "" })),
      input: [info("x")],
      output: [info(nodes[nodes.length - 1]!.outputs[0]!)],
      initializer: opts.initializers ?? [],
    },
  }));
}

describe("onnx.importModel refuses clearly", () => {
  it("names an unsupported op and its node", () => {
    const bytes = model([
      { op: "Relu", name: "first", inputs: ["x"], outputs: ["a"] },
      { op: "NonMaxSuppression", name: "nms_7", inputs: ["a"], outputs: ["y"] },
    ]);
    expect(() => onnx.importModel(bytes)).toThrow(onnx.OnnxImportError);
    expect(() => onnx.importModel(bytes)).toThrow(/unsupported op NonMaxSuppression: NonMaxSuppression node "nms_7" \(#1\)/);
    expect(new onnx.OnnxImportError("")).toBeInstanceOf(FluxionError);
  });

  it("refuses bytes that are not a model, and non-bytes", () => {
    expect(() => onnx.importModel(new Uint8Array([0xff, 0xff, 0xff, 0x07, 1, 2, 3]))).toThrow(/not an ONNX model|no ONNX graph/);
    expect(() => onnx.importModel(new Uint8Array(0))).toThrow(/no ONNX graph/);
    expect(() => onnx.importModel("model.onnx" as never)).toThrow(/Uint8Array/);
  });

  it("refuses an opset outside 13–23 and ops of another domain", () => {
    expect(() => onnx.importModel(model([{ op: "Relu", name: "r", inputs: ["x"], outputs: ["y"] }], { opset: 9 }))).toThrow(/opset 9/);
    expect(() => onnx.importModel(model([{ op: "FusedGemm", name: "f", inputs: ["x"], outputs: ["y"], domain: "com.microsoft" }]))).toThrow(/domain "com.microsoft"/);
  });

  it("refuses float16 by name, and external data", () => {
    expect(() => onnx.importModel(model([{ op: "Relu", name: "r", inputs: ["x"], outputs: ["y"] }], { elemType: T.FLOAT16 }))).toThrow(/FLOAT16/);
    const ext = model([{ op: "Add", name: "a", inputs: ["x", "w"], outputs: ["y"] }], {
      initializers: [{ name: "w", dims: [3n], dataType: T.FLOAT, dataLocation: TensorProto_DataLocation.EXTERNAL, externalData: [{ key: "location", value: "w.bin" }] }],
    });
    expect(() => onnx.importModel(ext)).toThrow(/external file/);
  });

  it("reads int64 initializers as int32 and refuses one that does not fit when it reaches a tensor", () => {
    const big = model([{ op: "Add", name: "add_big", inputs: ["x", "w"], outputs: ["y"] }], {
      elemType: T.INT64,
      initializers: [{ name: "w", dims: [3n], dataType: T.INT64, int64Data: [1n, 2n, 2n ** 40n] }],
    });
    const { fn, params } = onnx.importModel(big);
    expect(() => fn(params, np.array([1, 2, 3], { dtype: "int32" }))).toThrow(/1099511627776 does not fit/);
    const ok = model([{ op: "Add", name: "add", inputs: ["x", "w"], outputs: ["y"] }], {
      elemType: T.INT64,
      initializers: [{ name: "w", dims: [3n], dataType: T.INT64, int64Data: [1n, -2n, 3n] }],
    });
    const m = onnx.importModel(ok);
    expect(Object.keys(m.params)).toEqual([]);
    expect((m.fn(m.params, np.array([1, 2, 3], { dtype: "int32" })) as Tensor).toArray()).toEqual([2, 0, 6]);
  });

  it("checks the number of inputs", () => {
    const { fn, params } = onnx.importModel(model([{ op: "Relu", name: "r", inputs: ["x"], outputs: ["y"] }]));
    expect(() => fn(params)).toThrow(/takes 1 input/);
  });
});
