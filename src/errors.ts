/**
 * The error hierarchy. Every error fluxion raises on bad input is a `FluxionError` subclass whose
 * message says what was wrong, where (op, argument path, source line) and one fix.
 * Errors are thrown at the boundary where the bad input entered, before any compute.
 */

/** Base class of every error fluxion raises on purpose. */
export class FluxionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Shapes that do not fit: broadcasting, contraction, reshape sizes, bad shape literals, axes. */
export class ShapeError extends FluxionError {}

/** A dtype that an op cannot take, or data that is not numeric. */
export class DTypeError extends FluxionError {}

/** JS code tried to read the concrete value of a traced value. */
export class ConcretizationError extends FluxionError {}

/** A traced value was used after the transform that created it had returned. */
export class UnexpectedTracerError extends FluxionError {}

/** A pytree that is malformed (cycle, class instance) or of another structure than expected. */
export class PyTreeError extends FluxionError {}

/** A derivative that does not exist or is not implemented for this construct. */
export class NonDifferentiableError extends FluxionError {}

/** An allocation that would be too large. */
export class ResourceError extends FluxionError {}

/**
 * A JS number that the dtype it must be stored in cannot hold: `3e9` meeting an int32 tensor,
 * `np.array([3e9], { dtype: "int32" })`, an int32 `np.arange` past 2^31 − 1, NaN or ±∞ as int32
 * data. As in JAX (whose Python ints raise `OverflowError`), the value is refused rather than
 * wrapped or saturated. Casting a tensor with `astype` still saturates, as JAX's cast does.
 */
export class OverflowError extends FluxionError {}

/** `checkGrads` found a derivative that disagrees with finite differences or the other mode. */
export class GradCheckError extends FluxionError {}

/** A value was of the wrong kind for an argument (a function expected, a Promise returned, …). */
export class ArgumentError extends FluxionError {}

/** An invariant inside fluxion failed: this is a bug in fluxion, please report it. */
export class InternalError extends FluxionError {
  constructor(message: string) {
    super(`${message} (this is a bug in fluxion; please report it)`);
  }
}

/** A NaN appeared while `debugNans` was checking equations. */
export class FloatingPointError extends FluxionError {}

/**
 * Formats a value a user passed where a number was expected, as it was given: numbers plain,
 * strings quoted (`"2"`, so a string dimension is not mistaken for a number), anything else named.
 * Never throws (symbols and objects with a throwing `toString` are described, not converted).
 */
export function fmtValue(x: unknown): string {
  if (typeof x === "number") return Object.is(x, -0) ? "-0" : String(x);
  if (typeof x === "string") return JSON.stringify(x.length > 20 ? `${x.slice(0, 20)}…` : x);
  if (typeof x === "boolean" || x === null || x === undefined) return String(x);
  if (typeof x === "bigint") return `${x}n`;
  if (typeof x === "symbol") return "a symbol";
  if (typeof x === "function") return "a function";
  if (Array.isArray(x)) return "an array";
  return "an object";
}

/** Longest shape printed in full; a longer (user-given, perhaps sparse) one is cut short. */
const MAX_PRINTED_DIMS = 64;

/**
 * Formats a shape the way messages print it: `[2,3]`. Elements that are not numbers (user input
 * being reported) print as given, e.g. `["2",3]`; holes print as `undefined`. A shape of more
 * than 64 dimensions prints its first 64 and its length, so a message never walks a huge array.
 */
export function fmtShape(shape: readonly unknown[]): string {
  const n = shape.length;
  const shown = Array.from({ length: Math.min(n, MAX_PRINTED_DIMS) }, (_, i) => fmtValue(shape[i]));
  return `[${shown.join(",")}${n > MAX_PRINTED_DIMS ? `,… (${n} dimensions)` : ""}]`;
}

/**
 * Names any value in a message: `the string "a"`, `a symbol`, `a bigint (10n)`, `null`, `an
 * array of length 3`, `a Map`, `a Uint8Array`, `an instance of Point`, `a tensor of type f32[2,3]`.
 * Never throws and never runs user code: no `toString`, no `JSON.stringify` (which throws on a
 * bigint or a cycle), no getters; a Proxy whose traps throw is named `an object`.
 *
 * @example
 * ```ts
 * describeValue(10n);      // "a bigint (10n)"
 * describeValue([1, , 3]); // "an array of length 3"
 * ```
 */
