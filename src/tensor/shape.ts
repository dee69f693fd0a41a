/**
 * Shape arithmetic shared by kernels, shape rules and the np layer: element counts, row-major
 * strides, numpy broadcasting and axis normalisation. Pure functions over plain number arrays.
 */
import { ResourceError, ShapeError, describeValue, fmtShape, fmtValue } from "../errors.js";

/** Largest element count fluxion will allocate for one array (2^31 - 1, the typed-array limit). */
export const MAX_ELEMENTS = 2 ** 31 - 1;

/**
 * Number of elements of a shape (1 for a scalar). A zero dimension gives 0 whatever the others
 * are, so huge dimensions beside it cannot turn the product into `Infinity * 0 = NaN`; a product
 * beyond 2^53 is inexact but still above `MAX_ELEMENTS`, which is all the checks need.
 */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i]!;
    if (d === 0) return 0;
    n *= d;
  }
  return n;
}

/**
 * The element count of `shape` (whose product is `n`) as messages print it: exact while it is a
 * safe integer, else to 3 digits, and past float64's range as a power of ten from the logarithms.
 */
function fmtCount(shape: readonly number[], n: number): string {
  if (Number.isSafeInteger(n)) return String(n);
  if (Number.isFinite(n)) return `about ${n.toPrecision(3)}`;
  let log10 = 0;
  for (let i = 0; i < shape.length; i++) log10 += Math.log10(shape[i]!);
  return Number.isFinite(log10) ? `about 1e${Math.floor(log10)}` : "an undefined number of";
}

/**
 * Throws a `ResourceError` if an array of `shape` would hold more than `MAX_ELEMENTS` elements.
 * `where` names the op; `subject` the array (`"output 1 of shape"`); `fix` the advice. The
 * comparison is negated so that a count that came out NaN is refused too, not let through.
 *
 * @example
 * ```ts
 * checkElementCount([2 ** 20, 2 ** 12], "np.zeros"); // throws ResourceError: np.zeros: shape [1048576,4096] has 4294967296 elements, …
 * ```
 */
export function checkElementCount(
  shape: readonly number[],
  where: string,
  subject = "shape",
  fix = "Use a smaller shape or split the computation.",
): void {
  const n = sizeOf(shape);
  if (!(n <= MAX_ELEMENTS)) {
    throw new ResourceError(
      `${where}: ${subject} ${fmtShape(shape)} has ${fmtCount(shape, n)} elements, more than the limit of ${MAX_ELEMENTS} (2^31 - 1). ${fix}`,
    );
  }
}

/** Row-major strides in elements. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

/** True when both shapes have the same dimensions. */
export function shapesEqual(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Validates a user-given shape: every dimension a non-negative integer and the element count
 * under `MAX_ELEMENTS` (a `ResourceError`, also for one dimension too large to be exact).
 * `where` names the op and argument for the message. Values are printed as given (a string
 * dimension quoted); holes of a sparse array are found by index, not skipped.
 *
 * @example
 * ```ts
 * checkShape([2, 3], "np.zeros");   // [2, 3]
 * checkShape(["2", 3], "np.zeros"); // throws ShapeError: … dimension 0 of shape ["2",3] is "2" …
 * ```
 */
export function checkShape(shape: unknown, where: string): number[] {
  if (!Array.isArray(shape)) {
    throw new ShapeError(`${where}: a shape must be an array of non-negative integers; got ${fmtValue(shape)}.`);
  }
  // A shape has few dimensions: refuse an absurd length before walking it (it may be a sparse array).
  if (shape.length > MAX_ELEMENTS) {
    throw new ResourceError(`${where}: a shape of ${shape.length} dimensions is not possible; pass an array of a few non-negative integers.`);
  }
  for (let i = 0; i < shape.length; i++) {
    const d: unknown = shape[i];
    if (typeof d !== "number" || !Number.isInteger(d) || d < 0) {
      throw new ShapeError(
        `${where}: dimension ${i} of shape ${fmtShape(shape)} is ${fmtValue(d)}; dimensions must be non-negative integers.`,
      );
    }
  }
  checkElementCount(shape as number[], where);
  return Array.from(shape as number[]);
}

/** The numpy broadcast of two shapes, or `undefined` if they are incompatible. */
export function tryBroadcastShapes(a: readonly number[], b: readonly number[]): number[] | undefined {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da === db || db === 1) out[i] = da;
    else if (da === 1) out[i] = db;
    else return undefined;
  }
  return out;
}

