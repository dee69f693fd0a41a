/**
 * Arbitraries shared by the laws: shapes (rank 0–3, dims 0–5 with 0 and 1 favoured), dtypes,
 * element values (in-domain, or mixed with NaN, ±∞ and −0), tensors of a given shape and dtype,
 * shapes of a given size, permutations, and broadcast-compatible / incompatible shape pairs.
 * Everything here is built from fast-check combinators, so it shrinks and replays from a seed.
 */
import * as fc from "fast-check";
import { type DType, type DataArray, allocate, isComplex, storageLength } from "../src/tensor/dtype.js";
import { fromData } from "../src/tensor/from-js.js";
import type { Tensor } from "../src/tensor/tensor.js";

export type Shape = readonly number[];

// ---- shapes --------------------------------------------------------------------------------------

/** One dimension: 0–`max`, with the edge sizes 0 and 1 drawn often. */
export function dimArb(max = 5, min = 0): fc.Arbitrary<number> {
  const edges = [0, 1].filter((d) => d >= min && d <= max);
  return edges.length === 0
    ? fc.integer({ min, max })
    : fc.oneof({ arbitrary: fc.constantFrom(...edges), weight: 1 }, { arbitrary: fc.integer({ min, max }), weight: 3 });
}

/** A shape of rank `minRank`–`maxRank` with dims `minDim`–`maxDim`. */
export function shapeArb(opts: { minRank?: number; maxRank?: number; minDim?: number; maxDim?: number } = {}): fc.Arbitrary<Shape> {
  const { minRank = 0, maxRank = 3, minDim = 0, maxDim = 5 } = opts;
  return fc.array(dimArb(maxDim, minDim), { minLength: minRank, maxLength: maxRank });
}

/** Number of elements of a shape (independent of src/tensor/shape.ts). */
export function sizeOfShape(shape: Shape): number {
  return shape.reduce((n, d) => n * d, 1);
}

/** 0, 1, …, n−1. */
export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** A permutation of 0…n−1. */
export function permutationArb(n: number): fc.Arbitrary<number[]> {
  return fc.shuffledSubarray(range(n), { minLength: n, maxLength: n });
}

/** The inverse permutation: `inv[p[i]] = i`. */
export function inversePermutation(p: readonly number[]): number[] {
  const inv = new Array<number>(p.length);
  p.forEach((pi, i) => (inv[pi] = i));
  return inv;
}

/** A subset of the axes of a rank-`n` array in random order, each possibly written negative. */
export function axesArb(n: number, opts: { minLength?: number; maxLength?: number } = {}): fc.Arbitrary<number[]> {
  return fc
    .shuffledSubarray(range(n), { minLength: opts.minLength ?? 0, maxLength: opts.maxLength ?? n })
    .chain((axes) => fc.array(fc.boolean(), { minLength: axes.length, maxLength: axes.length }).map((neg) => axes.map((a, i) => (neg[i] ? a - n : a))));
}

function primeFactors(n: number): number[] {
  const out: number[] = [];
  for (let p = 2; n > 1; p++) {
    while (n % p === 0) {
      out.push(p);
      n /= p;
    }
  }
  return out;
}

/** A shape (rank ≤ 4) with exactly `size` elements. */
export function shapeOfSizeArb(size: number): fc.Arbitrary<Shape> {
  if (size === 0) {
    return fc
      .tuple(shapeArb({ minRank: 1, maxRank: 4, maxDim: 4 }), fc.nat())
      .map(([s, k]) => s.map((d, i) => (i === k % s.length ? 0 : d)));
  }
  const factors = primeFactors(size);
  return fc
    .integer({ min: size === 1 ? 0 : 1, max: 4 })
    .chain((rank) =>
      fc.array(fc.nat({ max: Math.max(0, rank - 1) }), { minLength: factors.length, maxLength: factors.length }).map((where) => {
        const shape = new Array<number>(rank).fill(1);
        factors.forEach((f, i) => (shape[where[i]!] = shape[where[i]!]! * f));
        return shape;
      }),
    );
}

// ---- dtypes and values ---------------------------------------------------------------------------

