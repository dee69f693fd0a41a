/**
 * Differentiation control for users: `stopGradient`, `customJvp`, `customVjp`, `checkpoint`.
 * Each traces the user's function once per call to a closed graph and binds one primitive that
 * carries it, so the custom behaviour survives tracing, jit and nesting.
 */
import { ArgumentError, PyTreeError, inContext } from "../errors.js";
import type { Graph } from "../ir/graph.js";
import * as ops from "../primitives/ops.js";
import type { FlatBwd, FlatFwd, FlatJvpRule } from "../primitives/params.js";
import { zerosOf } from "../primitives/ad.js";
import { Tensor, type TensorLike } from "../tensor/tensor.js";
import { tensorArg } from "../np/coerce.js";
import { avalOf } from "../trace/eval-interpreter.js";
import { type ClosedGraph, traceClosed } from "../trace/closed.js";
import { type TreeDef, flatten, unflatten } from "../tree/pytree.js";
import { type FlatArgs, callUser, checkFunction, flatArg, flatArgs, rebuildArgs } from "./args.js";
import type { ArgsLike, Tensors } from "./types.js";

/**
 * `x` unchanged, but treated as a constant by differentiation (its derivative is zero).
 *
 * @example
 * ```ts
 * grad((x: Tensor) => np.mul(x, stopGradient(x)))(3).item(); // 3, not 6
 * ```
 */
export function stopGradient<T>(x: T): Tensors<T> {
  const [leaves, def] = flatten(x, "stopGradient");
  return unflatten(def, leaves.map((l) => ops.apply1("stop_gradient", [tensorArg("stopGradient", l as TensorLike)], {}))) as Tensors<T>;
}

/** Traces `f` on the call's avals to a closed graph; the output tree is recorded on the graph. */
function traceCall(f: (...args: never[]) => unknown, call: FlatArgs, label: string): ClosedGraph {
  return traceClosed((xs) => callUser(f, rebuildArgs(call.parts, xs), label), call.leaves.map(avalOf), label);
}

/**
 * The graph of a function whose derivative rule the user gives: it may not capture traced values
 * (the rule, which sees only the arguments, would silently lose their derivatives).
 */
function rejectClosedOverTracers({ graph, captured }: ClosedGraph, label: string): Graph {
  const t = captured[0];
  if (t === undefined) return graph;
  throw new ArgumentError(
    `${label}: the function closes over a traced value (${String(t)}); its derivative would be lost. ` +
      `Pass it as an explicit argument instead.`,
  );
}

function flatOut(value: unknown, def: TreeDef, what: string, label: string): Tensor[] {
  const f = flatArg(value, what, label);
  if (!f.def.equals(def)) {
    throw new PyTreeError(`${label}: the ${what} has structure ${f.def} but the function returns ${def}. Return the same structure.`);
  }
  return f.leaves;
}

/**
 * `f` with a user-defined forward-mode derivative: `rule(primals, tangents)` returns
 * `[primalOut, tangentOut]` (primals and tangents are arrays, one entry per argument). Reverse mode
 * works too, by transposing the rule (which must be linear in the tangents).
 *
 * @example
 * ```ts
 * const safeLog = customJvp((x: Tensor) => np.log(x), ([x], [dx]) => [np.log(x), np.div(dx, x)]);
 * grad(safeLog)(2).item(); // 0.5
 * ```
 */
export function customJvp<Args extends unknown[], R>(
  f: (...args: Args) => R,
  rule: (primals: Args, tangents: Args) => [R, R],
): (...args: ArgsLike<Args>) => Tensors<R> {
  checkFunction(f, "customJvp");
  checkFunction(rule, "customJvp");
  const name = f.name || "f";
  const label = `customJvp(${name})`;
  return (...args: ArgsLike<Args>): Tensors<R> => {
    const call = flatArgs(args, "args", label);
    const fun = rejectClosedOverTracers(traceCall(f as (...a: never[]) => unknown, call, label), label);
    const flatRule: FlatJvpRule = (primals, tangents) => {
      const out = callUser(rule as (...a: never[]) => [R, R], [rebuildArgs(call.parts, primals), rebuildArgs(call.parts, tangents)], `${label} rule`);
      if (!Array.isArray(out) || out.length !== 2) {
        throw new ArgumentError(`${label}: the rule must return [primalOut, tangentOut]; it returned ${Array.isArray(out) ? `an array of length ${out.length}` : typeof out}.`);
      }
      return [flatOut(out[0], fun.outTree, "rule's primal output", label), flatOut(out[1], fun.outTree, "rule's tangent output", label)];
    };
    const outs = ops.applyN("custom_jvp_call", call.leaves, { name, fun, rule: flatRule });
    return unflatten(fun.outTree, outs) as Tensors<R>;
  };
}

