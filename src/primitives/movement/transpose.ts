/**
 * transpose[permutation](x): output dim i is input dim permutation[i]. Linear; its transpose is
 * the inverse permutation.
 */
import { ShapeError } from "../../errors.js";
import { aval } from "../../ir/types.js";
import { fromData } from "../../tensor/from-js.js";
import { transpose as kernel } from "../../tensor/kernels/layout.js";
import { instantiate, linearJvp } from "../ad.js";
import * as ops from "../ops.js";
import { moveAxis } from "../batching.js";
import { definePrimitive } from "../rule-types.js";

/** True if `perm` is a permutation of 0…n-1. */
export function isPermutation(perm: readonly number[], n: number): boolean {
  return perm.length === n && [...perm].sort((a, b) => a - b).every((p, i) => p === i);
}

export const transpose = definePrimitive({
  name: "transpose",
  kind: "movement",
  shapeRule: ([x], { permutation }) => {
    if (!isPermutation(permutation, x!.shape.length)) {
      throw new ShapeError(
        `transpose: axes (${permutation.join(", ")}) are not a permutation of the ${x!.shape.length} axes of the input; ` +
          (x!.shape.length === 0 ? "a 0-d input has no axes: its only permutation is []." : `list each axis 0…${x!.shape.length - 1} once.`),
      );
    }
    return [aval(permutation.map((p) => x!.shape[p]!), x!.dtype)];
  },
  impl: ([x], { permutation }, [o]) => [fromData(o!.shape, o!.dtype, kernel(x!.concreteData(), x!.shape, permutation))],
  jvpRule: linearJvp(([x], { permutation }) => [ops.transpose(x!, permutation)]),
  transposeRule: ([ct], _x, { permutation }) => [ops.transpose(instantiate(ct!), permutation.map((_, i) => permutation.indexOf(i)))],
  batchRule: ([x], [bd], { permutation }) => [[ops.transpose(moveAxis(x!, bd!, 0), [0, ...permutation.map((p) => p + 1)])], [0]],
});
