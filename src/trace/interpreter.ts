/**
 * The interpreters of transforms. The current-interpreter cell and `bind` live in
 * primitives/bind.ts (the ops facade binds without importing trace/); they are re-exported here
 * for the layers above. What depends on the dynamic extent of a call rides on the interpreter
 * chain instead of a cell of its own: a transform's interpreter knows whether its user function is
 * recording creation sites (`recordsSites`), and a backward pass is an interpreter on the chain
 * (`inBackwardPass`, found by `currentPass` walking `parent`).
 */
import type { PrimitiveName, PrimitiveParams } from "../primitives/params.js";
import type { PrimitiveDef } from "../primitives/rule-types.js";
import type { Tensor } from "../tensor/tensor.js";
import { type Interpreter, currentInterpreter, withInterpreter } from "../primitives/bind.js";

export { type Interpreter, bind, bind1, currentInterpreter, installRootInterpreter, withInterpreter } from "../primitives/bind.js";

/**
 * An interpreter that belongs to one transform call: live while the call runs, finished after,
 * so tracers that escape the call are caught. Subclasses supply `process`.
 */
export abstract class ScopedInterpreter implements Interpreter {
  private finished = false;
  /**
   * True while this transform's user function runs a call that records where its tracers are
   * created (set by `callRecordingSites`, trace/creation-site.ts, for the length of that call).
   */
  recordsSites = false;

  constructor(
    readonly parent: Interpreter,
    readonly label: string,
  ) {}

  get live(): boolean {
    return !this.finished;
  }

  /** Ends this interpreter: its tracers may no longer be used. */
  finish(): void {
    this.finished = true;
  }

  abstract process<N extends PrimitiveName>(prim: PrimitiveDef<N>, inputs: readonly Tensor[], params: PrimitiveParams[N]): Tensor[];
}

/**
 * The mark of a backward pass on the interpreter chain. Transparent: each op goes straight to its
 * parent, and the mark stays current meanwhile, so the interpreters below it (debugNans' checker,
 * a graph recording source lines) find it by walking up from the current interpreter.
 */
class BackwardPass implements Interpreter {
  readonly label = "backward pass";
  readonly live = true;
  constructor(readonly parent: Interpreter) {}

  process<N extends PrimitiveName>(prim: PrimitiveDef<N>, inputs: readonly Tensor[], params: PrimitiveParams[N]): Tensor[] {
    return this.parent.process(prim, inputs, params);
  }
}

/** Runs `thunk` (a transposition) marked as a backward pass. */
export function inBackwardPass<T>(thunk: () => T): T {
  return withInterpreter(new BackwardPass(currentInterpreter()), thunk);
}

/**
 * Which pass the current op belongs to, for messages and the source-line search: "backward" when
 * a backward pass is on the chain above the current interpreter.
 */
export function currentPass(): "forward" | "backward" {
  for (let i: Interpreter | undefined = currentInterpreter(); i !== undefined; i = i.parent) {
    if (i instanceof BackwardPass) return "backward";
  }
  return "forward";
}
