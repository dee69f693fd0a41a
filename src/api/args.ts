/**
 * Argument plumbing shared by the public transforms: flattening pytree arguments to tensors,
 * `argnums` validation, and checks that tangents/cotangents match their primals — each failure a
 * `FluxionError` naming the argument path and both structures or types.
 */
import { ArgumentError, DTypeError, PyTreeError, ShapeError, fmtShape } from "../errors.js";
import { arrayFrom } from "../tensor/from-js.js";
import { shapesEqual } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { callRecordingSites } from "../trace/creation-site.js";
import { checkNotAsync, checkNotPromise, fnLabel } from "../trace/trace.js";
import { type TreeDef, flatten, unflatten } from "../tree/pytree.js";

/** A pytree flattened to tensors (numbers become float32 tensors). */
export interface FlatArg {
  readonly leaves: Tensor[];
  readonly def: TreeDef;
  /** Each leaf's path for messages (`args[0].w`). */
  readonly paths?: readonly string[];
}

/** Flattens a pytree argument, converting leaves to tensors. */
export function flatArg(x: unknown, path: string): FlatArg {
  const paths: string[] = [];
  const [leaves, def] = flatten(x, path, paths);
  return { leaves: leaves.map((l, i) => (l instanceof Tensor ? l : arrayFrom(l, undefined, paths[i]!))), def, paths };
}

/** Normalises `argnums` (number or array) against the number of positional arguments. */
export function normalizeArgnums(argnums: number | readonly number[] | undefined, nargs: number, label: string): number[] {
  const list = argnums === undefined ? [0] : typeof argnums === "number" ? [argnums] : [...argnums];
  for (const a of list) {
    if (!Number.isInteger(a) || a < -nargs || a >= nargs) {
      throw new ArgumentError(
        `${label}: argnums contains ${a} but ${nargs} positional argument${nargs === 1 ? " was" : "s were"} passed; ` +
          `use an index in [0, ${nargs - 1}].`,
      );
    }
  }
  const norm = list.map((a) => (a < 0 ? a + nargs : a));
  if (new Set(norm).size !== norm.length) throw new ArgumentError(`${label}: argnums (${list.join(", ")}) repeats an argument.`);
  return norm;
}

/** Checks that a tangent/cotangent tree matches its primal tree in structure, shape and dtype. */
export function checkLike(
  what: string,
  primal: { readonly leaves: readonly { readonly shape: readonly number[]; readonly dtype: string }[]; readonly def: TreeDef },
  other: FlatArg,
  path: string,
): void {
  if (!primal.def.equals(other.def)) {
    throw new PyTreeError(`${what}: ${path} has structure ${other.def} but the primal has ${primal.def}. Pass a ${what} of the same structure.`);
  }
  primal.leaves.forEach((p, i) => {
    const t = other.leaves[i]!;
    const where = other.paths?.[i] ?? `${path} leaf ${i}`;
    if (!shapesEqual(p.shape, t.shape)) {
      throw new ShapeError(`${what}: ${where} has shape ${fmtShape(t.shape)} but the primal has ${fmtShape(p.shape)}.`);
    }
    if (p.dtype !== t.dtype) {
      throw new DTypeError(`${what}: ${where} has dtype ${t.dtype} but the primal has ${p.dtype}. Cast with np.astype.`);
    }
  });
}

/**
 * Checks that a user function is a synchronous function. `label` is the transform (`grad`); an
 * async function is named in the message as `grad(h)`.
 */
export function checkFunction(f: unknown, label: string): void {
  if (typeof f !== "function") throw new ArgumentError(`${label}: expected a function, got ${typeof f}.`);
  const fn = f as (...args: never[]) => unknown;
  checkNotAsync(fn, /^[\w.]+$/.test(label) ? fnLabel(label, fn) : label);
}

/**
 * Calls a user function under the current transform and checks it returned synchronously. Its
 * first calls record where their traced values are created (for escape errors).
 */
export function callUser<R>(f: (...args: never[]) => R, args: readonly unknown[], label: string): R {
  const out = callRecordingSites(f, args, label);
  checkNotPromise(out, label);
  return out;
}

/** Positional pytree arguments flattened into one list of tensors, remembering each argument's structure. */
export interface FlatArgs {
  readonly leaves: Tensor[];
  readonly parts: FlatArg[];
}

/** Flattens positional arguments (`prefix[i]` names argument i in messages). */
export function flatArgs(args: readonly unknown[], prefix: string): FlatArgs {
  const parts = args.map((a, i) => flatArg(a, `${prefix}[${i}]`));
  return { leaves: parts.flatMap((p) => p.leaves), parts };
}

/** Rebuilds positional arguments from flat leaves (the inverse of `flatArgs`). */
export function rebuildArgs(parts: readonly FlatArg[], leaves: readonly Tensor[]): unknown[] {
  let k = 0;
  return parts.map((p) => unflatten(p.def, leaves.slice(k, (k += p.leaves.length))));
}
