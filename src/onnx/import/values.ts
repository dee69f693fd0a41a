/**
 * The values an imported graph computes with. Most are fluxion Tensors (traced under grad, vmap and
 * jit); the rest are `Static`: small arrays known when the model is read or traced — shapes (from
 * `Shape`), axes, pads, constants and integer initializers, and what shape arithmetic (Gather,
 * Concat, Slice, Unsqueeze, Cast, Add, …) makes of them. Keeping those as JS arrays is what lets
 * `Reshape(x, Concat(Shape(x)[0], -1))` trace: the target shape is a number at trace time.
 */
import { fromData } from "../../tensor/from-js.js";
import { type DType, INT32_MAX, INT32_MIN, allocate } from "../../tensor/dtype.js";
import { Tensor } from "../../tensor/tensor.js";
import { OnnxImportError, type RawTensor } from "./model.js";

/** A value known at trace time: row-major JS numbers (int64 exact up to 2^53), the dtype it has as a tensor, its shape. */
export interface Static extends RawTensor {
  readonly kind: "static";
}

/** A value of the interpreter: a tensor, or a static array. */
export type Value = Tensor | Static;

export const isStatic = (v: Value): v is Static => !(v instanceof Tensor);

export const staticOf = (dtype: DType, shape: readonly number[], data: readonly number[]): Static => ({ kind: "static", dtype, shape: [...shape], data: [...data] });

/** The size of a shape. */
export const sizeOfShape = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** `v` as a tensor; an int32 static out of range (an int64 the model needs exactly) is refused. */
export function toTensor(v: Value, where: string): Tensor {
  if (!isStatic(v)) return v;
  const data = allocate(v.dtype, v.data.length);
  v.data.forEach((x, i) => {
    if (v.dtype === "int32" && (x < INT32_MIN || x > INT32_MAX)) {
      throw new OnnxImportError(`onnx.importModel: ${where}: the int64 value ${x} does not fit fluxion's int32`);
    }
    data[i] = v.dtype === "bool" ? (x ? 1 : 0) : x;
  });
  return fromData(v.shape, v.dtype, data);
}

/** The numbers of a static input (shapes, axes, pads); a traced tensor here is refused by name. */
export function staticData(v: Value | undefined, where: string): number[] {
  if (v === undefined) throw new OnnxImportError(`onnx.importModel: ${where} is missing`);
  if (isStatic(v)) return v.data;
  if (v.buffer !== undefined) return Array.from(v.buffer as ArrayLike<number>);
  throw new OnnxImportError(`onnx.importModel: ${where} must be known when the model is traced (a constant, an initializer or computed from shapes), but it depends on the inputs`);
}

/** Numpy broadcasting of two shapes. */
export function broadcastShape(a: readonly number[], b: readonly number[], where: string): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) throw new OnnxImportError(`onnx.importModel: ${where}: shapes [${a.join(", ")}] and [${b.join(", ")}] do not broadcast`);
    out.push(x === 1 ? y : x);
  }
  return out;
}

/** The elements of static `v` broadcast to `shape`, row-major. */
function broadcastData(v: Static, shape: readonly number[]): number[] {
  const n = sizeOfShape(shape);
  const out = new Array<number>(n);
  const r = shape.length;
  const vs = [...new Array<number>(r - v.shape.length).fill(1), ...v.shape];
  for (let flat = 0; flat < n; flat++) {
    let rem = flat;
    let src = 0;
    let stride = 1;
    for (let d = r - 1; d >= 0; d--) {
      const i = rem % shape[d]!;
      rem = Math.floor(rem / shape[d]!);
      if (vs[d] !== 1) src += i * stride;
      stride *= vs[d]!;
    }
    out[flat] = v.data[src]!;
  }
  return out;
}

/** An elementwise function of statics, with broadcasting; `dtype` of the result. */
export function staticMap(xs: readonly Static[], dtype: DType, f: (...v: number[]) => number, where: string): Static {
  const shape = xs.reduce<number[]>((s, x) => broadcastShape(s, x.shape, where), []);
  const cols = xs.map((x) => broadcastData(x, shape));
  const data = cols[0]!.map((_, i) => f(...cols.map((c) => c[i]!)));
  return staticOf(dtype, shape, data);
}

/** Normalizes a possibly negative axis of a rank-`rank` value. */
export function axisOf(a: number, rank: number, where: string): number {
  const ax = a < 0 ? a + rank : a;
  if (!Number.isInteger(ax) || ax < 0 || ax >= rank) throw new OnnxImportError(`onnx.importModel: ${where}: axis ${a} is out of range for rank ${rank}`);
  return ax;
}
