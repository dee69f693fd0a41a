/**
 * ONNX Runtime, reached at run time only: `onnxruntime-node` is an optional peer dependency, loaded
 * by the first `onnx.compile` call (never at import, so fluxion without it works, and bundles for
 * a browser). The few parts of its API fluxion uses are stated here as interfaces, so no type of
 * it reaches fluxion's own declarations. Values cross as typed arrays: fluxion's dtypes map to ONNX
 * Runtime's of the same width, bools as one byte each, complex values as float (real, imaginary)
 * pairs on a trailing axis of 2.
 */
import { FluxionError } from "../errors.js";
import type { Aval } from "../ir/types.js";
import { type DType, type DataArray, allocate, isComplex } from "../tensor/dtype.js";
import { fromData } from "../tensor/from-js.js";
import { sizeOf } from "../tensor/shape.js";
import type { Tensor } from "../tensor/tensor.js";

/** ONNX Runtime is not installed (or failed to load): says how to install it. */
export class OnnxRuntimeMissingError extends FluxionError {}

/** ONNX Runtime refused or failed a model fluxion exported: its message, and what to do instead. */
export class OnnxRuntimeError extends FluxionError {}

/** An ONNX Runtime tensor, as far as fluxion reads and writes one. */
export interface OrtTensor {
  readonly type: string;
  readonly data: unknown;
  readonly dims: readonly number[];
}

/** An inference session: named inputs in, named outputs out. */
export interface OrtSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
}

/** The part of the `onnxruntime-node` module fluxion uses. */
export interface OrtModule {
  readonly InferenceSession: { create(model: Uint8Array, options?: Record<string, unknown>): Promise<OrtSession> };
  readonly Tensor: new (type: string, data: unknown, dims: readonly number[]) => OrtTensor;
}

/** The module's name, in a variable so bundlers do not try to resolve it for a browser build. */
const RUNTIME_PACKAGE = "onnxruntime-node";

let loading: Promise<OrtModule> | undefined;

/** `onnxruntime-node`, loaded once; an `OnnxRuntimeMissingError` if it is not installed. */
export function loadOrt(): Promise<OrtModule> {
  loading ??= (import(/* @vite-ignore */ RUNTIME_PACKAGE) as Promise<{ default?: OrtModule } & OrtModule>).then(
    (m) => (m.InferenceSession !== undefined ? m : m.default!),
    (err: unknown) => {
      loading = undefined;
      throw new OnnxRuntimeMissingError(
        `onnx.compile needs ONNX Runtime, which could not be loaded (${err instanceof Error ? err.message : String(err)}). ` +
          "Install it beside fluxion: `npm install onnxruntime-node` (add `onnxruntime-node-install=skip` to .npmrc, or set " +
          "ONNXRUNTIME_NODE_INSTALL=skip, to install only its CPU build without downloading the CUDA binaries).",
      );
    },
  );
  return loading;
}

/** The host's module of system facts, named in a variable for the same reason as the runtime's. */
const HOST_OS = "node:os";

/**
 * How many threads the host can run at once (Node's `availableParallelism`, which honours CPU
 * affinity), or undefined where it cannot tell. ONNX Runtime's own default counts physical cores
 * and on some virtual machines settles on one thread.
 */
export async function hostThreads(): Promise<number | undefined> {
  try {
    const os = (await import(/* @vite-ignore */ HOST_OS)) as { availableParallelism?: () => number; cpus?: () => readonly unknown[] };
    const n = os.availableParallelism?.() ?? os.cpus?.().length;
    return n !== undefined && Number.isInteger(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

/**
 * ONNX Runtime's name for each fluxion dtype. Complex values cross as their parts' float type with
 * a trailing axis of 2 (real, imaginary), the layout exported models use (proto.ts `storedAs`).
 */
const ORT_TYPE: { readonly [D in DType]: string } = {
  float32: "float32", float64: "float64", int32: "int32", uint32: "uint32", bool: "bool", complex64: "float32", complex128: "float64",
};

/** `t` as an ONNX Runtime tensor (its data shared where the layout is the same, complex data too). */
export function toOrt(ort: OrtModule, t: Tensor, _where: string): OrtTensor {
  const data = t.concreteData();
  const dims = isComplex(t.dtype) ? [...t.shape, 2] : [...t.shape];
  return new ort.Tensor(ORT_TYPE[t.dtype], t.dtype === "bool" ? Uint8Array.from(data as ArrayLike<number>) : data, dims);
}

/** An ONNX Runtime result as a fluxion tensor of `aval` (its dtype decides how the data is read). */
export function fromOrt(t: OrtTensor, aval: Aval, where: string): Tensor {
  const src = t.data as ArrayLike<number | bigint>;
  // A complex result arrives as (real, imaginary) pairs on a trailing axis: fluxion's interleaved storage.
  const dims = isComplex(aval.dtype) ? [...aval.shape, 2] : aval.shape;
  if (t.dims.length !== dims.length || t.dims.some((d, k) => d !== dims[k])) {
    throw new FluxionError(`${where}: ONNX Runtime returned shape [${t.dims.join(", ")}] where the graph has [${dims.join(", ")}]; please report this with the graph`);
  }
  // ONNX Runtime hands each result over in a typed array of its own: one of fluxion's layout is
  // adopted as it is (tensors never write their data), which saves a copy of every gradient.
  if (ArrayBuffer.isView(src) && src.constructor === allocate(aval.dtype, 0).constructor && (src as DataArray).length === sizeOf(aval.shape)) {
    return fromData(aval.shape, aval.dtype, src as DataArray);
  }
  const out: DataArray = allocate(aval.dtype, isComplex(aval.dtype) ? src.length / 2 : src.length);
  if (aval.dtype === "bool") for (let i = 0; i < src.length; i++) out[i] = src[i] ? 1 : 0;
  else if (typeof src[0] === "bigint") for (let i = 0; i < src.length; i++) out[i] = Number(src[i]);
  else out.set(src as ArrayLike<number>);
  return fromData(aval.shape, aval.dtype, out);
}
