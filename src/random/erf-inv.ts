/**
 * The inverse error function as XLA evaluates it (the lowering behind `lax.erf_inv` that
 * `jax.random.normal` calls): Giles' polynomial approximations ("Approximating the erfinv
 * function", GPU Computing Gems, 2011) in `w = −log(1 − x²)`, one branch pair for float32 and
 * three branches for float64. `normal` uses this form, not a more accurate inverse, because the
 * goal is JAX's samples; it is a composition of primitives, so it traces, jits and vmaps.
 */
import * as ops from "../primitives/ops.js";
import { scalar } from "../tensor/from-js.js";
import type { Tensor } from "../tensor/tensor.js";

// float32 coefficients, highest degree first, for w < 5 and w ≥ 5.
const F32_LT_5 = [2.81022636e-8, 3.43273939e-7, -3.5233877e-6, -4.39150654e-6, 0.00021858087, -0.00125372503, -0.00417768164, 0.246640727, 1.50140941];
const F32_GE_5 = [-0.000200214257, 0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613, 0.00943887047, 1.00167406, 2.83297682];

// float64 coefficients, highest degree first, for w < 6.25, 6.25 ≤ w < 16 and w ≥ 16.
const F64_LT_6_25 = [
  -3.6444120640178196996e-21, -1.685059138182016589e-19, 1.2858480715256400167e-18, 1.115787767802518096e-17,
  -1.333171662854620906e-16, 2.0972767875968561637e-17, 6.6376381343583238325e-15, -4.0545662729752068639e-14,
  -8.1519341976054721522e-14, 2.6335093153082322977e-12, -1.2975133253453532498e-11, -5.4154120542946279317e-11,
  1.051212273321532285e-9, -4.1126339803469836976e-9, -2.9070369957882005086e-8, 4.2347877827932403518e-7,
  -1.3654692000834678645e-6, -1.3882523362786468719e-5, 0.0001867342080340571352, -0.00074070253416626697512,
  -0.0060336708714301490533, 0.24015818242558961693, 1.6536545626831027356,
];
const F64_LT_16 = [
  2.2137376921775787049e-9, 9.0756561938885390979e-8, -2.7517406297064545428e-7, 1.8239629214389227755e-8,
  1.5027403968909827627e-6, -4.013867526981545969e-6, 2.9234449089955446044e-6, 1.2475304481671778723e-5,
  -4.7318229009055733981e-5, 6.8284851459573175448e-5, 2.4031110387097893999e-5, -0.0003550375203628474796,
  0.00095328937973738049703, -0.0016882755560235047313, 0.0024914420961078508066, -0.0037512085075692412107,
  0.005370914553590063617, 1.0052589676941592334, 3.0838856104922207635,
];
const F64_GE_16 = [
  -2.7109920616438573243e-11, -2.5556418169965252055e-10, 1.5076572693500548083e-9, -3.7894654401267369937e-9,
  7.6157012080783393804e-9, -1.4960026627149240478e-8, 2.9147953450901080826e-8, -6.7711997758452339498e-8,
  2.2900482228026654717e-7, -9.9298272942317002539e-7, 4.5260625972231537039e-6, -1.9681778105531670567e-5,
  7.5995277030017761139e-5, -0.00021503011930044477347, -0.00013871931833623122026, 1.0103004648645343977,
  4.8499064014085844221,
];

const bin = ops.binaryOp;
const c = (v: number, like: Tensor): Tensor => scalar(v, like.dtype);

/** `−log1p(−x²)`, the variable the polynomials are written in. */
function wOf(x: Tensor): Tensor {
  return ops.neg(ops.unaryOp("log1p", ops.mul(x, ops.neg(x))));
}

/** `erfinv(±1) = ±∞`, where the polynomial is indeterminate. */
function withEnds(x: Tensor, p: Tensor): Tensor {
  const atOne = bin("eq", ops.unaryOp("abs", x), c(1, x));
  return ops.select(atOne, ops.mul(x, c(Infinity, x)), ops.mul(p, x));
}

/**
 * `c + p·w` rounded once to float32, as XLA's fused multiply-add gives it: the product of two
 * float32 values is exact in float64, so only the final sum rounds (twice, float64 then float32,
 * which differs from one rounding only on exact float32 midpoints).
 */
function fmaF32(p: Tensor, w64: Tensor, coef: Tensor): Tensor {
  return ops.convert(ops.add(ops.mul(ops.convert(p, "float64"), w64), ops.convert(coef, "float64")), "float32");
}

function erfInvF32(x: Tensor): Tensor {
  const w0 = wOf(x);
  const lt = bin("lt", w0, c(5, x));
  const w = ops.select(lt, ops.sub(w0, c(2.5, x)), ops.sub(ops.unaryOp("sqrt", w0), c(3, x)));
  const w64 = ops.convert(w, "float64");
  const coef = (i: number): Tensor => ops.select(lt, c(F32_LT_5[i]!, x), c(F32_GE_5[i]!, x));
  let p = coef(0);
  for (let i = 1; i < F32_LT_5.length; i++) p = fmaF32(p, w64, coef(i));
  return withEnds(x, p);
}

function erfInvF64(x: Tensor): Tensor {
  const w0 = wOf(x);
  const lt625 = bin("lt", w0, c(6.25, x));
  const lt16 = bin("lt", w0, c(16, x));
  const shift = ops.select(lt16, c(3.25, x), c(5, x));
  const w = ops.select(lt625, ops.sub(w0, c(3.125, x)), ops.sub(ops.unaryOp("sqrt", w0), shift));
  const coef = (i: number): Tensor => {
    let k = c(F64_LT_6_25[i]!, x);
    if (i < F64_LT_16.length) k = ops.select(lt625, k, c(F64_LT_16[i]!, x));
    if (i < F64_GE_16.length) k = ops.select(lt16, k, c(F64_GE_16[i]!, x));
    return k;
  };
  let p = coef(0);
  // The three polynomials have degrees 16, 18 and 22: the higher terms apply only on their branch.
  for (let i = 1; i < F64_GE_16.length; i++) p = ops.add(coef(i), ops.mul(p, w));
  for (let i = F64_GE_16.length; i < F64_LT_16.length; i++) p = ops.select(lt16, ops.add(coef(i), ops.mul(p, w)), p);
  for (let i = F64_LT_16.length; i < F64_LT_6_25.length; i++) p = ops.select(lt625, ops.add(coef(i), ops.mul(p, w)), p);
  return withEnds(x, p);
}

/** erfinv(x) for float32 or float64 `x` in [−1, 1], evaluated as XLA does. */
export function erfInv(x: Tensor): Tensor {
  return x.dtype === "float64" ? erfInvF64(x) : erfInvF32(x);
}
