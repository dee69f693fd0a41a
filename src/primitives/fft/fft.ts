/**
 * fft[fftType, fftLengths](x): JAX's `fft_p`, the discrete Fourier transform over the trailing
 * `fftLengths.length` axes — complex forward (FFT) and inverse with 1/N (IFFT), real forward
 * keeping ⌊n/2⌋ + 1 bins of the last axis (RFFT), and its Hermitian inverse (IRFFT). Linear, so
 * its jvp is the same transform of the tangent. Transposes as JAX's: the complex DFT matrix is
 * symmetric (FFT ↦ FFT, IFFT ↦ IFFT); RFFT and IRFFT drop the redundant half of the spectrum, so
 * their transposes weight every bin but DC (and Nyquist for even n) by 2 or ½ — `masks.ts`.
 * Batches in place when the vmapped axis is a leading one, else by moving it to the front (the
 * transform acts on the trailing axes).
 */
import { DTypeError, ShapeError, fmtShape } from "../../errors.js";
import { type Aval, aval } from "../../ir/types.js";
import { type DType, allocate, complexDTypeOf, isComplex, isFloat, realPartDType } from "../../tensor/dtype.js";
import { fromData } from "../../tensor/from-js.js";
import { fftAxis, irfftAxis, rfftAxis } from "../../tensor/kernels/fft.js";
import type { Tensor } from "../../tensor/tensor.js";
import { instantiate, isZero, linearJvp, zeroLike } from "../ad.js";
import { moveAxis } from "../batching.js";
import { type UndefinedPrimal, definePrimitive } from "../rule-types.js";
import { irfftTranspose, rfftTranspose } from "./masks.js";
import { fft as bindFft } from "./ops.js";
import type { FftPrimitiveParams } from "./params.js";

const sameDims = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

/** JAX's abstract evaluation of fft_p, with messages that name the shapes and the fix. */
function fftShapeRule([x]: readonly Aval[], { fftType, fftLengths }: FftPrimitiveParams): Aval[] {
  const { shape, dtype } = x!;
  const k = fftLengths.length;
  const lengths = `fftLengths [${fftLengths.join(", ")}]`;
  if (k === 0 || k > shape.length) {
    throw new ShapeError(`fft: ${lengths} must name between 1 and ${shape.length} trailing axes of the operand of shape ${fmtShape(shape)}.`);
  }
  if (!fftLengths.every((n) => Number.isSafeInteger(n) && n >= 1)) {
    throw new ShapeError(`fft: ${lengths} must be positive integers.`);
  }
  const lead = shape.slice(0, shape.length - k);
  const minor = shape.slice(shape.length - k);
  const n = fftLengths[k - 1]!;
  switch (fftType) {
    case "RFFT": {
      if (!isFloat(dtype)) throw new DTypeError(`fft: RFFT takes a float32 or float64 operand; got ${dtype}. Use FFT for complex input, or cast with np.astype.`);
      if (!sameDims(minor, fftLengths)) throw new ShapeError(`fft: RFFT operand of shape ${fmtShape(shape)} must end in ${lengths}.`);
      return [aval([...lead, ...fftLengths.slice(0, -1), Math.floor(n / 2) + 1], complexDTypeOf(dtype))];
    }
    case "IRFFT": {
      if (!isComplex(dtype)) throw new DTypeError(`fft: IRFFT takes a complex64 or complex128 operand; got ${dtype}. Cast with np.astype(x, "complex64").`);
      const want = [...fftLengths.slice(0, -1), Math.floor(n / 2) + 1];
      if (!sameDims(minor, want)) {
        throw new ShapeError(`fft: IRFFT operand of shape ${fmtShape(shape)} must end in ${fmtShape(want)} (the ${lengths}, the last as its ⌊n/2⌋ + 1 bins).`);
      }
      return [aval([...lead, ...fftLengths], realPartDType(dtype))];
    }
    default: {
      if (!isComplex(dtype)) throw new DTypeError(`fft: ${fftType} takes a complex64 or complex128 operand; got ${dtype}. Cast with np.astype(x, "complex64").`);
      if (!sameDims(minor, fftLengths)) throw new ShapeError(`fft: ${fftType} operand of shape ${fmtShape(shape)} must end in ${lengths}.`);
      return [aval(shape, dtype)];
    }
  }
}

/** Rounds a float64 result into the storage of `dtype` (complex interleaved, or real). */
function stored(shape: readonly number[], dtype: DType, values: Float64Array): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const data = allocate(dtype, size) as Float32Array | Float64Array;
  data.set(values);
  return fromData(shape, dtype, data);
}

/** The reference kernel: one-axis transforms (float64 throughout) over each trailing axis. */
function fftImpl(x: Tensor, { fftType, fftLengths }: FftPrimitiveParams, out: Aval): Tensor {
  const nd = x.ndim;
  const first = nd - fftLengths.length;
  const last = nd - 1;
  const data = x.concreteData();
  let buf: Float64Array;
  switch (fftType) {
    case "FFT":
    case "IFFT": {
      buf = data instanceof Float64Array ? data : Float64Array.from(data);
      for (let a = first; a <= last; a++) buf = fftAxis(buf, x.shape, a, fftType === "IFFT");
      break;
    }
    case "RFFT": {
      buf = rfftAxis(data, x.shape, last);
      for (let a = first; a < last; a++) buf = fftAxis(buf, out.shape, a, false);
      break;
    }
    case "IRFFT": {
      // The complex inverse over the other axes first, then the Hermitian one on the last (numpy's order).
      buf = data instanceof Float64Array ? data : Float64Array.from(data);
      for (let a = first; a < last; a++) buf = fftAxis(buf, x.shape, a, true);
      buf = irfftAxis(buf, x.shape, last, fftLengths[fftLengths.length - 1]!);
      break;
    }
  }
  return stored(out.shape, out.dtype, buf);
}

export const fft = definePrimitive({
  name: "fft",
  kind: "linalg",
  shapeRule: fftShapeRule,
  impl: ([x], params, [out]) => [fftImpl(x!, params, out!)],
  jvpRule: linearJvp(([x], { fftType, fftLengths }) => [bindFft(x!, fftType, fftLengths)]),
  transposeRule: ([ct], [x], { fftType, fftLengths }) => {
    const primal = (x as UndefinedPrimal).aval;
    if (isZero(ct)) return [zeroLike(primal)];
    const t = instantiate(ct!);
    switch (fftType) {
      case "RFFT":
        return [rfftTranspose(t, fftLengths)];
      case "IRFFT":
        return [irfftTranspose(t, fftLengths)];
      default:
        return [bindFft(t, fftType, fftLengths)]; // the DFT matrix is symmetric
    }
  },
  // A batch axis among the leading axes is untouched by the transform; one among the trailing axes
  // moves to the front first (as JAX's rule always does).
  batchRule: ([x], [bd], { fftType, fftLengths }) => {
    if (bd! < x!.ndim - fftLengths.length) return [[bindFft(x!, fftType, fftLengths)], [bd!]];
    return [[bindFft(moveAxis(x!, bd!, 0), fftType, fftLengths)], [0]];
  },
});
