/**
 * Params of the bitwise and integer primitives (xor, shifts, population count, count of leading zeros): this area's part of the registry's params map
 * (src/primitives/params.ts extends it).
 */
export interface BitwiseParams {}
