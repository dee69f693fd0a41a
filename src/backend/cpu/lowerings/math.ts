/** CPU lowerings of the elementwise math primitives (inverse and hyperbolic trig, atan2, cbrt, …) (spread into src/backend/cpu/lowering.ts). */
import type { REFERENCE } from "../../backend.js";
import type { MathParams } from "../../../primitives/math/params.js";
import type { CpuLowering } from "../lowering-kit.js";

/** One lowering (or the reference kernel) per primitive of this area. */
export const MATH_LOWERINGS: { readonly [N in keyof MathParams]: CpuLowering<N> | typeof REFERENCE } = {};
