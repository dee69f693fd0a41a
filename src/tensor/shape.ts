/**
 * Shape arithmetic shared by kernels, shape rules and the np layer: element counts, row-major
 * strides, numpy broadcasting and axis normalisation. Pure functions over plain number arrays.
 */
import { ResourceError, ShapeError, fmtShape } from "../errors.js";

/** Largest element count fluxion will allocate for one array (2^31 - 1, the typed-array limit). */
export const MAX_ELEMENTS = 2 ** 31 - 1;

/** Number of elements of a shape (1 for a scalar). */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
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
 * Validates a user-given shape: every dimension a non-negative safe integer and the element count
 * under `MAX_ELEMENTS`. `where` names the op and argument for the message.
 */
export function checkShape(shape: unknown, where: string): number[] {
  if (!Array.isArray(shape)) {
    throw new ShapeError(`${where}: a shape must be an array of non-negative integers; got ${String(shape)}.`);
  }
  shape.forEach((d, i) => {
    if (typeof d !== "number" || !Number.isSafeInteger(d) || d < 0) {
      throw new ShapeError(
        `${where}: dimension ${i} of shape [${shape.map(String).join(",")}] is ${String(d)}; ` +
          `dimensions must be non-negative integers.`,
      );
    }
  });
  const n = sizeOf(shape as number[]);
  if (n > MAX_ELEMENTS) {
    throw new ResourceError(
      `${where}: shape ${fmtShape(shape as number[])} has ${n} elements, more than the limit of ${MAX_ELEMENTS}. ` +
        `Use a smaller shape or split the computation.`,
    );
  }
  return [...(shape as number[])];
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

/** Turns a possibly negative axis into an index in `[0, ndim)`, or throws a `ShapeError`. */
export function normalizeAxis(axis: number, ndim: number, where: string): number {
  if (!Number.isInteger(axis) || axis < -ndim || axis >= ndim) {
    throw new ShapeError(
      `${where}: axis ${String(axis)} is out of range for an array of rank ${ndim}; ` +
        `use an integer in [${-ndim}, ${ndim - 1}].`,
    );
  }
  return axis < 0 ? axis + ndim : axis;
}

/** Normalises a list of axes, rejecting duplicates. */
export function normalizeAxes(axes: readonly number[], ndim: number, where: string): number[] {
  const out = axes.map((a) => normalizeAxis(a, ndim, where));
  if (new Set(out).size !== out.length) {
    throw new ShapeError(`${where}: repeated axis in (${axes.join(", ")}); list each axis once.`);
  }
  return out;
}
