/** Test domains of the elementwise math primitives (inverse and hyperbolic trig, atan2, cbrt, …) (spread into laws/domains.ts). */
import type { MathParams } from "../src/primitives/math/params.js";
import type { Domain } from "./domains.js";

/** One domain per primitive of this area. */
export const mathDomains: { readonly [N in keyof MathParams]: Domain<N> } = {};