export const FLOAT_DTYPES = ["float32", "float64"] as const satisfies readonly DType[];
export const NUMERIC_DTYPES = ["float32", "float64", "int32", "uint32"] as const satisfies readonly DType[];
export const ALL_DTYPES = ["float32", "float64", "int32", "uint32", "bool"] as const satisfies readonly DType[];
/** The complex dtypes (drawn only by laws/domains-complex.ts). */
export const COMPLEX_DTYPES = ["complex64", "complex128"] as const satisfies readonly DType[];
/** The integer dtypes (what the bitwise primitives and shifts take). */
export const INT_DTYPES = ["int32", "uint32"] as const satisfies readonly DType[];
/** The dtypes of the bitwise and/or/xor/not: the integers, and bool (logically). */
export const BITWISE_DTYPES = ["int32", "uint32", "bool"] as const satisfies readonly DType[];

/** Every 32-bit pattern of an integer dtype: [−2^31, 2^31) for int32, [0, 2^32) for uint32. */
export function bitsRange(dtype: DType): Range {
  return dtype === "uint32" ? { min: 0, max: 2 ** 32 - 1 } : { min: -(2 ** 31), max: 2 ** 31 - 1 };
}

export function dtypeArb(dtypes: readonly DType[]): fc.Arbitrary<DType> {
  return fc.constantFrom(...dtypes);
}

/**
 * The allowed values of a float or integer element (ignored for bool). For uint32 the range is
 * clipped to [0, ∞) and rounded inward, and defaults to [0, 100].
 */
export interface Range {
  readonly min?: number;
  readonly max?: number;
  /** Exclude 0 (for divisors, negative integer powers). */
  readonly nonZero?: boolean;
}

/**
 * How element values are drawn. `inDomain` stays inside each primitive's range; `special` mixes
 * NaN, ±∞, ±0, denormals and huge values into every float (int32 and bool cannot hold them).
 */
export interface Values {
  readonly special: boolean;
  element(dtype: DType, r?: Range): fc.Arbitrary<number>;
}

function inDomainElement(dtype: DType, r: Range = {}): fc.Arbitrary<number> {
  switch (dtype) {
    case "bool":
      return fc.constantFrom(0, 1);
    case "int32": {
      const a = fc.integer({ min: r.min ?? -50, max: r.max ?? 50 });
      return r.nonZero ? a.filter((x) => x !== 0) : a;
    }
    case "uint32": {
      const min = Math.max(0, Math.ceil(r.min ?? 0));
      const max = Math.max(min, Math.floor(r.max ?? 100));
      // fc.integer stops at 2^31 − 1; wider uint32 ranges draw through bigint.
      const a = max < 2 ** 31 ? fc.integer({ min, max }) : fc.bigInt({ min: BigInt(min), max: BigInt(max) }).map(Number);
      return r.nonZero ? a.filter((x) => x !== 0) : a;
    }
    case "float32":
    case "float64":
    case "complex64": // one part of a complex element (tensorArb draws two per element)
    case "complex128": {
      const min = r.min ?? -10, max = r.max ?? 10;
      let a = fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
      if (dtype === "float32" || dtype === "complex64") a = a.map(Math.fround).filter((x) => x >= min && x <= max);
      return r.nonZero ? a.filter((x) => x !== 0) : a;
    }
  }
}

export const inDomain: Values = { special: false, element: inDomainElement };

const SPECIALS = [NaN, Infinity, -Infinity, -0, 0, 5e-324, -5e-324, 1.401298464324817e-45, 3.4e38, -3.4e38, 1.7e308];

export const special: Values = {
  special: true,
  element(dtype, r) {
    if (dtype === "bool" || dtype === "int32" || dtype === "uint32") return inDomainElement(dtype, r);
    const a = fc.oneof(
      { arbitrary: fc.constantFrom(...SPECIALS), weight: 3 },
      { arbitrary: fc.double({ min: -1e3, max: 1e3 }), weight: 1 },
    );
    return dtype === "float32" ? a.map(Math.fround) : a;
  },
};

