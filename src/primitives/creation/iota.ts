/**
 * iota[dtype, shape, dimension](): the index along `dimension` at every position. No inputs;
 * constant, so its derivative is zero.
 */
import { ShapeError } from "../../errors.js";
import { aval } from "../../ir/types.js";
import { fromData } from "../../tensor/from-js.js";
import { iota as kernel } from "../../tensor/kernels/layout.js";
import { checkShape } from "../../tensor/shape.js";
import { zeroJvp } from "../ad.js";
import * as ops from "../ops.js";
import { definePrimitive } from "../rule-types.js";

export const iota = definePrimitive({
  name: "iota",
  kind: "creation",
  shapeRule: (_inputs, { dtype, shape, dimension }) => {
    const s = checkShape(shape, "iota");
    if (!Number.isInteger(dimension) || dimension < 0 || dimension >= s.length) {
      throw new ShapeError(`iota: dimension ${dimension} is out of range for shape of rank ${s.length}.`);
    }
    return [aval(s, dtype)];
  },
  impl: (_inputs, { dtype, shape, dimension }, [o]) => [fromData(o!.shape, dtype, kernel(dtype, shape, dimension))],
  jvpRule: zeroJvp((_xs, { dtype, shape, dimension }) => [ops.iota(dtype, shape, dimension)]),
  transposeRule: "nonlinear",
  // iota has no operands, so it is never batched; the rule exists for completeness.
  batchRule: (_xs, _dims, { dtype, shape, dimension }) => [[ops.iota(dtype, shape, dimension)], [null]],
});
