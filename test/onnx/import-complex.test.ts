/**
 * importModel of exported complex models: `exportGraph` records which inputs and outputs are
 * complex in the model's metadata, and `importModel` takes complex tensors there and returns
 * complex tensors, so `importModel(exportGraph(g)).fn(params, ...args)` gives `evaluate(g, ...args)`
 * (fft, complex products, abs, casts between real and complex; under grad and vmap too). The
 * metadata passes the ONNX checker and ONNX Runtime; a model without it imports as before
 * (float pairs in and out); malformed metadata and a real tensor for a complex input are refused.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { type AttributeProto, ModelProtoSchema, StringStringEntryProtoSchema, type TensorProto, ValueInfoProtoSchema } from "onnx-buf";
import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { agree } from "../../laws/onnx-programs.js";
import { describeTensor } from "../../laws/equal.js";
import { evaluate, grad, np, onnx, trace, vmap, type Tensor } from "../../src/index.js";
import type { Graph } from "../../src/ir/graph.js";
import { COMPLEX_METADATA_KEY } from "../../src/onnx/import/complex-boundary.js";
import { OnnxImportError } from "../../src/onnx/import/model.js";
import { attribute, int64Proto, valueInfo } from "../../src/onnx/proto.js";
import { type OrtModule, fromOrt, toOrt } from "../../src/onnx/runtime.js";
import { fromData } from "../../src/tensor/from-js.js";
import { checkModels, pythonHas } from "./onnx-checker.js";

const ORT = ort as unknown as OrtModule;

/** The tensors of a result (one tensor or a list). */
const list = (x: unknown): Tensor[] => [x].flat(Infinity) as Tensor[];

/** A complex tensor of `shape` with deterministic, varied parts. */
function cplx(shape: readonly number[], dtype: "complex64" | "complex128", seed = 1): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = Float64Array.from({ length: 2 * n }, (_, k) => Math.sin(k * 1.3 + seed) * (1 + (k % 3)));
  return fromData(shape, dtype, dtype === "complex64" ? Float32Array.from(data) : data);
}

/** The models exported here, for the checker. */
const exported: [string, Uint8Array][] = [];

/** Exports `g`, imports it, and expects the imported function to give evaluate's values, dtypes and shapes. */
function expectRoundTrip(label: string, g: Graph, args: readonly Tensor[], tol: number): void {
  const bytes = onnx.exportGraph(g);
  exported.push([label, bytes]);
  const { fn, params } = onnx.importModel(bytes);
  const want = list(evaluate(g, ...args));
  const got = list(fn(params, ...args));
  expect(got.length).toBe(want.length);
  want.forEach((w, k) => {
    expect(got[k]!.dtype, `${label} output ${k}`).toBe(w.dtype);
    expect(got[k]!.shape, `${label} output ${k}`).toEqual(w.shape);
    expect(agree(got[k]!, w, tol), `${label} output ${k}: evaluate ${describeTensor(w)}, imported ${describeTensor(got[k]!)}`).toBe(true);
  });
}

