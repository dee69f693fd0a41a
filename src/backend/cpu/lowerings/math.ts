/** CPU lowerings of the elementwise math primitives (inverse and hyperbolic trig, atan2, cbrt, …) (spread into src/backend/cpu/lowering.ts). */
import { REFERENCE } from "../../backend.js";
import type { MathParams } from "../../../primitives/math/params.js";
import { type CpuLowering, binaryLowering, unaryLowering } from "../lowering-kit.js";
import { unaryFloatSnippet } from "../snippets.js";

/** One lowering (or the reference kernel) per primitive of this area. */
export const MATH_LOWERINGS: { readonly [N in keyof MathParams]: CpuLowering<N> | typeof REFERENCE } = {
  asin: unaryLowering("asin", true), acos: unaryLowering("acos", true), atan: unaryLowering("atan", true),
  sinh: unaryLowering("sinh", true), cosh: unaryLowering("cosh", true), asinh: unaryLowering("asinh", true),
  acosh: unaryLowering("acosh", true), atanh: unaryLowering("atanh", true),
  cbrt: unaryLowering("cbrt", true), exp2: unaryLowering("exp2", true),
  // A float operand and a bool output: fuses as a comparison does.
  is_finite: { ...unaryLowering("is_finite", false), fusion: { form: "compare", expr: unaryFloatSnippet("is_finite") } },
  atan2: binaryLowering("atan2", "float"),
  // Steps on the float32 or float64 grid by the dtype: its own reference kernel.
  nextafter: REFERENCE,
};
