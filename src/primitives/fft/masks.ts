/**
 * The transposes of RFFT and IRFFT, as JAX derives them. RFFT keeps bins 0…⌊n/2⌋ of a spectrum
 * whose other half is their conjugate mirror, so each kept bin but DC (and Nyquist, for even n)
 * stands for two: RFFT's transpose is N·IRFFT(conj(ct) / mask) and IRFFT's is
 * conj(mask · RFFT(ct) / N), with mask = 1 at DC and Nyquist and 2 elsewhere — not IRFFT and
 * RFFT themselves (which would count the doubled bins once).
 */
import { type DType, allocate, realPartDType } from "../../tensor/dtype.js";
import { fromData } from "../../tensor/from-js.js";
import type { Tensor } from "../../tensor/tensor.js";
import { complex, imag, real } from "../complex/ops.js";
import * as ops from "../ops.js";
import { fft } from "./ops.js";

/**
 * A real constant of `dtype` weighting the last axis of `shape` (⌊n/2⌋ + 1 bins): `edge` at DC
 * and, for even n, at Nyquist; `inner` at every other bin. Broadcast along the leading axes.
 */
function binWeights(shape: readonly number[], dtype: DType, n: number, edge: number, inner: number): Tensor {
  const m = shape[shape.length - 1]!;
  const data = allocate(dtype, m);
  for (let k = 0; k < m; k++) data[k] = k === 0 || (n % 2 === 0 && k === m - 1) ? edge : inner;
  return ops.broadcastInDim(fromData([m], dtype, data), shape, [shape.length - 1]);
}

/** conj(z)·w for complex z and real weights w: the parts scaled, the imaginary one negated. */
function conjTimes(z: Tensor, w: Tensor): Tensor {
  return complex(ops.mul(real(z), w), ops.neg(ops.mul(imag(z), w)));
}

const product = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);

/** RFFT's transpose: the real cotangent N·IRFFT(conj(ct) / mask) of a complex cotangent ct. */
export function rfftTranspose(ct: Tensor, fftLengths: readonly number[]): Tensor {
  const n = fftLengths[fftLengths.length - 1]!;
  const N = product(fftLengths);
  const w = binWeights(ct.shape, realPartDType(ct.dtype), n, N, N / 2);
  return fft(conjTimes(ct, w), "IRFFT", fftLengths);
}

/** IRFFT's transpose: the complex cotangent conj(mask · RFFT(ct) / N) of a real cotangent ct. */
export function irfftTranspose(ct: Tensor, fftLengths: readonly number[]): Tensor {
  const n = fftLengths[fftLengths.length - 1]!;
  const N = product(fftLengths);
  const x = fft(ct, "RFFT", fftLengths);
  const w = binWeights(x.shape, ct.dtype, n, 1 / N, 2 / N);
  return conjTimes(x, w);
}
