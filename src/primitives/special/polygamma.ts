/**
 * polygamma(m, x) = ψ⁽ᵐ⁾(x), elementwise over an int32 order m and a float x (equal shapes, or a
 * scalar operand). XLA's polygamma takes m as a float of x's dtype and raises on a derivative with
 * respect to it; here m is an integer operand, so it has no tangent by its type — which is what
 * lets the derivative laws differentiate it in x alone. d ψ⁽ᵐ⁾(x) = ψ⁽ᵐ⁺¹⁾(x) · dx, so digamma
 * (and through it lgamma) differentiates to any order.
 */
import { DTypeError } from "../../errors.js";
import { aval, type Aval } from "../../ir/types.js";
import { allocate } from "../../tensor/dtype.js";
import { fromData, scalar } from "../../tensor/from-js.js";
import { polygamma as polygammaKernel } from "../../tensor/kernels/special-math.js";
import type { Tensor } from "../../tensor/tensor.js";
import { zeroLike } from "../ad.js";
import { elementwiseBatch } from "../batching.js";
import { binaryShape, checkDType } from "../kinds.js";
import * as ops from "../ops.js";
import { definePrimitive } from "../rule-types.js";
import { Zero } from "../rule-types.js";

const apply = (m: Tensor, x: Tensor): Tensor => ops.binaryOp("polygamma", m, x);

export const polygamma = definePrimitive({
  name: "polygamma",
  kind: "elementwise",
  operands: 2,
  shapeRule: ([m, x]: readonly Aval[]): Aval[] => {
    if (m!.dtype !== "int32") {
      throw new DTypeError(`polygamma: args[0] (the order m) has dtype ${m!.dtype}, but polygamma takes an int32 order. Cast it with np.astype(m, "int32").`);
    }
    checkDType("polygamma", "args[1]", x!.dtype, "float");
    return [aval(binaryShape("polygamma", m!, x!), x!.dtype)];
  },
  impl: ([m, x], _p, [o]) => {
    const md = m!.concreteData(), xd = x!.concreteData();
    const out = allocate(o!.dtype, o!.shape.reduce((a, b) => a * b, 1));
    const mStep = md.length === 1 ? 0 : 1, xStep = xd.length === 1 ? 0 : 1;
    for (let i = 0; i < out.length; i++) out[i] = polygammaKernel(md[i * mStep]!, xd[i * xStep]!);
    return [fromData(o!.shape, o!.dtype, out)];
  },
  jvpRule: ([m, x], [, dx]) => {
    const y = apply(m!, x!);
    if (dx instanceof Zero) return [[y], [zeroLike(y)]];
    return [[y], [ops.mul(dx!, apply(ops.add(m!, scalar(1, "int32")), x!))]];
  },
  transposeRule: "nonlinear",
  batchRule: elementwiseBatch<"polygamma">(([m, x]) => apply(m!, x!)),
});
