/**
 * Turning JS data into tensors: numbers, booleans, nested arrays (checked for raggedness, holes
 * and element types before allocating, errors name the path) and typed arrays. A JS number is float32 unless a dtype is
 * asked for: JS cannot tell 2 from 2.0, so integer-valued input does not mean int32.
 */
import { DTypeError, describeValue } from "../errors.js";
import { type DType, type DataArray, allocate, castScalar, checkFits, dtypeArg, isComplex } from "./dtype.js";
import { convert } from "./kernels/elementwise.js";
import { checkShape, sizeOf } from "./shape.js";
import { Tensor, type TensorLike } from "./tensor.js";

/** A concrete tensor from its parts (no copy: the caller hands over `data`). */
export function fromData(shape: readonly number[], dtype: DType, data: DataArray): Tensor {
  return new Tensor(shape, dtype, data);
}

/** A 0-d tensor holding `value` (cast to `dtype`). */
export function scalar(value: number, dtype: DType): Tensor {
  const data = allocate(dtype, 1);
  data[0] = castScalar(value, dtype);
  return new Tensor([], dtype, data);
}

function typedArrayDType(x: ArrayBufferView): DType | undefined {
  if (x instanceof Float32Array) return "float32";
  if (x instanceof Float64Array) return "float64";
  if (x instanceof Int32Array) return "int32";
  if (x instanceof Uint32Array) return "uint32";
  return undefined;
}

/** The path of an element in messages: `data[1][0]`. */
function pathOf(index: readonly number[]): string {
  return `data${index.map((i) => `[${i}]`).join("")}`;
}

/**
 * The shape of nested arrays, read down the first elements (`data[0][0]…`). Only those are
 * looked at, so an absurd length (a sparse array of 2^32 − 1 slots) is known before anything
 * walks it; a hole on the way is refused here.
 */
function leadingShape(data: readonly unknown[], where: string): number[] {
  const shape: number[] = [];
  const index: number[] = [];
  let x: unknown = data;
  while (Array.isArray(x)) {
    shape.push(x.length);
    if (x.length === 0) break;
    if (!(0 in x)) throw holeError(where, [...index, 0]);
    index.push(0);
    x = x[0];
  }
  return shape;
}

function holeError(where: string, index: readonly number[]): DTypeError {
  return new DTypeError(
    `${where}: ${pathOf(index)} is a hole (an empty slot of a sparse array such as [1, , 3]); array data must be numbers or booleans. ` +
      `Give every element a value.`,
  );
}

/**
 * Visits the leaves of nested arrays of rectangular `shape` in row-major order, checking every
 * node on the way: holes (which `forEach` and `map` would skip, shifting later values), ragged
 * rows and non-numeric leaves raise a `DTypeError` naming the path. Iterative, so deep nesting
 * cannot overflow the stack.
 */
function forEachLeaf(data: readonly unknown[], shape: readonly number[], where: string, visit: (leaf: number | boolean, index: readonly number[]) => void): void {
  const depth = shape.length;
  const nodes: (readonly unknown[])[] = [data];
  const index: number[] = [0];
  while (nodes.length > 0) {
    const k = nodes.length - 1;
    const node = nodes[k]!;
    const i = index[k]!;
    if (i === node.length) {
      nodes.pop();
      index.pop();
      if (index.length > 0) index[index.length - 1]!++;
      continue;
    }
    if (!(i in node)) throw holeError(where, index);
    const child = node[i];
    if (k + 1 < depth) {
      if (!Array.isArray(child) || child.length !== shape[k + 1]) {
        const got = Array.isArray(child) ? `length ${child.length}` : describeValue(child);
        throw new DTypeError(
          `${where}: ragged nested array: ${pathOf(index)} has ${got} but length ${shape[k + 1]} was expected from the first row. ` +
            `Make every row the same length.`,
        );
      }
      nodes.push(child);
      index.push(0);
      continue;
    }
    if (Array.isArray(child)) {
      throw new DTypeError(`${where}: ragged nested array: ${pathOf(index)} is an array but its siblings are numbers. Make every row the same length.`);
    }
    if (typeof child !== "number" && typeof child !== "boolean") {
      throw new DTypeError(`${where}: ${pathOf(index)} is ${describeValue(child)}; array data must be numbers or booleans.`);
    }
    visit(child, index);
    index[k]!++;
  }
}

