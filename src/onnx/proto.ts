/**
 * The ONNX protobuf messages fluxion writes and reads, built with the generated definitions of
 * `onnx-buf` over `@bufbuild/protobuf` (the encoding is the library's, never hand-written). This
 * file maps fluxion's dtypes to ONNX element types and builds the small messages every lowering
 * needs: tensors (raw little-endian data), value infos and attributes.
 */
import { create } from "@bufbuild/protobuf";
import {
  type AttributeProto,
  AttributeProtoSchema,
  AttributeProto_AttributeType as AttrType,
  type GraphProto,
  type TensorProto,
  TensorProtoSchema,
  TensorProto_DataType as OnnxType,
  type ValueInfoProto,
  ValueInfoProtoSchema,
} from "onnx-buf";
import type { Aval } from "../ir/types.js";
import type { DType, DataArray } from "../tensor/dtype.js";

export { OnnxType };

/** ONNX's element type for each fluxion dtype: the same width and meaning, so nothing is rounded. */
export const ONNX_TYPE_OF: { readonly [D in DType]: OnnxType } = {
  bool: OnnxType.BOOL,
  int32: OnnxType.INT32,
  uint32: OnnxType.UINT32,
  float32: OnnxType.FLOAT,
  float64: OnnxType.DOUBLE,
  complex64: OnnxType.COMPLEX64,
  complex128: OnnxType.COMPLEX128,
};

/**
 * How a value of `dtype` and `shape` is stored in an exported model: ONNX Runtime has no complex
 * arithmetic, so a complex64 (complex128) value is a float32 (float64) tensor with a trailing axis
 * of 2 holding (real, imaginary) — the layout ONNX's DFT reads and writes, and the interleaved
 * order fluxion stores complex data in, so the bytes are the same. Other dtypes are stored as they are.
 */
export function storedAs(dtype: DType, shape: readonly number[]): { readonly elemType: OnnxType; readonly dims: readonly number[] } {
  if (dtype === "complex64") return { elemType: OnnxType.FLOAT, dims: [...shape, 2] };
  if (dtype === "complex128") return { elemType: OnnxType.DOUBLE, dims: [...shape, 2] };
  return { elemType: ONNX_TYPE_OF[dtype], dims: shape };
}

/** The fluxion dtype of an ONNX element type, or undefined for one fluxion has no dtype for. */
export function dtypeOfOnnx(t: number): DType | undefined {
  for (const [d, o] of Object.entries(ONNX_TYPE_OF)) if (o === t) return d as DType;
  return undefined;
}

/** The name ONNX gives an element type (`FLOAT`, `INT64`), for messages. */
export const onnxTypeName = (t: number): string => OnnxType[t] ?? `type ${t}`;

/** The bytes of `data` as ONNX's raw_data stores them: little-endian, bools one byte each. */
function rawBytes(data: DataArray | BigInt64Array, dtype: DType | "int64"): Uint8Array<ArrayBuffer> {
  if (dtype === "bool") return Uint8Array.from(data as ArrayLike<number>, (v) => (v ? 1 : 0));
  // Typed arrays are little-endian on every platform JS engines run on; copy to own the buffer.
  const view = data as unknown as { buffer: ArrayBufferLike; byteOffset: number; byteLength: number };
  return new Uint8Array(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength) as ArrayBuffer);
}

/** A named tensor message of `dtype` and `shape` holding `data` (row-major; complex as `storedAs` says). */
export function tensorProto(name: string, dtype: DType, shape: readonly number[], data: DataArray): TensorProto {
  const { elemType, dims } = storedAs(dtype, shape);
  return create(TensorProtoSchema, {
    name,
    dims: dims.map(BigInt),
    dataType: elemType,
    rawData: rawBytes(data, dtype),
  });
}

/** A named 1-d int64 tensor (shapes, axes, starts: what ONNX takes as int64 inputs), or 0-d with `scalar`. */
export function int64Proto(name: string, values: readonly number[], scalar = false): TensorProto {
  return create(TensorProtoSchema, {
    name,
    dims: scalar ? [] : [BigInt(values.length)],
    dataType: OnnxType.INT64,
    rawData: rawBytes(BigInt64Array.from(values.map(BigInt)), "int64"),
  });
}

/** An ONNX-only element type a value info may need (a Loop's iteration count is int64). */
export type IndexAval = { readonly shape: readonly number[]; readonly dtype: "int64" };

/** A typed, shaped value info (a graph input or output; complex as `storedAs` says). */
export function valueInfo(name: string, aval: Aval | IndexAval): ValueInfoProto {
  const { elemType, dims } = aval.dtype === "int64" ? { elemType: OnnxType.INT64, dims: aval.shape } : storedAs(aval.dtype, aval.shape);
  return create(ValueInfoProtoSchema, {
    name,
    type: {
      value: {
        case: "tensorType",
        value: {
          elemType,
          shape: { dim: dims.map((d) => ({ value: { case: "dimValue" as const, value: BigInt(d) } })) },
        },
      },
    },
  });
}

/** An attribute value a lowering passes: an int, ints, a float, a string, a graph or a tensor. */
export type AttrValue =
  | { readonly i: number }
  | { readonly ints: readonly number[] }
  | { readonly f: number }
  | { readonly s: string }
  | { readonly g: GraphProto }
  | { readonly t: TensorProto };

/** The attribute message `name = value`. */
export function attribute(name: string, value: AttrValue): AttributeProto {
  if ("i" in value) return create(AttributeProtoSchema, { name, type: AttrType.INT, i: BigInt(value.i) });
  if ("ints" in value) return create(AttributeProtoSchema, { name, type: AttrType.INTS, ints: value.ints.map(BigInt) });
  if ("f" in value) return create(AttributeProtoSchema, { name, type: AttrType.FLOAT, f: value.f });
  if ("s" in value) return create(AttributeProtoSchema, { name, type: AttrType.STRING, s: new TextEncoder().encode(value.s) });
  if ("g" in value) return create(AttributeProtoSchema, { name, type: AttrType.GRAPH, g: value.g });
  return create(AttributeProtoSchema, { name, type: AttrType.TENSOR, t: value.t });
}
