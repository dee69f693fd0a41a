/**
 * `Tensor`: an immutable n-d array. A concrete tensor owns a row-major typed array that nobody
 * mutates after construction; a `Tracer` (src/trace) is a `Tensor` without data that stands for a
 * value inside a transform. Methods are thin forwards to `np`, bound late: `np` imports `Tensor`, so
 * the package root installs np's functions here (`installTensorMethods`) instead of this file
 * importing them.
 */
import { ArgumentError, InternalError, ShapeError, fmtShape } from "../errors.js";
import { tensorDisplay } from "./display.js";
import { type DType, type DataArray, isComplex, shortName, storageLength } from "./dtype.js";
import { formatArray } from "./format.js";
import { sizeOf } from "./shape.js";

/** A nested JS array of numbers or booleans (`[[1, 2], [3, 4]]`). */
export type NestedArray = number | boolean | readonly NestedArray[];

/** Anything accepted where a tensor is expected: a tensor, a number, a nested array or a typed array. */
export type TensorLike = Tensor | number | boolean | readonly NestedArray[] | Float32Array | Float64Array | Int32Array | Uint32Array;

/**
 * One range of `x.slice(...)`: `[start, stop]` or `[start, stop, step]` as Python's `start:stop:step`
 * (`null` for an open end, negative indices count from the end), an index, or `null` (whole axis).
 */
export type SliceRange =
  | readonly [number | null, number | null]
  | readonly [number | null, number | null, number | null]
  | number
  | null;

/** Axis argument of reductions: one axis, several, or all when omitted. */
export type AxisArg = number | readonly number[] | undefined;

/** The np functions that implement Tensor's methods (src/np/methods.ts; the package root installs them). */
export interface TensorMethodImpls {
  unary(name: string, x: Tensor): Tensor;
  binary(name: string, x: Tensor, y: TensorLike): Tensor;
  reduce(name: string, x: Tensor, axis: AxisArg, keepdims: boolean | undefined): Tensor;
  reshape(x: Tensor, shape: readonly number[]): Tensor;
  transpose(x: Tensor, axes?: readonly number[]): Tensor;
  expandDims(x: Tensor, axis: number): Tensor;
  squeeze(x: Tensor, axis?: AxisArg): Tensor;
  broadcastTo(x: Tensor, shape: readonly number[]): Tensor;
  take(x: Tensor, indices: TensorLike, axis?: number): Tensor;
  get(x: Tensor, index: TensorLike): Tensor;
  slice(x: Tensor, ranges: readonly SliceRange[]): Tensor;
  atSet(x: Tensor, index: TensorLike, value: TensorLike, mode: "set" | "add"): Tensor;
  astype(x: Tensor, dtype: DType): Tensor;
  clip(x: Tensor, lo: TensorLike, hi: TensorLike): Tensor;
  toArray(x: Tensor): NestedArray;
}

let impls: TensorMethodImpls | undefined;

/** Installs the np functions behind `Tensor`'s methods (the package root's wiring, once). */
export function installTensorMethods(m: TensorMethodImpls): void {
  impls = m;
}

/** The np functions behind `Tensor`'s methods. */
function methods(): TensorMethodImpls {
  if (impls === undefined) throw new InternalError("Tensor methods used before fluxion was wired: import it from its package root (src/index.ts).");
  return impls;
}

/** The functional-update handle returned by `x.at(i)`. */
export interface AtIndex {
  /** A copy of the tensor with `x[i] = v`. */
  set(value: TensorLike): Tensor;
  /** A copy of the tensor with `x[i] += v`. */
  add(value: TensorLike): Tensor;
}

/** How many numeric keys (each sign) throw a pointer to `x.get(i)` instead of reading `undefined`. */
const INDEX_GUARDS = 1024;

/**
 * An immutable n-d array of one dtype.
 *
 * @example
 * ```ts
 * const x = np.array([[1, 2], [3, 4]]);
 * x.shape;              // [2, 2]
 * x.mul(2).sum().item() // 20
 * ```
 */
export class Tensor {
  /** Dimensions, outermost first. */
  readonly shape: readonly number[];
  /** Element type. */
  readonly dtype: DType;
  /** @internal The elements, row-major; `undefined` for tracers. Never mutated. */
  readonly buffer: DataArray | undefined;

  /** @internal Use `np.array` and friends to make tensors. */
  constructor(shape: readonly number[], dtype: DType, buffer: DataArray | undefined) {
    // A frozen shape (an aval's, another tensor's) cannot change: shared, not copied, as `aval`
    // does — a compiled plan makes its outputs with its avals' shapes on every call.
    this.shape = Object.isFrozen(shape) ? shape : Object.freeze([...shape]);
    this.dtype = dtype;
    this.buffer = buffer;
    // A complex tensor stores 2 floats per element (re, im interleaved).
    if (buffer !== undefined && buffer.length !== storageLength(dtype, sizeOf(shape))) {
      throw new InternalError(`${dtype} tensor of shape ${fmtShape(shape)} given ${buffer.length} array slots`);
    }
    if (new.target === Tensor) Object.freeze(this);
  }

