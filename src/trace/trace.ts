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
import { type Leaf, type TreeDef, flatten } from "../tree/pytree.js";
import { noteCallSite } from "./creation-site.js";
import { GraphInterpreter } from "./graph-interpreter.js";
import { currentInterpreter, withInterpreter } from "./interpreter.js";

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

/** The `then` method of a Promise or other thenable, or undefined (a throwing getter counts as none). */
function thenOf(x: unknown): ((onFulfilled: undefined, onRejected: () => void) => unknown) | undefined {
  if ((typeof x !== "object" && typeof x !== "function") || x === null) return undefined;
  try {
    const then = (x as { then?: unknown }).then;
    return typeof then === "function" ? (then.bind(x) as (a: undefined, b: () => void) => unknown) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Checks that a user function returned synchronously; every traced or transformed function's
 * result passes here (through `traceFlat` or `callUser`). A returned Promise is refused with an
 * `ArgumentError`, after a no-op rejection handler is attached to it: the caller never sees that
 * Promise, and its later rejection (an async body reaching a tracer after the transform returned,
 * or throwing) would otherwise be unhandled, which ends a Node process even though the user
 * caught the error.
 */
export function checkNotPromise(out: unknown, label: string): void {
  const then = thenOf(out);
  if (then === undefined) return;
  try {
    then(undefined, () => {});
  } catch {
    // A thenable whose then() throws leaves no rejection pending; the error below is what matters.
  }
  throw new ArgumentError(
    `${label}: the function returned a Promise (is it async?); transformed functions must be synchronous. ` +
      `Remove async/await and return tensors.`,
  );
}

/**
 * Refuses an `async` function before it is called. Calling it would run its body up to the first
 * `await` under the transform, and the rest after the transform returned (on escaped tracers):
 * refusing it up front runs none of the user's code. Functions that return a Promise without being
 * `async` are caught on their result by `checkNotPromise`.
 */
export function checkNotAsync(f: (...args: never[]) => unknown, label: string): void {
  // Native async functions carry this tag (AsyncFunction.prototype[Symbol.toStringTag]).
  if (Object.prototype.toString.call(f) === "[object AsyncFunction]") {
    throw new ArgumentError(
      `${label}: the function is async, so it returns a Promise that cannot be traced; transformed functions must be ` +
        `synchronous. Remove async/await and return tensors.`,
    );
  }
}

/**
 * Traces a function of flat leaves with the given input avals. Returns the graph; the result's
 * structure is recorded as its `outTree`. Lower-level than `trace`; transforms use it. For few
 * inputs (sub-graphs); `traceFlatList` takes any number.
 */
export function traceFlat(
  f: (...inputs: Tensor[]) => unknown,
  inAvals: readonly Aval[],
  label: string,
  inTree?: TreeDef,
): Graph {
  return traceFlatList((inputs) => f(...inputs), inAvals, label, inTree);
}

/**
 * `traceFlat` for a function that takes its inputs as one array: a spread call `f(...inputs)`
 * puts every input on the JS stack, which overflows near 100,000 leaves.
 */
export function traceFlatList(
  f: (inputs: Tensor[]) => unknown,
  inAvals: readonly Aval[],
  label: string,
  inTree?: TreeDef,
): Graph {
  const interp = new GraphInterpreter(currentInterpreter(), label);
  // Its equations record their source lines; its inputs get the line that called the trace.
  noteCallSite(interp);
  try {
    const inputs = inAvals.map((a) => interp.newInput(a));
    const out = withInterpreter(interp, () => f(inputs));
    checkNotPromise(out, label);
    const [outLeaves, outTree] = flatten(out, "result", undefined, label);
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
