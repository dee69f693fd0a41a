/**
 * Reverse mode for users: `vjp`, `grad`, `valueAndGrad` (vjp = linearize + transpose). Pytree
 * arguments and results, `argnums`, `hasAux`; gradients keep each argument's structure.
 */
import { DTypeError, ShapeError, fmtShape } from "../errors.js";
import { instantiate, zeroLike } from "../primitives/ad.js";
import type { Tangent } from "../primitives/rule-types.js";
import { isComplex, isInexact } from "../tensor/dtype.js";
import { scalar } from "../tensor/from-js.js";
import type { Tensor } from "../tensor/tensor.js";
import { fnLabel } from "../trace/trace.js";
import { linearizeFlatList } from "../transforms/linearize.js";
import { backwardPass } from "../transforms/transpose.js";
import { type TreeDef, unflatten } from "../tree/pytree.js";
import { type FlatArg, callUser, checkFunction, checkLike, checkTransformArgs, flatArg, normalizeArgnums, splitAux } from "./args.js";
import type { ArgLike, ArgsLike, GradResult, Gradients, Tensors, ValueAndGradResult } from "./types.js";

/** Options of `grad` and `valueAndGrad`. */
export interface GradOptions {
  /** Which positional argument(s) to differentiate: a number (default 0) or an array. */
  argnums?: number | readonly number[];
  /** `f` returns `[value, aux]`; aux is returned alongside, not differentiated. */
  hasAux?: boolean;
  /**
   * For a complex function of complex inputs that is holomorphic: the gradient is f′(z) (JAX's
   * `holomorphic=True`). Without it a complex output is an error, as in JAX (docs/complex.md).
   */
  holomorphic?: boolean;
}

/** The flat vjp machinery: primal outputs (with their tree) and a pullback on flat cotangents. */
function vjpOfArgs(
  f: (...args: unknown[]) => unknown,
  args: readonly unknown[],
  argnums: readonly number[],
  label: string,
): { outs: Tensor[]; outDef: TreeDef; flats: FlatArg[]; pullback: (cts: readonly Tangent[]) => Tensor[][] } {
  const flats = argnums.map((a) => flatArg(args[a], `args[${a}]`, label));
  const counts = flats.map((fl) => fl.leaves.length);
  let outDef: TreeDef | undefined;
  const flatF = (xs: Tensor[]): Tensor[] => {
    const full = [...args];
    let k = 0;
    argnums.forEach((a, j) => {
      full[a] = unflatten(flats[j]!.def, xs.slice(k, k + counts[j]!));
      k += counts[j]!;
    });
    const out = flatArg(callUser(f, full, label), "result", label);
    outDef = out.def;
    return out.leaves;
  };
  const { outs, linear } = linearizeFlatList(flatF, flats.flatMap((fl) => fl.leaves), label);
  const pullback = (cts: readonly Tangent[]): Tensor[][] => {
    const flatCts = backwardPass(linear, cts, label).map(instantiate);
    let k = 0;
    return counts.map((n) => flatCts.slice(k, (k += n)));
  };
  return { outs, outDef: outDef!, flats, pullback };
}

/** vjp of all primals; with `hasAux`, `f` returns `[value, aux]` and the aux leaves ride along as outputs that get zero cotangents. */
function vjpAll(f: (...args: never[]) => unknown, primals: readonly unknown[], label: string, hasAux: boolean) {
  const argnums = primals.map((_, i) => i);
  const user = f as (...a: unknown[]) => unknown;
  const wrapped = hasAux ? (...a: unknown[]): unknown => splitAux(callUser(user, a, label), label) : user;
  const { outs, outDef, flats, pullback } = vjpOfArgs(wrapped, primals, argnums, label);
  const [valueDef, auxDef] = hasAux ? outDef.children() : [outDef];
  const nv = valueDef!.numLeaves;
  const value: FlatArg = { leaves: outs.slice(0, nv), def: valueDef! };
  const vjpFn = (ct: unknown): unknown[] => {
    const ctLeaves = checkLike(`${label} cotangent`, value, flatArg(ct, "cotangent", label), "cotangent");
    const grads = pullback([...ctLeaves, ...outs.slice(nv).map(zeroLike)]);
    return grads.map((g, j) => unflatten(flats[j]!.def, g));
  };
  return { out: unflatten(value.def, value.leaves), vjpFn, aux: auxDef === undefined ? undefined : unflatten(auxDef, outs.slice(nv)) };
}

