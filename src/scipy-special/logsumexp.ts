/**
 * logsumexp, softmax and logSoftmax of `scipySpecial`. Without scale factors, sign or mask,
 * logsumexp is nn.logsumexp, and softmax/logSoftmax are nn's over all axes by default (SciPy's
 * `axis=None`); with `b`, `returnSign` or `where` it follows jax.scipy.special.logsumexp.
 */
import { ArgumentError, describeValue } from "../errors.js";
import * as ops from "../primitives/ops.js";
import { scalar } from "../tensor/from-js.js";
import { reductionAxes } from "../tensor/shape.js";
import type { AxisArg, Tensor, TensorLike } from "../tensor/tensor.js";
import { broadcastOperands, promoteOperands, tensorArg, toBool, toFloat } from "../np/coerce.js";
import * as np from "../np/index.js";
import * as nn from "../nn/index.js";
import { optionalArgs } from "../np/options.js";
import { floatArg } from "./args.js";

/** logsumexp's options, by their JAX names. */
export interface LogsumexpOptions {
  /** The axis or axes to reduce; all of them if left out or null. */
  readonly axis?: AxisArg | null;
  /** Scale factors of the exponentials, broadcastable with `a`: log Σ b·eᵃ. */
  readonly b?: TensorLike;
  /** Keep the reduced axes as size-1 axes. */
  readonly keepdims?: boolean;
  /** Return `[log |Σ b·eᵃ|, sign(Σ b·eᵃ)]` instead of NaN where the sum is negative. */
  readonly returnSign?: boolean;
  /** Which elements take part (bool, broadcastable with `a`). */
  readonly where?: TensorLike;
}

const stopGradient = (x: Tensor): Tensor => ops.apply1("stop_gradient", [x], {});

function booleanOption(op: string, name: string, value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== "boolean") throw new ArgumentError(`${op}: ${name} must be true or false; got ${describeValue(value)}.`);
  return value;
}

/**
 * log Σ b·eᵃ over `axis` (all axes by default), shifted by the max so it never overflows, as
 * jax.scipy.special.logsumexp: optional scale factors `b` (entries where b = 0 take no part), a
 * `where` mask, `keepdims`, and `returnSign`, which returns `[log|Σ b·eᵃ|, sign]` (otherwise a
 * negative sum gives NaN). A slice of all −∞ (or an empty one) gives −∞. Optional arguments in
 * JAX's order, or by name in a trailing options object.
 *
 * @example `scipySpecial.logsumexp([1000, 1000]).item()` // 1000.6931
 * @example
 * ```ts
 * const [r, sign] = scipySpecial.logsumexp([0, 0], { b: [1, -2], returnSign: true });
 * r.item(); // 0
 * sign.item(); // -1
 * ```
 */
