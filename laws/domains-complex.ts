/** Test domains of the complex-number constructors and parts (complex, real, imag, conj) (spread into laws/domains.ts). */
import type { ComplexParams } from "../src/primitives/complex/params.js";
import type { Domain } from "./domains.js";

export const complexDomains: { readonly [N in keyof ComplexParams]: Domain<N> } = {};
