/** Argument coercion shared by the `scipySpecial` functions. */
import type { Tensor, TensorLike } from "../tensor/tensor.js";
import { prepareOperands, tensorArg, toFloat } from "../np/coerce.js";

/** One array argument as a float tensor (ints and bools become float32, as JAX's promote_args_inexact). */
export function floatArg(op: string, x: TensorLike, arg = "args[0]"): Tensor {
  return toFloat(tensorArg(op, x, arg));
}

/** Array arguments promoted together (weak JS numbers adopt the arrays' dtype), made float, and broadcast. */
export function floatArgs(op: string, xs: readonly TensorLike[]): Tensor[] {
  const promoted = prepareOperands(op, xs);
  return promoted.map(toFloat);
}
