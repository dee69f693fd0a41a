/**
 * Batches for the vectorisation laws, built without the library: stacking per-example tensors
 * along any axis and taking a batch apart again (plain index arithmetic on the elements), and
 * arbitraries for batch-axis placements (an axis of the batched rank, possibly negative, or null).
 */
import * as fc from "fast-check";
import { storageLength } from "../src/tensor/dtype.js";
import type { Tensor } from "../src/tensor/tensor.js";
import { makeTensor, sizeOfShape } from "./arbitraries.js";

/** `axis` (in [−rank, rank)) as a non-negative axis. */
export const normAxis = (axis: number, rank: number): number => (axis < 0 ? axis + rank : axis);

/** Stacks tensors of one shape along a new axis `axis` (of the stacked rank, non-negative). */
export function stackAt(ts: readonly Tensor[], axis: number): Tensor {
  const s = ts[0]!.shape;
  // A complex element is two slots: the pair rides along as part of the inner block.
  const outer = sizeOfShape(s.slice(0, axis)), inner = storageLength(ts[0]!.dtype, sizeOfShape(s.slice(axis))), b = ts.length;
  const data = new Array<number>(outer * b * inner);
  ts.forEach((t, k) => {
    const d = t.concreteData();
    for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) data[(o * b + k) * inner + i] = d[o * inner + i]!;
  });
  return makeTensor([...s.slice(0, axis), b, ...s.slice(axis)], ts[0]!.dtype, data);
}

/** The tensors along axis `axis` (non-negative) of `t`: the inverse of `stackAt`. */
export function unstackAt(t: Tensor, axis: number): Tensor[] {
  const s = t.shape, b = s[axis]!;
  const rest = [...s.slice(0, axis), ...s.slice(axis + 1)];
  const outer = sizeOfShape(s.slice(0, axis)), inner = storageLength(t.dtype, sizeOfShape(s.slice(axis + 1)));
  const d = t.concreteData();
  return Array.from({ length: b }, (_, k) => {
    const data = new Array<number>(outer * inner);
    for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) data[o * inner + i] = d[(o * b + k) * inner + i]!;
    return makeTensor(rest, t.dtype, data);
  });
}

/** An axis of an array of rank `rank` (the batched rank), written non-negative or negative. */
export function axisArb(rank: number): fc.Arbitrary<number> {
  return fc.tuple(fc.integer({ min: 0, max: rank - 1 }), fc.boolean()).map(([a, neg]) => (neg ? a - rank : a));
}

/** A batch-axis placement for a per-example array of rank `rank`: null (unbatched) or an axis. */
export function placementArb(rank: number): fc.Arbitrary<number | null> {
  return fc.oneof({ arbitrary: fc.constant(null), weight: 1 }, { arbitrary: axisArb(rank + 1), weight: 3 });
}
