/** Test domains of the matrix factorisations and solves (cholesky, triangular_solve, lu) (spread into laws/domains.ts). */
import type { FactorParams } from "../src/primitives/factor/params.js";
import type { Domain } from "./domains.js";

export const factorDomains: { readonly [N in keyof FactorParams]: Domain<N> } = {};
