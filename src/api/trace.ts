/**
 * `trace(f)`: the public way to see a function's graph. It lives with the other user-facing
 * wrappers rather than in trace/ because it runs `simplify`, a transform, which sits above the
 * tracing machinery.
 */
import { ArgumentError } from "../errors.js";
import type { Graph } from "../ir/graph.js";
import { checkNotAsync, fnLabel, leafAval, traceFlatList } from "../trace/trace.js";
import { simplify } from "../transforms/simplify.js";
import { flatten, unflatten } from "../tree/pytree.js";

/**
 * The graph of `f` at the shapes and dtypes of `args` (what JAX calls `make_jaxpr`), simplified
 * (pass `{ simplify: false }` for the raw trace). `trace(grad(f))(x)` is the backward-pass graph.
 *
 * @example
 * ```ts
 * const g = trace((x) => np.sum(np.sin(x)))(np.ones([3]));
 * console.log(g.toString());
 * // { lambda ; a:f32[3]. let b:f32[3] = sin a; c:f32[] = reduce_sum[axes=(0,)] b in (c) }
 * ```
 */
export function trace<Args extends unknown[]>(f: (...args: Args) => unknown, opts: TraceOptions = {}): (...args: Args) => Graph {
  if (typeof f !== "function") throw new ArgumentError(`trace: expected a function, got ${typeof f}.`);
  const label = fnLabel("trace", f);
  checkNotAsync(f, label);
  return (...args: Args): Graph => {
    const [leaves, inTree] = flatten(args, "args", undefined, label);
    const g = traceFlatList(
      (inputs) => f(...(unflatten(inTree, inputs) as Args)),
      leaves.map(leafAval),
      label,
      inTree,
    );
    return opts.simplify === false ? g : simplify(g);
  };
}

/** Options of `trace`. */
export interface TraceOptions {
  /** Run `simplify` (constant folding, exact identities, CSE, DCE) on the result; default true. */
  simplify?: boolean;
}
