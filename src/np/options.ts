/**
 * JAX's keyword arguments in JavaScript. Every optional argument of an `np`/`nn`/`random`
 * function can be given by its JAX name in a trailing options object, and the ones JAX users pass
 * positionally (an `axis`, `keepdims`, a `ddof`) also positionally, in JAX's order:
 * `np.std(x, 0)`, `np.std(x, { axis: 0 })` and `np.std(x, 0, { ddof: 1 })` all work.
 */
import { ArgumentError, describeValue } from "../errors.js";
import { Tensor } from "../tensor/tensor.js";

/** A trailing options object: a plain object (not a tensor, array, typed array or function). */
export function isOptions(value: unknown): value is Readonly<Record<string, unknown>> {
  if (typeof value !== "object" || value === null || value instanceof Tensor || Array.isArray(value) || ArrayBuffer.isView(value)) {
    return false;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * Merges positional optional arguments (`given`, in JAX's order `names`) with a trailing options
 * object. An argument given both ways, an unknown option name, or more positional arguments
 * than `names` is an `ArgumentError` naming the function and what it takes.
 *
 * @example
 * ```ts
 * const { axis, ddof } = optionalArgs("np.std", ["axis", "dtype", "out", "ddof", "keepdims"], [0, { ddof: 1 }]);
 * // axis === 0, ddof === 1
 * ```
 */
export function optionalArgs<K extends string>(op: string, names: readonly K[], given: readonly unknown[]): Partial<Record<K, unknown>> {
  const last = given.length > 0 ? given[given.length - 1] : undefined;
  const options = isOptions(last) ? last : undefined;
  const positional = options === undefined ? given : given.slice(0, -1);
  if (positional.length > names.length) {
    throw new ArgumentError(
      `${op}: got ${positional.length} optional arguments after the required ones, but it takes at most ${names.length} ` +
        `(${names.join(", ")}); pass the rest by name in an options object.`,
    );
  }
  const out: Partial<Record<K, unknown>> = {};
  positional.forEach((value, i) => {
    if (value !== undefined) out[names[i]!] = value;
  });
  if (options !== undefined) {
    for (const key of Object.keys(options)) {
      if (!(names as readonly string[]).includes(key)) {
        throw new ArgumentError(`${op}: unknown option "${key}"; it takes ${names.map((n) => `"${n}"`).join(", ")}.`);
      }
      const value = options[key];
      if (value === undefined) continue;
      if (out[key as K] !== undefined) {
        throw new ArgumentError(`${op}: "${key}" was given twice (positionally and in the options object, ${describeValue(value)}); give it once.`);
      }
      out[key as K] = value;
    }
  }
  return out;
}
