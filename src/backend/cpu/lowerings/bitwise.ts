/** CPU lowerings of the bitwise and integer primitives (xor, shifts, population count, count of leading zeros) (spread into src/backend/cpu/lowering.ts). */
import type { REFERENCE } from "../../backend.js";
import type { BitwiseParams } from "../../../primitives/bitwise/params.js";
import { type CpuLowering, binaryLowering, unaryLowering } from "../lowering-kit.js";

/**
 * One lowering (or the reference kernel) per primitive of this area: generated loops from the
 * snippet table's int32 and uint32 rows. Integer ops never join jit's float fusions.
 */
export const BITWISE_LOWERINGS: { readonly [N in keyof BitwiseParams]: CpuLowering<N> | typeof REFERENCE } = {
  xor: binaryLowering("xor", undefined),
  shift_left: binaryLowering("shift_left", undefined),
  shift_right_arithmetic: binaryLowering("shift_right_arithmetic", undefined),
  population_count: unaryLowering("population_count", false),
  clz: unaryLowering("clz", false),
};
