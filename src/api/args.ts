/**
 * Argument plumbing shared by the public transforms: flattening pytree arguments to tensors,
 * `argnums` validation, and checks that tangents/cotangents match their primals — each failure a
 * `FluxionError` naming the argument path and both structures or types.
 */
import { ArgumentError, DTypeError, PyTreeError, ShapeError, fmtShape } from "../errors.js";
import type { DType } from "../tensor/dtype.js";
import { arrayFrom } from "../tensor/from-js.js";
import { shapesEqual } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { callRecordingSites } from "../trace/creation-site.js";
import { checkNotAsync, checkNotPromise, fnLabel } from "../trace/trace.js";
import { type TreeDef, flatten, unflatten } from "../tree/pytree.js";
import { type Checked, collect, ok, orThrow, problem, show } from "./problems.js";

/** A pytree flattened to tensors (numbers become float32 tensors). */
export interface FlatArg {
  readonly leaves: Tensor[];
  readonly def: TreeDef;
  /** Each leaf's path for messages (`args[0].w`). */
  readonly paths?: readonly string[];
  /** The leaves as given, before conversion: a JS number stays weakly typed (see `checkLike`). */
  readonly given?: readonly unknown[];
}

/** Flattens a pytree argument, converting leaves to tensors; errors start with `label` (`grad(f)`). */
export function flatArg(x: unknown, path: string, label?: string): FlatArg {
  const paths: string[] = [];
  const [leaves, def] = flatten(x, path, paths, label);
  return { leaves: leaves.map((l, i) => (l instanceof Tensor ? l : arrayFrom(l, undefined, paths[i]!))), def, paths, given: leaves };
}

/**
 * Checks a transform's options: absent or a plain object, with only the `known` keys. Each
 * problem is one line; the transform combines these with its other checks (see problems.ts).
 */
export function checkOptionsObject(opts: unknown, known: readonly string[], label: string): Checked<unknown> {
  if (opts === undefined) return ok(opts);
  if (typeof opts !== "object" || opts === null || Array.isArray(opts)) {
    return problem(`${label}: options must be an object such as { ${known.join(", ")} }; got ${show(opts)}.`);
  }
  const unknownKeys = Object.keys(opts).filter((k) => !known.includes(k));
  return collect(
    unknownKeys.map((k) => problem(`${label}: unknown option ${JSON.stringify(k)}; the options are ${known.join(", ")}.`)),
  );
}

/** Checks an optional boolean option (`hasAux`). */
export function checkBooleanOption(value: unknown, name: string, label: string): Checked<unknown> {
  return value === undefined || typeof value === "boolean"
    ? ok(value)
    : problem(`${label}: ${name} must be true or false; got ${show(value)}.`);
}

/**
 * Checks the form of `argnums` (absent, an integer, or an array of integers) before any call,
 * listing every bad entry. Whether each index is in range is known only at the call.
 */
export function checkArgnumsForm(argnums: unknown, label: string): Checked<unknown> {
  if (argnums === undefined) return ok(argnums);
  const fix = "use the integer index of a positional argument (or an array of them)";
  if (typeof argnums === "number") return Number.isInteger(argnums) ? ok(argnums) : problem(`${label}: argnums is ${show(argnums)}; ${fix}.`);
  if (!Array.isArray(argnums)) return problem(`${label}: argnums is ${show(argnums)}; ${fix}.`);
  return collect(
    argnums.map((a, i) => (typeof a === "number" && Number.isInteger(a) ? ok(a) : problem(`${label}: argnums[${i}] is ${show(a)}; ${fix}.`))),
  );
}

/** Checks that `f` is a function (its async check comes with `checkFunction`). */
export function checkIsFunction(f: unknown, label: string): Checked<unknown> {
  return typeof f === "function" ? ok(f) : problem(`${label}: expected a function, got ${typeof f}.`);
}

/** The label of a transform of `f` in messages (`grad(loss)`), also when `f` is not a function. */
export function labelOf(transform: string, f: unknown): string {
  return typeof f === "function" ? fnLabel(transform, f as (...args: never[]) => unknown) : transform;
}

/**
 * Validates `f` and the `argnums`/`hasAux` options of `grad`-like transforms at once (every problem
 * in one error), then checks that `f` is synchronous.
 */
