/**
 * Params of the fast Fourier transforms: this area's part of the registry's params map
 * (src/primitives/params.ts extends it).
 */
export interface FftParams {
  fft: FftPrimitiveParams;
}

/**
 * Which transform, as JAX's `FftType`: complex forward (`FFT`) and inverse with the 1/n factor
 * (`IFFT`), real forward keeping n/2 + 1 bins on the last axis (`RFFT`), and its Hermitian
 * inverse (`IRFFT`).
 */
export type FftType = "FFT" | "IFFT" | "RFFT" | "IRFFT";

/**
 * JAX's `fft_p`: the transform acts on the trailing `fftLengths.length` axes (at least one); their
 * lengths are `fftLengths` (for IRFFT the last one is the output length n, whose input axis holds
 * n/2 + 1 bins).
 */
export interface FftPrimitiveParams {
  readonly fftType: FftType;
  readonly fftLengths: readonly number[];
}
