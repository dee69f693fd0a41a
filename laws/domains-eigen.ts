/** Test domains of the orthogonal decompositions (qr, eigh, svd) (spread into laws/domains.ts). */
import type { EigenParams } from "../src/primitives/eigen/params.js";
import type { Domain } from "./domains.js";

export const eigenDomains: { readonly [N in keyof EigenParams]: Domain<N> } = {};
