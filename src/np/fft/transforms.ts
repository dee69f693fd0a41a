/**
 * np.fft's transforms, as jax.numpy.fft builds them on the `fft` primitive: the axes to transform
 * move to the end (the primitive acts on trailing axes), each is cropped or zero-padded to its
 * length from `n`/`s`, and the result is scaled for the `norm` mode and moved back. Complex
 * transforms take any input (real and integer inputs become complex64, float64 complex128); the
 * real-input ones take real input. Every transform differentiates through the primitive's
 * transposes (JAX's, with the doubled bins of rfft/irfft weighted).
 */
import { ArgumentError, DTypeError, ShapeError, describeValue, fmtShape, fmtValue, inContext } from "../../errors.js";
import { conj } from "../../primitives/complex/ops.js";
import { fft as bindFft } from "../../primitives/fft/ops.js";
import type { FftType } from "../../primitives/fft/params.js";
import * as ops from "../../primitives/ops.js";
import { complexDTypeOf, isComplex, isFloat } from "../../tensor/dtype.js";
import { scalar } from "../../tensor/from-js.js";
import type { Tensor, TensorLike } from "../../tensor/tensor.js";
import { tensorArg } from "../coerce.js";
import { optionalArgs } from "../options.js";
import { type Positional } from "../static-args.js";

/** numpy's normalisation modes: which direction carries the 1/N ("ortho": both carry 1/√N). */
export type FftNorm = "backward" | "ortho" | "forward";

/** Keyword arguments of the one-axis transforms. */
export interface Fft1dOptions {
  readonly n?: number | null;
  readonly axis?: number;
  readonly norm?: FftNorm | null;
}

/** Keyword arguments of the n-axis transforms. */
export interface FftNdOptions {
  readonly s?: readonly number[] | null;
  readonly axes?: readonly number[] | null;
  readonly norm?: FftNorm | null;
}

type Args1d = Positional<[number | null, number, FftNorm | null], Fft1dOptions>;
type ArgsNd = Positional<[readonly number[] | null, readonly number[] | null, FftNorm | null], FftNdOptions>;

const range = (a: number, b: number): number[] => Array.from({ length: b - a }, (_, i) => a + i);

function normArg(where: string, norm: unknown): FftNorm {
  if (norm === undefined || norm === null) return "backward";
  if (norm === "backward" || norm === "ortho" || norm === "forward") return norm;
  throw new ArgumentError(`${where}: norm is ${typeof norm === "string" ? fmtValue(norm) : describeValue(norm)}; use "backward" (the default), "ortho" or "forward".`);
}

/** A transform length: an integer ≥ 1. */
function lengthArg(where: string, name: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v)) throw new ArgumentError(`${where}: ${name} must be an integer; got ${describeValue(v)}.`);
  if (v < 1) throw new ArgumentError(`${where}: ${name} is ${v}, but a transform needs at least 1 point; pass a positive length.`);
  return v;
}

/** The axes to transform, normalised; an axis the array lacks is a ShapeError naming it and the shape. */
function axesOf(where: string, axes: readonly unknown[], shape: readonly number[]): number[] {
  const nd = shape.length;
  const out = axes.map((a) => {
    if (typeof a !== "number" || !Number.isInteger(a)) throw new ArgumentError(`${where}: an axis must be an integer; got ${describeValue(a)}.`);
    if (a < -nd || a >= nd) {
      throw new ShapeError(`${where}: axis ${a} is out of range for an array of shape ${fmtShape(shape)}; use an axis in [${-nd}, ${nd - 1}] (or reshape the input).`);
    }
    return a < 0 ? a + nd : a;
  });
  if (new Set(out).size !== out.length) throw new ArgumentError(`${where}: axes [${axes.join(", ")}] repeat an axis; each axis can be transformed once.`);
  return out;
}

/** The input in the dtype the transform takes: real for RFFT, complex otherwise (ints become the default precision). */
function asInput(where: string, t: Tensor, type: FftType): Tensor {
  if (type === "RFFT") {
    if (isComplex(t.dtype)) throw new DTypeError(`${where}: takes a real input; got ${t.dtype}. Use np.fft.fft (or fftn) for complex input.`);
    return isFloat(t.dtype) ? t : ops.convert(t, "float32");
  }
  return ops.convert(t, complexDTypeOf(t.dtype));
}

