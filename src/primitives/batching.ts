/**
 * Helpers for batching rules: where the batch dimension (`bd`) of each argument is, moving it,
 * and the rule shapes shared by many primitives. An argument with `bd = null` is the same for
 * every example and stays unbatched unless a primitive truly needs it materialised.
 */
import { InternalError } from "../errors.js";
import { shapesEqual } from "../tensor/shape.js";
import type { Tensor } from "../tensor/tensor.js";
import * as ops from "./ops.js";
import type { PrimitiveName } from "./params.js";
import type { BatchRule } from "./rule-types.js";

/** A batch dimension: an axis index, or null for an unbatched value. */
export type BatchDim = number | null;

/** The batch size, read from the first batched argument. */
export function batchSize(args: readonly Tensor[], dims: readonly BatchDim[]): number {
  const i = dims.findIndex((d) => d !== null);
  if (i < 0) throw new InternalError("batch rule called without a batched argument");
  return args[i]!.shape[dims[i]!]!;
}

/** Moves axis `from` of x to position `to`. */
export function moveAxis(x: Tensor, from: number, to: number): Tensor {
  if (from === to) return x;
  const perm = x.shape.map((_, i) => i).filter((i) => i !== from);
  perm.splice(to, 0, from);
  return ops.transpose(x, perm);
}

/** x with its batch dimension first, materialising it (broadcast) when x is unbatched. */
export function batchedAtFront(x: Tensor, bd: BatchDim, size: number): Tensor {
  if (bd !== null) return moveAxis(x, bd, 0);
  return ops.broadcastInDim(x, [size, ...x.shape], x.shape.map((_, i) => i + 1));
}

/** The axis of a per-example array, as an axis of the batched array with batch dim at `bd`. */
export function shiftAxis(axis: number, bd: number): number {
  return axis >= bd ? axis + 1 : axis;
}

/**
 * Batching for elementwise primitives whose operands have equal shapes or are scalars. When all
 * batched operands agree and the rest are scalars the op applies as is; otherwise every non-scalar
 * operand is brought to [B, ...per-example shape].
 */
export function elementwiseBatch<N extends PrimitiveName>(apply: (xs: readonly Tensor[]) => Tensor): BatchRule<N> {
  return (args, dims) => {
    const batched = args.flatMap((x, i) => (dims[i] !== null ? [[x, dims[i]!] as const] : []));
    const [first, firstBd] = batched[0]!;
    const direct =
      batched.every(([x, d]) => d === firstBd && shapesEqual(x.shape, first.shape)) &&
      args.every((x, i) => dims[i] !== null || x.shape.length === 0);
    if (direct) return [[apply(args)], [firstBd]];
    const size = batchSize(args, dims);
    // Per-example shape: the largest-rank per-example operand (all non-scalars share it).
    const perExample = args
      .map((x, i) => (dims[i] === null ? x.shape : x.shape.filter((_, j) => j !== dims[i])))
      .reduce((a, b) => (b.length > a.length ? b : a), [] as readonly number[]);
    const full = [size, ...perExample];
    const aligned = args.map((x, i) => {
      const d = dims[i]!;
      if (dims[i] === null) return x.shape.length === 0 ? x : ops.broadcastInDim(x, full, x.shape.map((_, j) => j + 1));
      const front = moveAxis(x, d, 0);
      return shapesEqual(front.shape, full) ? front : ops.broadcastInDim(front, full, [0]);
    });
    return [[apply(aligned)], [0]];
  };
}

/** Batching for unary ops that act elementwise or along no particular axis: the bd passes through. */
export function passThroughBatch<N extends PrimitiveName>(apply: (x: Tensor) => Tensor): BatchRule<N> {
  return ([x], [bd]) => [[apply(x!)], [bd!]];
}

/** Every argument with its batch dim first (unbatched ones broadcast), and the batch size. */
export function allBatchedAtFront(args: readonly Tensor[], dims: readonly BatchDim[]): [Tensor[], number] {
  const size = batchSize(args, dims);
  return [args.map((x, i) => batchedAtFront(x, dims[i] ?? null, size)), size];
}
