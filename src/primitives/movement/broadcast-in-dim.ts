/**
 * broadcast_in_dim[shape, broadcastDimensions](x): operand dim i becomes output dim
 * broadcastDimensions[i] (size equal or 1, stretched); the other output dims are new. Linear.
 */
import { ShapeError, fmtShape } from "../../errors.js";
import { aval } from "../../ir/types.js";
import { fromData } from "../../tensor/from-js.js";
import { broadcastInDim as kernel } from "../../tensor/kernels/layout.js";
import { checkShape } from "../../tensor/shape.js";
import { instantiate, linearJvp } from "../ad.js";
import * as ops from "../ops.js";
import { moveAxis } from "../batching.js";
import { type UndefinedPrimal, definePrimitive } from "../rule-types.js";

export const broadcastInDim = definePrimitive({
  name: "broadcast_in_dim",
  kind: "movement",
  shapeRule: ([x], { shape, broadcastDimensions }) => {
    const out = checkShape(shape, "broadcast_in_dim");
    const bad = (): never => {
      throw new ShapeError(
        `broadcast_in_dim: cannot broadcast ${fmtShape(x!.shape)} to ${fmtShape(out)} with broadcast_dimensions ` +
          `(${broadcastDimensions.join(", ")}); each operand dim must map, in increasing order, to an output dim of equal size or be 1.`,
      );
    };
    if (broadcastDimensions.length !== x!.shape.length) bad();
    broadcastDimensions.forEach((d, i) => {
      if (!Number.isInteger(d) || d < 0 || d >= out.length) bad();
      if (i > 0 && d <= broadcastDimensions[i - 1]!) bad();
      if (x!.shape[i] !== 1 && x!.shape[i] !== out[d]) bad();
    });
    return [aval(out, x!.dtype)];
  },
  impl: ([x], { broadcastDimensions }, [o]) => [
    fromData(o!.shape, o!.dtype, kernel(x!.concreteData(), x!.shape, o!.shape, broadcastDimensions)),
  ],
  jvpRule: linearJvp(([x], { shape, broadcastDimensions }) => [ops.broadcastInDim(x!, shape, broadcastDimensions)]),
  // Sum the cotangent over the new dims and the stretched size-1 dims, then restore x's shape.
  transposeRule: ([ct], [x], { shape, broadcastDimensions }) => {
    const xShape = (x as UndefinedPrimal).aval.shape;
    const stretched = broadcastDimensions.filter((d, i) => xShape[i] === 1 && shape[d] !== 1);
    const summed = shape.map((_, d) => d).filter((d) => !broadcastDimensions.includes(d) || stretched.includes(d));
    const c = instantiate(ct!);
    const reduced = summed.length > 0 ? ops.reduceSum(c, summed) : c;
    return [ops.reshape(reduced, xShape)];
  },
  batchRule: ([x], [bd], { shape, broadcastDimensions }) => {
    const front = moveAxis(x!, bd!, 0);
    return [[ops.broadcastInDim(front, [front.shape[0]!, ...shape], [0, ...broadcastDimensions.map((d) => d + 1)])], [0]];
  },
});
