/**
 * `onnx.importModel`: an ONNX model as an ordinary fluxion function. The graph's nodes are
 * interpreted at call time on fluxion values, so the function traces like any other under grad,
 * vmap, jit and trace (drawing). Float initializers are the params; integer initializers and
 * constants (shapes, axes, indices) stay static JS arrays, as do values computed from shapes.
 */
import type { FunctionProto, GraphProto, NodeProto } from "onnx-buf";
import { asTensor } from "../../tensor/from-js.js";
import { isFloat } from "../../tensor/dtype.js";
import { Tensor, type TensorLike } from "../../tensor/tensor.js";
import { fromPairs, readComplexBoundary, toPairs } from "./complex-boundary.js";
import { NodeCtx, type OpImport, STATIC_INPUTS } from "./kit.js";
import { Attrs, OnnxImportError, dtypeOf, parseModel, readTensor } from "./model.js";
import { COMPLEX_OPS } from "./ops-complex.js";
import { CONTROL_OPS } from "./ops-control.js";
import { EXTRA_OPS } from "./ops-extra.js";
import { MATH_OPS } from "./ops-math.js";
import { NN_OPS } from "./ops-nn.js";
import { SHAPE_OPS } from "./ops-shape.js";
import { type Value, staticOf, toTensor } from "./values.js";

/** Every op the importer knows, by ONNX name (default domain). */
const OPS: Readonly<Record<string, OpImport>> = { ...MATH_OPS, ...SHAPE_OPS, ...NN_OPS, ...EXTRA_OPS, ...CONTROL_OPS, ...COMPLEX_OPS };

/** The ONNX ops `onnx.importModel` reads (default domain), sorted. */
export const IMPORTED_OPS: readonly string[] = Object.freeze(Object.keys(OPS).sort());

/** The result of `onnx.importModel`. */
export interface ImportedModel {
  /**
   * The model as a function of its params and inputs (in `inputNames` order): one Tensor when the
   * model has one output, else an array in `outputNames` order.
   */
  readonly fn: (params: Readonly<Record<string, Tensor>>, ...inputs: TensorLike[]) => Tensor | Tensor[];
  /** The graph inputs that are not initializers, in order. */
  readonly inputNames: readonly string[];
  /** The graph outputs, in order. */
  readonly outputNames: readonly string[];
  /** The float initializers, by name: what `grad` with respect to params differentiates. */
  readonly params: Record<string, Tensor>;
}

const nodeName = (n: NodeProto, k: number): string => `${n.opType} node "${n.name !== "" ? n.name : n.output[0] ?? "?"}" (#${k})`;

/** Model-local functions (how exported `jit` boundaries arrive), by `domain:name`. */
type Functions = ReadonlyMap<string, FunctionProto>;

const functionKey = (domain: string, name: string): string => `${domain}:${name}`;

/** Refuses, before any call, a node whose op has no import (naming op and node) or lives in another domain. */
function checkOps(nodes: readonly NodeProto[], functions: Functions): void {
  nodes.forEach((n, k) => {
    if (functions.has(functionKey(n.domain, n.opType))) return;
    if (n.domain !== "" && n.domain !== "ai.onnx") {
      throw new OnnxImportError(`onnx.importModel: ${nodeName(n, k)} is in domain "${n.domain}", which is neither the default ONNX domain nor a function of the model`);
    }
    if (OPS[n.opType] === undefined) {
      throw new OnnxImportError(`onnx.importModel: unsupported op ${n.opType}: ${nodeName(n, k)} has no import (supported: ${IMPORTED_OPS.join(", ")})`);
    }
    for (const a of n.attribute) if (a.g !== undefined) checkOps(a.g.node, functions);
  });
}

/** Runs `nodes` in order over `scope` (names bound so far); returns the values named `outputs`. */
function runNodes(nodes: readonly NodeProto[], outputs: readonly string[], scope: Map<string, Value>, opset: number, functions: Functions): Value[] {
  const runGraph = (sub: GraphProto, inputs: readonly Value[], outer: ReadonlyMap<string, Value>): Value[] => {
    const s = new Map(outer);
    for (const t of sub.initializer) {
      const r = readTensor(t, `initializer "${t.name}"`);
      s.set(t.name, staticOf(r.dtype, r.shape, r.data));
    }
    sub.input.forEach((vi, i) => s.set(vi.name, inputs[i]!));
    return runNodes(sub.node, sub.output.map((o) => o.name), s, opset, functions);
  };
  nodes.forEach((n, k) => {
    const where = nodeName(n, k);
    const ins = n.input.map((name) => {
      if (name === "") return undefined;
      const v = scope.get(name);
      if (v === undefined) throw new OnnxImportError(`onnx.importModel: ${where} reads "${name}", which no node, input or initializer defines`);
      return v;
    });
    let outs: Value[];
    const f = functions.get(functionKey(n.domain, n.opType));
    if (f !== undefined) {
      // A function call: its body runs in a scope of its own, its inputs bound to the node's.
      const inner = new Map<string, Value>();
      f.input.forEach((name, i) => {
        const v = ins[i];
        if (v !== undefined) inner.set(name, v);
      });
      outs = runNodes(f.node, f.output, inner, opset, functions);
    } else {
      const ctx = new NodeCtx(ins, new Attrs(n, where), where, n.output.length, opset, scope, runGraph);
      const out = OPS[n.opType]!(ctx);
      outs = Array.isArray(out) ? out : [out];
    }
    n.output.forEach((name, i) => {
      if (name === "") return;
      const v = outs[i];
      if (v === undefined) throw new OnnxImportError(`onnx.importModel: ${where}: output ${i} ("${name}") is not supported`);
      scope.set(name, v);
    });
  });
  return outputs.map((name) => {
    const v = scope.get(name);
    if (v === undefined) throw new OnnxImportError(`onnx.importModel: output "${name}" is never computed`);
    return v;
  });
}

