/**
 * Sorting kernels: a stable lexicographic sort of several operands along one axis (XLA's Sort with
 * JAX's comparator), and the k largest entries along one axis (XLA's TopK).
 *
 * The two use different float orders, as JAX's do. The sort comparator canonicalises its keys
 * first: −0 equals +0 and every NaN (of either sign) equals every other and comes after +∞, so a
 * stable sort keeps such ties in their original order. TopK compares the raw bits in IEEE total
 * order instead: −NaN < −∞ < … < −0 < +0 < … < +∞ < +NaN.
 */
import type { DataArray } from "../dtype.js";
import { sizeOf, stridesOf } from "../shape.js";

/** Lanes of `shape` along `axis`: how many, their length, and where lane `l`'s element `i` lives. */
interface Lanes {
  readonly count: number;
  readonly n: number;
  readonly stride: number;
  offset(lane: number): number;
}

function lanesOf(shape: readonly number[], axis: number): Lanes {
  const n = shape[axis]!;
  const stride = stridesOf(shape)[axis]!;
  const inner = stride;
  const count = n === 0 ? 0 : sizeOf(shape) / n;
  return {
    count,
    n,
    stride,
    // Lane l = (outer o, inner position j): its first element sits at o·n·stride + j.
    offset: (lane) => Math.floor(lane / inner) * n * stride + (lane % inner),
  };
}

/** A new typed array of the same kind and length as `like`. */
function sameKind(like: DataArray): DataArray {
  return new (like.constructor as new (n: number) => DataArray)(like.length);
}

/**
 * JAX's sort order on one key: numbers ascending, −0 equal to +0, every NaN equal to every other
 * and after everything else (the comparison `_sort_lt_comparator` makes of canonicalised floats).
 */
function compareSortKey(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0; // also −0 vs +0
  const na = a !== a, nb = b !== b;
  return na === nb ? 0 : na ? 1 : -1;
}

/**
 * Sorts every lane of `operands` (all of `shape`) along `axis`, lexicographically by the first
 * `numKeys` operands, stably (equal keys keep their order), carrying the remaining operands along.
 * Returns new arrays, one per operand.
 */
export function sortLanes(operands: readonly DataArray[], shape: readonly number[], axis: number, numKeys: number): DataArray[] {
  const outs = operands.map(sameKind);
  const { count, n, stride, offset } = lanesOf(shape, axis);
  const keys = operands.slice(0, numKeys);
  const order = new Array<number>(n);
  const laneKeys = keys.map(() => new Float64Array(n));
  for (let lane = 0; lane < count; lane++) {
    const base = offset(lane);
    for (let k = 0; k < keys.length; k++) {
      const src = keys[k]!, dst = laneKeys[k]!;
      for (let i = 0; i < n; i++) dst[i] = src[base + i * stride]!;
    }
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((i, j) => {
      for (let k = 0; k < laneKeys.length; k++) {
        const c = compareSortKey(laneKeys[k]![i]!, laneKeys[k]![j]!);
        if (c !== 0) return c;
      }
      return i - j; // stable, whatever the engine's sort guarantees
    });
    for (let o = 0; o < operands.length; o++) {
      const src = operands[o]!, dst = outs[o]!;
      for (let i = 0; i < n; i++) dst[base + i * stride] = src[base + order[i]! * stride]!;
    }
  }
  return outs;
}

/** Whether the platform stores the high word of a float64 second (little-endian). */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The sign bit of every element of a float array (NaNs keep theirs in the bits, not in JS numbers). */
function signBits(x: Float32Array | Float64Array): Uint8Array {
  const out = new Uint8Array(x.length);
  if (x instanceof Float32Array) {
    const bits = new Int32Array(x.buffer, x.byteOffset, x.length);
    for (let i = 0; i < x.length; i++) out[i] = bits[i]! < 0 ? 1 : 0;
  } else {
    const words = new Int32Array(x.buffer, x.byteOffset, x.length * 2);
    const hi = LITTLE_ENDIAN ? 1 : 0;
    for (let i = 0; i < x.length; i++) out[i] = words[2 * i + hi]! < 0 ? 1 : 0;
  }
  return out;
}

/** IEEE total order of two floats given their sign bits: −NaN < −∞ < … < −0 < +0 < … < +∞ < +NaN. */
function compareTotal(a: number, sa: number, b: number, sb: number): number {
  const ca = a !== a ? (sa ? -1 : 1) : 0;
  const cb = b !== b ? (sb ? -1 : 1) : 0;
  if (ca !== cb) return ca - cb;
  if (ca !== 0) return 0;
  if (a < b) return -1;
  if (a > b) return 1;
  return a === 0 ? sb - sa : 0; // −0 (sign 1) before +0
}

/**
 * The `k` largest entries of every lane of `x` along `axis` (descending in IEEE total order for
 * floats; ties in index order), as values of x's kind and int32 indices into the lane.
 */
export function topKLanes(x: DataArray, shape: readonly number[], axis: number, k: number): [DataArray, Int32Array] {
  const outShape = shape.map((d, i) => (i === axis ? k : d));
  const outSize = sizeOf(outShape);
  const values = new (x.constructor as new (n: number) => DataArray)(outSize);
  const indices = new Int32Array(outSize);
  if (k === 0) return [values, indices];
  const { count, n, stride, offset } = lanesOf(shape, axis);
  const out = lanesOf(outShape, axis);
  const isFloatData = x instanceof Float32Array || x instanceof Float64Array;
  const signs = isFloatData ? signBits(x) : undefined;
  const order = new Array<number>(n);
  for (let lane = 0; lane < count; lane++) {
    const base = offset(lane);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((i, j) => {
      const a = x[base + i * stride]!, b = x[base + j * stride]!;
      const c = signs === undefined ? (a < b ? -1 : a > b ? 1 : 0) : compareTotal(a, signs[base + i * stride]!, b, signs[base + j * stride]!);
      return c !== 0 ? -c : i - j;
    });
    const obase = out.offset(lane);
    for (let i = 0; i < k; i++) {
      values[obase + i * out.stride] = x[base + order[i]! * stride]!;
      indices[obase + i * out.stride] = order[i]!;
    }
  }
  return [values, indices];
}
