/**
 * The special functions of one argument, as XLA has them: erfc, erf_inv, lgamma, digamma. Each
 * states its derivative on one line; the derivatives chain lgamma → digamma → polygamma, so every
 * order is available (polygamma.ts).
 */
import { elementwiseJvp, constant } from "../ad.js";
import * as ops from "../ops.js";
import { definePrimitive } from "../rule-types.js";
import { digamma as digammaKernel, erfc as erfcKernel, erfInv, lgamma as lgammaKernel } from "../../tensor/kernels/special-math.js";
import { specialUnary } from "./kinds.js";
import { polygammaOp } from "./ops.js";

const u = ops.unaryOp;
const sq = (x: Parameters<typeof ops.mul>[0]) => ops.mul(x, x);

/** d erfc x = −(2/√π) e^(−x²) · dx. */
export const erfc = definePrimitive({
  name: "erfc",
  ...specialUnary("erfc", erfcKernel),
  jvpRule: elementwiseJvp((x) => u("erfc", x), (x) => ops.mul(constant(-2 / Math.sqrt(Math.PI), x), ops.exp(ops.neg(sq(x))))),
  transposeRule: "nonlinear",
});

/** d erf⁻¹ y = (√π/2) e^(x²) · dy, x = erf⁻¹ y (+∞ at ±1). */
export const erfInvPrim = definePrimitive({
  name: "erf_inv",
  ...specialUnary("erf_inv", erfInv),
  jvpRule: elementwiseJvp((x) => u("erf_inv", x), (x, y) => ops.mul(constant(Math.sqrt(Math.PI) / 2, x), ops.exp(sq(y)))),
  transposeRule: "nonlinear",
});

/** d ln|Γ(x)| = ψ(x) · dx. */
export const lgamma = definePrimitive({
  name: "lgamma",
  ...specialUnary("lgamma", lgammaKernel),
  jvpRule: elementwiseJvp((x) => u("lgamma", x), (x) => u("digamma", x)),
  transposeRule: "nonlinear",
});

/** d ψ(x) = ψ⁽¹⁾(x) · dx. */
export const digamma = definePrimitive({
  name: "digamma",
  ...specialUnary("digamma", digammaKernel),
  jvpRule: elementwiseJvp((x) => u("digamma", x), (x) => polygammaOp(1, x)),
  transposeRule: "nonlinear",
});
