/**
 * `applyAlongAxis` and `applyOverAxes`: a function of 1-d slices (or of a whole array and an
 * axis) applied across an array. JAX vmaps `func1d`; np sits below the transforms, so here it is
 * called once per slice and the results stacked — the same values and derivatives, and the
 * same graph a vmap would unroll to. For a large batch of slices, `vmap(func1d)` is the faster
 * route.
 */
import { ArgumentError, ShapeError, fmtShape } from "../errors.js";
import * as ops from "../primitives/ops.js";
import { normalizeAxis, sizeOf } from "../tensor/shape.js";
import type { Tensor, TensorLike } from "../tensor/tensor.js";
import { tensorArg } from "./coerce.js";

function checkFunction(op: string, f: unknown, arg: string): void {
  if (typeof f !== "function") throw new ArgumentError(`${op}: ${arg} must be a function; got ${typeof f}.`);
}

/**
 * `func1d` applied to every 1-d slice of `arr` along `axis`; the result's dimensions take the
 * place of `axis` (numpy's and JAX's `apply_along_axis`). Extra arguments pass through.
 *
 * @example
 * ```ts
 * np.applyAlongAxis((row) => np.sum(row), 1, np.array([[1, 2], [3, 4]])).toArray(); // [3, 7]
 * ```
 */
export function applyAlongAxis<A extends unknown[]>(func1d: (slice: Tensor, ...args: A) => TensorLike, axis: number, arr: TensorLike, ...args: A): Tensor {
  const op = "np.applyAlongAxis";
  checkFunction(op, func1d, "func1d (args[0])");
  const x = tensorArg(op, arr, "arr (args[2])");
  if (x.ndim === 0) throw new ShapeError(`${op}: arr is 0-d; it needs an axis to slice along.`);
  const a = normalizeAxis(axis, x.ndim, op);
  const rest = x.shape.filter((_, i) => i !== a);
  const count = sizeOf(rest);
  if (count === 0) {
    throw new ShapeError(`${op}: arr has shape ${fmtShape(x.shape)}, so there are no slices to apply func1d to; give every axis but ${a} a non-zero length.`);
  }
  const n = x.shape[a]!;
  const order = [...x.shape.keys()].filter((i) => i !== a).concat(a);
  const rows = ops.reshape(ops.transpose(x, order), [count, n]);
  const results: Tensor[] = [];
  for (let i = 0; i < count; i++) {
    const row = ops.reshape(ops.slice(rows, [i, 0], [i + 1, n], [1, 1]), [n]);
    results.push(tensorArg(op, func1d(row, ...args), `the result of func1d for slice ${i}`));
  }
  const first = results[0]!;
  results.forEach((r, i) => {
    if (r.dtype !== first.dtype || r.ndim !== first.ndim || r.shape.some((d, k) => d !== first.shape[k])) {
      throw new ShapeError(`${op}: func1d returned ${r.typeString} for slice ${i} but ${first.typeString} for slice 0; it must return one shape and dtype.`);
    }
  });
  const stacked = ops.concatenate(results.map((r) => ops.reshape(r, [1, ...r.shape])), 0);
  const out = ops.reshape(stacked, [...rest, ...first.shape]);
  // numpy puts the result's dims where `axis` was: move them from the end to position a.
  const k = first.ndim;
  const perm = [...Array(a).keys(), ...Array.from({ length: k }, (_, j) => rest.length + j), ...Array.from({ length: rest.length - a }, (_, j) => a + j)];
  return perm.every((p, i) => p === i) ? out : ops.transpose(out, perm);
}

/**
 * `func(a, axis)` applied for each axis in turn; a result one rank lower gets the axis back as
 * size 1 (numpy's and JAX's `apply_over_axes`).
 *
 * @example
 * ```ts
 * np.applyOverAxes((t, ax) => np.sum(t, ax), np.ones([2, 3]), [0, 1]).shape; // [1, 1]
 * ```
 */
export function applyOverAxes(func: (a: Tensor, axis: number) => TensorLike, a: TensorLike, axes: number | readonly number[]): Tensor {
  const op = "np.applyOverAxes";
  checkFunction(op, func, "func (args[0])");
  let x = tensorArg(op, a, "a (args[1])");
  const list = typeof axes === "number" ? [axes] : axes;
  if (!Array.isArray(list)) throw new ArgumentError(`${op}: axes must be a number or an array of numbers.`);
  for (const axis of list) {
    const ax = normalizeAxis(axis as number, x.ndim, op);
    const res = tensorArg(op, func(x, ax), `the result of func for axis ${ax}`);
    if (res.ndim === x.ndim) x = res;
    else if (res.ndim === x.ndim - 1) x = ops.reshape(res, [...res.shape.slice(0, ax), 1, ...res.shape.slice(ax)]);
    else throw new ShapeError(`${op}: func returned ${res.typeString} for an input of rank ${x.ndim}; it must keep the rank or drop the one axis.`);
  }
  return x;
}
