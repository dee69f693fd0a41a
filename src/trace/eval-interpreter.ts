/**
 * The root interpreter: evaluates a primitive at once by running its shape rule (which validates
 * the inputs) and then dispatching the equation to the current backend (`currentBackend()`, which
 * the package root's wiring installs). Any tracer that reaches it has outlived its transform.
 */
import { currentBackend } from "../backend/current.js";
import { UnexpectedTracerError } from "../errors.js";
import { aval, type Aval } from "../ir/types.js";
import type { PrimitiveName, PrimitiveParams } from "../primitives/params.js";
import type { PrimitiveDef } from "../primitives/rule-types.js";
import type { Tensor } from "../tensor/tensor.js";
import type { Interpreter } from "./interpreter.js";
import { Tracer } from "./tracer.js";

/** The error for a tracer used after its transform returned. */
export function escapedTracerError(t: Tracer, where: string): UnexpectedTracerError {
  return new UnexpectedTracerError(
    `${where}: a traced ${t.typeString} created inside ${t.owner.label}` +
      `${t.createdAt ? ` at ${t.createdAt}` : ""} was used after ${t.owner.label} returned ` +
      `(it escaped, e.g. saved to a global, \`this\`, or a timer). Return it from the function instead.`,
  );
}

/** The aval of any tensor (concrete or traced). */
export function avalOf(x: Tensor): Aval {
  return aval(x.shape, x.dtype);
}

class EvalInterpreter implements Interpreter {
  readonly parent = undefined;
  readonly label = "eager evaluation";
  readonly live = true;

  process<N extends PrimitiveName>(prim: PrimitiveDef<N>, inputs: readonly Tensor[], params: PrimitiveParams[N]): Tensor[] {
    for (const x of inputs) if (x instanceof Tracer) throw escapedTracerError(x, prim.name);
    const outAvals = prim.shapeRule(inputs.map(avalOf), params);
    return currentBackend().execute(prim, inputs, params, outAvals);
  }
}

/** The root evaluator (current when no transform is active; the package root installs it). */
export const evalInterpreter: Interpreter = new EvalInterpreter();
