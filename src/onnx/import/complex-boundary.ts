/**
 * Complex values at a model's boundary. ONNX Runtime has no complex arithmetic, so
 * `onnx.exportGraph` writes a complex64 (complex128) input or output of shape `s` as a float32
 * (float64) tensor of shape `[...s, 2]` of (real, imaginary) pairs; nothing in those types says
 * the pairs were complex. The exporter records which inputs and outputs were, in the model's
 * `metadata_props` under `COMPLEX_METADATA_KEY`, and the importer reads that back: it takes
 * complex tensors for those inputs (split into pairs before the graph runs) and returns complex
 * tensors for those outputs (the pairs put together). Model metadata is free-form string pairs in
 * ONNX: the checker and ONNX Runtime accept any key (ONNX Runtime lists it in its session's
 * custom metadata), and other tools ignore keys they do not know.
 */
import type { ModelProto, ValueInfoProto } from "onnx-buf";
import * as cops from "../../primitives/complex/ops.js";
import * as ops from "../../primitives/ops.js";
import { type ComplexDType, isComplex, realPartDType } from "../../tensor/dtype.js";
import type { Tensor } from "../../tensor/tensor.js";
import { OnnxImportError, dtypeOf } from "./model.js";

/**
 * The model metadata key naming the complex inputs and outputs. Its value is JSON:
 * `{"inputs": {"<graph input name>": "complex64" | "complex128", …}, "outputs": {…}}`.
 */
export const COMPLEX_METADATA_KEY = "fluxion.complex_values";

/** The complex dtype of each complex graph input and output, by name. */
export interface ComplexBoundary {
  readonly inputs: Readonly<Record<string, ComplexDType>>;
  readonly outputs: Readonly<Record<string, ComplexDType>>;
}

/**
 * The metadata entry recording the complex values among `inputs` and `outputs` (name and dtype
 * each), or none when there are none (a real model's metadata stays as it was).
 */
export function complexMetadata(inputs: readonly { name: string; dtype: string }[], outputs: readonly { name: string; dtype: string }[]): { key: string; value: string }[] {
  const pick = (vs: readonly { name: string; dtype: string }[]): Record<string, string> => Object.fromEntries(vs.filter((v) => v.dtype === "complex64" || v.dtype === "complex128").map((v) => [v.name, v.dtype]));
  const boundary = { inputs: pick(inputs), outputs: pick(outputs) };
  if (Object.keys(boundary.inputs).length + Object.keys(boundary.outputs).length === 0) return [];
  return [{ key: COMPLEX_METADATA_KEY, value: JSON.stringify(boundary) }];
}

const refuse = (why: string): never => {
  throw new OnnxImportError(`onnx.importModel: the model's metadata "${COMPLEX_METADATA_KEY}" ${why}`);
};

/** One side's entries, each checked against the graph's value of that name (float pairs of the part dtype). */
function side(raw: unknown, values: readonly ValueInfoProto[], what: "inputs" | "outputs"): Record<string, ComplexDType> {
  if (raw === undefined) return {};
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return refuse(`has ${what} that are not an object of name → dtype`);
  const out: Record<string, ComplexDType> = {};
  for (const [name, dtype] of Object.entries(raw)) {
    if (dtype !== "complex64" && dtype !== "complex128") return refuse(`gives ${what.slice(0, -1)} "${name}" the dtype ${JSON.stringify(dtype)}; expected "complex64" or "complex128"`);
    const vi = values.find((v) => v.name === name);
    if (vi === undefined) return refuse(`names ${what.slice(0, -1)} "${name}", which the graph does not have (its ${what}: ${values.map((v) => v.name).join(", ")})`);
    const tt = vi.type?.value.case === "tensorType" ? vi.type.value.value : undefined;
    if (tt !== undefined) {
      const part = dtypeOf(tt.elemType, `${what.slice(0, -1)} "${name}"`);
      const dims = tt.shape?.dim;
      const last = dims?.[dims.length - 1]?.value;
      const pairAxis = dims === undefined || (dims.length > 0 && (last?.case !== "dimValue" || last.value === 2n));
      if (part !== realPartDType(dtype) || !pairAxis) return refuse(`calls ${what.slice(0, -1)} "${name}" ${dtype}, but the graph gives it no trailing axis of 2 ${realPartDType(dtype)} (real, imaginary) pairs`);
    }
    out[name] = dtype;
  }
  return out;
}

/** The complex inputs and outputs `model` records (none without the metadata); malformed metadata is refused by name. */
export function readComplexBoundary(model: ModelProto, inputs: readonly ValueInfoProto[]): ComplexBoundary {
  const entry = model.metadataProps.find((p) => p.key === COMPLEX_METADATA_KEY);
  if (entry === undefined) return { inputs: {}, outputs: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(entry.value);
  } catch (e) {
    return refuse(`is not JSON (${(e as Error).message})`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return refuse("is not a JSON object");
  const p = parsed as { inputs?: unknown; outputs?: unknown };
  return { inputs: side(p.inputs, inputs, "inputs"), outputs: side(p.outputs, model.graph?.output ?? [], "outputs") };
}

/** A complex argument of `dtype` as the graph's (real, imaginary) pairs; a real tensor is refused (pairs or not, it is ambiguous). */
export function toPairs(t: Tensor, dtype: ComplexDType, name: string): Tensor {
  if (!isComplex(t.dtype)) {
    throw new OnnxImportError(
      `onnx.importModel: input "${name}" is ${dtype} (the model was exported from a complex value); got a ${t.dtype} tensor — pass a complex tensor, e.g. np.complex(re, im)`,
    );
  }
  return asPairs(ops.convert(t, dtype));
}

/** A complex tensor as (real, imaginary) pairs on a new trailing axis of 2, of its parts' float dtype. */
export function asPairs(z: Tensor): Tensor {
  const column = (p: Tensor): Tensor => ops.reshape(p, [...p.shape, 1]);
  return ops.concatenate([column(cops.real(z)), column(cops.imag(z))], z.shape.length);
}

/** The pair at index `k` of `v`'s trailing axis, that axis dropped. */
export function pairPart(v: Tensor, k: number): Tensor {
  const n = v.shape.length;
  const start = v.shape.map((_, d) => (d === n - 1 ? k : 0));
  const limit = v.shape.map((s, d) => (d === n - 1 ? k + 1 : s));
  return ops.reshape(ops.slice(v, start, limit, v.shape.map(() => 1)), v.shape.slice(0, -1));
}

/** A graph output of (real, imaginary) pairs as the complex tensor of `dtype` it was exported from. */
export function fromPairs(v: Tensor, dtype: ComplexDType, name: string): Tensor {
  const n = v.shape.length;
  if (n === 0 || v.shape[n - 1] !== 2 || v.dtype !== realPartDType(dtype)) {
    throw new OnnxImportError(`onnx.importModel: output "${name}" should be ${dtype} as ${realPartDType(dtype)} (real, imaginary) pairs on a trailing axis of 2; the graph computed ${v.dtype}[${v.shape.join(", ")}]`);
  }
  return cops.complex(pairPart(v, 0), pairPart(v, 1));
}
