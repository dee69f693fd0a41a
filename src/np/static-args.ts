/**
 * Static (non-traced) arguments of the shape functions — counts, widths, repeats, axis lists — read
 * from JS values (or concrete tensors, as JAX reads concrete arrays) and checked before any compute,
 * so a bad value is an error naming the function and the argument, never a bare TypeError.
 */
import { ArgumentError, ConcretizationError, ResourceError, ShapeError, describeValue, fmtShape, fmtValue } from "../errors.js";
import * as ops from "../primitives/ops.js";
import { fromData } from "../tensor/from-js.js";
import { MAX_ELEMENTS, checkElementCount, normalizeAxes, normalizeAxis } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";

/**
 * True for a traced value: a tensor without data (tracers live above np, so np recognises them by
 * what they lack rather than by their class).
 */
export function isTracer(x: unknown): boolean {
  return x instanceof Tensor && x.buffer === undefined;
}

/** Longest list of static integers accepted (axes, widths, split points): far above any real use. */
const MAX_LIST = 1 << 20;

/** A non-negative safe integer, or an `ArgumentError` naming `where` and `name`. */
export function intArg(where: string, name: string, v: unknown, min = -Infinity): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v)) {
    throw new ArgumentError(`${where}: ${name} must be an integer; got ${describeValue(v)}.`);
  }
  if (v < min) throw new ArgumentError(`${where}: ${name} must be at least ${min}; got ${fmtValue(v)}.`);
  return v;
}

/**
 * A concrete tensor's values as JS numbers (what JAX reads with `core.concrete_or_error`); a traced
 * one is a `ConcretizationError` saying which argument must be static.
 */
export function concreteValues(where: string, name: string, t: Tensor): number[] {
  if (isTracer(t)) {
    throw new ConcretizationError(`${where}: ${name} must be static (a JS number or array, or a tensor outside transforms), but it is traced (${t.typeString}); pass it as a JS value.`);
  }
  return Array.from(t.concreteData(), Number);
}

/**
 * A static nested list of numbers (a number, a JS array, or a concrete tensor) as flat values and a
 * shape. Holes, ragged lists, non-numbers and lists longer than `MAX_LIST` are errors.
 */
export function staticArray(where: string, name: string, v: unknown): { values: number[]; shape: number[] } {
  if (v instanceof Tensor) return { values: concreteValues(where, name, v), shape: [...v.shape] };
  if (typeof v === "number") return { values: [v], shape: [] };
  if (!Array.isArray(v)) throw new ArgumentError(`${where}: ${name} must be a number or an array of numbers; got ${describeValue(v)}.`);
  const values: number[] = [];
  let shape: number[] | undefined;
  const walk = (x: unknown, depth: number, dims: number[]): void => {
    if (Array.isArray(x)) {
      if (x.length > MAX_LIST || depth > 32) throw new ArgumentError(`${where}: ${name} is too large or too deeply nested; give a short list of numbers.`);
      for (let i = 0; i < x.length; i++) {
        if (!(i in x)) throw new ArgumentError(`${where}: ${name} has a hole at index ${i}; give every element a value.`);
        walk(x[i], depth + 1, [...dims, x.length]);
      }
      if (x.length === 0) leaf([...dims, 0]);
      return;
    }
    if (typeof x !== "number" && !(x instanceof Tensor && x.ndim === 0)) {
      throw new ArgumentError(`${where}: ${name} must hold numbers; got ${describeValue(x)}.`);
    }
    values.push(typeof x === "number" ? x : concreteValues(where, name, x)[0]!);
    leaf(dims);
  };
  const leaf = (dims: number[]): void => {
    if (shape === undefined) shape = dims;
    else if (shape.length !== dims.length || shape.some((d, i) => d !== dims[i])) {
      throw new ArgumentError(`${where}: ${name} is ragged (entries of different lengths); give a rectangular list.`);
    }
  };
  walk(v, 0, []);
  return { values, shape: shape ?? [v.length] };
}

