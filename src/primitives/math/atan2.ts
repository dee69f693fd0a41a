/**
 * atan2(x, y): the angle of the point (y, x), in (−π, π], as lax.atan2 (first argument the
 * ordinate). JAX's derivative: ∂x = y / (x² + y²), ∂y = −x / (x² + y²) — NaN at the origin
 * (0/0), and 0 where either argument is infinite and the other finite.
 */
import { addTangents, avalOfTensor, isZero, mapTangent, zeroLike } from "../ad.js";
import { binaryElementwise } from "../kinds.js";
import * as ops from "../ops.js";
import { definePrimitive } from "../rule-types.js";

export const atan2 = definePrimitive({
  name: "atan2",
  ...binaryElementwise("atan2", "atan2", "float"),
  jvpRule: ([x, y], [dx, dy]) => {
    const out = ops.binaryOp("atan2", x!, y!);
    if (isZero(dx) && isZero(dy)) return [[out], [zeroLike(out)]];
    const r2 = ops.add(ops.mul(x!, x!), ops.mul(y!, y!));
    const a = avalOfTensor(out);
    const dxPart = mapTangent(dx!, (t) => ops.mul(t, ops.div(y!, r2)), a);
    const dyPart = mapTangent(dy!, (t) => ops.mul(t, ops.div(ops.neg(x!), r2)), a);
    return [[out], [addTangents(dxPart, dyPart, out.shape)]];
  },
  transposeRule: "nonlinear",
});
