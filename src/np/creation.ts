/**
 * Array creation: array, zeros, ones, full, arange, linspace, eye, zerosLike, onesLike.
 * These make concrete tensors (inside a trace they become constants of the graph).
 */
import { DTypeError, ShapeError, describeValue, fmtValue, optionsArg } from "../errors.js";
import { type DType, type DataArray, allocate, castScalar, checkFits, dtypeArg, isComplex } from "../tensor/dtype.js";
import { fill as fillKernel } from "../tensor/kernels/elementwise.js";
import { arrayFrom, fromData } from "../tensor/from-js.js";
import { checkShape, sizeOf } from "../tensor/shape.js";
import type { Tensor, TensorLike } from "../tensor/tensor.js";
import { tensorArg } from "./coerce.js";

function checkDTypeArg(where: string, dtype: unknown): DType | undefined {
  if (dtype === undefined) return undefined;
  return dtypeArg(dtype, where);
}

/**
 * An array from JS data: numbers (float32 unless `dtype`), booleans, nested arrays, typed arrays.
 * @example `np.array([[1, 2], [3, 4]], { dtype: "float64" }).shape` // [2, 2]
 */
export function array(data: TensorLike, opts?: { dtype?: DType }): Tensor {
  const { dtype } = optionsArg(opts, "np.array", ["dtype"]);
  return arrayFrom(data, checkDTypeArg("np.array", dtype), "np.array");
}

/** An array filled with `value`. @example `np.full([2], 7).toArray()` // [7, 7] */
export function full(shape: readonly number[], value: number | boolean, dtype?: DType): Tensor {
  return fill("np.full", shape, value, dtype);
}

function fill(where: string, shape: readonly number[], value: number | boolean, dtype?: DType): Tensor {
  if (typeof value !== "number" && typeof value !== "boolean") {
    throw new DTypeError(`${where}: the fill value must be a number or boolean; got ${describeValue(value)}.`);
  }
  const s = checkShape(typeof shape === "number" ? [shape] : shape, where);
  const dt = checkDTypeArg(where, dtype) ?? (typeof value === "boolean" ? "bool" : "float32");
  checkFits(Number(value), dt, `${where}: the fill value`);
  return fromData(s, dt, fillKernel(dt, sizeOf(s), Number(value))); // complex: value + 0j
}

/** Zeros. @example `np.zeros([2, 3]).shape` // [2, 3] */
export const zeros = (shape: readonly number[], dtype?: DType): Tensor => fill("np.zeros", shape, 0, dtype);
/** Ones. @example `np.ones([2]).toArray()` // [1, 1] */
export const ones = (shape: readonly number[], dtype?: DType): Tensor => fill("np.ones", shape, 1, dtype);
/** Zeros shaped like `x` (and of its dtype unless given). @example `np.zerosLike(np.ones([2, 3])).shape` // [2, 3] */
export const zerosLike = (x: TensorLike, dtype?: DType): Tensor => {
  const t = tensorArg("zerosLike", x);
  return fill("np.zerosLike", t.shape, 0, dtype ?? t.dtype);
};
/** Ones shaped like `x` (and of its dtype unless given). @example `np.onesLike([1, 2]).toArray()` // [1, 1] */
export const onesLike = (x: TensorLike, dtype?: DType): Tensor => {
  const t = tensorArg("onesLike", x);
  return fill("np.onesLike", t.shape, 1, dtype ?? t.dtype);
};

/**
 * Evenly spaced values in [start, stop). As in JAX, integer arguments give int32 and any
 * fractional argument float32; pass `dtype` to choose. An int32 range whose values go past
 * 2^31 − 1 (or below −2^31) raises an `OverflowError` rather than wrapping or repeating.
 * @example `np.arange(5).toArray()` // [0, 1, 2, 3, 4]
 */
export function arange(start: number, stop?: number, step = 1, dtype?: DType): Tensor {
  if (stop === undefined) [start, stop] = [0, start];
  for (const [name, v] of [["start", start], ["stop", stop], ["step", step]] as const) {
    if (typeof v !== "number" || !Number.isFinite(v)) throw new ShapeError(`np.arange: ${name} must be a finite number; got ${fmtValue(v)}.`);
  }
  if (step === 0) throw new ShapeError("np.arange: step must not be 0.");
  const dt = checkDTypeArg("np.arange", dtype) ?? ([start, stop, step].every(Number.isInteger) ? "int32" : "float32");
  const n = Math.max(0, Math.ceil((stop - start) / step));
  checkShape([n], "np.arange");
  // The values run monotonically from the first to the last: if both fit, all do.
  if (n > 0) {
    const fix = `pass dtype "float64" (np.arange(${start}, ${stop}, ${step}, "float64")), which holds every integer up to 2^53 exactly.`;
    checkFits(start, dt, "np.arange: the first value", fix);
    checkFits(start + (n - 1) * step, dt, "np.arange: the last value", fix);
  }
  const data: DataArray = allocate(dt, n);
  const k = isComplex(dt) ? 2 : 1; // a complex value's real part (its imaginary part is 0)
  for (let i = 0; i < n; i++) data[k * i] = castScalar(start + i * step, dt);
  return fromData([n], dt, data);
}

/** `n` evenly spaced values from a to b inclusive (float32). @example `np.linspace(0, 1, 5).toArray()` // [0, 0.25, 0.5, 0.75, 1] */
export function linspace(a: number, b: number, n: number, dtype?: DType): Tensor {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0) throw new ShapeError(`np.linspace: n must be a non-negative integer; got ${fmtValue(n)}.`);
  checkShape([n], "np.linspace");
  const dt = checkDTypeArg("np.linspace", dtype) ?? "float32";
  if (n > 0) checkFits(a, dt, "np.linspace: the start");
  if (n > 1) checkFits(b, dt, "np.linspace: the end");
  const data = allocate(dt, n);
  const step = n > 1 ? (b - a) / (n - 1) : 0;
  const k = isComplex(dt) ? 2 : 1;
  for (let i = 0; i < n; i++) data[k * i] = castScalar(i === n - 1 && n > 1 ? b : a + i * step, dt);
  return fromData([n], dt, data);
}

/** The n×m identity (m = n by default). @example `np.eye(2).toArray()` // [[1, 0], [0, 1]] */
export function eye(n: number, m: number = n, dtype?: DType): Tensor {
  const s = checkShape([n, m], "np.eye");
  const dt = checkDTypeArg("np.eye", dtype) ?? "float32";
  const data = allocate(dt, n * m);
  const k = isComplex(dt) ? 2 : 1;
  for (let i = 0; i < Math.min(s[0]!, s[1]!); i++) data[k * (i * m + i)] = 1;
  return fromData(s, dt, data);
}
