/**
 * np.fft's helpers: the sample frequencies of a transform (`fftfreq`, `rfftfreq`, concrete arrays
 * computed in float64 and rounded once) and the shifts that put frequency 0 in the middle
 * (`fftshift`, `ifftshift`, rolls — so they differentiate, vectorise and take any dtype).
 */
import { ArgumentError, DTypeError, fmtValue, inContext } from "../../errors.js";
import { type DType, castScalar, dtypeArg, isFloat, allocate } from "../../tensor/dtype.js";
import { fromData } from "../../tensor/from-js.js";
import type { Tensor, TensorLike } from "../../tensor/tensor.js";
import { tensorArg } from "../coerce.js";
import { optionalArgs } from "../options.js";
import { roll } from "../rearrange.js";
import { axesArg, checkOutput, intArg, type Positional } from "../static-args.js";

/** n (an integer ≥ 1), d (a finite nonzero number) and the float dtype (float32 unless given). */
function freqArgs(where: string, n: unknown, rest: readonly unknown[]): { n: number; d: number; dtype: DType } {
  const { d = 1, dtype } = optionalArgs(where, ["d", "dtype"], rest);
  const len = intArg(where, "n", n, 1);
  checkOutput(where, [len]);
  if (typeof d !== "number" || !Number.isFinite(d) || d === 0) {
    throw new ArgumentError(`${where}: d (the sample spacing) must be a finite nonzero number; got ${fmtValue(d)}.`);
  }
  const dt = dtype === undefined ? "float32" : dtypeArg(dtype, where);
  if (!isFloat(dt)) throw new DTypeError(`${where}: dtype must be "float32" or "float64"; got "${dt}".`);
  return { n: len, d, dtype: dt };
}

/** A 1-d concrete array of `dtype` from float64 values (each rounded once). */
function concrete(values: readonly number[], dtype: DType): Tensor {
  const data = allocate(dtype, values.length);
  values.forEach((v, i) => (data[i] = castScalar(v, dtype)));
  return fromData([values.length], dtype, data);
}

/**
 * The frequencies of the n bins of `fft` for samples spaced `d` apart: [0, 1, …, ⌈n/2⌉ − 1,
 * −⌊n/2⌋, …, −1] / (d·n). Float32 unless `dtype` (JAX's keyword; positionally after d).
 * @example `np.fft.fftfreq(4).toArray()` // [0, 0.25, -0.5, -0.25]
 */
export function fftfreq(n: number, ...rest: Positional<[number, DType], { d?: number; dtype?: DType }>): Tensor {
  return inContext("np.fft.fftfreq", () => {
    const { n: len, d, dtype } = freqArgs("np.fft.fftfreq", n, rest);
    const positive = Math.ceil(len / 2); // 0 … ⌈n/2⌉ − 1, then the negative frequencies
    return concrete(Array.from({ length: len }, (_, i) => (i < positive ? i : i - len) / (d * len)), dtype);
  });
}

/**
 * The frequencies of the ⌊n/2⌋ + 1 bins of `rfft` for samples spaced `d` apart: [0, 1, …, ⌊n/2⌋] / (d·n).
 * @example `np.fft.rfftfreq(4).toArray()` // [0, 0.25, 0.5]
 */
export function rfftfreq(n: number, ...rest: Positional<[number, DType], { d?: number; dtype?: DType }>): Tensor {
  return inContext("np.fft.rfftfreq", () => {
    const { n: len, d, dtype } = freqArgs("np.fft.rfftfreq", n, rest);
    return concrete(Array.from({ length: Math.floor(len / 2) + 1 }, (_, i) => i / (d * len)), dtype);
  });
}

/** Rolls `x` by ±⌊n/2⌋ along each of `axes` (every axis when absent or null). */
function shift(where: string, x: TensorLike, rest: readonly unknown[], sign: 1 | -1): Tensor {
  const { axes } = optionalArgs(where, ["axes"], rest);
  const t = tensorArg(where, x);
  const list = axes === undefined || axes === null ? t.shape.map((_, i) => i) : axesArg(where, axes, t.ndim);
  if (list.length === 0) return t;
  return roll(t, list.map((a) => sign * Math.floor(t.shape[a]! / 2)), { axis: list });
}

/**
 * Moves frequency 0 to the centre: rolls each of `axes` (all by default) by ⌊n/2⌋, so
 * `fftshift(fftfreq(n))` ascends.
 * @example `np.fft.fftshift(np.fft.fftfreq(5)).toArray()` // [-0.4, -0.2, 0, 0.2, 0.4] (as float32)
 */
export function fftshift(x: TensorLike, ...rest: Positional<[number | readonly number[] | null], { axes?: number | readonly number[] | null }>): Tensor {
  return inContext("np.fft.fftshift", () => shift("np.fft.fftshift", x, rest, 1));
}

/**
 * The inverse of `fftshift`: rolls each of `axes` (all by default) by −⌊n/2⌋ (differs from
 * fftshift for odd lengths).
 * @example `np.fft.ifftshift([3, 4, 0, 1, 2]).toArray()` // [0, 1, 2, 3, 4]
 */
export function ifftshift(x: TensorLike, ...rest: Positional<[number | readonly number[] | null], { axes?: number | readonly number[] | null }>): Tensor {
  return inContext("np.fft.ifftshift", () => shift("np.fft.ifftshift", x, rest, -1));
}
