/** The special functions (erfc, erf_inv, lgamma, digamma, polygamma), as registry entries (src/primitives/registry.ts spreads them in). */
import { polygamma } from "./polygamma.js";
import { digamma, erfInvPrim, erfc, lgamma } from "./unary.js";

export const specialPrimitives = { erfc, erf_inv: erfInvPrim, lgamma, digamma, polygamma } as const;
