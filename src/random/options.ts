/**
 * Argument handling shared by the samplers: JAX's optional arguments (positional in JAX's order or
 * in a trailing options object), float and integer `dtype` options, `shape` and its agreement with
 * the shapes of array parameters.
 */
import { ArgumentError, DTypeError, ShapeError, describeValue, fmtShape } from "../errors.js";
import { optionalArgs } from "../np/options.js";
import { checkShape, tryBroadcastShapes } from "../tensor/shape.js";

export { optionalArgs };

/** The `dtype` option of a float sampler: float32 when absent (JAX's default), else float32 or float64. */
export function floatDType(op: string, dtype: unknown): "float32" | "float64" {
  if (dtype === undefined) return "float32";
  if (dtype !== "float32" && dtype !== "float64") {
    throw new DTypeError(`${op}: option dtype must be "float32" or "float64"; got ${describeValue(dtype)}.`);
  }
  return dtype;
}

/** The `dtype` option of an integer sampler: int32 when absent (JAX's default without x64). */
export function intDType(op: string, dtype: unknown): "int32" {
  if (dtype === undefined || dtype === "int32") return "int32";
  throw new DTypeError(`${op}: option dtype must be "int32"; got ${describeValue(dtype)}.`);
}

/** A `shape` option: `fallback` when absent, else a checked shape. */
export function shapeOption(op: string, shape: unknown, fallback: readonly number[]): readonly number[] {
  if (shape === undefined) return fallback;
  return checkShape(shape as readonly number[], op);
}

/**
 * Checks, as JAX's samplers do, that parameter shapes broadcast to `shape` exactly (they may be
 * smaller, never larger).
 */
export function checkParamShapes(op: string, shape: readonly number[], ...paramShapes: (readonly number[])[]): void {
  let joint: readonly number[] | undefined = shape;
  for (const p of paramShapes) joint = joint === undefined ? undefined : tryBroadcastShapes(joint, p);
  if (joint === undefined || joint.length !== shape.length || joint.some((d, i) => d !== shape[i])) {
    throw new ShapeError(
      `${op}: parameter shapes ${paramShapes.map(fmtShape).join(", ")} do not broadcast to shape ${fmtShape(shape)}; ` +
        `pass a shape the parameters broadcast to.`,
    );
  }
}

/** A boolean option (`replace`, `independent`): its fallback when absent. */
export function boolOption(op: string, name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") throw new ArgumentError(`${op}: option ${name} must be true or false; got ${describeValue(value)}.`);
  return value;
}
