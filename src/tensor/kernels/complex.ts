/**
 * Reference kernels of the complex-number parts: building complex arrays from real and
 * imaginary parts, and taking them apart (real, imag, conj). A complex array is interleaved
 * (re0, im0, re1, im1, …) in a Float32Array (complex64) or Float64Array (complex128).
 */
import { type ComplexDType, allocate, type DataArray } from "../dtype.js";

/**
 * The complex array with real parts `re` and imaginary parts `im` (each of `n` elements, or one
 * element that is broadcast — the scalar operand of an elementwise binary op).
 * @example `complexFromParts(Float32Array.of(1), Float32Array.of(2), 1, "complex64")` // Float32Array [1, 2]
 */
export function complexFromParts(re: DataArray, im: DataArray, n: number, dtype: ComplexDType): DataArray {
  const out = allocate(dtype, n);
  const sr = re.length === 1 ? 0 : 1, si = im.length === 1 ? 0 : 1;
  for (let i = 0; i < n; i++) {
    out[2 * i] = re[i * sr]!;
    out[2 * i + 1] = im[i * si]!;
  }
  return out;
}

/**
 * One part of each element of a complex array (`part` 0 for the real part, 1 for the imaginary),
 * as an array of the part's float dtype.
 * @example `complexPart(Float64Array.of(1, 2, 3, 4), 1)` // Float64Array [2, 4]
 */
export function complexPart(x: DataArray, part: 0 | 1): DataArray {
  const n = x.length / 2;
  const out = x instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = x[2 * i + part]!;
  return out;
}

/**
 * The complex conjugate of each element (imaginary parts negated; -0 for +0, as IEEE negation).
 * @example `conjugate(Float64Array.of(1, 2))` // Float64Array [1, -2]
 */
export function conjugate(x: DataArray): DataArray {
  const out = x.slice();
  for (let i = 1; i < out.length; i += 2) out[i] = -out[i]!;
  return out;
}