// ---- tensors -------------------------------------------------------------------------------------

/** A concrete tensor holding `values` (cast as the dtype's typed array stores them). */
export function makeTensor(shape: Shape, dtype: DType, values: readonly number[]): Tensor {
  // For a complex dtype `values` are the interleaved parts (2 per element).
  const data: DataArray = allocate(dtype, isComplex(dtype) ? values.length / 2 : values.length);
  values.forEach((v, i) => (data[i] = v));
  return fromData(shape, dtype, data);
}

/** A tensor of the given shape and dtype with elements drawn by `v` in range `r`. */
export function tensorArb(shape: Shape, dtype: DType, v: Values = inDomain, r?: Range): fc.Arbitrary<Tensor> {
  const n = storageLength(dtype, sizeOfShape(shape));
  return fc.array(v.element(dtype, r), { minLength: n, maxLength: n }).map((xs) => makeTensor(shape, dtype, xs));
}

/** A tensor of any dtype and shape (rank and dims as `shapeArb`), elements drawn by `v`. */
export function anyTensorArb(v: Values = inDomain, opts: Parameters<typeof shapeArb>[0] = {}): fc.Arbitrary<Tensor> {
  return fc.tuple(shapeArb(opts), dtypeArb(ALL_DTYPES)).chain(([shape, dtype]) => tensorArb(shape, dtype, v));
}

/** Fisher–Yates with drawn swaps: each tensor's elements in a random order (values, hence domains, kept). */
export function shuffledTensorArb(t: Tensor): fc.Arbitrary<Tensor> {
  const n = t.size;
  return fc.array(fc.nat(), { minLength: n, maxLength: n }).map((draws) => {
    const data = Array.from(t.concreteData());
    for (let i = n - 1; i > 0; i--) {
      const j = draws[i]! % (i + 1);
      [data[i], data[j]] = [data[j]!, data[i]!];
    }
    return makeTensor(t.shape, t.dtype, data);
  });
}

/** Every tensor of `ts` shuffled independently (another valid input for an elementwise domain). */
export function shuffledInputsArb(ts: readonly Tensor[]): fc.Arbitrary<Tensor[]> {
  return fc.tuple(...ts.map(shuffledTensorArb));
}

/** An int32 index tensor with every entry in [−size, size) (negative counts from the end). */
export function indicesArb(shape: Shape, size: number): fc.Arbitrary<Tensor> {
  return tensorArb(shape, "int32", inDomain, { min: -size, max: size - 1 });
}

// ---- broadcasting --------------------------------------------------------------------------------

/** An operand shape that broadcasts to `out`: a suffix of it with some dims replaced by 1. */
function operandFor(out: Shape): fc.Arbitrary<Shape> {
  return fc
    .integer({ min: 0, max: out.length })
    .chain((r) => fc.array(fc.boolean(), { minLength: r, maxLength: r }).map((ones) => out.slice(out.length - r).map((d, i) => (ones[i] ? 1 : d))));
}

/** `k` broadcast-compatible shapes (rank mismatch, 0- and 1-sized dims included). */
export function compatibleShapesArb(k: number): fc.Arbitrary<Shape[]> {
  return shapeArb({ maxRank: 4, maxDim: 4 }).chain((out) => fc.tuple(...range(k).map(() => operandFor(out))));
}

/**
 * Two shapes that do not broadcast: at one aligned position their dims differ and neither is 1
 * (including 0 against 2 or more); the dims to its right agree.
 */
export function incompatiblePairArb(): fc.Arbitrary<[Shape, Shape]> {
  return fc
    .record({
      a: shapeArb({ maxRank: 2, maxDim: 4 }),
      b: shapeArb({ maxRank: 2, maxDim: 4 }),
      tail: shapeArb({ maxRank: 2, maxDim: 4 }),
      dims: fc.constantFrom<[number, number]>([0, 2], [2, 3], [3, 4], [4, 2], [2, 0], [3, 0]),
    })
    .map(({ a, b, tail, dims: [da, db] }) => [[...a, da, ...tail], [...b, db, ...tail]]);
}
