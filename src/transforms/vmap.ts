/**
 * Vectorisation. A `BatchInterpreter` carries (value, batch dim) pairs; each primitive's batching
 * rule runs under the parent interpreter on whole batches — no per-example loop, so a traced
 * batched graph has the same size for any batch. Values it does not own are unbatched (bd null),
 * so closed-over weights are never copied per example.
 * Law: vmap(f)(xs)[i] = f(xs[i]).
 */
import { aval } from "../ir/types.js";
import type { PrimitiveName, PrimitiveParams } from "../primitives/params.js";
import { type BatchDim, moveAxis } from "../primitives/batching.js";
import type { PrimitiveDef } from "../primitives/rule-types.js";
import * as ops from "../primitives/ops.js";
import type { Tensor } from "../tensor/tensor.js";
import { avalOf, escapedTracerError } from "../trace/eval-interpreter.js";
import { type Interpreter, ScopedInterpreter, bind, currentInterpreter, withInterpreter } from "../trace/interpreter.js";
import { Tracer } from "../trace/tracer.js";

/** A per-example value inside vmap: the whole batch, with its batch dimension. */
export class BatchTracer extends Tracer {
  constructor(
    readonly value: Tensor,
    readonly bd: number,
    owner: BatchInterpreter,
  ) {
    // The tracer's own shape is the per-example shape (the batch dim removed).
    super(aval(value.shape.filter((_, i) => i !== bd), value.dtype), owner, undefined);
    Object.freeze(this);
  }
}

/** Interprets primitives by their batching rules. */
export class BatchInterpreter extends ScopedInterpreter {
  constructor(
    parent: Interpreter,
    label: string,
    readonly axisSize: number,
  ) {
    super(parent, label);
  }

  /** A tracer for `value` batched along `bd` (an unbatched value is returned as is). */
  wrap(value: Tensor, bd: BatchDim): Tensor {
    return bd === null ? value : new BatchTracer(value, bd, this);
  }

  /** (value, bd) of any value from this interpreter's point of view. */
  unwrap(x: Tensor, where: string): [Tensor, BatchDim] {
    if (x instanceof BatchTracer && x.owner === this) return [x.value, x.bd];
    if (x instanceof Tracer && !x.owner.live) throw escapedTracerError(x, where);
    return [x, null];
  }

  process<N extends PrimitiveName>(prim: PrimitiveDef<N>, inputs: readonly Tensor[], params: PrimitiveParams[N]): Tensor[] {
    const pairs = inputs.map((x) => this.unwrap(x, prim.name));
    const values = pairs.map((p) => p[0]);
    const dims = pairs.map((p) => p[1]);
    if (dims.every((d) => d === null)) return withInterpreter(this.parent, () => bind(prim, values, params));
    // Check the op on per-example types first, so errors speak of the user's shapes, not batched ones.
    prim.shapeRule(inputs.map(avalOf), params);
    const rule = prim.batchRule;
    const [outs, outDims] = withInterpreter(this.parent, () => rule(values, dims, params));
    return outs.map((y, i) => this.wrap(y, outDims[i] ?? null));
  }
}

/**
 * Runs a function of flat tensors over a batch: `inDims[i]` is input i's batch dim (null =
 * shared). Returns every output with its batch dim moved to 0 (unbatched outputs broadcast).
 */
export function vmapFlat(
  f: (...xs: Tensor[]) => Tensor[],
  inputs: readonly Tensor[],
  inDims: readonly BatchDim[],
  axisSize: number,
  label: string,
): Tensor[] {
  return vmapFlatList((xs) => f(...xs), inputs, inDims, axisSize, label);
}

/** `vmapFlat` for a function that takes its inputs as one array (any number of them fits). */
export function vmapFlatList(
  f: (xs: Tensor[]) => Tensor[],
  inputs: readonly Tensor[],
  inDims: readonly BatchDim[],
  axisSize: number,
  label: string,
): Tensor[] {
  const [outs, dims] = vmapFlatDims(f, inputs, inDims, axisSize, label);
  return outs.map((y, i) => {
    const bd = dims[i]!;
    if (bd !== null) return moveAxis(y, bd, 0);
    return ops.broadcastInDim(y, [axisSize, ...y.shape], y.shape.map((_, j) => j + 1));
  });
}

/**
 * Like `vmapFlat`, but returns outputs where they are, with their batch dims (null = unbatched),
 * and `f` takes its inputs as one array (a spread call puts every input on the JS stack, which
 * overflows near 100,000 leaves).
 */
export function vmapFlatDims(
  f: (xs: Tensor[]) => Tensor[],
  inputs: readonly Tensor[],
  inDims: readonly BatchDim[],
  axisSize: number,
  label: string,
): [Tensor[], BatchDim[]] {
  const interp = new BatchInterpreter(currentInterpreter(), label, axisSize);
  try {
    const outs = withInterpreter(interp, () => f(inputs.map((x, i) => interp.wrap(x, inDims[i] ?? null))));
    const pairs = outs.map((y) => interp.unwrap(y, "result"));
    return [pairs.map((p) => p[0]), pairs.map((p) => p[1])];
  } finally {
    interp.finish();
  }
}
