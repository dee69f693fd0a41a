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
import {
  type FlatArg,
  callUser,
  checkBooleanOption,
  checkFunction,
  checkIsFunction,
  checkLike,
  checkOptionsObject,
  flatArg,
  flatArgs,
  labelOf,
  rebuildArgs,
  splitAux,
} from "./args.js";
import { collect, ok, orThrow, problem, show } from "./problems.js";
import type { ArgLike, ArgsLike, Gradients, Tensors } from "./types.js";

/** Throws unless one tangent was given per primal. */
function checkCount(label: string, primals: number, given: number, what: string): void {
  if (primals !== given) {
    throw new PyTreeError(`${label}: ${given} ${what} given for ${primals} primal argument${primals === 1 ? "" : "s"}; pass one per primal.`);
  }
}

/**
 * Wraps a user function of positional pytrees as a function of flat leaves; records the output
 * tree. With `hasAux`, `f` returns `[out, aux]`: the aux leaves follow the output's leaves (so they
 * leave the transform as values, not as escaped tracers) and `box.aux` records where they start.
 */
function flatFunction(f: (...args: never[]) => unknown, parts: readonly FlatArg[], label: string, hasAux = false) {
  const box: { def?: TreeDef; auxDef?: TreeDef; auxStart?: number } = {};
  const g = (xs: Tensor[]): Tensor[] => {
    const result = callUser(f, rebuildArgs(parts, xs), label);
    if (!hasAux) {
      const out = flatArg(result, "result", label);
      box.def = out.def;
      return out.leaves;
    }
    const [value, auxValue] = splitAux(result, label);
    const out = flatArg(value, "result", label);
    const aux = flatArg(auxValue, "aux", label);
    box.def = out.def;
    box.auxDef = aux.def;
    box.auxStart = out.leaves.length;
    return [...out.leaves, ...aux.leaves];
  };
  return { g, box };
}

/** The form of jvp's arguments (primals and tangents are arrays, one entry per argument) and options, every problem at once. */
function checkJvpArgs(f: unknown, primals: unknown, tangents: unknown, opts: unknown): void {
  const label = labelOf("jvp", f);
  const o = (typeof opts === "object" && opts !== null ? opts : {}) as { hasAux?: unknown };
  const isList = (x: unknown, name: string) =>
    Array.isArray(x) ? ok(x) : problem(`${label}: ${name} must be an array with one entry per argument of the function; got ${show(x)}.`, PyTreeError);
  orThrow(
    collect([
      checkIsFunction(f, "jvp"),
      isList(primals, "primals"),
      isList(tangents, "tangents"),
      checkOptionsObject(opts, ["hasAux"], label),
      checkBooleanOption(o.hasAux, "hasAux", label),
    ]),
  );
}

/**
 * Forward-mode derivative: `[f(...primals), ∂f(primals)·tangents]`. `primals` and `tangents` are
 * arrays with one entry per positional argument, of matching structures, shapes and dtypes. With
 * `{ hasAux: true }`, `f` returns `[out, aux]` and jvp returns `[out, tangentOut, aux]`.
 *
 * @example
 * ```ts
 * const [y, dy] = jvp((x: Tensor) => np.sin(x), [np.array(0)], [np.array(1)]);
 * dy.item(); // 1
 * const [, dz, aux] = jvp((x: Tensor) => [np.square(x), np.exp(x)], [np.array(3)], [np.array(1)], { hasAux: true });
 * dz.item(); // 6
 * ```
 */
export function jvp<Args extends unknown[], V, Aux>(
  f: (...args: Args) => readonly [V, Aux],
  primals: Readonly<ArgsLike<Args>>,
  tangents: Readonly<ArgsLike<Args>>,
  opts: { hasAux: true },
): [Tensors<V>, Tensors<V>, Tensors<Aux>];
export function jvp<Args extends unknown[], R>(
  f: (...args: Args) => R,
  primals: Readonly<ArgsLike<Args>>,
  tangents: Readonly<ArgsLike<Args>>,
  opts?: { hasAux?: false },
): [Tensors<R>, Tensors<R>];
export function jvp(
  f: (...args: never[]) => unknown,
  primals: readonly unknown[],
  tangents: readonly unknown[],
  opts?: { hasAux?: boolean },
): [unknown, unknown] | [unknown, unknown, unknown] {
  checkJvpArgs(f, primals, tangents, opts);
  checkFunction(f, "jvp");
  const hasAux = opts?.hasAux === true;
  const label = fnLabel("jvp", f);
  const p = flatArgs(primals, "primals", label);
  const t = flatArgs(tangents, "tangents", label);
  checkCount(label, primals.length, tangents.length, "tangents");
  const tLeaves = p.parts.flatMap((part, i) => checkLike(`${label} tangent`, part, t.parts[i]!, `tangents[${i}]`));
  const { g, box } = flatFunction(f, p.parts, label, hasAux);
  const [outs, outTangents] = jvpFlatList(g, p.leaves, tLeaves, label);
  const n = box.auxStart ?? outs.length;
  const out = unflatten(box.def!, outs.slice(0, n));
  const tangentOut = unflatten(box.def!, outTangents.slice(0, n).map(instantiate));
  return hasAux ? [out, tangentOut, unflatten(box.auxDef!, outs.slice(n))] : [out, tangentOut];
}