/**
 * Converts JS data to a tensor. `dtype` forces the element type; otherwise numbers give float32,
 * booleans bool, typed arrays their own dtype (Float32Array, Float64Array, Int32Array,
 * Uint32Array). Nested arrays are checked whole (shape, size limit, holes, element types, and with
 * an int32 or uint32 dtype that every number fits) before anything is allocated. With a complex
 * dtype, numbers are real parts (imaginary 0), as numpy reads `np.array([1, 2], dtype=complex64)`;
 * `np.complex(re, im)` builds complex values from parts.
 */
export function arrayFrom(data: unknown, dtype?: DType, where = "np.array"): Tensor {
  if (dtype !== undefined) dtypeArg(dtype, where);
  if (data instanceof Tensor) {
    if (dtype === undefined || dtype === data.dtype) return data;
    const src = data.concreteData();
    if (isComplex(dtype) || isComplex(data.dtype)) return new Tensor(data.shape, dtype, convert(src, dtype, data.dtype));
    const out = allocate(dtype, src.length);
    for (let i = 0; i < src.length; i++) out[i] = castScalar(src[i]!, dtype);
    return new Tensor(data.shape, dtype, out);
  }
  if (typeof data === "number" || typeof data === "boolean") {
    const dt = dtype ?? (typeof data === "boolean" ? "bool" : "float32");
    checkFits(Number(data), dt, `${where}: the number`);
    return scalar(Number(data), dt);
  }
  if (ArrayBuffer.isView(data)) {
    const own = typedArrayDType(data);
    if (own === undefined) {
      throw new DTypeError(
        `${where}: ${describeValue(data)} is not supported; pass a Float32Array, Float64Array, Int32Array or Uint32Array, or a plain array.`,
      );
    }
    const src = data as Float32Array | Float64Array | Int32Array | Uint32Array;
    checkShape([src.length], where);
    const dt = dtype ?? own;
    const out = allocate(dt, src.length);
    // A typed array is already typed data: converting it is a cast, which saturates like astype.
    // (Into a complex dtype its numbers are the real parts, every other slot.)
    const step = isComplex(dt) ? 2 : 1;
    if (dt === own) out.set(src);
    else for (let i = 0; i < src.length; i++) out[step * i] = castScalar(src[i]!, dt);
    return new Tensor([src.length], dt, out);
  }
  if (!Array.isArray(data)) {
    throw new DTypeError(`${where}: cannot make an array from ${describeValue(data)}; pass numbers, nested arrays or a typed array.`);
  }
  // Shape and size first (cheap), then every element, then the allocation.
  const shape = checkShape(leadingShape(data, where), where);
  let allBooleans = true;
  forEachLeaf(data, shape, where, (leaf, index) => {
    if (typeof leaf === "number") {
      allBooleans = false;
      if (dtype === "int32" || dtype === "uint32") checkFits(leaf, dtype, `${where}: ${pathOf(index)}`);
    }
  });
  const size = sizeOf(shape);
  const dt = dtype ?? (size > 0 && allBooleans ? "bool" : "float32");
  const out = allocate(dt, size);
  const step = isComplex(dt) ? 2 : 1; // a complex element's real part; its imaginary part stays 0
  let k = 0;
  forEachLeaf(data, shape, where, (leaf) => {
    out[k] = castScalar(Number(leaf), dt);
    k += step;
  });
  return new Tensor(shape, dt, out);
}

/** Converts a `TensorLike` argument to a tensor, leaving tensors (and tracers) as they are. */
export function asTensor(x: TensorLike, where: string, dtype?: DType): Tensor {
  if (x instanceof Tensor) return x;
  if (x === undefined || x === null) {
    throw new DTypeError(`${where}: expected an array or number, got ${String(x)}; pass a tensor, a number or a nested array.`);
  }
  return arrayFrom(x, dtype, where);
}
