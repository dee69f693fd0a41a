/** `lax.cumsum`, `cumprod`, `cummax`, `cummin`, `cumlogsumexp`: JAX's cumulative primitives, `(x, axis = 0, reverse = false)`. */
import { inContext } from "../errors.js";
import { tensorArg } from "../np/coerce.js";
import { optionalArgs } from "../np/options.js";
import { type CumulativeName, cumulative } from "../primitives/cumulative/ops.js";
import { normalizeAxis } from "../tensor/shape.js";
import type { Tensor, TensorLike } from "../tensor/tensor.js";

type CumulativeArgs = [] | [number] | [number, boolean] | [{ axis?: number; reverse?: boolean }] | [number, { reverse?: boolean }];

function run(name: CumulativeName, x: TensorLike, rest: readonly unknown[]): Tensor {
  const op = `lax.${name}`;
  return inContext(op, () => {
    const t = tensorArg(op, x);
    const o = optionalArgs(op, ["axis", "reverse"] as const, rest);
    const axis = normalizeAxis((o.axis ?? 0) as number, t.ndim, op);
    return cumulative(name, t, axis, o.reverse === true);
  });
}

/** Running sum along `axis` (default 0), from the end when `reverse`. @example `lax.cumsum(np.array([1, 2, 3])).toArray()` // [1, 3, 6] */
export const cumsum = (x: TensorLike, ...rest: CumulativeArgs): Tensor => run("cumsum", x, rest);
/** Running product. @example `lax.cumprod(np.array([1, 2, 3])).toArray()` // [1, 2, 6] */
export const cumprod = (x: TensorLike, ...rest: CumulativeArgs): Tensor => run("cumprod", x, rest);
/** Running maximum. @example `lax.cummax(np.array([1, 3, 2])).toArray()` // [1, 3, 3] */
export const cummax = (x: TensorLike, ...rest: CumulativeArgs): Tensor => run("cummax", x, rest);
/** Running minimum. @example `lax.cummin(np.array([3, 1, 2])).toArray()` // [3, 1, 1] */
export const cummin = (x: TensorLike, ...rest: CumulativeArgs): Tensor => run("cummin", x, rest);
/** Running log-sum-exp (floats). @example `lax.cumlogsumexp(np.array([0, 0])).toArray()` // [0, 0.6931472] */
export const cumlogsumexp = (x: TensorLike, ...rest: CumulativeArgs): Tensor => run("cumlogsumexp", x, rest);
