/**
 * Reading an ONNX model for `onnx.importModel`: the ModelProto parsed by `@bufbuild/protobuf` over
 * onnx-buf's generated schema, tensors decoded from raw or typed fields, attributes read by name,
 * and the error every refusal raises. Element types map to fluxion's dtypes; int64 (ONNX's type for
 * shapes, axes and indices) reads as JS numbers and becomes int32 when it reaches a tensor.
 */
import { fromBinary } from "@bufbuild/protobuf";
import {
  type AttributeProto,
  AttributeProto_AttributeType as AttrType,
  type GraphProto,
  type ModelProto,
  ModelProtoSchema,
  type NodeProto,
  type TensorProto,
  TensorProto_DataLocation,
} from "onnx-buf";
import { FluxionError } from "../../errors.js";
import type { DType } from "../../tensor/dtype.js";
import { OnnxType, onnxTypeName } from "../proto.js";

/** A model `onnx.importModel` cannot read or run: bad bytes, an unsupported opset, element type or op. */
export class OnnxImportError extends FluxionError {}

/** The opsets of the default domain the importer follows (ONNX 1.8's 13 to ONNX 1.18's 23). */
export const MIN_OPSET = 13;
export const MAX_OPSET = 23;

/** Parses `bytes` as a ModelProto, refusing what is not one, or what the importer cannot follow. */
export function parseModel(bytes: Uint8Array): { model: ModelProto; graph: GraphProto; opset: number } {
  if (!(bytes instanceof Uint8Array)) {
    throw new OnnxImportError(`onnx.importModel: expected the model's bytes as a Uint8Array; got ${bytes === null ? "null" : typeof bytes}`);
  }
  let model: ModelProto;
  try {
    model = fromBinary(ModelProtoSchema, bytes);
  } catch (e) {
    throw new OnnxImportError(`onnx.importModel: the bytes are not an ONNX model (protobuf: ${(e as Error).message})`);
  }
  const graph = model.graph;
  if (graph === undefined || graph.node.length + graph.output.length === 0) {
    throw new OnnxImportError("onnx.importModel: the bytes hold no ONNX graph (no nodes, no outputs)");
  }
  const main = model.opsetImport.find((o) => o.domain === "" || o.domain === "ai.onnx");
  const opset = main === undefined ? 1 : Number(main.version);
  if (opset < MIN_OPSET || opset > MAX_OPSET) {
    throw new OnnxImportError(`onnx.importModel: the model uses opset ${opset} of the default domain; opsets ${MIN_OPSET} to ${MAX_OPSET} are supported (convert it with onnx.version_converter)`);
  }
  if (graph.sparseInitializer.length > 0) {
    throw new OnnxImportError(`onnx.importModel: sparse initializers are not supported (${graph.sparseInitializer.length} in the model)`);
  }
  return { model, graph, opset };
}

/** The fluxion dtype an ONNX element type reads as (int64 → int32, see `readTensor`), or a refusal naming it. */
export function dtypeOf(t: number, what: string): DType {
  switch (t) {
    case OnnxType.FLOAT: return "float32";
    case OnnxType.DOUBLE: return "float64";
    case OnnxType.INT32:
    case OnnxType.INT64:
    case OnnxType.INT8:
    case OnnxType.INT16:
    case OnnxType.UINT8:
    case OnnxType.UINT16: return "int32";
    case OnnxType.UINT32: return "uint32";
    case OnnxType.BOOL: return "bool";
    default:
      throw new OnnxImportError(`onnx.importModel: ${what} has element type ${onnxTypeName(t)}, which fluxion has no dtype for (float, double, int8–int64, uint8–uint32 and bool are read)`);
  }
}

/** A tensor read from the model: its values as JS numbers (exact for int64 up to 2^53), its dtype and shape. */
export interface RawTensor {
  readonly dtype: DType;
  readonly shape: number[];
  readonly data: number[];
}

/** Decodes a TensorProto (raw little-endian bytes or the typed repeated fields). */
export function readTensor(t: TensorProto, what: string): RawTensor {
  if (t.dataLocation === TensorProto_DataLocation.EXTERNAL || t.externalData.length > 0) {
    throw new OnnxImportError(`onnx.importModel: ${what} keeps its data in an external file; load the model with onnx.load(path) and save it with save_as_external_data=False to embed it`);
  }
  const dtype = dtypeOf(t.dataType, what);
  const shape = t.dims.map(Number);
  const size = shape.reduce((a, b) => a * b, 1);
  let data: number[];
  const raw = t.rawData;
  if (raw.length > 0) {
    const buf = raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength);
    switch (t.dataType) {
      case OnnxType.FLOAT: data = Array.from(new Float32Array(buf)); break;
      case OnnxType.DOUBLE: data = Array.from(new Float64Array(buf)); break;
      case OnnxType.INT32: data = Array.from(new Int32Array(buf)); break;
      case OnnxType.UINT32: data = Array.from(new Uint32Array(buf)); break;
      case OnnxType.INT64: data = Array.from(new BigInt64Array(buf), Number); break;
      case OnnxType.INT16: data = Array.from(new Int16Array(buf)); break;
      case OnnxType.UINT16: data = Array.from(new Uint16Array(buf)); break;
      case OnnxType.INT8: data = Array.from(new Int8Array(buf)); break;
      default: data = Array.from(new Uint8Array(buf)); // UINT8, BOOL
    }
  } else if (t.dataType === OnnxType.FLOAT) data = [...t.floatData];
  else if (t.dataType === OnnxType.DOUBLE) data = [...t.doubleData];
  else if (t.dataType === OnnxType.INT64) data = t.int64Data.map(Number);
  else if (t.dataType === OnnxType.UINT32) data = t.uint64Data.map(Number);
  else data = [...t.int32Data];
  if (data.length !== size) {
    throw new OnnxImportError(`onnx.importModel: ${what} has ${data.length} values for shape [${shape.join(", ")}]`);
  }
  return { dtype, shape, data };
}

/** The attributes of a node, read by name with defaults. */
export class Attrs {
  private readonly byName = new Map<string, AttributeProto>();
  constructor(readonly node: NodeProto, private readonly where: string) {
    for (const a of node.attribute) this.byName.set(a.name, a);
  }
  has(name: string): boolean {
    return this.byName.has(name);
  }
  int(name: string, dflt: number): number {
    const a = this.byName.get(name);
    return a === undefined ? dflt : Number(a.i);
  }
  float(name: string, dflt: number): number {
    const a = this.byName.get(name);
    return a === undefined ? dflt : a.f;
  }
  str(name: string, dflt: string): string {
    const a = this.byName.get(name);
    return a === undefined ? dflt : new TextDecoder().decode(a.s);
  }
  ints(name: string): number[] | undefined {
    const a = this.byName.get(name);
    return a === undefined ? undefined : a.ints.map(Number);
  }
  floats(name: string): number[] | undefined {
    return this.byName.get(name)?.floats.slice();
  }
  tensor(name: string): RawTensor | undefined {
    const a = this.byName.get(name);
    return a?.t === undefined ? undefined : readTensor(a.t, `attribute ${name} of ${this.where}`);
  }
  graph(name: string): GraphProto | undefined {
    const a = this.byName.get(name);
    return a !== undefined && a.type === AttrType.GRAPH ? a.g : undefined;
  }
}