/**
 * `[out, vjpFn]`: the value of `f(...primals)` and its pullback; `vjpFn(ct)` returns one cotangent
 * per primal, each with that primal's structure.
 *
 * @example
 * ```ts
 * const [y, pullback] = vjp((x: Tensor) => np.sin(x), np.array([0, 1]));
 * pullback(np.ones([2]))[0].toArray(); // [1, 0.5403023]
 * ```
 */
export function vjp<Args extends unknown[], R>(
  f: (...args: Args) => R,
  ...primals: ArgsLike<Args>
): [Tensors<R>, (ct: ArgLike<Tensors<R>>) => Gradients<Args>];
export function vjp(f: (...args: never[]) => unknown, ...primals: unknown[]): [unknown, (ct: unknown) => unknown[]] {
  checkFunction(f, "vjp");
  const { out, vjpFn } = vjpAll(f, primals, fnLabel("vjp", f), false);
  return [out, vjpFn];
}

/**
 * `vjp` of a function that returns `[out, aux]`: `[out, vjpFn, aux]`, where `aux` is returned as
 * computed (not differentiated) and `vjpFn` pulls back a cotangent of `out` only.
 *
 * @example
 * ```ts
 * const [y, pullback, aux] = vjpWithAux((x: Tensor) => [np.sin(x), np.cos(x)], np.array(0));
 * pullback(np.array(2))[0].item(); // 2
 * aux.item(); // 1
 * ```
 */
export function vjpWithAux<Args extends unknown[], V, Aux>(
  f: (...args: Args) => readonly [V, Aux],
  ...primals: ArgsLike<Args>
): [Tensors<V>, (ct: ArgLike<Tensors<V>>) => Gradients<Args>, Tensors<Aux>];
export function vjpWithAux(f: (...args: never[]) => unknown, ...primals: unknown[]): [unknown, (ct: unknown) => unknown[], unknown] {
  checkFunction(f, "vjpWithAux");
  const { out, vjpFn, aux } = vjpAll(f, primals, fnLabel("vjpWithAux", f), true);
  return [out, vjpFn, aux];
}

/**
 * `(...args) => [value, gradient]`. With `hasAux`, `[[value, aux], gradient]`. With an array
 * `argnums`, the gradient is an array (one per argument).
 *
 * @example
 * ```ts
 * const [v, g] = valueAndGrad((x) => np.sum(np.square(x)))(np.array([1, 2]));
 * v.item(); // 5
 * g.toArray(); // [2, 4]
 * ```
 */
export function valueAndGrad<Args extends unknown[], const R, const O extends GradOptions = {}>(
  f: (...args: Args) => R,
  opts?: O,
): (...args: ArgsLike<Args>) => ValueAndGradResult<Args, R, O>;
export function valueAndGrad(f: (...args: never[]) => unknown, opts: GradOptions = {}): (...args: unknown[]) => [unknown, unknown] {
  return valueAndGradNamed(f, opts, "valueAndGrad");
}

