/**
 * Comparisons the laws share: bit-for-bit tensor equality (NaN equals NaN, −0 differs from +0,
 * shape and dtype must agree), data snapshots, and readable descriptions for failure messages.
 */
import { type DType, storageLength } from "../src/tensor/dtype.js";
import { Tensor } from "../src/tensor/tensor.js";

/** The typed-array class each dtype must be stored in. */
const STORAGE: Record<DType, new (n: number) => ArrayLike<number>> = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  uint32: Uint32Array,
  bool: Uint8Array,
  complex64: Float32Array,
  complex128: Float64Array,
};

/** True when the tensor's buffer is its dtype's typed array of exactly `size` elements. */
export function wellStored(t: Tensor): boolean {
  const buf = t.buffer;
  return buf !== undefined && buf instanceof STORAGE[t.dtype] && buf.length === storageLength(t.dtype, t.shape.reduce((n, d) => n * d, 1));
}

/** Element `i` of two arrays are identical (Object.is: NaN = NaN, −0 ≠ +0). */
export function sameElements(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** Same shape, dtype and bit-identical elements. */
export function sameTensor(a: Tensor, b: Tensor): boolean {
  return (
    a.dtype === b.dtype &&
    a.shape.length === b.shape.length &&
    a.shape.every((d, i) => d === b.shape[i]) &&
    a.buffer !== undefined &&
    b.buffer !== undefined &&
    sameElements(a.buffer, b.buffer)
  );
}

/** Two lists of results, pairwise `sameTensor`. */
export function sameTensors(a: unknown, b: unknown): boolean {
  const as = asTensorList(a), bs = asTensorList(b);
  return as.length === bs.length && as.every((t, i) => sameTensor(t, bs[i]!));
}

/** A result that is one tensor or an array of tensors, as a list. */
export function asTensorList(x: unknown): Tensor[] {
  if (x instanceof Tensor) return [x];
  if (Array.isArray(x) && x.every((t) => t instanceof Tensor)) return x;
  throw new Error(`expected a tensor or an array of tensors, got ${String(x)}`);
}

/** A copy of a tensor's elements, to compare with later. */
export function snapshotData(t: Tensor): number[] {
  return Array.from(t.concreteData());
}

/** `f32[2,3] [1, 2, NaN, -0, …]` for messages. */
export function describeTensor(t: Tensor): string {
  const data = t.buffer === undefined ? "<traced>" : Array.from(t.buffer.slice(0, 12), (x) => (Object.is(x, -0) ? "-0" : String(x))).join(", ");
  return `${t.typeString} [${data}${t.buffer !== undefined && t.buffer.length > 12 ? ", …" : ""}]`;
}

/** Numbers JSON cannot keep (NaN, ±∞, −0) as tagged strings, so a snapshot sees them. */
function exactNumbers(_key: string, v: unknown): unknown {
  if (typeof v === "number" && (!Number.isFinite(v) || Object.is(v, -0))) return `#${Object.is(v, -0) ? "-0" : String(v)}`;
  if (ArrayBuffer.isView(v)) return { typed: v.constructor.name, data: Array.from(v as unknown as ArrayLike<number>, (x) => exactNumbers("", x)) };
  return v;
}

/**
 * A graph's whole structure as text: its printed form, every input, constvar (with its data),
 * equation (primitive, params, atoms with ids and avals, source) and output, and both tree defs.
 */
export function graphSnapshot(g: {
  toString(): string;
  inputs: unknown; constVars: unknown; constValues: readonly Tensor[]; equations: unknown; outputs: unknown; inTree: unknown; outTree: unknown;
}): string {
  return JSON.stringify(
    {
      text: g.toString(),
      inputs: g.inputs,
      constVars: g.constVars,
      constValues: g.constValues.map((t) => ({ shape: t.shape, dtype: t.dtype, data: t.buffer })),
      equations: g.equations,
      outputs: g.outputs,
      inTree: String(g.inTree),
      outTree: String(g.outTree),
    },
    exactNumbers,
  );
}
