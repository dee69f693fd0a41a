/**
 * reshape[newSizes](x): same elements, row-major, new dimensions. Linear; costs no copy
 * (tensors are immutable, so the buffer is shared).
 */
import { ShapeError, fmtShape } from "../../errors.js";
import { aval } from "../../ir/types.js";
import { fromData } from "../../tensor/from-js.js";
import { checkShape, sizeOf } from "../../tensor/shape.js";
import { instantiate, linearJvp } from "../ad.js";
import * as ops from "../ops.js";
import { moveAxis } from "../batching.js";
import { type UndefinedPrimal, definePrimitive } from "../rule-types.js";

export const reshape = definePrimitive({
  name: "reshape",
  kind: "movement",
  shapeRule: ([x], { newSizes }) => {
    const shape = checkShape(newSizes, "reshape");
    if (sizeOf(shape) !== sizeOf(x!.shape)) {
      throw new ShapeError(
        `reshape: cannot reshape ${fmtShape(x!.shape)} (${sizeOf(x!.shape)} elements) to ${fmtShape(shape)} (${sizeOf(shape)} elements); ` +
          `the element count must stay the same.`,
      );
    }
    return [aval(shape, x!.dtype)];
  },
  impl: ([x], _p, [o]) => [fromData(o!.shape, o!.dtype, x!.concreteData())],
  jvpRule: linearJvp(([x], { newSizes }) => [ops.reshape(x!, newSizes)]),
  transposeRule: ([ct], [x]) => [ops.reshape(instantiate(ct!), (x as UndefinedPrimal).aval.shape)],
  // Row-major reshape mixes dims, so the batch dim must lead.
  batchRule: ([x], [bd], { newSizes }) => [[ops.reshape(moveAxis(x!, bd!, 0), [x!.shape[bd!]!, ...newSizes])], [0]],
});
