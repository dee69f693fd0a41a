/**
 * random_gamma_grad(alpha, x): the derivative of a gamma(alpha, 1) sample `x` with respect to
 * `alpha` by implicit reparameterisation, −(∂P(alpha, x)/∂alpha) / p(x; alpha) with P the
 * regularised incomplete gamma function (JAX's `lax.random_gamma_grad`, the jvp of random_gamma).
 * Elementwise over two float operands of one dtype (equal shapes, or a scalar operand).
 *
 * Its own derivative: in `x` it is closed-form, ∂g/∂x = ψ(alpha) − log x − g·((alpha − 1)/x − 1)
 * (differentiate −∂ₐP/p using ∂ₓ∂ₐP = ∂ₐp); in `alpha` it needs ∂²P/∂alpha², which has no closed
 * form, so it is the central difference of g in float64 with a relative step of 2⁻¹¹ (g is smooth
 * in alpha: the truncation error is ~1e-7 relative, and the kernel's rounding over the step stays
 * far smaller, also when this difference is itself differentiated). Both are written with ops, so higher orders compose.
 */
import { DTypeError } from "../../errors.js";
import { aval, type Aval } from "../../ir/types.js";
import { allocate } from "../../tensor/dtype.js";
import { fromData, scalar } from "../../tensor/from-js.js";
import { gammaSampleGrads } from "../../tensor/kernels/gamma.js";
import type { Tensor } from "../../tensor/tensor.js";
import { zeroLike } from "../ad.js";
import { elementwiseBatch } from "../batching.js";
import { binaryShape, checkDType } from "../kinds.js";
import * as ops from "../ops.js";
import { Zero, definePrimitive } from "../rule-types.js";
import { randomGammaGrad } from "./ops.js";

const STEP = 2 ** -11;

/** ∂g/∂alpha by a float64 central difference (relative step), in the operands' dtype. */
function alphaDerivative(a: Tensor, x: Tensor): Tensor {
  const a64 = ops.convert(a, "float64"), x64 = ops.convert(x, "float64");
  const h = ops.mul(a64, scalar(STEP, "float64"));
  const up = randomGammaGrad(ops.add(a64, h), x64);
  const down = randomGammaGrad(ops.sub(a64, h), x64);
  return ops.convert(ops.div(ops.sub(up, down), ops.mul(h, scalar(2, "float64"))), a.dtype);
}

/** ∂g/∂x in closed form, given g. */
function xDerivative(a: Tensor, x: Tensor, g: Tensor): Tensor {
  const one = scalar(1, a.dtype);
  const logTerm = ops.sub(ops.unaryOp("digamma", a), ops.log(x));
  return ops.sub(logTerm, ops.mul(g, ops.sub(ops.div(ops.sub(a, one), x), one)));
}

export const randomGammaGradPrim = definePrimitive({
  name: "random_gamma_grad",
  kind: "elementwise",
  operands: 2,
  shapeRule: ([a, x]: readonly Aval[]): Aval[] => {
    checkDType("random_gamma_grad", "args[0]", a!.dtype, "float");
    if (x!.dtype !== a!.dtype) throw new DTypeError(`random_gamma_grad: alpha is ${a!.dtype} but the samples are ${x!.dtype}; pass one float dtype.`);
    return [aval(binaryShape("random_gamma_grad", a!, x!), a!.dtype)];
  },
  impl: ([a, x], _p, [o]) => {
    const dtype = o!.dtype as "float32" | "float64";
    const ad = a!.concreteData(), xd = x!.concreteData();
    const n = o!.shape.reduce((p, d) => p * d, 1);
    const widen = (d: ArrayLike<number>): ArrayLike<number> => (d.length === n ? d : Array.from({ length: n }, () => d[0]!));
    const out = allocate(dtype, n) as Float32Array | Float64Array;
    gammaSampleGrads(widen(ad as ArrayLike<number>), widen(xd as ArrayLike<number>), dtype, out);
    return [fromData(o!.shape, dtype, out)];
  },
  jvpRule: ([a, x], [da, dx]) => {
    const g = randomGammaGrad(a!, x!);
    let t: Tensor | undefined;
    if (da !== undefined && !(da instanceof Zero)) t = ops.mul(da, alphaDerivative(a!, x!));
    if (dx !== undefined && !(dx instanceof Zero)) {
      const tx = ops.mul(dx, xDerivative(a!, x!, g));
      t = t === undefined ? tx : ops.add(t, tx);
    }
    return [[g], [t ?? zeroLike(g)]];
  },
  transposeRule: "nonlinear",
  batchRule: elementwiseBatch<"random_gamma_grad">(([a, x]) => randomGammaGrad(a!, x!)),
});