/**
 * `f` with a user-defined reverse-mode derivative. `fwd(...args)` returns `[out, residuals]`;
 * `bwd(residuals, cotangent)` returns an array with one cotangent per argument (`null` for an
 * argument without one). Forward mode (jvp) of such a function is an error.
 *
 * @example
 * ```ts
 * const clipGrad = customVjp((x: Tensor) => x, (x) => [x, null], (_r, g) => [np.clip(g, -1, 1)]);
 * grad((x: Tensor) => np.mul(clipGrad(x), 10))(1).item(); // 1
 * ```
 */
export function customVjp<Args extends unknown[], R, Res>(
  f: (...args: Args) => R,
  fwd: (...args: Args) => [R, Res],
  bwd: (residuals: Res, cotangent: R) => unknown[],
): (...args: ArgsLike<Args>) => Tensors<R> {
  checkFunction(f, "customVjp");
  checkFunction(fwd, "customVjp");
  checkFunction(bwd, "customVjp");
  const name = f.name || "f";
  const label = `customVjp(${name})`;
  return (...args: ArgsLike<Args>): Tensors<R> => {
    const call = flatArgs(args, "args", label);
    const fun = rejectClosedOverTracers(traceCall(f as (...a: never[]) => unknown, call, label), label);
    let resDef: TreeDef | undefined;
    const flatFwd: FlatFwd = (primals) => {
      const out = callUser(fwd as unknown as (...a: never[]) => [R, Res], rebuildArgs(call.parts, primals), `${label} fwd`);
      if (!Array.isArray(out) || out.length !== 2) {
        throw new ArgumentError(`${label}: fwd must return [out, residuals]; it returned ${Array.isArray(out) ? `an array of length ${out.length}` : typeof out}.`);
      }
      const res = flatArg(out[1], "residuals", label);
      resDef = res.def;
      return [flatOut(out[0], fun.outTree, "fwd output", label), res.leaves];
    };
    const flatBwd: FlatBwd = (residuals, cts) => {
      const out = callUser(bwd as (...a: never[]) => unknown[], [unflatten(resDef!, residuals), unflatten(fun.outTree, cts)], `${label} bwd`);
      if (!Array.isArray(out) || out.length !== args.length) {
        throw new PyTreeError(
          `${label}: bwd must return an array with one cotangent per argument (${args.length}); it returned ` +
            `${Array.isArray(out) ? `an array of length ${out.length}` : typeof out}.`,
        );
      }
      return out.flatMap((ct, i) => {
        const part = call.parts[i]!;
        if (ct === null || ct === undefined) return part.leaves.map((l) => zerosOf(avalOf(l)));
        return flatOut(ct, part.def, `cotangent for args[${i}]`, label).map((t, j) =>
          t instanceof Tensor ? t : zerosOf(avalOf(part.leaves[j]!)),
        );
      });
    };
    const outs = ops.applyN("custom_vjp_call", call.leaves, { name, fun, fwd: flatFwd, bwd: flatBwd });
    return unflatten(fun.outTree, outs) as Tensors<R>;
  };
}

/**
 * `f` that, when differentiated, saves only its inputs and recomputes its intermediates in the
 * backward pass (rematerialisation): less memory, more compute. Visible as a `checkpoint`
 * equation in traced graphs.
 *
 * @example
 * ```ts
 * const layer = checkpoint((x: Tensor) => np.tanh(np.sin(x)));
 * grad((x: Tensor) => np.sum(layer(x)))(np.ones([3])).toArray(); // [0.2856025, 0.2856025, 0.2856025]
 * ```
 */
export function checkpoint<Args extends unknown[], R>(f: (...args: Args) => R): (...args: ArgsLike<Args>) => Tensors<R> {
  checkFunction(f, "checkpoint");
  const name = f.name || "f";
  const label = `checkpoint(${name})`;
  // inContext: a bad result is reported by the tracer underneath; the message should name checkpoint.
  return (...args: ArgsLike<Args>): Tensors<R> =>
    inContext(label, () => {
      const call = flatArgs(args, "args", label);
      const { graph: fun, captured } = traceCall(f as (...a: never[]) => unknown, call, label);
      const outs = ops.applyN("checkpoint", captured.length === 0 ? call.leaves : captured.concat(call.leaves), { name, fun });
      return unflatten(fun.outTree, outs) as Tensors<R>;
    });
}