/** Crops or zero-pads the trailing axes of `t` to `dims`. */
function fitTrailing(t: Tensor, dims: readonly number[]): Tensor {
  const lead = t.ndim - dims.length;
  const want = [...t.shape.slice(0, lead), ...dims];
  let x = t;
  if (want.some((d, i) => d < x.shape[i]!)) {
    x = ops.slice(x, want.map(() => 0), want.map((d, i) => Math.min(d, x.shape[i]!)), want.map(() => 1));
  }
  if (want.some((d, i) => d > x.shape[i]!)) {
    x = ops.pad(x, 0, want.map((d, i) => [0, d - x.shape[i]!, 0] as const));
  }
  return x;
}

/**
 * JAX's `_fft_core`: transform `a` over `axes` (default: the last `s.length` axes, or all) with
 * lengths `s` (default: the axes' sizes; for IRFFT the last is 2·(m − 1)), scaled for `norm`.
 */
function fftCore(where: string, type: FftType, a: TensorLike, sIn: readonly unknown[] | undefined, axesIn: readonly unknown[] | undefined, normIn: unknown): Tensor {
  const norm = normArg(where, normIn);
  let t = asInput(where, tensorArg(where, a), type);
  const s = sIn?.map((v, i) => lengthArg(where, sIn.length === 1 ? "n" : `s[${i}]`, v));
  if (s !== undefined && axesIn !== undefined && s.length !== axesIn.length) {
    throw new ArgumentError(`${where}: s has ${s.length} lengths but axes has ${axesIn.length} axes; give one length per axis.`);
  }
  if (s !== undefined && axesIn === undefined && s.length > t.ndim) {
    throw new ShapeError(`${where}: s has ${s.length} lengths but the input of shape ${fmtShape(t.shape)} has only ${t.ndim} axes.`);
  }
  const axes = axesIn !== undefined ? axesOf(where, axesIn, t.shape) : range(t.ndim - (s?.length ?? t.ndim), t.ndim);
  const k = axes.length;
  const tail = range(t.ndim - k, t.ndim);
  const moved = axes.some((a, i) => a !== tail[i]);
  if (moved) t = moveAxes(t, axes, tail);
  let lengths: number[];
  if (s !== undefined) {
    const dims = [...s];
    if (type === "IRFFT" && k > 0) dims[k - 1] = Math.floor(dims[k - 1]! / 2) + 1;
    t = fitTrailing(t, dims);
    lengths = s;
  } else {
    lengths = tail.map((a) => t.shape[a]!);
    if (type === "IRFFT" && k > 0) lengths[k - 1] = 2 * (lengths[k - 1]! - 1);
    lengths.forEach((n, i) => {
      if (n < 1) {
        const what = type === "IRFFT" && i === k - 1 ? `the output length 2·(${t.shape[tail[i]!]} − 1) = ${n}` : `axis ${axes[i]} has length ${n}`;
        throw new ArgumentError(`${where}: ${what}, but a transform needs at least 1 point; pass n (or s) to set the length.`);
      }
    });
  }
  if (k === 0) return t; // a 0-d input: nothing to transform (JAX returns it, converted)
  let out = bindFft(t, type, lengths);
  const factor = normFactor(where, norm, lengths);
  if (factor !== 1) out = ops.mul(out, scalar(factor, out.dtype));
  return moved ? moveAxes(out, tail, axes) : out;
}

/** JAX's `_fft_norm`: the factor on top of the primitive (which divides the inverse by N). */
function normFactor(where: string, norm: FftNorm, lengths: readonly number[]): number {
  if (norm === "backward") return 1;
  const N = lengths.reduce((p, n) => p * n, 1);
  const inverse = where.startsWith("np.fft.i");
  if (norm === "ortho") return inverse ? Math.sqrt(N) : 1 / Math.sqrt(N);
  return inverse ? N : 1 / N;
}

/** Moves axes `from` to positions `to` (both lists of one length), as np.moveaxis. */
function moveAxes(t: Tensor, from: readonly number[], to: readonly number[]): Tensor {
  const perm = range(0, t.ndim).filter((i) => !from.includes(i));
  for (const [d, s] of to.map((d, i) => [d, from[i]!] as const).sort((p, q) => p[0] - q[0])) perm.splice(d, 0, s);
  return perm.every((p, i) => p === i) ? t : ops.transpose(t, perm);
}

