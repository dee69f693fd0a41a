/**
 * Turning JS data into tensors: numbers, booleans, nested arrays (checked for raggedness and
 * element types, errors name the path) and typed arrays. A JS number is float32 unless a dtype is
 * asked for: JS cannot tell 2 from 2.0, so integer-valued input does not mean int32.
 */
import { DTypeError } from "../errors.js";
import { type DType, type DataArray, allocate, castScalar, isDType } from "./dtype.js";
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
  return undefined;
}

function describeValue(x: unknown): string {
  if (typeof x === "string") return `the string ${JSON.stringify(x.length > 20 ? x.slice(0, 20) + "…" : x)}`;
  if (typeof x === "function") return "a function";
  if (x === null) return "null";
  if (x === undefined) return "undefined";
  if (typeof x === "object") return `an instance of ${(x as object).constructor?.name ?? "Object"}`;
  return typeof x;
}

/** Infers the shape of nested arrays, checking that they are rectangular. */
function inferShape(data: unknown, where: string): number[] {
  const shape: number[] = [];
  let x = data;
  while (Array.isArray(x)) {
    shape.push(x.length);
    if (x.length === 0) break;
    x = x[0];
  }
  const check = (node: unknown, depth: number, path: string): void => {
    if (depth === shape.length) {
      if (Array.isArray(node)) {
        throw new DTypeError(`${where}: ragged nested array: ${path} is an array but its siblings are numbers. Make every row the same length.`);
      }
      if (typeof node !== "number" && typeof node !== "boolean") {
        throw new DTypeError(`${where}: ${path} is ${describeValue(node)}; array data must be numbers or booleans.`);
      }
      return;
    }
    if (!Array.isArray(node) || node.length !== shape[depth]) {
      const got = Array.isArray(node) ? `length ${node.length}` : describeValue(node);
      throw new DTypeError(
        `${where}: ragged nested array: ${path} has ${got} but length ${shape[depth]} was expected from the first row. ` +
          `Make every row the same length.`,
      );
    }
    node.forEach((c, i) => check(c, depth + 1, `${path}[${i}]`));
  };
  check(data, 0, "data");
  return shape;
}

function allBooleans(data: unknown): boolean {
  if (Array.isArray(data)) return data.length > 0 && data.every(allBooleans);
  return typeof data === "boolean";
}

/**
 * Converts JS data to a tensor. `dtype` forces the element type; otherwise numbers give float32,
 * booleans bool, typed arrays their own dtype (Float32Array, Float64Array, Int32Array).
 */
export function arrayFrom(data: unknown, dtype?: DType, where = "np.array"): Tensor {
  if (dtype !== undefined && !isDType(dtype)) {
    throw new DTypeError(`${where}: unknown dtype ${JSON.stringify(dtype)}; use "float32", "float64", "int32" or "bool".`);
  }
  if (data instanceof Tensor) {
    if (dtype === undefined || dtype === data.dtype) return data;
    const src = data.concreteData();
    const out = allocate(dtype, src.length);
    for (let i = 0; i < src.length; i++) out[i] = castScalar(src[i]!, dtype);
    return new Tensor(data.shape, dtype, out);
  }
  if (typeof data === "number" || typeof data === "boolean") {
    return scalar(Number(data), dtype ?? (typeof data === "boolean" ? "bool" : "float32"));
  }
  if (ArrayBuffer.isView(data)) {
    const own = typedArrayDType(data);
    if (own === undefined) {
      throw new DTypeError(
        `${where}: a ${data.constructor.name} is not supported; pass a Float32Array, Float64Array or Int32Array, or a plain array.`,
      );
    }
    const src = data as Float32Array | Float64Array | Int32Array;
    const dt = dtype ?? own;
    const out = allocate(dt, src.length);
    if (dt === own) out.set(src);
    else for (let i = 0; i < src.length; i++) out[i] = castScalar(src[i]!, dt);
    return new Tensor([src.length], dt, out);
  }
  if (!Array.isArray(data)) {
    throw new DTypeError(`${where}: cannot make an array from ${describeValue(data)}; pass numbers, nested arrays or a typed array.`);
  }
  const shape = checkShape(inferShape(data, where), where);
  const dt = dtype ?? (allBooleans(data) ? "bool" : "float32");
  const out = allocate(dt, sizeOf(shape));
  let k = 0;
  const fill = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(fill);
    else out[k++] = castScalar(Number(node), dt);
  };
  fill(data);
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