/** Initializer names consumed by a static input slot somewhere (shapes, axes, scales), bodies included: never params. */
function staticInitializers(nodes: readonly NodeProto[], out = new Set<string>()): Set<string> {
  for (const n of nodes) {
    for (const i of STATIC_INPUTS[n.opType] ?? []) if (n.input[i]) out.add(n.input[i]!);
    for (const a of n.attribute) if (a.g !== undefined) staticInitializers(a.g.node, out);
  }
  return out;
}

/**
 * Imports an ONNX model (the bytes of a `.onnx` file) as a fluxion function
 * `fn(params, ...inputs)` with the model's float initializers as `params`. `fn` is an ordinary
 * fluxion function: `grad` w.r.t. the input gives saliency, w.r.t. `params` fine-tuning; it
 * vmaps, jits and draws. Opsets 13–23 of the default domain are read; int64 tensors become int32
 * (a value that does not fit is refused), float16/bfloat16/strings are refused by name, and an op
 * with no import raises `OnnxImportError` naming the op and the node when the model is imported.
 *
 * Complex values: a model `onnx.exportGraph` wrote from a graph with complex inputs or outputs
 * carries them as float (real, imaginary) pairs and records which they were in its metadata
 * (`fluxion.complex_values`). Those inputs then take complex tensors (a real tensor is refused)
 * and those outputs are complex again, so `importModel(exportGraph(g)).fn({}, ...args)` gives what
 * `evaluate(g, ...args)` gives. A model without that entry reads its inputs and outputs as they are.
 *
 * @example
 * ```ts
 * const g = trace((x: Tensor) => np.tanh(np.mul(x, 2)))(np.ones([3]));
 * const { fn, inputNames, params } = onnx.importModel(onnx.exportGraph(g));
 * inputNames;                                   // ["args[0]"]
 * (fn(params, np.array([0, 1, -1])) as Tensor).toArray(); // [0, 0.9640275835990906, -0.9640275835990906]
 * ```
 */
export function importModel(bytes: Uint8Array): ImportedModel {
  const { model, graph, opset } = parseModel(bytes);
  const functions: Functions = new Map(model.functions.map((f) => [functionKey(f.domain, f.name), f]));
  for (const f of model.functions) checkOps(f.node, functions);
  checkOps(graph.node, functions);
  const statics = staticInitializers([...graph.node, ...model.functions.flatMap((f) => f.node)]);
  const params: Record<string, Tensor> = {};
  const constants = new Map<string, Value>();
  for (const t of graph.initializer) {
    const r = readTensor(t, `initializer "${t.name}"`);
    const st = staticOf(r.dtype, r.shape, r.data);
    if (isFloat(r.dtype) && !statics.has(t.name)) params[t.name] = toTensor(st, `initializer "${t.name}"`);
    else constants.set(t.name, st);
  }
  const initNames = new Set(graph.initializer.map((t) => t.name));
  const inputs = graph.input.filter((vi) => !initNames.has(vi.name));
  const inputDtypes = inputs.map((vi) => {
    const tt = vi.type?.value.case === "tensorType" ? vi.type.value.value : undefined;
    return tt === undefined ? undefined : dtypeOf(tt.elemType, `input "${vi.name}"`);
  });
  const inputNames = inputs.map((vi) => vi.name);
  const outputNames = graph.output.map((o) => o.name);
  const complexAt = readComplexBoundary(model, inputs);
  const fn = (p: Readonly<Record<string, Tensor>>, ...args: TensorLike[]): Tensor | Tensor[] => {
    if (args.length !== inputNames.length) {
      throw new OnnxImportError(`onnx.importModel: the model takes ${inputNames.length} input(s) (${inputNames.join(", ")}) after params; got ${args.length}`);
    }
    const scope = new Map<string, Value>(constants);
    for (const name of Object.keys(params)) {
      const v = (p as Record<string, Tensor | undefined>)[name];
      if (!(v instanceof Tensor)) throw new OnnxImportError(`onnx.importModel: params["${name}"] must be a Tensor (pass the params the import returned, or a tree of the same shape)`);
      scope.set(name, v);
    }
    args.forEach((a, i) => {
      const name = inputNames[i]!;
      const z = complexAt.inputs[name];
      if (z !== undefined) return scope.set(name, toPairs(a instanceof Tensor ? a : asTensor(a, `input "${name}"`), z, name));
      scope.set(name, a instanceof Tensor ? a : asTensor(a, `input "${name}"`, inputDtypes[i]));
    });
    const outs = runNodes(graph.node, outputNames, scope, opset, functions).map((v, i) => {
      const name = outputNames[i]!;
      const t = toTensor(v, `output "${name}"`);
      const z = complexAt.outputs[name];
      return z === undefined ? t : fromPairs(t, z, name);
    });
    return outs.length === 1 ? outs[0]! : outs;
  };
  return { fn, inputNames, outputNames, params };
}
