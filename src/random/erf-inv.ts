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
import { F32_GE_5, F32_LT_5, F64_GE_16, F64_LT_16, F64_LT_6_25 } from "../tensor/kernels/xla-erf-inv.js";

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
