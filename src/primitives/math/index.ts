/** The elementwise math primitives (inverse and hyperbolic trig, atan2, cbrt, …), as registry entries (src/primitives/registry.ts spreads them in). */
import { atan2 } from "./atan2.js";
import { nextafter } from "./nextafter.js";
import * as unary from "./unary.js";

export const mathPrimitives = {
  asin: unary.asin, acos: unary.acos, atan: unary.atan,
  sinh: unary.sinh, cosh: unary.cosh, asinh: unary.asinh, acosh: unary.acosh, atanh: unary.atanh,
  cbrt: unary.cbrt, exp2: unary.exp2, is_finite: unary.isFinite,
  atan2, nextafter,
} as const;
