/** The complex-number constructors and parts (complex, real, imag, conj), as registry entries (src/primitives/registry.ts spreads them in). */
import { complexPrim, conj, imag, real } from "./parts.js";

export const complexPrimitives = { complex: complexPrim, real, imag, conj } as const;
