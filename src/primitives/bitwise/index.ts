/** The bitwise and integer primitives (xor, shifts, population count, count of leading zeros), as registry entries (src/primitives/registry.ts spreads them in). */
import { clz, populationCount, shiftLeft, shiftRightArithmetic, xor } from "./elementwise.js";

export const bitwisePrimitives = {
  xor,
  shift_left: shiftLeft,
  shift_right_arithmetic: shiftRightArithmetic,
  population_count: populationCount,
  clz,
} as const;
