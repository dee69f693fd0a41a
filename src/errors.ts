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

/** Formats a shape the way messages print it: `[2,3]`. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(",")}]`;
}
