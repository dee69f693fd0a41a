/**
 * rev[dimensions](x): reverses the order of elements along the given dimensions. Linear and its
 * own transpose.
 */
import { aval } from "../../ir/types.js";
import { fromData } from "../../tensor/from-js.js";
import { reverse } from "../../tensor/kernels/layout.js";
import { normalizeAxes } from "../../tensor/shape.js";
import { instantiate, linearJvp } from "../ad.js";
import * as ops from "../ops.js";
import { shiftAxis } from "../batching.js";
import { definePrimitive } from "../rule-types.js";

export const rev = definePrimitive({
  name: "rev",
  kind: "movement",
  shapeRule: ([x], { dimensions }) => {
    normalizeAxes(dimensions, x!.shape.length, "rev");
    return [aval(x!.shape, x!.dtype)];
  },
  impl: ([x], { dimensions }, [o]) => [fromData(o!.shape, o!.dtype, reverse(x!.concreteData(), x!.shape, normalizeAxes(dimensions, x!.shape.length, "rev")))],
  jvpRule: linearJvp(([x], { dimensions }) => [ops.rev(x!, dimensions)]),
  transposeRule: ([ct], _x, { dimensions }) => [ops.rev(instantiate(ct!), dimensions)],
  batchRule: ([x], [bd], { dimensions }) => [[ops.rev(x!, dimensions.map((d) => shiftAxis(d < 0 ? d + x!.ndim - 1 : d, bd!)))], [bd!]],
});
