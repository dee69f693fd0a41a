/**
 * `trace(f)(...args)`: runs `f` on tracers under a fresh `GraphInterpreter` and returns the
 * `Graph` it recorded (JAX's make_jaxpr). Arguments and results are pytrees; the graph keeps
 * their structures so `evaluate` can rebuild the result.
 */
import { ArgumentError } from "../errors.js";
import type { Graph } from "../ir/graph.js";
import { type Atom, type Aval, aval, mkLiteral } from "../ir/types.js";
import { arrayFrom } from "../tensor/from-js.js";
import { Tensor } from "../tensor/tensor.js";
import { type Leaf, type TreeDef, flatten, unflatten } from "../tree/pytree.js";
import { GraphInterpreter } from "./graph-interpreter.js";
import { currentInterpreter, withInterpreter } from "./interpreter.js";
import { simplify } from "../transforms/simplify.js";

/** The aval a pytree leaf has as a function argument. */
export function leafAval(x: Leaf): Aval {
  if (x instanceof Tensor) return aval(x.shape, x.dtype);
  const t = arrayFrom(x);
  return aval(t.shape, t.dtype);
}

/** A name for messages: `grad(loss)`. */
export function fnLabel(transform: string, f: (...args: never[]) => unknown): string {
  return `${transform}(${f.name || "f"})`;
}

/** Checks that a user function returned synchronously. */
export function checkNotPromise(out: unknown, label: string): void {
  if (out instanceof Promise || (typeof out === "object" && out !== null && typeof (out as { then?: unknown }).then === "function")) {
    throw new ArgumentError(`${label}: the function returned a Promise; transformed functions must be synchronous. Remove async/await.`);
  }
}

/**
 * Traces a function of flat leaves with the given input avals. Returns the graph; the result's
 * structure is recorded as its `outTree`. Lower-level than `trace`; transforms use it.
 */
export function traceFlat(
  f: (...inputs: Tensor[]) => unknown,
  inAvals: readonly Aval[],
  label: string,
  inTree?: TreeDef,
): Graph {
  const interp = new GraphInterpreter(currentInterpreter(), label);
  try {
    const inputs = inAvals.map((a) => interp.newInput(a));
    const out = withInterpreter(interp, () => f(...inputs));
    checkNotPromise(out, label);
    const [outLeaves, outTree] = flatten(out, "result");
    const outputs: Atom[] = outLeaves.map((leaf) =>
      typeof leaf === "number" || typeof leaf === "boolean"
        ? mkLiteral(Number(leaf), typeof leaf === "boolean" ? "bool" : "float32")
        : interp.toAtom(leaf instanceof Tensor ? leaf : arrayFrom(leaf), "result"),
    );
    return interp.builder.build(
      inputs.map((t) => t.variable),
      outputs,
      inTree,
      outTree,
    );
  } finally {
    interp.finish();
  }
}

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
  return (...args: Args): Graph => {
    const [leaves, inTree] = flatten(args, "args");
    const g = traceFlat(
      (...inputs) => f(...(unflatten(inTree, inputs) as Args)),
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