/** One-axis arguments: `n` (null for the axis's size), an integer `axis` (default −1), `norm`. */
function oneAxis(where: string, rest: readonly unknown[]): { s: number[] | undefined; axes: number[]; norm: unknown } {
  const { n, axis = -1, norm } = optionalArgs(where, ["n", "axis", "norm"], rest);
  if (typeof axis !== "number") {
    throw new ArgumentError(`${where}: axis must be one integer; got ${describeValue(axis)}. For several axes use ${where}n.`);
  }
  return { s: n === undefined || n === null ? undefined : [n as number], axes: [axis], norm };
}

/** n-axis arguments: `s` and `axes` (null or absent for the defaults), `norm`; a 2-d form takes exactly two axes. */
function manyAxes(where: string, rest: readonly unknown[], twoD: boolean): { s: unknown[] | undefined; axes: unknown[] | undefined; norm: unknown } {
  const { s, axes, norm } = optionalArgs(where, ["s", "axes", "norm"], rest);
  const list = (name: string, v: unknown): unknown[] | undefined => {
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) throw new ArgumentError(`${where}: ${name} must be a list of integers; got ${describeValue(v)}.`);
    return v as unknown[];
  };
  const ax = list("axes", axes) ?? (twoD ? [-2, -1] : undefined);
  if (twoD && ax!.length !== 2) throw new ArgumentError(`${where}: takes exactly 2 axes; got axes [${ax!.join(", ")}]. Use ${where.slice(0, -1)}n for other counts.`);
  return { s: list("s", s), axes: ax, norm };
}

const run1d = (where: string, type: FftType, a: TensorLike, rest: readonly unknown[]): Tensor =>
  inContext(where, () => {
    const { s, axes, norm } = oneAxis(where, rest);
    return fftCore(where, type, a, s, axes, norm);
  });

const runNd = (where: string, type: FftType, a: TensorLike, rest: readonly unknown[], twoD: boolean): Tensor =>
  inContext(where, () => {
    const { s, axes, norm } = manyAxes(where, rest, twoD);
    return fftCore(where, type, a, s, axes, norm);
  });

// ─── complex transforms ─────────────────────────────────────────────────────────────────────────

/**
 * The discrete Fourier transform along `axis` (default −1), of length `n` (crop or zero-pad):
 * X[k] = Σ x[j]·e^(−2πijk/n). Positional (a, n, axis, norm) as in JAX, or an options object.
 * @example `np.real(np.fft.fft([1, 2, 3, 4])).toArray()` // [10, -2, -2, -2]
 */
export function fft(a: TensorLike, ...rest: Args1d): Tensor {
  return run1d("np.fft.fft", "FFT", a, rest);
}

/**
 * The inverse of `fft` (with its 1/n under the default norm "backward").
 * @example `np.real(np.fft.ifft(np.fft.fft([1, 2, 3]))).toArray()` // [1, 2, 3]
 */
export function ifft(a: TensorLike, ...rest: Args1d): Tensor {
  return run1d("np.fft.ifft", "IFFT", a, rest);
}

/**
 * The 2-d transform over `axes` (default the last two), lengths `s`.
 * @example `np.fft.fft2(np.ones([2, 3])).shape` // [2, 3]
 */
export function fft2(a: TensorLike, ...rest: ArgsNd): Tensor {
  return runNd("np.fft.fft2", "FFT", a, rest, true);
}

/**
 * The inverse of `fft2`.
 * @example `np.real(np.fft.ifft2(np.fft.fft2([[1, 2], [3, 4]]))).toArray()` // [[1, 2], [3, 4]]
 */
export function ifft2(a: TensorLike, ...rest: ArgsNd): Tensor {
  return runNd("np.fft.ifft2", "IFFT", a, rest, true);
}

/**
 * The n-d transform over `axes` (default: all, or the last `s.length`), lengths `s`.
 * @example `np.real(np.fft.fftn(np.ones([2, 2]))).toArray()` // [[4, 0], [0, 0]]
 */
export function fftn(a: TensorLike, ...rest: ArgsNd): Tensor {
  return runNd("np.fft.fftn", "FFT", a, rest, false);
}

/**
 * The inverse of `fftn`.
 * @example `np.real(np.fft.ifftn(np.fft.fftn([[1, 2], [3, 4]]))).toArray()` // [[1, 2], [3, 4]]
 */
