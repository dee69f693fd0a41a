/**
 * JAX's parallel prefix scan (`lax.associative_scan`), written with ops over tuples of tensors,
 * and the (primal, tangent) combine functions that make it the jvp of cumprod, cummax, cummin and
 * cumlogsumexp. JAX differentiates exactly this formulation (reduce_window is not differentiable),
 * so the derivative here is JAX's to the element: zeros in a product are handled without a
 * division, and a tie in cummax splits the tangent as the scan's tree of `max`es splits it.
 * Everything is ops, so the tangent is itself differentiable and batchable.
 */
import type { Tensor } from "../../tensor/tensor.js";
import { constant } from "../ad.js";
import * as ops from "../ops.js";

/** One element of the scan: the same position of several tensors (here a primal and its tangent). */
export type Elems = readonly Tensor[];

/** An associative combine of two element tuples (`a` comes before `b` along the axis). */
export type Combine = (a: Elems, b: Elems) => Tensor[];

/** x[start:stop:stride] along `axis` (stop may be negative, counting from the end, as Python's). */
function sliceInDim(x: Tensor, axis: number, start: number, stop: number | undefined, stride = 1): Tensor {
  const n = x.shape[axis]!;
  const limit = stop === undefined ? n : stop < 0 ? Math.max(0, n + stop) : stop;
  return ops.slice(
    x,
    x.shape.map((_, i) => (i === axis ? Math.min(start, limit) : 0)),
    x.shape.map((d, i) => (i === axis ? limit : d)),
    x.shape.map((_, i) => (i === axis ? stride : 1)),
  );
}

/** Interleaves a (even positions) and b (odd positions) along `axis`: zero-padding both and adding, as JAX does. */
function interleave(a: Tensor, b: Tensor, axis: number): Tensor {
  const same = a.shape[axis] === b.shape[axis];
  const config = (lo: number, hi: number) => a.shape.map((_, i) => (i === axis ? ([lo, hi, 1] as const) : ([0, 0, 0] as const)));
  return ops.add(ops.pad(a, 0, config(0, same ? 1 : 0)), ops.pad(b, 0, config(1, same ? 0 : 1)));
}

/** The inclusive scan of `elems` along `axis` with `combine` (JAX's odd/even recursion). */
function scanRec(combine: Combine, elems: Elems, axis: number): Tensor[] {
  const n = elems[0]!.shape[axis]!;
  if (n < 2) return [...elems];
  // Combine adjacent pairs, scan the halves, then fill in the even positions.
  const reduced = combine(
    elems.map((e) => sliceInDim(e, axis, 0, -1, 2)),
    elems.map((e) => sliceInDim(e, axis, 1, undefined, 2)),
  );
  const odd = scanRec(combine, reduced, axis);
  const evenTail =
    n % 2 === 0
      ? combine(odd.map((e) => sliceInDim(e, axis, 0, -1)), elems.map((e) => sliceInDim(e, axis, 2, undefined, 2)))
      : combine(odd, elems.map((e) => sliceInDim(e, axis, 2, undefined, 2)));
  const even = elems.map((e, i) => ops.concatenate([sliceInDim(e, axis, 0, 1), evenTail[i]!], axis));
  return even.map((e, i) => interleave(e, odd[i]!, axis));
}

/** `lax.associative_scan(combine, elems, reverse, axis)`. */
export function associativeScan(combine: Combine, elems: Elems, axis: number, reverse: boolean): Tensor[] {
  const flipped = reverse ? elems.map((e) => ops.rev(e, [axis])) : elems;
  const scanned = scanRec(combine, flipped, axis);
  return reverse ? scanned.map((e) => ops.rev(e, [axis])) : scanned;
}

const eq = (a: Tensor, b: Tensor): Tensor => ops.convert(ops.binaryOp("eq", a, b), a.dtype);

/** (a, da)·(b, db) = (ab, da·b + a·db). */
export const mulPair: Combine = ([a, da], [b, db]) => [ops.mul(a!, b!), ops.add(ops.mul(da!, b!), ops.mul(a!, db!))];

/**
 * max or min with JAX's tangent (`_balanced_eq`): each operand's tangent counts where it equals
 * the result, halved when the other does too; a NaN result has tangent 0.
 */
function extremumPair(name: "max" | "min"): Combine {
  return ([a, da], [b, db]) => {
    const z = ops.binaryOp(name, a!, b!);
    const one = constant(1, z);
    const wa = ops.div(eq(a!, z), ops.add(one, eq(b!, z)));
    const wb = ops.div(eq(b!, z), ops.add(one, eq(a!, z)));
    return [z, ops.add(ops.mul(da!, wa), ops.mul(db!, wb))];
  };
}
export const maxPair = extremumPair("max");
export const minPair = extremumPair("min");

/** +∞ replaced by 0 (JAX's `_replace_inf`, so exp(x − out) is 1, not NaN, where both are +∞). */
function replacePosInf(x: Tensor): Tensor {
  return ops.select(ops.binaryOp("eq", x, constant(Infinity, x)), constant(0, x), x);
}

/**
 * JAX's `logaddexp` with its custom jvp: out = max(a, b) + log1p(exp(−|a − b|)) (a + b where
 * a − b is NaN), d out = da·exp(a − out) + db·exp(b − out) with +∞ read as 0.
 * −|δ| is written min(δ, −δ) so that a tie differentiates symmetrically, as the custom rule does.
 */
export const logAddExpPair: Combine = ([a, da], [b, db]) => {
  const delta = ops.sub(a!, b!);
  const smooth = ops.add(
    ops.binaryOp("max", a!, b!),
    ops.unaryOp("log1p", ops.exp(ops.binaryOp("min", delta, ops.neg(delta)))),
  );
  const out = ops.select(ops.binaryOp("ne", delta, delta), ops.add(a!, b!), smooth);
  const rOut = replacePosInf(out);
  const dOut = ops.add(
    ops.mul(da!, ops.exp(ops.sub(replacePosInf(a!), rOut))),
    ops.mul(db!, ops.exp(ops.sub(replacePosInf(b!), rOut))),
  );
  return [out, dOut];
};
