/**
 * `namedScope(name, f)`: JAX's `named_scope` as a function wrapper. The equations `f` makes are
 * grouped under `name` in printed and drawn graphs (their `scope` gets `name` as a segment), and
 * so are the backward-pass equations that differentiate them.
 */
import { ArgumentError, describeValue } from "../errors.js";
import { NAMED_SCOPE_FRAME, closeNamedScope, openNamedScope } from "../trace/provenance.js";

/**
 * Wraps `f` so that the equations it makes are grouped under `name` (nested scopes join with
 * `/`, and the user's own function names join them: `loss/block/dense`).
 *
 * @example
 * ```ts
 * const block = namedScope("block", (x: Tensor) => np.tanh(x).mul(2));
 * const g = trace((x: Tensor) => np.sum(block(x)))(np.ones([3]));
 * g.equations[0]!.scope; // "block"
 * ```
 */
export function namedScope<F extends (...args: never[]) => unknown>(name: string, f: F): F {
  if (typeof name !== "string" || name === "") {
    throw new ArgumentError(`namedScope: name must be a non-empty string, got ${describeValue(name)}. Pass the scope's name first: namedScope("block", f).`);
  }
  if (typeof f !== "function") {
    throw new ArgumentError(`namedScope: f must be a function, got ${describeValue(f)}. Pass the function to wrap second: namedScope("${name}", f).`);
  }
  // The wrapper's own name marks its frame, so the scope search (trace/source-info.ts) knows
  // where on the stack this scope sits among the user's function names.
  const wrapped = {
    [NAMED_SCOPE_FRAME](this: unknown, ...args: Parameters<F>): ReturnType<F> {
      openNamedScope(name);
      try {
        return f.apply(this, args) as ReturnType<F>;
      } finally {
        closeNamedScope();
      }
    },
  }[NAMED_SCOPE_FRAME]!;
  return wrapped as unknown as F;
}
