/**
 * Test domains of the fast Fourier transforms (spread into laws/domains.ts): an operand of rank
 * 1–3 whose trailing 1–3 axes (sizes 1–6, so radix-2 and Bluestein lengths both occur) are
 * transformed, real for RFFT and complex for the others, with the IRFFT operand's last axis
 * holding the ⌊n/2⌋ + 1 bins of an output length n. Linear in its one operand.
 */
import * as fc from "fast-check";
import type { FftParams, FftType } from "../src/primitives/fft/params.js";
import type { DType } from "../src/tensor/dtype.js";
import type { Tensor } from "../src/tensor/tensor.js";
import { type Values, shapeArb, tensorArb } from "./arbitraries.js";
import type { Domain } from "./domains.js";

const TYPES: readonly FftType[] = ["FFT", "IFFT", "RFFT", "IRFFT"];

/** One fft case: a shape, how many trailing axes, the type and the precision. */
function fftCases(v: Values): fc.Arbitrary<{ name: "fft"; inputs: Tensor[]; params: FftParams["fft"] }> {
  return fc
    .tuple(shapeArb({ minRank: 1, maxRank: 3, minDim: 1, maxDim: 6 }), fc.nat(), fc.constantFrom(...TYPES), fc.boolean())
    .chain(([shape, kk, fftType, double]) => {
      const k = 1 + (kk % shape.length);
      const fftLengths = shape.slice(shape.length - k);
      const n = fftLengths[k - 1]!;
      const inShape = fftType === "IRFFT" ? [...shape.slice(0, -1), Math.floor(n / 2) + 1] : shape;
      const dtype: DType = fftType === "RFFT" ? (double ? "float64" : "float32") : double ? "complex128" : "complex64";
      return tensorArb(inShape, dtype, v).map((x) => ({ name: "fft" as const, inputs: [x], params: { fftType, fftLengths } }));
    });
}

/** One domain per primitive of this area. */
export const fftDomains: { readonly [N in keyof FftParams]: Domain<N> } = {
  fft: { cases: fftCases, linearArgs: () => [[0]] },
};
