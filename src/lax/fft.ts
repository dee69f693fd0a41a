/** lax.fft: the FFT primitive with JAX's arguments (np.fft is the numpy-style layer over it). */
import { ArgumentError, fmtValue, inContext } from "../errors.js";
import { tensorArg } from "../np/coerce.js";
import { intList } from "../np/static-args.js";
import { fft as fftOp } from "../primitives/fft/ops.js";
import type { FftType } from "../primitives/fft/params.js";
import type { Tensor, TensorLike } from "../tensor/tensor.js";

const FFT_TYPES: readonly FftType[] = ["FFT", "IFFT", "RFFT", "IRFFT"];

/**
 * JAX's `lax.fft(x, fft_type, fft_lengths)`: the `fftType` transform over the trailing
 * `fftLengths.length` axes of `x` — `"FFT"`/`"IFFT"` complex to complex (IFFT with the 1/n factor),
 * `"RFFT"` real to the n/2 + 1 non-negative-frequency bins of the last axis, `"IRFFT"` back, with
 * the last length the real output's. No axis moving, padding or norm modes: those are np.fft's.
 * @example `lax.fft(np.array([1, 0, 0, 0]), "RFFT", [4]).toArray()` // [[1, 0], [1, 0], [1, 0]]
 */
export function fft(x: TensorLike, fftType: FftType, fftLengths: readonly number[]): Tensor {
  return inContext("lax.fft", () => {
    if (!FFT_TYPES.includes(fftType)) {
      throw new ArgumentError(`lax.fft: fftType must be one of "FFT", "IFFT", "RFFT", "IRFFT"; got ${fmtValue(fftType)}.`);
    }
    return fftOp(tensorArg("lax.fft", x), fftType, intList("lax.fft", "fftLengths", fftLengths, 1));
  });
}
