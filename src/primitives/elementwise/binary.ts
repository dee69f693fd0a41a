/**
 * Elementwise binary primitives: arithmetic, logic and comparisons. Operands have equal shapes or
 * one is a scalar, and equal dtypes (np promotes and broadcasts before binding).
 */
import { binaryElementwise } from "../kinds.js";
import { definePrimitive, pendingRule } from "../rule-types.js";

const later = { jvpRule: pendingRule("jvp"), batchRule: pendingRule("batch") } as const;

/** x + y. Linear in both. */
export const add = definePrimitive({ name: "add", ...binaryElementwise("add", "add", "numeric"), ...later, transposeRule: pendingRule("transpose") });
/** x − y. Linear in both. */
export const sub = definePrimitive({ name: "sub", ...binaryElementwise("sub", "sub", "numeric"), ...later, transposeRule: pendingRule("transpose") });
/** x · y. Linear in each argument separately. */
export const mul = definePrimitive({ name: "mul", ...binaryElementwise("mul", "mul", "numeric"), ...later, transposeRule: pendingRule("transpose") });
/** x / y (ints: truncating, as lax.div). Linear in x. */
export const div = definePrimitive({ name: "div", ...binaryElementwise("div", "div", "numeric"), ...later, transposeRule: pendingRule("transpose") });
/** xʸ. */
export const pow = definePrimitive({ name: "pow", ...binaryElementwise("pow", "pow", "numeric"), ...later, transposeRule: "nonlinear" });
/** max(x, y), NaN-propagating. */
export const max = definePrimitive({ name: "max", ...binaryElementwise("max", "max", "numeric"), ...later, transposeRule: "nonlinear" });
/** min(x, y), NaN-propagating. */
export const min = definePrimitive({ name: "min", ...binaryElementwise("min", "min", "numeric"), ...later, transposeRule: "nonlinear" });
/** C-style remainder (sign of x). */
export const rem = definePrimitive({ name: "rem", ...binaryElementwise("rem", "rem", "numeric"), ...later, transposeRule: "nonlinear" });
/** Logical and. */
export const and = definePrimitive({ name: "and", ...binaryElementwise("and", "and", "bool"), ...later, transposeRule: "nonlinear" });
/** Logical or. */
export const or = definePrimitive({ name: "or", ...binaryElementwise("or", "or", "bool"), ...later, transposeRule: "nonlinear" });
/** x >>> y on int32 bit patterns (used by random). */
export const shiftRightLogical = definePrimitive({ name: "shift_right_logical", ...binaryElementwise("shift_right_logical", "shift_right_logical", "int"), ...later, transposeRule: "nonlinear" });
/** x < y. */
export const lt = definePrimitive({ name: "lt", ...binaryElementwise("lt", "lt", "any", "bool"), ...later, transposeRule: "nonlinear" });
/** x ≤ y. */
export const le = definePrimitive({ name: "le", ...binaryElementwise("le", "le", "any", "bool"), ...later, transposeRule: "nonlinear" });
/** x > y. */
export const gt = definePrimitive({ name: "gt", ...binaryElementwise("gt", "gt", "any", "bool"), ...later, transposeRule: "nonlinear" });
/** x ≥ y. */
export const ge = definePrimitive({ name: "ge", ...binaryElementwise("ge", "ge", "any", "bool"), ...later, transposeRule: "nonlinear" });
/** x = y. */
export const eq = definePrimitive({ name: "eq", ...binaryElementwise("eq", "eq", "any", "bool"), ...later, transposeRule: "nonlinear" });
/** x ≠ y. */
export const ne = definePrimitive({ name: "ne", ...binaryElementwise("ne", "ne", "any", "bool"), ...later, transposeRule: "nonlinear" });
