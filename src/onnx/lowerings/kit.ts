/**
 * The builders the ONNX lowering tables share: one ONNX op per primitive, ops applied to named
 * values, and the guards that keep ONNX Runtime away from undefined behaviour (integer division by
 * zero, casts of NaN), so an exported model computes what fluxion's kernels compute.
 */
import type { EquationOf, PrimName } from "../../ir/types.js";
import type { DType } from "../../tensor/dtype.js";
import { isFloat } from "../../tensor/dtype.js";
import { Emitter, type OnnxLowering } from "../emitter.js";

/** The lowering type of primitive `N`. */
export type Lowering<N extends PrimName> = OnnxLowering<EquationOf<N>>;

/** The output dtype of `e` (every lowering here has one output unless it says otherwise). */
export const outDtype = (e: EquationOf<PrimName>): DType => e.outputs[0]!.aval.dtype;

/** Refuses `e` unless its operands and result are of `dtypes` (what ONNX's `op` takes). */
export function requireDtypes(e: EquationOf<PrimName>, op: string, dtypes: readonly DType[] = ["float32", "float64"]): void {
  if (!dtypes.includes(outDtype(e)) || !e.inputs.every((a) => dtypes.includes(a.aval.dtype))) {
    Emitter.unsupported(e, `on ${e.inputs.map((a) => a.aval.dtype).join(", ")} operands (ONNX ${op} takes ${dtypes.join(", ")})`);
  }
}

/** One ONNX op on the operands, for the float dtypes (other dtypes are refused by name). */
export function floatOp<N extends PrimName>(op: string, dtypes: readonly DType[] = ["float32", "float64"]): Lowering<N> {
  return (em, e, ins, outs) => {
    requireDtypes(e, op, dtypes);
    em.node(op, ins, outs);
  };
}

/** One ONNX op for every dtype of the operands (ONNX's op accepts them all). */
export const anyOp = <N extends PrimName>(op: string): Lowering<N> => (em, _e, ins, outs) => em.node(op, ins, outs);

/** `x` of float dtype with NaN replaced by 0 (before casts, whose result on NaN ONNX leaves undefined). */
export function nanToZero(em: Emitter, x: string, dtype: DType): string {
  return em.op("Where", [em.op("IsNaN", [x]), em.scalar(0, dtype), x]);
}

/** A 0-d constant of `dtype` equal to `value`. */
export const lit = (em: Emitter, value: number, dtype: DType): string => em.scalar(value, dtype);

/** True for float32/float64. */
export const floaty = (d: DType): boolean => isFloat(d);

/**
 * Where(c, a, b) for any dtype, as fluxion's select: ONNX Runtime has no uint32 or bool Where (those
 * go through int32), and its float Where returns +0 where it selects −0 in some positions and −0 in
 * others, so a float result that is zero is made +0 and given the sign of the operand selected
 * (through a multiplication by ±1, which keeps it).
 */
export function where(em: Emitter, c: string, a: string, b: string, dtype: DType): string {
  if (floaty(dtype)) {
    const w = em.op("Where", [c, a, b]);
    // 1/v < 0 holds for −0 and for negative v: the sign bit, zeros included.
    const signBit = (v: string): string => em.op("Less", [em.op("Reciprocal", [v]), lit(em, 0, dtype)]);
    const selectedNegative = where(em, c, signBit(a), signBit(b), "bool");
    const zero = em.op("Equal", [w, lit(em, 0, dtype)]);
    const unsigned = em.op("Where", [zero, lit(em, 0, dtype), w]);
    const fix = em.op("And", [selectedNegative, zero]);
    return em.op("Mul", [unsigned, em.op("Where", [fix, lit(em, -1, dtype), lit(em, 1, dtype)])]);
  }
  if (dtype !== "uint32" && dtype !== "bool") return em.op("Where", [c, a, b]);
  const bits = (v: string): string => em.op("Cast", [v], { to: { i: 6 } });
  return em.op("Cast", [em.op("Where", [c, bits(a), bits(b)])], { to: { i: dtype === "bool" ? 9 : 12 } });
}
