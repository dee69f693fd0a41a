/**
 * A select that keeps the sign of a selected zero, for lowerings whose results must carry −0 as
 * the reference kernels do. ONNX Runtime's float Where turns a −0 taken from its first operand into
 * +0 but keeps one taken from its second, so neither the raw Where nor a fix that assumes every
 * zero came out +0 is exact: the Where's result is made +0 wherever it is zero (adding +0 does
 * that, and changes nothing else), then negated where the selected operand's sign bit is set.
 */
import type { DType } from "../../tensor/dtype.js";
import type { Emitter } from "../emitter.js";
import { lit, where } from "./kit.js";

/** Where(c, a, b) with the selected operand's zero sign kept (other dtypes: kit's `where`). */
export function selectExact(em: Emitter, c: string, a: string, b: string, dtype: DType): string {
  if (dtype !== "float32" && dtype !== "float64") return where(em, c, a, b, dtype);
  const zero = em.op("Cast", [em.op("And", [c, em.op("Not", [c])])], { to: { i: dtype === "float32" ? 1 : 11 } });
  const w = em.op("Add", [em.op("Where", [c, a, b]), zero]);
  // 1/v < 0 holds for −0 and for negative v: the sign bit, zeros included.
  const signBit = (v: string): string => em.op("Less", [em.op("Reciprocal", [v]), lit(em, 0, dtype)]);
  const selectedNegative = em.op("Or", [em.op("And", [c, signBit(a)]), em.op("And", [em.op("Not", [c]), signBit(b)])]);
  const fix = em.op("And", [selectedNegative, em.op("Equal", [w, lit(em, 0, dtype)])]);
  return em.op("Mul", [w, em.op("Where", [fix, lit(em, -1, dtype), lit(em, 1, dtype)])]);
}
