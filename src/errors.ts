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
