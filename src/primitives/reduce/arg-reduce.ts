/**
 * argmax / argmin along one axis: int32 indices of the first extreme (a NaN counts as extreme).
 * Integer-valued, so their derivative is zero.
 */
import { ShapeError } from "../../errors.js";
import { type Aval, aval } from "../../ir/types.js";
import { fromData } from "../../tensor/from-js.js";
import { argReduce } from "../../tensor/kernels/reduce.js";
import { normalizeAxis } from "../../tensor/shape.js";
import type { Tensor } from "../../tensor/tensor.js";
import { checkDType } from "../kinds.js";
import { zeroJvp } from "../ad.js";
import * as ops from "../ops.js";
import { shiftAxis } from "../batching.js";
import { type BatchRule, definePrimitive } from "../rule-types.js";

function argReduction(name: "argmax" | "argmin") {
  return {
    kind: "reduce" as const,
    shapeRule: ([x]: readonly Aval[], { axis }: { readonly axis: number }): Aval[] => {
      checkDType(name, "args[0]", x!.dtype, "numeric");
      const a = normalizeAxis(axis, x!.shape.length, name);
      if (x!.shape[a] === 0) throw new ShapeError(`${name}: axis ${axis} has size 0; an empty axis has no ${name}.`);
      return [aval(x!.shape.filter((_, i) => i !== a), "int32")];
    },
    impl: ([x]: readonly Tensor[], { axis }: { readonly axis: number }, [o]: readonly Aval[]): Tensor[] => [
      fromData(o!.shape, "int32", argReduce(name, x!.concreteData(), x!.shape, normalizeAxis(axis, x!.shape.length, name))),
    ],
  };
}

/** Batching: reduce the shifted axis; the bd moves left if the axis was before it. */
function argBatch(apply: (x: Tensor, axis: number) => Tensor): BatchRule<"argmax" | "argmin"> {
  return ([x], [bd], { axis }) => {
    const a = shiftAxis(axis < 0 ? axis + x!.ndim - 1 : axis, bd!);
    return [[apply(x!, a)], [a < bd! ? bd! - 1 : bd!]];
  };
}

export const argmax = definePrimitive({ name: "argmax", ...argReduction("argmax"), jvpRule: zeroJvp(([x], { axis }) => [ops.argmax(x!, axis)]), transposeRule: "nonlinear", batchRule: argBatch(ops.argmax) });
export const argmin = definePrimitive({ name: "argmin", ...argReduction("argmin"), jvpRule: zeroJvp(([x], { axis }) => [ops.argmin(x!, axis)]), transposeRule: "nonlinear", batchRule: argBatch(ops.argmin) });
