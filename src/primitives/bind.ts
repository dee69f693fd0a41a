/**
 * The one mutable cell of fluxion: the current interpreter. Every op ends in `bind`, which hands
 * it to the current interpreter. Interpreters form a chain through `parent`; a transform sets
 * itself current for the length of a call (`withInterpreter`) and restores the old one in `finally`.
 * Whatever else depends on the dynamic extent of a call (a backward pass running, a user function
 * recording where its tracers are made) is a property of an interpreter on that chain, never a
 * second cell.
 *
 * It lives beside the primitive definitions (as JAX's `bind` lives in its core) so that the ops
 * facade can bind without importing the tracing machinery above it; trace/ builds the
 * interpreters.
 */
import { InternalError } from "../errors.js";
import type { Tensor } from "../tensor/tensor.js";
import type { PrimitiveName, PrimitiveParams } from "./params.js";
import type { PrimitiveDef } from "./rule-types.js";

/** Something that gives meaning to primitive applications: evaluation, tracing, a transform. */
export interface Interpreter {
  /** The interpreter that was current when this one started; rules run under it. */
  readonly parent: Interpreter | undefined;
  /** How messages name it: `grad(loss)`, `trace(f)`, `jit(step)`. */
  readonly label: string;
  /** False once the transform that owns it has returned. */
  readonly live: boolean;
  /** Applies `prim` to `inputs`. */
  process<N extends PrimitiveName>(prim: PrimitiveDef<N>, inputs: readonly Tensor[], params: PrimitiveParams[N]): Tensor[];
}

let current: Interpreter | undefined;

/** The interpreter that handles the next op (the root evaluator when no transform is active). */
export function currentInterpreter(): Interpreter {
  if (current === undefined) throw new InternalError("no root interpreter: fluxion was not wired; import it from its package root (src/index.ts).");
  return current;
}

/** Installs the root interpreter (the package root's wiring calls this once). */
export function installRootInterpreter(root: Interpreter): void {
  if (current === undefined) current = root;
}

/** Runs `thunk` with `interp` as the current interpreter, restoring the previous one afterwards. */
export function withInterpreter<T>(interp: Interpreter, thunk: () => T): T {
  const saved = current;
  current = interp;
  try {
    return thunk();
  } finally {
    current = saved;
  }
}

/** Applies a primitive: the single point where every op is intercepted. */
export function bind<N extends PrimitiveName>(prim: PrimitiveDef<N>, inputs: readonly Tensor[], params: PrimitiveParams[N]): Tensor[] {
  return currentInterpreter().process(prim, inputs, params);
}

/** `bind` for primitives with exactly one output. */
export function bind1<N extends PrimitiveName>(prim: PrimitiveDef<N>, inputs: readonly Tensor[], params: PrimitiveParams[N]): Tensor {
  return currentInterpreter().process(prim, inputs, params)[0]!;
}
