/**
 * The arguments reductions share (`axis`, `dtype`, `out`, `keepdims`, `initial`, `where`, `ddof`),
 * read from JAX's positional order or a trailing options object (optionalArgs), checked once
 * here so every reduction names the same mistakes the same way.
 */
import { ArgumentError, ShapeError, describeValue, fmtShape } from "../errors.js";
import * as ops from "../primitives/ops.js";
import { type DType, dtypeArg } from "../tensor/dtype.js";
import { scalar } from "../tensor/from-js.js";
import { reductionAxes, shapesEqual, tryBroadcastShapes } from "../tensor/shape.js";
import type { Tensor, TensorLike } from "../tensor/tensor.js";
import { broadcastTensor, tensorArg, toBool } from "./coerce.js";
import { optionalArgs } from "./options.js";

/**
 * `optionalArgs` for a reduction whose first optional argument is `axis`, also accepting the form
 * `f(x, axis, keepdims)` that fluxion's reductions (and Tensor methods) have always taken: a
 * boolean right after `axis` is `keepdims` (in JAX's order that place holds a dtype or `out`,
 * never a boolean).
 */
export function reductionArgs<K extends string>(op: string, names: readonly K[], given: readonly unknown[]): Partial<Record<K, unknown>> {
  if (given.length >= 2 && typeof given[1] === "boolean") {
    const rest = optionalArgs(op, names, [given[0], ...given.slice(2)]);
    if ((rest as Record<string, unknown>)["keepdims"] !== undefined) {
      throw new ArgumentError(`${op}: "keepdims" was given twice (as the argument after axis, and again); give it once.`);
    }
    return { ...rest, keepdims: given[1] };
  }
  return optionalArgs(op, names, given);
}

/** The normalised axes of `axis` for a rank-`ndim` array (all when undefined or null). */
export function axesArg(op: string, axis: unknown, ndim: number): number[] {
  return reductionAxes(axis, ndim, op);
}

/** A boolean option (default `fallback`); anything but a boolean is an ArgumentError. */
export function boolArg(op: string, name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== "boolean") throw new ArgumentError(`${op}: ${name} must be true or false; got ${describeValue(value)}.`);
  return value;
}

/** A finite number option (default `fallback`); NaN, ±∞ and non-numbers are ArgumentErrors. */
export function numberArg(op: string, name: string, value: unknown, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new ArgumentError(`${op}: ${name} must be a finite number; got ${describeValue(value)}.`);
  }
  return value;
}

/** An optional dtype (undefined when not given). */
export function dtypeOpt(op: string, value: unknown): DType | undefined {
  return value === undefined || value === null ? undefined : dtypeArg(value, op);
}

/** `out` exists in JAX's signatures only to be refused: arrays are immutable. */
export function refuseOut(op: string, out: unknown): void {
  if (out !== undefined && out !== null) {
    throw new ArgumentError(`${op}: the "out" argument is not supported (arrays are immutable); use the returned array.`);
  }
}

/** A `where` mask as a bool tensor broadcast to `shape` (undefined when not given). */
export function whereArg(op: string, where: unknown, shape: readonly number[]): Tensor | undefined {
  if (where === undefined || where === null) return undefined;
  const mask = toBool(tensorArg(op, where as TensorLike, "where"));
  const joint = tryBroadcastShapes(mask.shape, shape);
  if (joint === undefined || !shapesEqual(joint, shape)) {
    throw new ShapeError(`${op}: where of shape ${fmtShape(mask.shape)} does not broadcast to the array's shape ${fmtShape(shape)}; give a mask of that shape.`);
  }
  return broadcastTensor(mask, shape);
}

/** x where the mask holds, `fill` elsewhere (x unchanged without a mask). */
export function masked(x: Tensor, mask: Tensor | undefined, fill: number): Tensor {
  return mask === undefined ? x : ops.select(mask, x, scalar(fill, x.dtype));
}

/** The reduced result with size-1 axes reinserted when `keepdims`. */
export function keepDims(shape: readonly number[], out: Tensor, axes: readonly number[], keepdims: boolean): Tensor {
  if (!keepdims) return out;
  return ops.reshape(out, shape.map((d, i) => (axes.includes(i) ? 1 : d)));
}