/** valueAndGrad whose messages name the transform the user called (`grad` or `valueAndGrad`). */
function valueAndGradNamed(f: (...args: never[]) => unknown, opts: GradOptions, name: string): (...args: unknown[]) => [unknown, unknown] {
  checkTransformArgs(f, opts, ["argnums", "hasAux", "holomorphic"], name);
  const label = fnLabel(name, f);
  return (...args: unknown[]): [unknown, unknown] => {
    const argnums = normalizeArgnums(opts.argnums, args.length, label);
    let aux: unknown;
    let auxLeaves = 0;
    const wrapped = (...a: unknown[]): unknown => {
      const out = callUser(f, a, label);
      if (!opts.hasAux) return out;
      const [value, auxValue] = splitAux(out, label);
      const auxFlat = flatArg(auxValue, "aux", label);
      aux = auxFlat;
      auxLeaves = auxFlat.leaves.length;
      return [value, ...auxFlat.leaves];
    };
    // Check input dtypes before any work is done.
    argnums.map((a) => flatArg(args[a], `args[${a}]`, label)).forEach((fl, j) =>
      fl.leaves.forEach((x, i) => {
        const leaf = `args[${argnums[j]}]${fl.leaves.length > 1 ? ` leaf ${i}` : ""}`;
        if (!isInexact(x.dtype)) {
          throw new DTypeError(`${label} requires float or complex inputs; ${leaf} is ${x.dtype}. Cast with np.astype, or use vjp.`);
        }
        if (opts.holomorphic === true && !isComplex(x.dtype)) {
          throw new DTypeError(`${label} with holomorphic: true requires complex inputs; ${leaf} is ${x.dtype}. Cast with np.astype(x, "complex64").`);
        }
      }),
    );
    const { outs, outDef, flats, pullback } = vjpOfArgs(wrapped, args, argnums, label);
    const value = outs[0];
    if (value === undefined || outs.length - auxLeaves !== 1) {
      throw new ShapeError(`${label} requires a scalar output; the function returned ${outDef}. Return one scalar (or [value, aux] with hasAux).`);
    }
    if (value.shape.length !== 0) {
      throw new ShapeError(`${label} requires a scalar output; got shape ${fmtShape(value.shape)}. Reduce it (out.sum()) or use jacrev / vjp.`);
    }
    if (isComplex(value.dtype) && opts.holomorphic !== true) {
      throw new DTypeError(
        `${label} requires a real output; got ${value.dtype}. Take np.real or np.abs of it, or pass { holomorphic: true } for a holomorphic function (docs/complex.md).`,
      );
    }
    if (!isInexact(value.dtype)) {
      throw new DTypeError(`${label} requires a float output; got ${value.dtype}. Cast the result with np.astype.`);
    }
    if (opts.holomorphic === true && !isComplex(value.dtype)) {
      throw new DTypeError(`${label} with holomorphic: true requires a complex output; got ${value.dtype}.`);
    }
    const cts: Tangent[] = [scalar(1, value.dtype), ...outs.slice(1).map(zeroLike)];
    const grads = pullback(cts).map((g, j) => unflatten(flats[j]!.def, g));
    const gradient = typeof opts.argnums === "object" ? grads : grads[0];
    if (opts.hasAux) {
      const auxFlat = aux as FlatArg;
      return [[value, unflatten(auxFlat.def, outs.slice(1))], gradient];
    }
    return [value, gradient];
  };
}

/**
 * The gradient of a scalar-valued `f` with respect to argument `argnums` (default 0), with that
 * argument's pytree structure. Composes to any order: `grad(grad(f))`.
 *
 * @example
 * ```ts
 * grad(np.tanh)(2.0).item();        // 0.070650816
 * grad(grad(np.tanh))(2.0).item();  // -0.13621868
 * ```
 */
export function grad<Args extends unknown[], const R, const O extends GradOptions = {}>(
  f: (...args: Args) => R,
  opts?: O,
): (...args: ArgsLike<Args>) => GradResult<Args, R, O>;
export function grad(f: (...args: never[]) => unknown, opts: GradOptions = {}): (...args: unknown[]) => unknown {
  const vg = valueAndGradNamed(f, opts, "grad");
  return (...args: unknown[]) => {
    const [value, g] = vg(...args);
    return opts.hasAux ? [g, (value as [unknown, unknown])[1]] : g;
  };
}