/** The numpy broadcast of several shapes; throws a `ShapeError` naming the op and arguments. */
export function broadcastShapes(op: string, shapes: readonly (readonly number[])[]): number[] {
  let out: number[] = [];
  for (let i = 0; i < shapes.length; i++) {
    const next = tryBroadcastShapes(out, shapes[i]!);
    if (next === undefined) {
      const names = shapes.map((_, j) => `args[${j}]`).join(", ");
      throw new ShapeError(
        `${op}: incompatible shapes for broadcasting: ${shapes.map(fmtShape).join(" and ")} (${names}). ` +
          `Each trailing dimension must be equal or 1; reshape or expandDims one argument.`,
      );
    }
    out = next;
  }
  return out;
}

/**
 * Turns a possibly negative axis into an index in `[0, ndim)`, or throws a `ShapeError` that
 * prints the axis as given (a string axis quoted) and never suggests the empty range of a 0-d array.
 *
 * @example
 * ```ts
 * normalizeAxis(-1, 3, "np.sum"); // 2
 * ```
 */
export function normalizeAxis(axis: number, ndim: number, where: string): number {
  if (typeof axis !== "number" || !Number.isInteger(axis)) {
    throw new ShapeError(`${where}: axis ${fmtValue(axis)} is not an integer; pass an axis as a number${ndim > 0 ? ` in [${-ndim}, ${ndim - 1}]` : ""}.`);
  }
  if (axis < -ndim || axis >= ndim) {
    if (ndim === 0) {
      throw new ShapeError(`${where}: axis ${axis} was given but the array is 0-d and has no axes; reshape it to 1-d first (np.reshape(x, [1])) or pass no axis.`);
    }
    throw new ShapeError(`${where}: axis ${axis} is out of range for an array of rank ${ndim}; use an integer in [${-ndim}, ${ndim - 1}].`);
  }
  return axis < 0 ? axis + ndim : axis;
}

/**
 * The axes of a reduction-like op from its `axis` argument: all axes when it is `undefined` or
 * `null` (numpy's and JAX's `axis=None`), else one axis or an array of them, normalised. Anything
 * else is a `ShapeError` naming what was given.
 *
 * @example
 * ```ts
 * reductionAxes(-1, 3, "np.sum");   // [2]
 * reductionAxes(null, 2, "np.sum"); // [0, 1]
 * ```
 */
export function reductionAxes(axis: unknown, ndim: number, where: string): number[] {
  if (axis === undefined || axis === null) return Array.from({ length: ndim }, (_, i) => i);
  if (typeof axis === "number") return [normalizeAxis(axis, ndim, where)];
  if (!Array.isArray(axis)) {
    throw new ShapeError(`${where}: axis must be a number, an array of numbers, or left out for all axes; got ${describeValue(axis)}.`);
  }
  return normalizeAxes(axis, ndim, where);
}

/**
 * Normalises a list of axes, rejecting duplicates. Walks by index (a hole is an error, not
 * skipped as `map` would) and stops at the first repeat, so it looks at no more than ndim + 1
 * entries even of a huge sparse array.
 */
export function normalizeAxes(axes: readonly number[], ndim: number, where: string): number[] {
  const out: number[] = [];
  const seen = new Set<number>();
  for (let i = 0; i < axes.length; i++) {
    const a = normalizeAxis(axes[i]!, ndim, where);
    if (seen.has(a)) {
      throw new ShapeError(`${where}: repeated axis ${axes[i]} in ${fmtShape(axes)}; list each axis once.`);
    }
    seen.add(a);
    out.push(a);
  }
  return out;
}