export function logsumexp(a: TensorLike, options: LogsumexpOptions & { readonly returnSign: true }): [Tensor, Tensor];
export function logsumexp(a: TensorLike, axis: AxisArg | null | undefined, b: TensorLike | null | undefined, keepdims: boolean | undefined, returnSign: true, options?: LogsumexpOptions): [Tensor, Tensor];
export function logsumexp(a: TensorLike, ...rest: readonly (AxisArg | null | TensorLike | boolean | LogsumexpOptions | undefined)[]): Tensor;
export function logsumexp(a: TensorLike, ...rest: readonly unknown[]): Tensor | [Tensor, Tensor] {
  const op = "scipySpecial.logsumexp";
  const o = optionalArgs(op, ["axis", "b", "keepdims", "returnSign", "where"], rest);
  const keepdims = booleanOption(op, "keepdims", o.keepdims);
  const returnSign = booleanOption(op, "returnSign", o.returnSign);
  const hasB = o.b !== undefined && o.b !== null;
  const hasWhere = o.where !== undefined && o.where !== null;
  if (!hasB && !returnSign && !hasWhere) {
    const t = floatArg(op, a);
    return nn.logsumexp(t, reductionAxes(o.axis, t.ndim, op), keepdims);
  }
  let [x, b] = hasB ? promoteOperands(op, [a, o.b as TensorLike]).map(toFloat) : [floatArg(op, a), undefined];
  let mask = hasWhere ? toBool(tensorArg(op, o.where as TensorLike, "where")) : undefined;
  [x, b, mask] = broadcastAll(op, x!, b, mask);
  const axes = reductionAxes(o.axis, x!.ndim, op);
  const minusInf = scalar(-Infinity, x!.dtype);
  if (mask !== undefined) x = np.where(mask, x!, scalar(0, x!.dtype));
  if (b !== undefined) x = np.where(ops.binaryOp("ne", b, scalar(0, b.dtype)), x!, minusInf);
  const kept = x!.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  // The shift: the max over the slice (of the included entries), 0 where that is not finite, held
  // constant for differentiation as JAX does.
  const m = ops.reduceMax(mask === undefined ? x! : np.where(mask, x!, minusInf), axes);
  const shift = stopGradient(np.where(ops.binaryOp("lt", ops.unaryOp("abs", m), scalar(Infinity, m.dtype)), m, scalar(0, m.dtype)));
  let e = ops.exp(np.sub(x!, ops.reshape(shift, kept)));
  if (b !== undefined) e = ops.mul(e, b);
  if (mask !== undefined) e = np.where(mask, e, scalar(0, e.dtype));
  const s = ops.reduceSum(e, axes);
  const sign = ops.unaryOp("sign", s);
  let out = ops.add(ops.log(ops.unaryOp("abs", s)), shift);
  if (!returnSign && b !== undefined) out = np.where(ops.binaryOp("lt", sign, scalar(0, sign.dtype)), scalar(NaN, out.dtype), out);
  const shaped = (t: Tensor): Tensor => (keepdims ? ops.reshape(t, kept) : t);
  return returnSign ? [shaped(out), shaped(sign)] : shaped(out);
}

/** `a`, with `b` and the mask when given, broadcast to their common shape. */
function broadcastAll(op: string, a: Tensor, b: Tensor | undefined, mask: Tensor | undefined): [Tensor, Tensor | undefined, Tensor | undefined] {
  const present = [a, b, mask].filter((t): t is Tensor => t !== undefined);
  const shape = broadcastOperands(op, present).reduce<readonly number[]>((s, t) => (t.ndim > s.length ? t.shape : s), []);
  const to = (t: Tensor | undefined): Tensor | undefined => (t === undefined ? undefined : np.broadcastTo(t, shape));
  return [to(a)!, to(b), to(mask)];
}

/**
 * eˣ / Σ eˣ over `axis` — all axes by default, as SciPy — (nn.softmax): shifted by the max, so it
 * never overflows; a +∞ entry makes its slice NaN. `axis` positionally or as `{ axis }`.
 * @example `scipySpecial.softmax([0, 0]).toArray()` // [0.5, 0.5]
 */
export function softmax(x: TensorLike, ...rest: readonly (AxisArg | null | { readonly axis?: AxisArg | null })[]): Tensor {
  const op = "scipySpecial.softmax";
  const { axis } = optionalArgs(op, ["axis"], rest);
  const t = floatArg(op, x);
  return nn.softmax(t, reductionAxes(axis, t.ndim, op));
}

/**
 * x − logsumexp(x) over `axis` — all axes by default, as SciPy — (nn.logSoftmax), without
 * overflow. `axis` positionally or as `{ axis }`.
 * @example `scipySpecial.logSoftmax([0, 0]).toArray()` // [-0.693, -0.693]
 */
export function logSoftmax(x: TensorLike, ...rest: readonly (AxisArg | null | { readonly axis?: AxisArg | null })[]): Tensor {
  const op = "scipySpecial.logSoftmax";
  const { axis } = optionalArgs(op, ["axis"], rest);
  const t = floatArg(op, x);
  return nn.logSoftmax(t, reductionAxes(axis, t.ndim, op));
}
