/** Typed binder of this area's primitive. */
import type { Tensor } from "../../tensor/tensor.js";
import { apply1 } from "../ops.js";
import type { FftType } from "./params.js";

/** The `fftType` transform of `x` over its trailing `fftLengths.length` axes (JAX's `lax.fft`). */
export const fft = (x: Tensor, fftType: FftType, fftLengths: readonly number[]): Tensor => apply1("fft", [x], { fftType, fftLengths });
