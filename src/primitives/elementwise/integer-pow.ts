/**
 * integer_pow[y](x) = xʸ for a static integer y, by repeated squaring (exact for ints).
 * Separate from `pow` so that its derivative y·xʸ⁻¹ needs no log and is 0 at y = 0. Takes
 * complex operands too (complex multiplication by squaring).
 */
import { ShapeError } from "../../errors.js";
import { aval } from "../../ir/types.js";
import { fromData } from "../../tensor/from-js.js";
import { integerPow as integerPowKernel } from "../../tensor/kernels/elementwise.js";
import { checkDType } from "../kinds.js";
import { isComplex, isInexact } from "../../tensor/dtype.js";
import { complexIntegerPow } from "../../tensor/kernels/complex-math.js";
import { constant, isZero, zeroLike } from "../ad.js";
import * as ops from "../ops.js";
import { definePrimitive } from "../rule-types.js";

export const integerPow = definePrimitive({
  name: "integer_pow",
  kind: "elementwise",
  shapeRule: ([x], { y }) => {
    if (!isComplex(x!.dtype)) checkDType("integer_pow", "args[0]", x!.dtype, "numeric");
    if (!Number.isInteger(y)) throw new ShapeError(`integer_pow: the exponent ${y} is not an integer; use np.pow.`);
    return [aval(x!.shape, x!.dtype)];
  },
  impl: ([x], { y }, [o]) => [
    fromData(o!.shape, o!.dtype, isComplex(o!.dtype) ? complexIntegerPow(x!.concreteData(), y, o!.dtype) : integerPowKernel(x!.concreteData(), y, o!.dtype)),
  ],
  // d xʸ = y·x^(y−1)·dx; for y = 0 the tangent is exactly 0 (so x⁰ at 0 has derivative 0).
  jvpRule: ([x], [dx], { y }) => {
    const out = ops.integerPow(x!, y);
    if (isZero(dx) || y === 0 || !isInexact(out.dtype)) return [[out], [zeroLike(out)]];
    const slope = y === 1 ? constant(1, x!) : ops.mul(constant(y, x!), ops.integerPow(x!, y - 1));
    return [[out], [ops.mul(dx!, slope)]];
  },
  transposeRule: "nonlinear",
  batchRule: ([x], [bd], { y }) => [[ops.integerPow(x!, y)], [bd!]],
});