export function ifftn(a: TensorLike, ...rest: ArgsNd): Tensor {
  return runNd("np.fft.ifftn", "IFFT", a, rest, false);
}

// ─── real-input transforms ──────────────────────────────────────────────────────────────────────

/**
 * The transform of real input along `axis`, keeping the ⌊n/2⌋ + 1 non-negative frequencies.
 * @example `np.real(np.fft.rfft([1, 2, 3, 4])).toArray()` // [10, -2, -2]
 */
export function rfft(a: TensorLike, ...rest: Args1d): Tensor {
  return run1d("np.fft.rfft", "RFFT", a, rest);
}

/**
 * The inverse of `rfft`: a real signal of length `n` (default 2·(m − 1)) from m bins read as a
 * Hermitian spectrum (the imaginary parts of the DC and Nyquist bins are ignored).
 * @example `np.fft.irfft(np.fft.rfft([1, 2, 3, 4])).toArray()` // [1, 2, 3, 4]
 */
export function irfft(a: TensorLike, ...rest: Args1d): Tensor {
  return run1d("np.fft.irfft", "IRFFT", a, rest);
}

/**
 * `rfft` over two axes (the last of `axes` is the halved one).
 * @example `np.fft.rfft2(np.ones([4, 6])).shape` // [4, 4]
 */
export function rfft2(a: TensorLike, ...rest: ArgsNd): Tensor {
  return runNd("np.fft.rfft2", "RFFT", a, rest, true);
}

/**
 * The inverse of `rfft2`.
 * @example `np.fft.irfft2(np.fft.rfft2([[1, 2], [3, 4]])).toArray()` // [[1, 2], [3, 4]]
 */
export function irfft2(a: TensorLike, ...rest: ArgsNd): Tensor {
  return runNd("np.fft.irfft2", "IRFFT", a, rest, true);
}

/**
 * `rfft` over n axes (the last of `axes` is the halved one).
 * @example `np.fft.rfftn(np.ones([2, 3, 4])).shape` // [2, 3, 3]
 */
export function rfftn(a: TensorLike, ...rest: ArgsNd): Tensor {
  return runNd("np.fft.rfftn", "RFFT", a, rest, false);
}

/**
 * The inverse of `rfftn`.
 * @example `np.fft.irfftn(np.fft.rfftn([[1, 2], [3, 4]])).toArray()` // [[1, 2], [3, 4]]
 */
export function irfftn(a: TensorLike, ...rest: ArgsNd): Tensor {
  return runNd("np.fft.irfftn", "IRFFT", a, rest, false);
}

// ─── Hermitian transforms ───────────────────────────────────────────────────────────────────────

/**
 * The transform of a signal with Hermitian symmetry, given by its first half: real output of
 * length `n` (default 2·(m − 1)); JAX's n·irfft(conj(a)).
 * @example `np.fft.hfft([1, 2, 3]).toArray()` // [8, -2, 0, -2]
 */
export function hfft(a: TensorLike, ...rest: Args1d): Tensor {
  const where = "np.fft.hfft";
  return inContext(where, () => {
    const { s, axes, norm } = oneAxis(where, rest);
    const t = tensorArg(where, a);
    const [axis] = axesOf(where, axes, t.shape);
    const nn = s?.[0] ?? 2 * (t.shape[axis!]! - 1);
    const conjugated = conj(ops.convert(t, complexDTypeOf(t.dtype)));
    const out = fftCore(where, "IRFFT", conjugated, s, axes, norm);
    return ops.mul(out, scalar(nn, out.dtype));
  });
}

/**
 * The inverse of `hfft`: the first ⌊n/2⌋ + 1 bins of a real signal's Hermitian spectrum;
 * JAX's conj(rfft(a)) / n.
 * @example `np.real(np.fft.ihfft([8, -2, 0, -2])).toArray()` // [1, 2, 3]
 */
export function ihfft(a: TensorLike, ...rest: Args1d): Tensor {
  const where = "np.fft.ihfft";
  return inContext(where, () => {
    const { s, axes, norm } = oneAxis(where, rest);
    const t = tensorArg(where, a);
    const [axis] = axesOf(where, axes, t.shape);
    const nn = s?.[0] ?? t.shape[axis!]!;
    const out = conj(fftCore(where, "RFFT", t, s, axes, norm));
    return ops.mul(out, scalar(1 / nn, out.dtype));
  });
}
