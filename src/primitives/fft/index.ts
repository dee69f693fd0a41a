/** The fast Fourier transforms, as registry entries (src/primitives/registry.ts spreads them in). */
import { fft } from "./fft.js";

export const fftPrimitives = { fft } as const;
