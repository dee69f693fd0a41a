/**
 * The bitwise and integer elementwise primitives, as XLA/JAX has them (and/or/not and
 * shift_right_logical live with the other elementwise primitives). All are integer-valued, so
 * their jvp is zero; the kind factories supply shape rule, kernel call and batching.
 *
 * Shifts follow XLA: an amount outside [0, 32) — a negative one included — shifts every bit out,
 * giving 0 (`shift_left`, `shift_right_logical`) or the sign bit in every position
 * (`shift_right_arithmetic`: −1 for a negative int32, and 2^32 − 1 for a uint32 of 2^31 or more).
 */
import { zeroJvp } from "../ad.js";
import { binaryElementwise, unaryElementwise } from "../kinds.js";
import * as ops from "../ops.js";
import { definePrimitive } from "../rule-types.js";

/** Bitwise exclusive or of int32/uint32, logical of bool. */
export const xor = definePrimitive({
  name: "xor",
  ...binaryElementwise("xor", "xor", "bitwise"),
  jvpRule: zeroJvp(([x, y]) => [ops.binaryOp("xor", x!, y!)]),
  transposeRule: "nonlinear",
});

/** x << y on int32/uint32, 0 where y is outside [0, 32). */
export const shiftLeft = definePrimitive({
  name: "shift_left",
  ...binaryElementwise("shift_left", "shift_left", "int"),
  jvpRule: zeroJvp(([x, y]) => [ops.binaryOp("shift_left", x!, y!)]),
  transposeRule: "nonlinear",
});

/** x >> y filling with the sign bit, on int32/uint32 bit patterns. */
export const shiftRightArithmetic = definePrimitive({
  name: "shift_right_arithmetic",
  ...binaryElementwise("shift_right_arithmetic", "shift_right_arithmetic", "int"),
  jvpRule: zeroJvp(([x, y]) => [ops.binaryOp("shift_right_arithmetic", x!, y!)]),
  transposeRule: "nonlinear",
});

/** The number of set bits of each element, in the input's dtype (0 … 32). */
export const populationCount = definePrimitive({
  name: "population_count",
  ...unaryElementwise("population_count", "population_count", "int"),
  jvpRule: zeroJvp(([x]) => [ops.unaryOp("population_count", x!)]),
  transposeRule: "nonlinear",
});

/** The number of leading zero bits of each element (32 for 0), in the input's dtype. */
export const clz = definePrimitive({
  name: "clz",
  ...unaryElementwise("clz", "clz", "int"),
  jvpRule: zeroJvp(([x]) => [ops.unaryOp("clz", x!)]),
  transposeRule: "nonlinear",
});
