/**
 * What the ONNX round-trip checks share (law 14 against ONNX Runtime, and test/onnx's import round
 * trip): the drawable primitives the ONNX table lowers, one equation as a graph of its own, and
 * the tolerance a runtime's own kernels are judged by.
 */
import * as ort from "onnxruntime-node";
import { REFERENCE } from "../src/backend/backend.js";
import { evaluate } from "../src/interpret/evaluate.js";
import { Graph } from "../src/ir/graph.js";
import type { Equation, Var } from "../src/ir/types.js";
import { OnnxExportError } from "../src/onnx/emitter.js";
import { exportGraph } from "../src/onnx/export.js";
import { ONNX_LOWERINGS } from "../src/onnx/lowering.js";
import { type OrtModule, fromOrt, toOrt } from "../src/onnx/runtime.js";
import type { PrimitiveName } from "../src/primitives/params.js";
import type { Tensor } from "../src/tensor/tensor.js";
import { drawablePrimitives } from "./registry-programs.js";

/** The drawable primitives the ONNX table lowers. */
export const EXPORTABLE: readonly PrimitiveName[] = drawablePrimitives.filter((n) => ONNX_LOWERINGS[n] !== REFERENCE);

/**
 * The exportable primitives whose models `onnx.importModel` reads back as the same function: all
 * of them. Complex values travel as float tensors with a trailing (real, imaginary) axis, and the
 * model's `fluxion.complex_values` metadata marks the complex inputs and outputs, which the
 * importer turns back into complex tensors.
 */
export const IMPORTABLE: readonly PrimitiveName[] = EXPORTABLE;

/**
 * Close enough: equal (NaN = NaN, +0 = −0), or for floats within `tol` relative to the larger
 * magnitude (or to `scale`, where a primitive's error scales with more than its result: `errorScale`). Callers pass float32's tolerance (2e-4) when any value of the program is float32 —
 * a float32 difference converted to float64 stays a float32-sized difference — and 1e-9 otherwise.
 */
export function close(a: number, b: number, dtype: string, tol: number, scale = 0): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true;
  if (dtype !== "float32" && dtype !== "float64") return false;
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b), scale);
}

/**
 * The magnitude a primitive's rounding error scales with, beyond each result's own (0: none).
 * An FFT's result is a sum over its lane, computed by different algorithms here and there
 * (Bluestein's in the kernel, ONNX Runtime's own): both err by ε times the operand's size, so a
 * bin that cancels to near 0 is judged against the largest finite operand times the transform's
 * length rather than against itself.
 */
export function errorScale(c: { readonly name: string; readonly inputs: readonly Tensor[]; readonly params: unknown }): number {
  if (c.name !== "fft") return 0;
  let largest = 0;
  for (const t of c.inputs) for (const v of t.concreteData()) if (Number.isFinite(v)) largest = Math.max(largest, Math.abs(v));
  const lengths = (c.params as { readonly fftLengths: readonly number[] }).fftLengths;
  return largest * lengths.reduce((a, b) => a * b, 1);
}

/** Same dtype and shape, and every element `close` (a complex element: each part, as its float dtype). */
export function agree(got: Tensor, want: Tensor, tol: number, scale = 0): boolean {
  if (got.dtype !== want.dtype || got.shape.join() !== want.shape.join()) return false;
  const g = got.concreteData();
  const w = want.concreteData();
  const dtype = want.dtype === "complex64" ? "float32" : want.dtype === "complex128" ? "float64" : want.dtype;
  for (let i = 0; i < w.length; i++) if (!close(g[i]!, w[i]!, dtype, tol, scale)) return false;
  return true;
}

/** True if any value in `g` (sub-graphs included, through the printed form) is float32 or complex64. */
export const usesFloat32 = (g: { toString(): string }): boolean => /:(f32|c64)\[/.test(g.toString());

/** One equation as a graph of its own: its variable operands (each once) are the inputs. */
export function equationGraph(e: Equation): { readonly graph: Graph; readonly operands: readonly Var[] } {
  const operands: Var[] = [];
  for (const a of e.inputs) if (a._tag === "Var" && !operands.some((v) => v.id === a.id)) operands.push(a);
  return { graph: new Graph({ inputs: operands, constVars: [], constValues: [], equations: [e], outputs: e.outputs }), operands };
}

/** Every value `g` computes on `inputs` (its inputs and constants too), by variable id, as `evaluate` gives them. */
export function valuesOf(g: Graph, inputs: readonly Tensor[]): Map<number, Tensor> {
  const all = new Graph({ inputs: g.inputs, constVars: g.constVars, constValues: g.constValues, equations: g.equations, outputs: g.equations.flatMap((e) => e.outputs) });
  const values = new Map<number, Tensor>();
  g.inputs.forEach((v, k) => values.set(v.id, inputs[k]!));
  g.constVars.forEach((v, k) => values.set(v.id, g.constValues[k]!));
  const computed = evaluate(all, ...inputs) as Tensor[];
  all.outputs.forEach((a, k) => a._tag === "Var" && values.set(a.id, computed[k]!));
  return values;
}

const ORT = ort as unknown as OrtModule;
// ONNX Runtime warns (to stderr) when it merges a zero-size dim of a declared shape; only errors matter here.
ort.env.logLevel = "error";

/** Runs `bytes` in ONNX Runtime on `inputs`, with results typed as `want`'s tensors are. */
export async function runModel(bytes: Uint8Array, inputs: readonly Tensor[], want: readonly Tensor[], context: () => string): Promise<Tensor[]> {
  const session = await ORT.InferenceSession.create(bytes);
  const feeds = Object.fromEntries(session.inputNames.map((n, k) => [n, toOrt(ORT, inputs[k]!, "law")]));
  const result = await session.run(feeds).catch((err: unknown) => {
    throw new Error(`${String(err)}\n${context()}`);
  });
  return session.outputNames.map((n, k) => fromOrt(result[n]!, want[k]!, `output ${n}`));
}

/** `exportGraph(g)`, or undefined where the table refuses it by name (a primitive or dtype it does not lower): the laws set those aside. */
export function exportOrSetAside(g: Graph): Uint8Array | undefined {
  try {
    return exportGraph(g);
  } catch (err) {
    if (err instanceof OnnxExportError) return undefined;
    throw err;
  }
}
