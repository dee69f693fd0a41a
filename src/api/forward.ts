/**
 * Forward mode and linear maps for users: `jvp`, `linearize` and `linearTranspose`, over pytrees
 * of arguments, with tangents checked against their primals.
 */
import { PyTreeError } from "../errors.js";
import { instantiate } from "../primitives/ad.js";
import type { Tensor } from "../tensor/tensor.js";
import { evaluateFlat } from "../interpret/evaluate.js";
import { fnLabel, traceFlatList } from "../trace/trace.js";
import { avalOf } from "../trace/eval-interpreter.js";
import { jvpFlatList } from "../transforms/jvp.js";
import { linearizeFlatList } from "../transforms/linearize.js";
import { backwardPass } from "../transforms/transpose.js";
import { type TreeDef, unflatten } from "../tree/pytree.js";
import { type FlatArg, callUser, checkFunction, checkLike, flatArg, flatArgs, rebuildArgs } from "./args.js";

/** Throws unless one tangent was given per primal. */
function checkCount(label: string, primals: number, given: number, what: string): void {
  if (primals !== given) {
    throw new PyTreeError(`${label}: ${given} ${what} given for ${primals} primal argument${primals === 1 ? "" : "s"}; pass one per primal.`);
  }
}

/** Wraps a user function of positional pytrees as a function of flat leaves; records the output tree. */
function flatFunction(f: (...args: never[]) => unknown, parts: readonly FlatArg[], label: string) {
  const box: { def?: TreeDef } = {};
  const g = (xs: Tensor[]): Tensor[] => {
    const out = flatArg(callUser(f, rebuildArgs(parts, xs), label), "result");
    box.def = out.def;
    return out.leaves;
  };
  return { g, box };
}

/**
 * Forward-mode derivative: `[f(...primals), ∂f(primals)·tangents]`. `primals` and `tangents` are
 * arrays with one entry per positional argument, of matching structures, shapes and dtypes.
 *
 * @example
 * ```ts
 * const [y, dy] = jvp((x) => np.sin(x), [np.array(0)], [np.array(1)]);
 * dy.item(); // cos(0) = 1
 * ```
 */
export function jvp(f: (...args: never[]) => unknown, primals: readonly unknown[], tangents: readonly unknown[]): [unknown, unknown] {
  checkFunction(f, "jvp");
  const label = fnLabel("jvp", f);
  const p = flatArgs(primals, "primals");
  const t = flatArgs(tangents, "tangents");
  checkCount(label, primals.length, tangents.length, "tangents");
  p.parts.forEach((part, i) => checkLike(`${label} tangent`, part, t.parts[i]!, `tangents[${i}]`));
  const { g, box } = flatFunction(f, p.parts, label);
  const [outs, outTangents] = jvpFlatList(g, p.leaves, t.leaves, label);
  return [unflatten(box.def!, outs), unflatten(box.def!, outTangents.map(instantiate))];
}

/**
 * `[out, jvpFn]`: linearizes `f` at `primals`; `jvpFn(...tangents)` evaluates the linear map
 * (a graph of tangent operations on saved residuals) without re-tracing `f`.
 *
 * @example
 * ```ts
 * const [y, fJvp] = linearize((x) => np.sin(x), np.array(0));
 * fJvp(np.array(2)).item(); // 2·cos(0) = 2
 * ```
 */
export function linearize(f: (...args: never[]) => unknown, ...primals: unknown[]): [unknown, (...tangents: unknown[]) => unknown] {
  checkFunction(f, "linearize");
  const label = fnLabel("linearize", f);
  const p = flatArgs(primals, "primals");
  const { g, box } = flatFunction(f, p.parts, label);
  const { outs, linear } = linearizeFlatList(g, p.leaves, label);
  const outDef = box.def!;
  const jvpFn = (...tangents: unknown[]): unknown => {
    const t = flatArgs(tangents, "tangents");
    checkCount(`${label} jvpFn`, primals.length, tangents.length, "tangents");
    p.parts.forEach((part, i) => checkLike(`${label} jvpFn`, part, t.parts[i]!, `tangents[${i}]`));
    return unflatten(outDef, evaluateFlat(linear, t.leaves));
  };
  return [unflatten(outDef, outs), jvpFn];
}

/**
 * The transpose of a linear function, evaluated at the shapes of `primals` (only their shapes
 * and dtypes matter). The result maps an output cotangent to one cotangent per argument.
 *
 * @example
 * ```ts
 * const fT = linearTranspose((x) => np.mul(x, 3), np.zeros([2]));
 * fT(np.ones([2]))[0]; // [3, 3]
 * ```
 */
export function linearTranspose(linearFn: (...args: never[]) => unknown, ...primals: unknown[]): (ct: unknown) => unknown[] {
  checkFunction(linearFn, "linearTranspose");
  const label = fnLabel("linearTranspose", linearFn);
  const p = flatArgs(primals, "primals");
  const { g, box } = flatFunction(linearFn, p.parts, label);
  const graph = traceFlatList(g, p.leaves.map(avalOf), label);
  const outTypes = { leaves: graph.outputs.map((o) => o.aval), def: box.def! };
  return (ct: unknown): unknown[] => {
    const c = flatArg(ct, "cotangent");
    checkLike(`${label} cotangent`, outTypes, c, "cotangent");
    const cts = backwardPass(graph, c.leaves, label).map(instantiate);
    return rebuildArgs(p.parts, cts);
  };
}
