/**
 * nextafter(x, y): the float after x in the direction of y, on the grid of the operands' dtype
 * (float32 steps by float32 ulps), as C and lax.nextafter. Its reference kernel is its own, not a
 * row of the shared binary table, whose rows do not depend on the float width.
 *
 * Derivative: JAX defines none (differentiating it raises there). Here it is the one that holds
 * almost everywhere, ∂x = 1 and ∂y = 0 — nextafter(x, y) differs from x by one ulp — so a
 * program passing a value through nextafter (e.g. to step off a bound) stays differentiable.
 */
import { fromData } from "../../tensor/from-js.js";
import { allocate } from "../../tensor/dtype.js";
import { nextafter32, nextafter64 } from "../../tensor/kernels/scalar-math.js";
import { addTangents, avalOfTensor, isZero, zeroLike } from "../ad.js";
import { binaryElementwise } from "../kinds.js";
import * as ops from "../ops.js";
import { definePrimitive } from "../rule-types.js";

export const nextafter = definePrimitive({
  name: "nextafter",
  // The kind's shape and batching rules; its table kernel (named only to satisfy the factory) is
  // replaced by `impl` below.
  ...binaryElementwise("nextafter", "atan2", "float"),
  // Operands have equal shapes or one is a scalar (the shape rule checks it).
  impl: ([a, b], _p, [o]) => {
    const f = o!.dtype === "float32" ? nextafter32 : nextafter64;
    const xs = a!.concreteData(), ys = b!.concreteData();
    const n = o!.shape.reduce((p, d) => p * d, 1);
    const out = allocate(o!.dtype, n);
    const sx = xs.length === n ? 1 : 0, sy = ys.length === n ? 1 : 0;
    for (let i = 0; i < n; i++) out[i] = f(xs[i * sx]!, ys[i * sy]!);
    return [fromData(o!.shape, o!.dtype, out)];
  },
  jvpRule: ([x, y], [dx]) => {
    const out = ops.binaryOp("nextafter", x!, y!);
    if (isZero(dx)) return [[out], [zeroLike(out)]];
    return [[out], [addTangents(dx!, zeroLike(avalOfTensor(out)), out.shape)]];
  },
  transposeRule: "nonlinear",
});
