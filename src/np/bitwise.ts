/** Bitwise operations on integer and bool tensors (bitwiseAnd, leftShift, bitwiseCount, …). */
export {};