  /** Number of dimensions. */
  get ndim(): number {
    return this.shape.length;
  }

  /** Number of elements. */
  get size(): number {
    return sizeOf(this.shape);
  }

  /** The type as printed in graphs: `f32[2,3]`. */
  get typeString(): string {
    return `${shortName(this.dtype)}[${this.shape.join(",")}]`;
  }

  /** @internal The elements, for kernels; tracers throw a ConcretizationError. */
  concreteData(): DataArray {
    if (this.buffer === undefined) throw new InternalError("concreteData() of a tensor without data");
    return this.buffer;
  }

  /**
   * Nested JS arrays of numbers (booleans for bool); a plain number for a 0-d tensor. A complex
   * element is a `[re, im]` pair.
   */
  toArray(): NestedArray {
    return methods().toArray(this);
  }

  /**
   * The single element as a number (error unless the tensor has exactly one element; a complex
   * element is two numbers: use `np.real(x).item()`, `np.imag(x).item()` or `x.toArray()`).
   */
  item(): number {
    const data = this.concreteData();
    if (isComplex(this.dtype)) {
      throw new ArgumentError(
        `item(): the tensor is ${this.typeString}, and a complex element is not one JS number. ` +
          `Use x.toArray() (a [re, im] pair) or np.real(x).item() and np.imag(x).item().`,
      );
    }
    if (data.length !== 1) {
      throw new ArgumentError(
        `item(): the tensor has shape ${fmtShape(this.shape)} (${data.length} elements); item() needs exactly one. ` +
          `Index it first (x.get(i)) or reduce it (x.sum()).`,
      );
    }
    return data[0]!;
  }

  /**
   * A fresh copy of the elements in row-major order, as the dtype's typed array (for a complex
   * dtype: 2·size floats, re and im interleaved).
   */
  data(): DataArray {
    return this.concreteData().slice();
  }

  /** numpy's `repr`: `array([[1., 2.],\n       [3., 4.]], dtype=float32)`, summarised past 1,000 elements. */
  toString(): string {
    return formatArray(this.shape, this.dtype, this.concreteData());
  }

  /**
   * The sub-tensors along the leading axis, so `for (const row of x)` and
   * `const [k1, k2] = random.split(key)` work. A 0-d tensor has no axis to iterate.
   */
  *[Symbol.iterator](): Iterator<Tensor> {
    if (this.shape.length === 0) {
      throw new ShapeError(`a 0-d tensor (${this.typeString}) is not iterable: it has no leading axis. Use x.item() for its value ` +
          `(a test framework's deep equality iterates tensors: compare x.toArray() instead).`);
    }
    const n = this.shape[0]!;
    for (let i = 0; i < n; i++) yield this.get(i);
  }

  /** What a Jupyter kernel (Deno's) displays: numpy's text and an HTML table (a heat-map for 2-d floats); see display.ts. */
  [Symbol.for("Jupyter.display")](): { "text/plain": string; "text/html": string } {
    return tensorDisplay(this.toString(), this.shape, this.dtype, this.buffer);
  }

  [Symbol.toPrimitive](hint: string): string | number {
    if (hint === "string") return this.toString();
    if (this.size !== 1 || isComplex(this.dtype)) {
      throw new ArgumentError(
        `cannot convert a ${this.typeString} tensor to a JS number; only one-element real tensors convert. ` +
          `Use x.item() on a one-element tensor, or x.toArray().`,
      );
    }
    return this.item();
  }

