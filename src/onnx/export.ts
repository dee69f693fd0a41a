/**
 * `onnx.exportGraph`: a fluxion graph as the bytes of an ONNX model. Every equation goes through
 * the lowering table (lowering.ts); inputs and outputs are named by their pytree paths
 * (`args[0].W1`, `out[1]`), captured constants become initializers, `jit` boundaries become
 * model-local functions, and scan/cond/while become Scan/If/Loop.
 */
import { create, toBinary } from "@bufbuild/protobuf";
import { ModelProtoSchema, GraphProtoSchema } from "onnx-buf";
import { leafPaths } from "../draw/paths.js";
import { ArgumentError } from "../errors.js";
import { Graph } from "../ir/graph.js";
import { Emitter, FUNCTION_DOMAIN } from "./emitter.js";
import { complexMetadata } from "./import/complex-boundary.js";
import { lowerEquation } from "./lowering.js";
import { optimizeGraph } from "./optimize.js";
import { valueInfo } from "./proto.js";

/** Options of `onnx.exportGraph`. */
export interface ExportOptions {
  /**
   * The ONNX opset the model declares (18–26; default 21, which ONNX Runtime ≥ 1.20 runs). From 26
   * on, top_k reads a NaN's sign with BitCast (ONNX Runtime ≥ 1.30), as fluxion's kernel does.
   */
  readonly opset?: number;
}

/** The default opset: ONNX 1.16's, run by every ONNX Runtime since 1.20. */
export const DEFAULT_OPSET = 21;

/** The highest opset written: ONNX 1.21's, run by ONNX Runtime 1.30. */
export const MAX_OPSET = 26;

/**
 * The IR version written for an opset: the one the ONNX release that introduced the opset wrote
 * (23 → 11, 24 → 12, 25 and 26 → 13), and at least 10 (ONNX 1.16's), which the model-local
 * functions for `jit` boundaries were first checked with.
 */
const irVersionFor = (opset: number): bigint => (opset >= 25 ? 13n : opset === 24 ? 12n : opset === 23 ? 11n : 10n);

/** Unique names: a repeated name gets `#2`, `#3`, … */
function uniqueNames(names: readonly string[], taken: Set<string>): string[] {
  return names.map((n) => {
    let name = n;
    for (let k = 2; taken.has(name); k++) name = `${n}#${k}`;
    taken.add(name);
    return name;
  });
}

/**
 * The ONNX model (serialized `ModelProto` bytes) of `graph`: same inputs, in order, and same
 * outputs. Throws `OnnxExportError` naming the primitive (and its source line) for an equation
 * with no ONNX lowering.
 *
 * Complex values: ONNX Runtime has no complex arithmetic, so a complex64 (complex128) input,
 * output or intermediate of shape `s` is a float32 (float64) tensor of shape `[...s, 2]` holding
 * (real, imaginary) pairs — the layout of ONNX's DFT, and the same bytes as fluxion's interleaved
 * complex storage. Feed complex arguments in that layout and read complex results from it
 * (`onnx.compile` does both for you). The model's metadata records which inputs and outputs are
 * complex (key `fluxion.complex_values`, JSON `{"inputs": {name: dtype}, "outputs": {…}}`), so
 * `onnx.importModel` takes and returns complex tensors there again; a model with no complex input
 * or output has no such entry.
 *
 * @example
 * ```ts
 * const g = trace((x: Tensor) => np.sum(np.tanh(x)))(np.ones([3]));
 * const bytes = onnx.exportGraph(g);
 * bytes instanceof Uint8Array; // true
 * ```
 */
export function exportGraph(graph: Graph, options: ExportOptions = {}): Uint8Array {
  if (!(graph instanceof Graph)) {
    throw new ArgumentError(`onnx.exportGraph: the first argument must be a Graph (from trace(f)(...args)); got ${graph === null ? "null" : typeof graph}`);
  }
  const opset = options.opset ?? DEFAULT_OPSET;
  if (!Number.isInteger(opset) || opset < 18 || opset > MAX_OPSET) {
    throw new ArgumentError(`onnx.exportGraph: options.opset must be an integer from 18 to ${MAX_OPSET}; got ${String(opset)}`);
  }
  const em = new Emitter(opset, lowerEquation);
  const taken = new Set<string>();
  const inNames = uniqueNames(graph.inTree.numLeaves === graph.inputs.length ? leafPaths(graph.inTree, "args") : graph.inputs.map((_, k) => `input_${k}`), taken);
  const outNames = uniqueNames(graph.outTree.numLeaves === graph.outputs.length ? leafPaths(graph.outTree, "out") : graph.outputs.map((_, k) => `output_${k}`), taken);
  const results = em.inline(graph, inNames);
  results.forEach((r, k) => em.node("Identity", [r], [outNames[k]!]));
  const main = create(GraphProtoSchema, {
    name: "fluxion",
    node: em.nodes,
    initializer: em.initializers,
    input: graph.inputs.map((v, k) => valueInfo(inNames[k]!, v.aval)),
    output: graph.outputs.map((a, k) => valueInfo(outNames[k]!, a.aval)),
  });
  optimizeGraph(main);
  const functions = em.functions();
  const model = create(ModelProtoSchema, {
    irVersion: irVersionFor(opset),
    producerName: "fluxion",
    opsetImport: [{ domain: "", version: BigInt(opset) }, ...(functions.length > 0 ? [{ domain: FUNCTION_DOMAIN, version: 1n }] : [])],
    graph: main,
    functions,
    // Which inputs and outputs were complex: the float pairs say nothing of it, and onnx.importModel reads it back.
    metadataProps: complexMetadata(
      graph.inputs.map((v, k) => ({ name: inNames[k]!, dtype: v.aval.dtype })),
      graph.outputs.map((a, k) => ({ name: outNames[k]!, dtype: a.aval.dtype })),
    ),
  });
  return toBinary(ModelProtoSchema, model);
}