export function describeValue(x: unknown): string {
  switch (typeof x) {
    case "string":
      return `the string ${fmtValue(x)}`;
    case "number":
    case "boolean":
    case "undefined":
      return fmtValue(x);
    case "bigint": {
      const digits = String(x);
      return `a bigint (${digits.length > 20 ? `${digits.slice(0, 20)}…` : digits}n)`;
    }
    case "symbol":
      return "a symbol";
    case "function":
      return "a function";
  }
  if (x === null) return "null";
  const obj = x as object;
  try {
    if (Array.isArray(obj)) return `an array of length ${obj.length}`;
    const proto: unknown = Object.getPrototypeOf(obj);
    if (proto === Object.prototype || proto === null) return "a plain object";
    const name = constructorName(proto);
    const tensorKind = tensorKindOf(proto);
    if (tensorKind !== undefined) return `${tensorKind} of type ${tensorTypeOf(obj) ?? "unknown"}`;
    if (typeof name !== "string" || name === "") return "an object";
    if (ArrayBuffer.isView(obj) || ["Map", "Set", "WeakMap", "WeakSet", "Date", "Promise", "RegExp"].includes(name)) return `a ${name}`;
    return `an instance of ${name}`;
  } catch {
    return "an object";
  }
}

/** The `name` of the constructor of a prototype, read through descriptors (never a getter). */
function constructorName(proto: unknown): string | undefined {
  if (typeof proto !== "object" || proto === null) return undefined;
  const ctor = Object.getOwnPropertyDescriptor(proto, "constructor")?.value as unknown;
  const name = typeof ctor === "function" ? (Object.getOwnPropertyDescriptor(ctor, "name")?.value as unknown) : undefined;
  return typeof name === "string" ? name : undefined;
}

/** "a tensor" or "a traced value" when `proto` is Tensor's prototype or below it (tracers). */
function tensorKindOf(proto: unknown): string | undefined {
  let p = proto;
  // The Tensor hierarchy is shallow (Tensor <- Tracer <- JvpTracer…): a few steps up is enough.
  for (let depth = 0; depth < 4 && typeof p === "object" && p !== null; depth++, p = Object.getPrototypeOf(p)) {
    if (constructorName(p) === "Tensor") return depth === 0 ? "a tensor" : "a traced value";
  }
  return undefined;
}

/** `f32[2,3]` for a tensor, read from its own data properties only (never a getter). */
function tensorTypeOf(x: object): string | undefined {
  const shape = Object.getOwnPropertyDescriptor(x, "shape")?.value as unknown;
  const dtype = Object.getOwnPropertyDescriptor(x, "dtype")?.value as unknown;
  if (!Array.isArray(shape) || typeof dtype !== "string") return undefined;
  const short: Record<string, string> = { float32: "f32", float64: "f64", int32: "i32", bool: "bool" };
  return `${short[dtype] ?? dtype}${fmtShape(shape)}`;
}

/**
 * An options argument: `undefined` is `{}`; anything but a plain object (`null`, a number, an
 * array, a function) is an `ArgumentError`, as is a key not in `known` (a misspelt option would
 * otherwise be ignored without a word).
 *
 * @example
 * ```ts
 * optionsArg({ dtype: "int32" }, "np.array", ["dtype"]).dtype; // "int32"
 * optionsArg(JSON.parse("null"), "np.array", ["dtype"]); // throws ArgumentError: np.array: the options must be an object…
 * ```
 */
export function optionsArg<T extends object>(opts: T | undefined, where: string, known: readonly (keyof T & string)[]): Partial<T> {
  if (opts === undefined) return {};
  const example = `{ ${known.map((k) => `${k}: …`).join(", ")} }`;
  let keys: string[] | undefined;
  try {
    const proto: unknown = typeof opts === "object" && opts !== null ? Object.getPrototypeOf(opts) : undefined;
    if (proto === Object.prototype || proto === null) keys = Object.keys(opts);
  } catch {
    // A Proxy whose traps throw is not a plain object.
  }
  if (keys === undefined) {
    throw new ArgumentError(`${where}: the options must be an object such as ${example}, or left out; got ${describeValue(opts)}.`);
  }
  const unknownKey = keys.find((k) => !(known as readonly string[]).includes(k));
  if (unknownKey !== undefined) {
    throw new ArgumentError(`${where}: unknown option ${fmtValue(unknownKey)}; the options are ${known.join(", ")}. Remove it or fix its spelling.`);
  }
  return opts;
}

/**
 * Runs `body`; a `FluxionError` raised inside (by an inner op on the user's values) gets
 * `where: ` put in front of its message, so the error names the public function the user called
 * as well as the op that refused the value. Other errors pass through untouched.
 *
 * @example
 * ```ts
 * inContext("optim.applyUpdates", () => np.add(np.ones([2]), np.ones([3])));
 * // ShapeError: optim.applyUpdates: add: incompatible shapes for broadcasting: [2] and [3] …
 * ```
 */
export function inContext<T>(where: string, body: () => T): T {
  try {
    return body();
  } catch (e) {
    if (e instanceof FluxionError && !e.message.startsWith(`${where}:`)) e.message = `${where}: ${e.message}`;
    throw e;
  }
}
