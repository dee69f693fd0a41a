/**
 * The logical reductions over a set of axes, as JAX's primitives behind `all`/`any`: reduce_and,
 * reduce_or, reduce_xor. On bool they are logical; on int32/uint32 bitwise (as lax's). The output
 * keeps the dtype and drops the reduced axes; an empty reduction gives the identity (and: all bits
 * set, true; or/xor: 0, false). Not differentiable: bool and integer outputs have no tangent.
 */
import { DTypeError } from "../../errors.js";
import { type Aval, aval } from "../../ir/types.js";
import type { DType } from "../../tensor/dtype.js";
import { fromData } from "../../tensor/from-js.js";
import { type LogicalKernel, logicalReduce } from "../../tensor/kernels/cumulative.js";
import { normalizeAxes } from "../../tensor/shape.js";
import type { Tensor } from "../../tensor/tensor.js";
import { zeroJvp } from "../ad.js";
import { shiftAxis } from "../batching.js";
import { type BatchRule, definePrimitive } from "../rule-types.js";
import { reduceAnd as bindAnd, reduceOr as bindOr, reduceXor as bindXor } from "./ops.js";

type LogicalName = "reduce_and" | "reduce_or" | "reduce_xor";
type Axes = { readonly axes: readonly number[] };

const LOGICAL_DTYPES: readonly DType[] = ["bool", "int32", "uint32"];

function logicalRules(name: LogicalName, kernel: LogicalKernel, bind: (x: Tensor, axes: readonly number[]) => Tensor) {
  return {
    kind: "reduce" as const,
    shapeRule: ([x]: readonly Aval[], { axes }: Axes): Aval[] => {
      if (!LOGICAL_DTYPES.includes(x!.dtype)) {
        throw new DTypeError(`${name}: args[0] has dtype ${x!.dtype}, but ${name} takes bool, int32 or uint32. Compare first (np.notEqual(x, 0)).`);
      }
      const norm = normalizeAxes(axes, x!.shape.length, name);
      return [aval(x!.shape.filter((_, i) => !norm.includes(i)), x!.dtype)];
    },
    impl: ([x]: readonly Tensor[], { axes }: Axes, [o]: readonly Aval[]): Tensor[] => [
      fromData(o!.shape, o!.dtype, logicalReduce(kernel, x!.concreteData(), x!.shape, normalizeAxes(axes, x!.shape.length, name), o!.dtype)),
    ],
    jvpRule: zeroJvp<LogicalName>(([x], { axes }) => [bind(x!, axes)]),
    transposeRule: "nonlinear" as const,
    // Reduce the shifted axes; the batch dim moves left past the reduced axes before it.
    batchRule: (([x], [bd], { axes }) => {
      const rank = x!.ndim - 1;
      const shifted = axes.map((a) => shiftAxis(a < 0 ? a + rank : a, bd!));
      return [[bind(x!, shifted)], [bd! - shifted.filter((a) => a < bd!).length]];
    }) as BatchRule<LogicalName>,
  };
}

/** Logical (bitwise) and over `axes`: JAX's reduce_and, behind np.all. */
export const reduceAnd = definePrimitive({ name: "reduce_and", ...logicalRules("reduce_and", "and", bindAnd) });
/** Logical (bitwise) or over `axes`: JAX's reduce_or, behind np.any. */
export const reduceOr = definePrimitive({ name: "reduce_or", ...logicalRules("reduce_or", "or", bindOr) });
/** Logical (bitwise) exclusive or over `axes`: JAX's reduce_xor. */
export const reduceXor = definePrimitive({ name: "reduce_xor", ...logicalRules("reduce_xor", "xor", bindXor) });
