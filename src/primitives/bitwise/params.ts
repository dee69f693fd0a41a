/**
 * Params of the bitwise and integer primitives (xor, shifts, population count, count of leading zeros): this area's part of the registry's params map
 * (src/primitives/params.ts extends it).
 */
type NoParams = Readonly<Record<never, never>>;

export interface BitwiseParams {
  xor: NoParams;
  shift_left: NoParams;
  shift_right_arithmetic: NoParams;
  population_count: NoParams;
  clz: NoParams;
}