/** One integer or a flat list of them (JAX's `int | Sequence[int]`), checked against `min`. */
export function intList(where: string, name: string, v: unknown, min = -Infinity): number[] {
  const { values, shape } = staticArray(where, name, v);
  if (shape.length > 1) throw new ArgumentError(`${where}: ${name} must be an integer or a flat list of integers; got shape ${fmtShape(shape)}.`);
  return values.map((x, i) => intArg(where, shape.length === 0 ? name : `${name}[${i}]`, x, min));
}

/** Axes from a number or a list (duplicates refused), normalised against `ndim`. */
export function axesArg(where: string, v: unknown, ndim: number): number[] {
  if (typeof v === "number") return [normalizeAxis(v, ndim, where)];
  if (!Array.isArray(v)) throw new ShapeError(`${where}: axis must be an integer or an array of integers; got ${describeValue(v)}.`);
  return normalizeAxes(v as number[], ndim, where);
}

/** One axis, normalised. */
export function axisArg(where: string, v: unknown, ndim: number): number {
  return normalizeAxis(v as number, ndim, where);
}

/** Refuses an output shape too large to allocate, before building it. */
export function checkOutput(where: string, shape: readonly number[]): void {
  for (const d of shape) {
    if (!(d <= MAX_ELEMENTS)) throw new ResourceError(`${where}: the result would have a dimension of ${d}, more than the limit of ${MAX_ELEMENTS}; use smaller counts.`);
  }
  checkElementCount(shape, where, "the result of shape");
}

/** Refuses a count of returned arrays too large to build one by one. */
export function checkPieces(where: string, n: number): void {
  if (n > MAX_LIST) throw new ResourceError(`${where}: the result would be a list of ${n} arrays, more than ${MAX_LIST}; use fewer pieces.`);
}

/** A static int32 index vector. */
export function indexVector(values: readonly number[]): Tensor {
  return fromData([values.length], "int32", Int32Array.from(values));
}

/** `x[..., start:stop, ...]` along one axis (unit stride). */
export function sliceAxis(x: Tensor, axis: number, start: number, stop: number): Tensor {
  if (start === 0 && stop === x.shape[axis]) return x;
  const starts = x.shape.map((_, d) => (d === axis ? start : 0));
  const limits = x.shape.map((s, d) => (d === axis ? stop : s));
  return ops.slice(x, starts, limits, x.shape.map(() => 1));
}

/** `x` with axis `from` moved to position `to` (both normalised). */
export function moveAxisTo(x: Tensor, from: number, to: number): Tensor {
  if (from === to) return x;
  const perm = x.shape.map((_, i) => i).filter((d) => d !== from);
  perm.splice(to, 0, from);
  return ops.transpose(x, perm);
}

/** `x` broadcast along a new or size-1 axis: `x` (with `shape[axis] = 1`) repeated `n` times there. */
export function repeatAlong(x: Tensor, axis: number, n: number): Tensor {
  const shape = x.shape.map((d, i) => (i === axis ? n : d));
  const dims = x.shape.map((_, i) => i).filter((i) => i !== axis);
  return ops.broadcastInDim(ops.reshape(x, x.shape.filter((_, i) => i !== axis)), shape, dims);
}

/**
 * The optional arguments of a function that takes them positionally in JAX's order `P` or in a
 * trailing options object `O` after any prefix of them: `Positional<[number, string], O>` accepts
 * `[]`, `[1]`, `[1, "a"]`, `[O]`, `[1, O]` and `[1, "a", O]` (each position may be `undefined`).
 */
export type Positional<P extends readonly unknown[], O> = P extends readonly [...infer Head, infer Last]
  ? Positional<Head, O> | [...Head, (Last | O | undefined)?] | [...Head, Last | undefined, (O | undefined)?]
  : [(O | undefined)?];
