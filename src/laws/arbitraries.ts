/**
 * fast-check arbitraries for fluxion values: shapes, tensors of a shape and dtype, and pytrees of
 * tensors. They are built from fast-check combinators only, so every value shrinks (a smaller
 * shape, elements towards 0) and replays from a seed. The same shape law as fluxion's own property
 * laws (laws/arbitraries.ts): rank 0–3, dims 0–5, with the edge sizes 0 and 1 drawn often.
 */
import * as fc from "fast-check";
import { type DType, type Tensor, np } from "../index.js";

/** Options of {@link shape}. */
export interface ShapeOptions {
  /** Fewest axes (default 0). */
  readonly minRank?: number;
  /** Most axes (default 3). */
  readonly maxRank?: number;
  /** Smallest dimension (default 0: empty tensors are drawn too). */
  readonly minDim?: number;
  /** Largest dimension (default 5). */
  readonly maxDim?: number;
}

/** One dimension in [min, max], with the edge sizes 0 and 1 drawn often. */
function dim(min: number, max: number): fc.Arbitrary<number> {
  const edges = [0, 1].filter((d) => d >= min && d <= max);
  return edges.length === 0
    ? fc.integer({ min, max })
    : fc.oneof({ arbitrary: fc.constantFrom(...edges), weight: 1 }, { arbitrary: fc.integer({ min, max }), weight: 3 });
}

/**
 * A shape: an array of `minRank`–`maxRank` dimensions, each `minDim`–`maxDim`.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check";
 * fc.sample(shape({ minRank: 2, maxRank: 2, minDim: 1 }), 1)[0]!.length; // 2
 * ```
 */
export function shape(opts: ShapeOptions = {}): fc.Arbitrary<number[]> {
  const { minRank = 0, maxRank = 3, minDim = 0, maxDim = 5 } = opts;
  return fc.array(dim(minDim, maxDim), { minLength: minRank, maxLength: maxRank });
}

/** Options of {@link tensor}. */
export interface TensorOptions {
  /** A fixed shape, or an arbitrary of shapes (default `shape()`). */
  readonly shape?: readonly number[] | fc.Arbitrary<readonly number[]>;
  /** The dtype (default `"float64"`). */
  readonly dtype?: DType;
  /**
   * The elements (default: doubles in [-2, 2] for float dtypes — no NaN, no ∞ — integers in [-5, 5]
   * for integer dtypes, 0/1 for bool). Pass e.g. `fc.double({ min: 0.1, max: 3, noNaN: true })`
   * to stay inside a function's domain.
   */
  readonly elements?: fc.Arbitrary<number>;
}

function defaultElements(dtype: DType): fc.Arbitrary<number> {
  if (dtype === "bool") return fc.integer({ min: 0, max: 1 });
  if (dtype.startsWith("float")) return fc.double({ min: -2, max: 2, noNaN: true, noDefaultInfinity: true });
  if (dtype === "uint32") return fc.integer({ min: 0, max: 5 });
  return fc.integer({ min: -5, max: 5 });
}

/**
 * A tensor of the given shape (or shapes) and dtype, with elements from `elements`. It shrinks
 * towards a smaller shape and elements towards 0.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check";
 * const [x] = fc.sample(tensor({ shape: [2, 3], dtype: "float32" }), 1);
 * x!.shape; // [2, 3]
 * ```
 */
export function tensor(opts: TensorOptions = {}): fc.Arbitrary<Tensor> {
  const dtype = opts.dtype ?? "float64";
  const elements = opts.elements ?? defaultElements(dtype);
  const shapes: fc.Arbitrary<readonly number[]> =
    opts.shape === undefined ? shape() : Array.isArray(opts.shape) ? fc.constant(opts.shape as readonly number[]) : (opts.shape as fc.Arbitrary<readonly number[]>);
  return shapes.chain((s) => {
    const size = s.reduce((n, d) => n * d, 1);
    return fc.array(elements, { minLength: size, maxLength: size }).map((values) => fromValues(values, s, dtype));
  });
}

/**
 * A tensor of `dtype` and `shape` holding `values` (row-major): how the arbitraries build tensors.
 *
 * @example
 * ```ts
 * fromValues([1, 2, 3, 4], [2, 2]).toArray(); // [[1, 2], [3, 4]]
 * ```
 */
export function fromValues(values: readonly number[], s: readonly number[], dtype: DType = "float64"): Tensor {
  const data = dtype === "bool" ? values.map((v) => v !== 0) : [...values];
  return np.reshape(np.array(data, { dtype }), [...s]);
}

/** Options of {@link pytree}. */
export interface PytreeOptions {
  /** Nesting depth of arrays and objects (default 2). */
  readonly maxDepth?: number;
  /** Most children of one array or object (default 3). */
  readonly maxChildren?: number;
}

/**
 * A pytree — nested arrays and plain objects — whose leaves come from `leaf` (default: float64
 * tensors). For a fixed structure, compose fast-check directly: `fc.record({ W: tensor(...), b: tensor(...) })`.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check";
 * const params = pytree(tensor({ shape: [2] }), { maxDepth: 1 });
 * tree.leaves(fc.sample(params, { numRuns: 1, seed: 1 })[0]).length > 0; // true
 * ```
 */
export function pytree<L>(leaf?: fc.Arbitrary<L>, opts: PytreeOptions = {}): fc.Arbitrary<unknown> {
  const leaves: fc.Arbitrary<unknown> = leaf ?? tensor();
  const { maxDepth = 2, maxChildren = 3 } = opts;
  const key = fc.constantFrom("a", "b", "c", "W", "bias", "scale");
  const node = (depth: number): fc.Arbitrary<unknown> =>
    depth <= 0
      ? leaves
      : fc.oneof(
          { arbitrary: leaves, weight: 2 },
          { arbitrary: fc.array(node(depth - 1), { minLength: 1, maxLength: maxChildren }), weight: 1 },
          { arbitrary: fc.dictionary(key, node(depth - 1), { minKeys: 1, maxKeys: maxChildren }), weight: 1 },
        );
  return node(maxDepth);
}