  // ---- elementwise -------------------------------------------------------------------------
  add(y: TensorLike): Tensor { return methods().binary("add", this, y); }
  sub(y: TensorLike): Tensor { return methods().binary("sub", this, y); }
  mul(y: TensorLike): Tensor { return methods().binary("mul", this, y); }
  div(y: TensorLike): Tensor { return methods().binary("div", this, y); }
  pow(y: TensorLike): Tensor { return methods().binary("pow", this, y); }
  mod(y: TensorLike): Tensor { return methods().binary("mod", this, y); }
  maximum(y: TensorLike): Tensor { return methods().binary("maximum", this, y); }
  minimum(y: TensorLike): Tensor { return methods().binary("minimum", this, y); }
  less(y: TensorLike): Tensor { return methods().binary("less", this, y); }
  lessEqual(y: TensorLike): Tensor { return methods().binary("lessEqual", this, y); }
  greater(y: TensorLike): Tensor { return methods().binary("greater", this, y); }
  greaterEqual(y: TensorLike): Tensor { return methods().binary("greaterEqual", this, y); }
  equal(y: TensorLike): Tensor { return methods().binary("equal", this, y); }
  notEqual(y: TensorLike): Tensor { return methods().binary("notEqual", this, y); }
  logicalAnd(y: TensorLike): Tensor { return methods().binary("logicalAnd", this, y); }
  logicalOr(y: TensorLike): Tensor { return methods().binary("logicalOr", this, y); }
  matmul(y: TensorLike): Tensor { return methods().binary("matmul", this, y); }
  dot(y: TensorLike): Tensor { return methods().binary("dot", this, y); }
  neg(): Tensor { return methods().unary("neg", this); }
  exp(): Tensor { return methods().unary("exp", this); }
  log(): Tensor { return methods().unary("log", this); }
  log1p(): Tensor { return methods().unary("log1p", this); }
  expm1(): Tensor { return methods().unary("expm1", this); }
  sin(): Tensor { return methods().unary("sin", this); }
  cos(): Tensor { return methods().unary("cos", this); }
  tan(): Tensor { return methods().unary("tan", this); }
  tanh(): Tensor { return methods().unary("tanh", this); }
  sqrt(): Tensor { return methods().unary("sqrt", this); }
  abs(): Tensor { return methods().unary("abs", this); }
  sign(): Tensor { return methods().unary("sign", this); }
  square(): Tensor { return methods().unary("square", this); }
  reciprocal(): Tensor { return methods().unary("reciprocal", this); }
  floor(): Tensor { return methods().unary("floor", this); }
  ceil(): Tensor { return methods().unary("ceil", this); }
  round(): Tensor { return methods().unary("round", this); }
  logicalNot(): Tensor { return methods().unary("logicalNot", this); }
  clip(lo: TensorLike, hi: TensorLike): Tensor { return methods().clip(this, lo, hi); }

  // ---- reductions ---------------------------------------------------------------------------
  sum(axis?: AxisArg, keepdims?: boolean): Tensor { return methods().reduce("sum", this, axis, keepdims); }
  mean(axis?: AxisArg, keepdims?: boolean): Tensor { return methods().reduce("mean", this, axis, keepdims); }
  max(axis?: AxisArg, keepdims?: boolean): Tensor { return methods().reduce("max", this, axis, keepdims); }
  min(axis?: AxisArg, keepdims?: boolean): Tensor { return methods().reduce("min", this, axis, keepdims); }
  prod(axis?: AxisArg, keepdims?: boolean): Tensor { return methods().reduce("prod", this, axis, keepdims); }
  argmax(axis?: number, keepdims?: boolean): Tensor { return methods().reduce("argmax", this, axis, keepdims); }
  argmin(axis?: number, keepdims?: boolean): Tensor { return methods().reduce("argmin", this, axis, keepdims); }

  // ---- shape and indexing -------------------------------------------------------------------
  reshape(shape: readonly number[]): Tensor { return methods().reshape(this, shape); }
  transpose(axes?: readonly number[]): Tensor { return methods().transpose(this, axes); }
  /** The transpose (axes reversed). */
  get T(): Tensor { return methods().transpose(this); }
  expandDims(axis: number): Tensor { return methods().expandDims(this, axis); }
  squeeze(axis?: AxisArg): Tensor { return methods().squeeze(this, axis); }
  broadcastTo(shape: readonly number[]): Tensor { return methods().broadcastTo(this, shape); }
  take(indices: TensorLike, axis?: number): Tensor { return methods().take(this, indices, axis); }
  /** `x[i]`: drops the leading axis. A negative index counts from the end. */
  get(index: TensorLike): Tensor { return methods().get(this, index); }
  /** One range per leading axis: `x.slice([0, 2])` is `x[0:2]`, `x.slice(null, [1, 3])` is `x[:, 1:3]`. */
  slice(...ranges: SliceRange[]): Tensor { return methods().slice(this, ranges); }
  /** Functional update: `x.at(i).set(v)` returns a copy with `x[i] = v`; the original is unchanged. */
  at(index: TensorLike): AtIndex {
    return {
      set: (value) => methods().atSet(this, index, value, "set"),
      add: (value) => methods().atSet(this, index, value, "add"),
    };
  }
  astype(dtype: DType): Tensor { return methods().astype(this, dtype); }

  static {
    // `x[0]` on a tensor would silently be `undefined` (tensors are not JS arrays): small numeric
    // keys on the prototype throw instead, naming the method that indexes.
    for (let i = -INDEX_GUARDS; i < INDEX_GUARDS; i++) {
      Object.defineProperty(Tensor.prototype, String(i), {
        get(this: Tensor): never {
          throw new ArgumentError(`x[${i}] does not index a tensor (${this.typeString}): tensors are not JS arrays. Use x.get(${i}), x.slice(...) or x.toArray()[${i}].`);
        },
      });
    }
  }
}
