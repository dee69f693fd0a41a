/** Test domains of the fast Fourier transforms (spread into laws/domains.ts). */
import type { FftParams } from "../src/primitives/fft/params.js";
import type { Domain } from "./domains.js";

export const fftDomains: { readonly [N in keyof FftParams]: Domain<N> } = {};
