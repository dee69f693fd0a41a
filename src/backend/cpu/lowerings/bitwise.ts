/** CPU lowerings of the bitwise and integer primitives (xor, shifts, population count, count of leading zeros) (spread into src/backend/cpu/lowering.ts). */
import type { REFERENCE } from "../../backend.js";
import type { BitwiseParams } from "../../../primitives/bitwise/params.js";
import type { CpuLowering } from "../lowering-kit.js";

/** One lowering (or the reference kernel) per primitive of this area. */
export const BITWISE_LOWERINGS: { readonly [N in keyof BitwiseParams]: CpuLowering<N> | typeof REFERENCE } = {};