describe("importModel of exported complex models", () => {
  for (const dtype of ["complex64", "complex128"] as const) {
    const tol = dtype === "complex64" ? 2e-5 : 1e-12;
    it(`${dtype}: fft, products, abs and mixed real/complex boundaries round-trip`, () => {
      const z = cplx([3, 8], dtype);
      const w = cplx([3, 8], dtype, 7);
      expectRoundTrip(`fft_${dtype}`, trace((x: Tensor) => np.fft.fft(x))(z), [z], tol);
      expectRoundTrip(`mul_${dtype}`, trace((x: Tensor, y: Tensor) => np.multiply(x, y))(z, w), [z, w], tol);
      expectRoundTrip(`abs_${dtype}`, trace((x: Tensor) => np.abs(x))(z), [z], tol);
      // Real in, complex out and complex in, real out, next to each other.
      const r = np.real(z);
      expectRoundTrip(`mixed_${dtype}`, trace((a: Tensor, x: Tensor) => [np.complex(a, np.sin(a)), np.sum(np.abs(np.multiply(x, x))), np.fft.ifft(x)])(r, z), [r, z], tol);
      // A scalar complex input and output (a pair axis on a rank-0 value).
      const s = cplx([], dtype, 3);
      expectRoundTrip(`scalar_${dtype}`, trace((x: Tensor) => np.multiply(x, np.conj(x)))(s), [s], tol);
    });
  }

  it("lengths that are not powers of two (ONNX DFT in the model) import too, with either DFT signature", () => {
    for (const dtype of ["complex64", "complex128"] as const) {
      const tol = dtype === "complex64" ? 2e-5 : 1e-12;
      const z = cplx([2, 6], dtype, 5);
      const r = np.real(z);
      for (const opset of [18, 21]) {
        const cases: [string, Graph, Tensor][] = [
          ["fft", trace((x: Tensor) => np.fft.fft(x))(z), z],
          ["ifft", trace((x: Tensor) => np.fft.ifft(x))(z), z],
          ["rfft", trace((x: Tensor) => np.fft.rfft(x))(r), r],
          ["irfft", trace((x: Tensor) => np.fft.irfft(x, 10))(z), z],
          ["fft2", trace((x: Tensor) => np.fft.fft2(x))(cplx([3, 5], dtype, 2)), cplx([3, 5], dtype, 2)],
        ];
        for (const [name, g, x] of cases) {
          const bytes = onnx.exportGraph(g, { opset });
          expect(fromBinary(ModelProtoSchema, bytes).graph!.node.some((n) => n.opType === "DFT"), `${name} uses DFT`).toBe(true);
          const { fn, params } = onnx.importModel(bytes);
          const want = evaluate(g, x) as Tensor;
          const got = fn(params, x) as Tensor;
          expect(got.dtype).toBe(want.dtype);
          expect(agree(got, want, tol), `${name} ${dtype} opset ${opset}: evaluate ${describeTensor(want)}, imported ${describeTensor(got)}`).toBe(true);
        }
      }
    }
  });

  it("DFT imports as ONNX Runtime computes it: dft_length (pad, crop), one-sided, inverse, axis by attribute and by input", async () => {
    const x1 = fromData([3, 5, 1], "float64", Float64Array.from({ length: 15 }, (_, k) => Math.cos(k * 0.9) * 3));
    const x2 = fromData([3, 5, 2], "float32", Float32Array.from({ length: 30 }, (_, k) => Math.sin(k * 0.7) * 2));
    const cases: { x: Tensor; opset: number; axis?: number; length?: number; inverse?: number; onesided?: number }[] = [
      { x: x1, opset: 17, axis: 1 },
      { x: x1, opset: 17, axis: 0, length: 4 },
      { x: x1, opset: 17, axis: 1, onesided: 1, length: 8 },
      { x: x2, opset: 17, axis: -2, inverse: 1, length: 3 },
      { x: x2, opset: 20 },
      { x: x2, opset: 20, axis: 0, inverse: 1 },
      { x: x1, opset: 20, axis: -3, onesided: 1 },
      { x: x2, opset: 20, axis: 1, length: 7 },
    ];
    for (const c of cases) {
      const init: TensorProto[] = [];
      const ins = ["x"];
      if (c.length !== undefined) init.push(int64Proto("len", [c.length], true));
      ins.push(c.length !== undefined ? "len" : "");
      if (c.opset >= 20 && c.axis !== undefined) {
        init.push(int64Proto("axis", [c.axis], true));
        ins.push("axis");
      }
      const attrs: AttributeProto[] = [];
      if (c.opset < 20 && c.axis !== undefined) attrs.push(attribute("axis", { i: c.axis }));
      if (c.inverse !== undefined) attrs.push(attribute("inverse", { i: c.inverse }));
      if (c.onesided !== undefined) attrs.push(attribute("onesided", { i: c.onesided }));
      const model = create(ModelProtoSchema, {
        irVersion: 8n,
        opsetImport: [{ domain: "", version: BigInt(c.opset) }],
        graph: {
          name: "dft",
          node: [{ opType: "DFT", input: ins, output: ["y"], attribute: attrs }],
          initializer: init,
          input: [valueInfo("x", { shape: c.x.shape, dtype: c.x.dtype })],
          output: [create(ValueInfoProtoSchema, { name: "y" })],
        },
      });
      const bytes = toBinary(ModelProtoSchema, model);
      const session = await ORT.InferenceSession.create(bytes);
      const result = (await session.run({ x: toOrt(ORT, c.x, "x") })).y!;
      const want = fromOrt(result, { shape: result.dims.map(Number), dtype: c.x.dtype }, "y");
      const { fn, params } = onnx.importModel(bytes);
      const got = fn(params, c.x) as Tensor;
      const label = JSON.stringify({ ...c, x: c.x.dtype });
      expect(got.shape, label).toEqual(want.shape);
      expect(agree(got, want, c.x.dtype === "float32" ? 2e-5 : 1e-9), `${label}: ONNX Runtime ${describeTensor(want)}, imported ${describeTensor(got)}`).toBe(true);
    }
  });

  it("the imported function differentiates and vmaps through complex boundaries", () => {
    const z = cplx([4, 8], "complex128");
    const g = trace((x: Tensor) => np.fft.fft(np.multiply(x, x)))(z.slice(0));
    const { fn, params } = onnx.importModel(onnx.exportGraph(g));
    const f = (x: Tensor): Tensor => fn(params, x) as Tensor;
    // vmap over rows of the complex input.
    const batched = vmap(f)(z);
    const rows = Array.from({ length: 4 }, (_, k) => evaluate(g, z.slice(k)) as Tensor);
    expect(agree(batched, np.stack(rows), 1e-12)).toBe(true);
    // grad of a real loss with respect to a real input made complex inside: against the original function.
    const a = fromData([8], "float64", Float64Array.from({ length: 8 }, (_, k) => -1 + (2 * k) / 7));
    const viaImport = (t: Tensor): Tensor => np.sum(np.abs(f(np.complex(t, np.cos(t)))));
    const direct = (t: Tensor): Tensor => np.sum(np.abs(np.fft.fft(np.square(np.complex(t, np.cos(t))))));
    const [gi, gd] = [grad(viaImport)(a), grad(direct)(a)];
    expect(gi.dtype).toBe("float64");
    expect(agree(gi, gd, 1e-10), `imported ${describeTensor(gi)}, direct ${describeTensor(gd)}`).toBe(true);
  });

  it("the metadata passes the ONNX checker; ONNX Runtime runs the model and lists the entry", async () => {
    const z = cplx([2, 4], "complex64");
    const bytes = onnx.exportGraph(trace((x: Tensor) => np.abs(np.fft.fft(x)))(z));
    exported.push(["abs_fft", bytes]);
    const model = fromBinary(ModelProtoSchema, bytes);
    const entry = model.metadataProps.find((p) => p.key === COMPLEX_METADATA_KEY);
    expect(JSON.parse(entry!.value)).toEqual({ inputs: { "args[0]": "complex64" }, outputs: {} });
    // A model with no complex boundary has no entry.
    const real = fromBinary(ModelProtoSchema, onnx.exportGraph(trace((x: Tensor) => np.abs(np.fft.fft(x)).sum())(z)));
    expect(real.metadataProps.length).toBe(1);
    const none = fromBinary(ModelProtoSchema, onnx.exportGraph(trace((x: Tensor) => np.sin(x))(np.ones([2]))));
    expect(none.metadataProps).toEqual([]);
    const session = await ORT.InferenceSession.create(bytes);
    const result = await session.run({ [session.inputNames[0]!]: toOrt(ORT, z, "args[0]") });
    const got = fromOrt(result[session.outputNames[0]!]!, { shape: [2, 4], dtype: "float32" }, "out");
    expect(agree(got, evaluate(trace((x: Tensor) => np.abs(np.fft.fft(x)))(z), z) as Tensor, 2e-5)).toBe(true);
    const checked = checkModels(exported, "import-complex");
    if (checked !== undefined) expect(checked.accepted).toBe(exported.length);
    if (checked !== undefined && pythonHas("onnxruntime")) {
      // Python's ONNX Runtime loads the model and lists the entry among its custom metadata.
      const script = "import sys, json, onnxruntime as rt\ns = rt.InferenceSession(sys.argv[1], providers=['CPUExecutionProvider'])\nprint(json.dumps(s.get_modelmeta().custom_metadata_map))";
      const listed = JSON.parse(execFileSync("python3", ["-c", script, join(checked.dir, "abs_fft.onnx")], { encoding: "utf8" })) as Record<string, string>;
      expect(JSON.parse(listed[COMPLEX_METADATA_KEY]!)).toEqual({ inputs: { "args[0]": "complex64" }, outputs: {} });
    }
  });

  it("a model without the metadata reads float pairs in and out, as before", () => {
    const z = cplx([3], "complex128");
    const g = trace((x: Tensor) => np.multiply(x, x))(z);
    const model = fromBinary(ModelProtoSchema, onnx.exportGraph(g));
    model.metadataProps = [];
    const plain = toBinary(ModelProtoSchema, model);
    const { fn, params } = onnx.importModel(plain);
    const pairs = fromData([3, 2], "float64", z.concreteData() as Float64Array);
    const out = fn(params, pairs) as Tensor;
    expect(out.dtype).toBe("float64");
    expect(out.shape).toEqual([3, 2]);
    const want = evaluate(g, z) as Tensor;
    expect(Array.from(out.concreteData())).toEqual(Array.from(want.concreteData()));
  });

  it("refuses a real tensor for a complex input, and malformed metadata, by name", () => {
    const z = cplx([3], "complex64");
    const bytes = onnx.exportGraph(trace((x: Tensor) => np.multiply(x, x))(z));
    const { fn, params } = onnx.importModel(bytes);
    expect(() => fn(params, np.ones([3, 2], "float32"))).toThrow(OnnxImportError);
    expect(() => fn(params, np.ones([3, 2], "float32"))).toThrow(/input "args\[0\]" is complex64/);
    const model = fromBinary(ModelProtoSchema, bytes);
    const withMeta = (value: string): Uint8Array => {
      model.metadataProps = [create(StringStringEntryProtoSchema, { key: COMPLEX_METADATA_KEY, value })];
      return toBinary(ModelProtoSchema, model);
    };
    for (const [value, message] of [
      ["{not json", /is not JSON/],
      ['{"inputs": {"nope": "complex64"}}', /names input "nope", which the graph does not have/],
      ['{"inputs": {"args[0]": "complex128"}}', /no trailing axis of 2 float64/],
      ['{"outputs": {"out": "float32"}}', /expected "complex64" or "complex128"/],
    ] as const) {
      expect(() => onnx.importModel(withMeta(value)), value).toThrow(OnnxImportError);
      expect(() => onnx.importModel(withMeta(value)), value).toThrow(message);
    }
  });
});
