/**
 * `debugNans(thunk)`: an interpreter placed under everything `thunk` does. It lets each primitive
 * run, then checks the float outputs; the first NaN that an op produces from NaN-free inputs
 * throws a `FloatingPointError` naming the primitive, the pass (forward or backward) and the
 * user's source line. Scoped: leaving `thunk` (normally or by an error) removes it.
 */
import { ArgumentError, FloatingPointError } from "../errors.js";
import type { PrimitiveName, PrimitiveParams } from "../primitives/params.js";
import type { PrimitiveDef } from "../primitives/rule-types.js";
import { isFloat } from "../tensor/dtype.js";
import type { Tensor } from "../tensor/tensor.js";
import { type Interpreter, bind, currentInterpreter, currentPass, withInterpreter } from "../trace/interpreter.js";
import { userSourceLine } from "../trace/source-info.js";
import { checkNotAsync, checkNotPromise } from "../trace/trace.js";
import { Tracer } from "../trace/tracer.js";

function hasNan(x: Tensor): boolean {
  if (x instanceof Tracer || !isFloat(x.dtype)) return false;
  const d = x.concreteData();
  for (let i = 0; i < d.length; i++) if (Number.isNaN(d[i])) return true;
  return false;
}

class NanChecker implements Interpreter {
  readonly label = "debugNans";
  constructor(readonly parent: Interpreter) {}
  get live(): boolean {
    return true;
  }
  process<N extends PrimitiveName>(prim: PrimitiveDef<N>, inputs: readonly Tensor[], params: PrimitiveParams[N]): Tensor[] {
    const outs = withInterpreter(this.parent, () => bind(prim, inputs, params));
    if (outs.some(hasNan) && !inputs.some(hasNan)) {
      const where = userSourceLine();
      throw new FloatingPointError(
        `debugNans: ${prim.name} produced a NaN in the ${currentPass()} pass${where ? ` (from ${where})` : ""}, from inputs without NaN ` +
          `(${inputs.map((x) => x.typeString).join(", ")}). Check its domain there (log of a negative, 0/0, inf − inf, …).`,
      );
    }
    return outs;
  }
}

/**
 * Runs `thunk` with every primitive's float outputs checked for NaN, forward and backward.
 *
 * @example
 * ```ts
 * debugNans(() => grad((x) => np.sqrt(x))(np.array(-1)));
 * // FloatingPointError: debugNans: sqrt produced a NaN in the forward pass (from my-file.ts:3:38) …
 * ```
 */
export function debugNans<T>(thunk: () => T): T {
  if (typeof thunk !== "function") throw new ArgumentError(`debugNans: expected a function, got ${typeof thunk}.`);
  // Only synchronous work is checked: the scope ends when thunk returns, before any await resumes.
  checkNotAsync(thunk, "debugNans");
  const out = withInterpreter(new NanChecker(currentInterpreter()), thunk);
  checkNotPromise(out, "debugNans");
  return out;
}
