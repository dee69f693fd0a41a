/** Running an exported graph in onnxruntime-node, for the export tests that compare with `evaluate`. */
import * as ort from "onnxruntime-node";
import { onnx, type Tensor } from "../../src/index.js";
import type { Graph } from "../../src/ir/graph.js";
import { type OrtModule, fromOrt, toOrt } from "../../src/onnx/runtime.js";

/** onnxruntime-node, typed as the runtime module fluxion's ONNX code expects. */
export const ORT = ort as unknown as OrtModule;

/** Runs `g` exported (default options) in ONNX Runtime on `inputs`; the outputs as tensors of `g`'s avals. */
export async function runExported(g: Graph, inputs: readonly Tensor[]): Promise<Tensor[]> {
  const session = await ORT.InferenceSession.create(onnx.exportGraph(g));
  const feeds = Object.fromEntries(session.inputNames.map((n, k) => [n, toOrt(ORT, inputs[k]!, n)]));
  const result = await session.run(feeds);
  return session.outputNames.map((n, k) => fromOrt(result[n]!, g.outputs[k]!.aval, n));
}
