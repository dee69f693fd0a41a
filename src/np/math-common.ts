/**
 * What the np math files share: float operands as JAX's `promote_args_inexact` makes them (int and
 * bool become float32, float64 stays), dtype-typed constants, and the custom derivative rule JAX
 * attaches with `custom_jvp` (logaddexp, sinc at 0), bound as the custom_jvp_call primitive so
 * the rule survives tracing, jit and vmap.
 */
import { aval } from "../ir/types.js";
import { graphContext } from "../primitives/graph-context.js";
import * as ops from "../primitives/ops.js";
import { scalar } from "../tensor/from-js.js";
import type { Tensor, TensorLike } from "../tensor/tensor.js";
import { prepareOperands, tensorArg, toFloat } from "./coerce.js";

/** One operand as a float tensor (ints and bools to float32). */
export function floatArg(op: string, x: TensorLike, arg = "args[0]"): Tensor {
  return toFloat(tensorArg(op, x, arg));
}

/** Two operands promoted, broadcast and made float (JAX's promote_args_inexact). */
export function floatOperands(op: string, x: TensorLike, y: TensorLike): [Tensor, Tensor] {
  const [a, b] = prepareOperands(op, [x, y]);
  const fa = toFloat(a!);
  return [fa, ops.convert(b!, fa.dtype)];
}

/** A scalar constant of `like`'s dtype. */
export const konst = (value: number, like: Tensor): Tensor => scalar(value, like.dtype);

/** A float function of one float operand: casts, then binds `name`. */
export function floatUnary<N extends ops.NoParamsName>(op: string, name: N, x: TensorLike): Tensor {
  return ops.unaryOp(name, floatArg(op, x));
}

/** x = y, x < y, … as bool tensors. */
export const eq = (x: Tensor, y: Tensor): Tensor => ops.binaryOp("eq", x, y);
export const ne = (x: Tensor, y: Tensor): Tensor => ops.binaryOp("ne", x, y);
export const lt = (x: Tensor, y: Tensor): Tensor => ops.binaryOp("lt", x, y);
export const gt = (x: Tensor, y: Tensor): Tensor => ops.binaryOp("gt", x, y);
export const ge = (x: Tensor, y: Tensor): Tensor => ops.binaryOp("ge", x, y);
export const and = (x: Tensor, y: Tensor): Tensor => ops.binaryOp("and", x, y);
export const or = (x: Tensor, y: Tensor): Tensor => ops.binaryOp("or", x, y);
/** x ≠ x: NaN. */
export const isNan = (x: Tensor): Tensor => ne(x, x);

/**
 * `f(inputs)` differentiated by `rule` instead of its own equations (JAX's `custom_jvp`): `f` is
 * traced to a closed graph and bound as custom_jvp_call. `rule(primals, tangents)` returns the
 * outputs and their tangents, written with ops, so it differentiates again (higher order) and
 * transposes (reverse mode) as any rule does.
 */
export function withJvpRule(
  name: string,
  f: (xs: Tensor[]) => Tensor[],
  rule: (primals: readonly Tensor[], tangents: readonly Tensor[]) => [Tensor[], Tensor[]],
  inputs: readonly Tensor[],
): Tensor[] {
  const { graph, captured } = graphContext().traceClosed((xs) => f(xs), inputs.map((x) => aval(x.shape, x.dtype)), name);
  const k = captured.length;
  return ops.applyN("custom_jvp_call", [...captured, ...inputs], {
    name,
    fun: graph,
    rule: (primals, tangents) => rule(primals.slice(k), tangents.slice(k)),
  });
}