/** linearize, with or without an aux output (see `flatFunction`). */
function linearizeAll(f: (...args: never[]) => unknown, primals: readonly unknown[], label: string, hasAux: boolean) {
  const p = flatArgs(primals, "primals", label);
  const { g, box } = flatFunction(f, p.parts, label, hasAux);
  const { outs, linear } = linearizeFlatList(g, p.leaves, label);
  const outDef = box.def!;
  const n = box.auxStart ?? outs.length;
  const jvpFn = (...tangents: unknown[]): unknown => {
    const t = flatArgs(tangents, "tangents", label);
    checkCount(`${label} jvpFn`, primals.length, tangents.length, "tangents");
    const tLeaves = p.parts.flatMap((part, i) => checkLike(`${label} jvpFn`, part, t.parts[i]!, `tangents[${i}]`));
    return unflatten(outDef, evaluateFlat(linear, tLeaves).slice(0, n));
  };
  return { out: unflatten(outDef, outs.slice(0, n)), jvpFn, aux: hasAux ? unflatten(box.auxDef!, outs.slice(n)) : undefined };
}

/**
 * `[out, jvpFn]`: linearizes `f` at `primals`; `jvpFn(...tangents)` evaluates the linear map
 * (a graph of tangent operations on saved residuals) without re-tracing `f`.
 *
 * @example
 * ```ts
 * const [y, fJvp] = linearize((x: Tensor) => np.sin(x), np.array(0));
 * fJvp(np.array(2)).item(); // 2
 * ```
 */
export function linearize<Args extends unknown[], R>(
  f: (...args: Args) => R,
  ...primals: ArgsLike<Args>
): [Tensors<R>, (...tangents: ArgsLike<Args>) => Tensors<R>];
export function linearize(f: (...args: never[]) => unknown, ...primals: unknown[]): [unknown, (...tangents: unknown[]) => unknown] {
  checkFunction(f, "linearize");
  const { out, jvpFn } = linearizeAll(f, primals, fnLabel("linearize", f), false);
  return [out, jvpFn];
}

/**
 * `linearize` of a function that returns `[out, aux]`: `[out, jvpFn, aux]`, where `aux` is returned
 * as computed and `jvpFn(...tangents)` gives the tangent of `out` only.
 *
 * @example
 * ```ts
 * const [y, fJvp, aux] = linearizeWithAux((x: Tensor) => [np.square(x), np.sqrt(x)], np.array(4));
 * fJvp(np.array(1)).item(); // 8
 * aux.item(); // 2
 * ```
 */
export function linearizeWithAux<Args extends unknown[], V, Aux>(
  f: (...args: Args) => readonly [V, Aux],
  ...primals: ArgsLike<Args>
): [Tensors<V>, (...tangents: ArgsLike<Args>) => Tensors<V>, Tensors<Aux>];
export function linearizeWithAux(f: (...args: never[]) => unknown, ...primals: unknown[]): [unknown, (...tangents: unknown[]) => unknown, unknown] {
  checkFunction(f, "linearizeWithAux");
  const { out, jvpFn, aux } = linearizeAll(f, primals, fnLabel("linearizeWithAux", f), true);
  return [out, jvpFn, aux];
}

/**
 * The transpose of a linear function, evaluated at the shapes of `primals` (only their shapes
 * and dtypes matter). The result maps an output cotangent to one cotangent per argument.
 *
 * @example
 * ```ts
 * const fT = linearTranspose((x: Tensor) => np.mul(x, 3), np.zeros([2]));
 * fT(np.ones([2]))[0].toArray(); // [3, 3]
 * ```
 */
export function linearTranspose<Args extends unknown[], R>(
  linearFn: (...args: Args) => R,
  ...primals: ArgsLike<Args>
): (ct: ArgLike<Tensors<R>>) => Gradients<Args>;
export function linearTranspose(linearFn: (...args: never[]) => unknown, ...primals: unknown[]): (ct: unknown) => unknown[] {
  checkFunction(linearFn, "linearTranspose");
  const label = fnLabel("linearTranspose", linearFn);
  const p = flatArgs(primals, "primals", label);
  const { g, box } = flatFunction(linearFn, p.parts, label);
  const graph = traceFlatList(g, p.leaves.map(avalOf), label);
  const outTypes = { leaves: graph.outputs.map((o) => o.aval), def: box.def! };
  return (ct: unknown): unknown[] => {
    const c = checkLike(`${label} cotangent`, outTypes, flatArg(ct, "cotangent", label), "cotangent");
    const cts = backwardPass(graph, c, label).map(instantiate);
    return rebuildArgs(p.parts, cts);
  };
}
