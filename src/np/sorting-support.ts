/**
 * What the sorting functions share: the `axis` argument (None flattens, as JAX's), JAX's sort order
 * as comparisons (NaN after everything, all NaNs equal), static `size` arguments, and reading a
 * concrete mask where JAX calls `concrete_or_error`.
 */
import { ArgumentError, ConcretizationError, ResourceError, ShapeError, describeValue } from "../errors.js";
import { moveAxis } from "../primitives/batching.js";
import * as ops from "../primitives/ops.js";
import { sort as sortOp } from "../primitives/sorting/ops.js";
import { isFloat } from "../tensor/dtype.js";
import { MAX_ELEMENTS, normalizeAxis } from "../tensor/shape.js";
import type { DataArray } from "../tensor/dtype.js";
import type { Tensor } from "../tensor/tensor.js";

export { moveAxis };

/** `t` along `axis` (`null`/`undefined` flattens `t` and sorts axis 0, as JAX's `axis=None`). */
export function sortAxis(op: string, t: Tensor, axis: unknown): [Tensor, number] {
  if (axis === null || axis === undefined) return [ops.reshape(t, [t.size]), 0];
  if (typeof axis !== "number") throw new ShapeError(`${op}: axis must be an integer or null; got ${describeValue(axis)}.`);
  if (t.ndim === 0) throw new ShapeError(`${op}: the array is 0-d and has no axis ${axis} to sort along; pass axis null or a 1-d array.`);
  return [t, normalizeAxis(axis, t.ndim, op)];
}

/** int32 positions 0…n−1 along `dimension` of `shape`. */
export const iotaAlong = (shape: readonly number[], dimension: number): Tensor => ops.iota("int32", shape, dimension);

/** The permutation that sorts `keys` (lexicographically, first key primary) stably along `dimension`. */
export function sortPermutation(keys: readonly Tensor[], dimension: number): Tensor {
  const out = sortOp([...keys, iotaAlong(keys[0]!.shape, dimension)], dimension, keys.length);
  return out[out.length - 1]!;
}

/** x ≠ x: NaN positions (false everywhere for integer and bool dtypes). */
export const isNan = (x: Tensor): Tensor => ops.binaryOp("ne", x, x);

/** `x < y` in JAX's sort order (NaN after every number; −0 = +0). Equal dtypes and shapes (or scalars). */
export function lessTotal(x: Tensor, y: Tensor): Tensor {
  const lt = ops.binaryOp("lt", x, y);
  if (!isFloat(x.dtype)) return lt;
  return ops.binaryOp("or", lt, ops.binaryOp("and", ops.unaryOp("not", isNan(x)), isNan(y)));
}

/** `x ≤ y` in JAX's sort order (every NaN equals every NaN and exceeds every number). */
export function lessEqualTotal(x: Tensor, y: Tensor): Tensor {
  const le = ops.binaryOp("le", x, y);
  if (!isFloat(x.dtype)) return le;
  return ops.binaryOp("or", le, isNan(y));
}

/** A static, non-negative integer `size` (or undefined), as JAX's `operator.index(size)`. */
export function sizeArg(op: string, size: unknown): number | undefined {
  if (size === undefined || size === null) return undefined;
  if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0) {
    throw new ArgumentError(`${op}: size must be a non-negative integer (a JS number, static under jit); got ${describeValue(size)}.`);
  }
  if (size > MAX_ELEMENTS) throw new ResourceError(`${op}: size ${size} exceeds the ${MAX_ELEMENTS} elements an array can hold; pass a smaller size.`);
  return size;
}

/**
 * The elements of `t` when it is concrete; under a transform (where the number of results would
 * depend on traced values) a ConcretizationError that says to pass a static `size`.
 */
export function concreteOrSizeHint(op: string, t: Tensor): DataArray {
  try {
    return t.concreteData();
  } catch (e) {
    if (!(e instanceof ConcretizationError)) throw e;
    throw new ConcretizationError(
      `${op}: the number of results depends on the values of a traced ${t.typeString}, but shapes must be static under a transform; ` +
        `pass a static size (${op}(x, { size: n })) — results are truncated or padded with fill_value to n.`,
    );
  }
}

/** Rejects a `method` option that is not one of `allowed`, naming them. */
export function methodArg<M extends string>(op: string, method: unknown, allowed: readonly M[]): M {
  if (typeof method !== "string" || !(allowed as readonly string[]).includes(method)) {
    throw new ArgumentError(`${op}: method ${describeValue(method)} is not one of ${allowed.map((m) => `"${m}"`).join(", ")}.`);
  }
  return method as M;
}
