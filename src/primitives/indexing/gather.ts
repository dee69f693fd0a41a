/**
 * gather[axis](x, indices): numpy `take` along one axis. Output shape is
 * x.shape[:axis] ++ indices.shape ++ x.shape[axis+1:]. Negative indices count from the end;
 * out-of-range indices are clamped (as JAX's default for retrieval). Linear in x.
 */
import { DTypeError, ShapeError } from "../../errors.js";
import { type Aval, aval } from "../../ir/types.js";
import { fromData } from "../../tensor/from-js.js";
import { gather as kernel } from "../../tensor/kernels/gather.js";
import type { Tensor } from "../../tensor/tensor.js";
import { instantiate, isZero, zeroLike, zerosOf } from "../ad.js";
import * as ops from "../ops.js";
import { type UndefinedPrimal, definePrimitive, pendingRule } from "../rule-types.js";

/** Checks the axis and the int32 indices of gather/scatter; returns the gathered shape. */
export function gatheredShape(op: string, x: Aval, indices: Aval, axis: number): number[] {
  if (indices.dtype !== "int32") {
    throw new DTypeError(`${op}: indices (args[1]) have dtype ${indices.dtype}; they must be int32. Cast with np.astype(i, "int32").`);
  }
  if (!Number.isInteger(axis) || axis < 0 || axis >= x.shape.length) {
    throw new ShapeError(`${op}: axis ${axis} is out of range for an operand of rank ${x.shape.length}.`);
  }
  return [...x.shape.slice(0, axis), ...indices.shape, ...x.shape.slice(axis + 1)];
}

export const gather = definePrimitive({
  name: "gather",
  shapeRule: ([x, i], { axis }) => [aval(gatheredShape("gather", x!, i!, axis), x!.dtype)],
  impl: ([x, i], { axis }, [o]) => [
    fromData(o!.shape, o!.dtype, kernel(x!.concreteData(), x!.shape, i!.concreteData() as Int32Array, i!.shape, axis)),
  ],
  jvpRule: ([x, i], [dx], { axis }) => {
    const y = ops.gather(x!, i!, axis);
    return [[y], [isZero(dx) ? zeroLike(y) : ops.gather(dx!, i!, axis)]];
  },
  // Linear in x: scatter-add the cotangent back to the positions read (duplicates accumulate).
  transposeRule: ([ct], [x, i], { axis }) => [
    ops.scatterAdd(zerosOf((x as UndefinedPrimal).aval), i as Tensor, instantiate(ct!), axis),
    zeroLike(i as Tensor),
  ],
  batchRule: pendingRule("batch"),
});