export function checkTransformArgs(f: unknown, opts: unknown, known: readonly ("argnums" | "hasAux" | "holomorphic")[], transform: string): void {
  const label = labelOf(transform, f);
  const o = (typeof opts === "object" && opts !== null ? opts : {}) as { argnums?: unknown; hasAux?: unknown; holomorphic?: unknown };
  orThrow(
    collect([
      checkIsFunction(f, transform),
      checkOptionsObject(opts, known, label),
      known.includes("argnums") ? checkArgnumsForm(o.argnums, label) : ok(undefined),
      known.includes("hasAux") ? checkBooleanOption(o.hasAux, "hasAux", label) : ok(undefined),
      known.includes("holomorphic") ? checkBooleanOption(o.holomorphic, "holomorphic", label) : ok(undefined),
    ]),
  );
  checkFunction(f, transform);
}

/**
 * Normalises `argnums` (number or array) against the number of positional arguments; every entry
 * out of range is reported, with the repeats, in one error.
 */
export function normalizeArgnums(argnums: number | readonly number[] | undefined, nargs: number, label: string): number[] {
  const list = argnums === undefined ? [0] : typeof argnums === "number" ? [argnums] : [...argnums];
  const inRange = list.map((a) =>
    Number.isInteger(a) && a >= -nargs && a < nargs
      ? ok(a < 0 ? a + nargs : a)
      : problem(
          `${label}: argnums contains ${typeof a === "number" ? a : show(a)} but ${nargs} positional argument${nargs === 1 ? " was" : "s were"} passed; ` +
            `use an index in [0, ${nargs - 1}].`,
        ),
  );
  const norm = orThrow(collect(inRange));
  if (new Set(norm).size !== norm.length) throw new ArgumentError(`${label}: argnums (${list.join(", ")}) repeats an argument.`);
  return [...norm];
}

/**
 * Checks that a tangent/cotangent tree matches its primal tree in structure, shape and dtype, and
 * returns its leaves as tensors (a bare JS number takes the primal leaf's dtype).
 */
export function checkLike(
  what: string,
  primal: { readonly leaves: readonly { readonly shape: readonly number[]; readonly dtype: DType }[]; readonly def: TreeDef },
  other: FlatArg,
  path: string,
): Tensor[] {
  if (!primal.def.equals(other.def)) {
    throw new PyTreeError(`${what}: ${path} has structure ${other.def} but the primal has ${primal.def}. Pass a ${what} of the same structure.`);
  }
  return primal.leaves.map((p, i) => {
    const where = other.paths?.[i] ?? `${path} leaf ${i}`;
    // A bare JS number is weakly typed: it takes the primal's dtype, as it would meeting a tensor.
    const given = other.given?.[i];
    const t = typeof given === "number" && p.dtype !== other.leaves[i]!.dtype ? arrayFrom(given, p.dtype, `${what} ${where}`) : other.leaves[i]!;
    if (!shapesEqual(p.shape, t.shape)) {
      throw new ShapeError(`${what}: ${where} has shape ${fmtShape(t.shape)} but the primal has ${fmtShape(p.shape)}.`);
    }
    if (p.dtype !== t.dtype) {
      throw new DTypeError(`${what}: ${where} has dtype ${t.dtype} but the primal has ${p.dtype}. Cast with np.astype.`);
    }
    return t;
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
export function flatArgs(args: readonly unknown[], prefix: string, label?: string): FlatArgs {
  const parts = args.map((a, i) => flatArg(a, `${prefix}[${i}]`, label));
  return { leaves: parts.flatMap((p) => p.leaves), parts };
}

/** Rebuilds positional arguments from flat leaves (the inverse of `flatArgs`). */
export function rebuildArgs(parts: readonly FlatArg[], leaves: readonly Tensor[]): unknown[] {
  let k = 0;
  return parts.map((p) => unflatten(p.def, leaves.slice(k, (k += p.leaves.length))));
}

/** Splits `[value, aux]` for hasAux, with a clear error when f returned something else. */
export function splitAux(out: unknown, label: string): [unknown, unknown] {
  if (!Array.isArray(out) || out.length !== 2) {
    const what = Array.isArray(out) ? `an array of length ${out.length}` : typeof out === "object" ? "an object" : typeof out;
    throw new ArgumentError(`${label}: with hasAux the function must return [value, aux]; it returned ${what}.`);
  }
  return [out[0], out[1]];
}
