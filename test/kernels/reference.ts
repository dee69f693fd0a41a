/**
 * Shared helpers of the kernel tests: a seeded generator, fast-check settings, and index
 * arithmetic for the deliberately naive reference implementations the tests compare against.
 */
import { seed } from "../support/seed.js";

/** fast-check settings: the suite's fixed seed (FC_SEED overrides) and 50 runs. */
export const FC = { seed, numRuns: 50 };

/** Number of elements of a shape. */
export const sizeOf = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

/** A small seeded PRNG (mulberry32): reproducible random data. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Row-major multi-index of flat position `flat` in `shape`. */
export function unravel(flat: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = flat % shape[d]!;
    flat = Math.floor(flat / shape[d]!);
  }
  return idx;
}

/** Row-major flat position of multi-index `idx` in `shape`. */
export function ravel(idx: readonly number[], shape: readonly number[]): number {
  let f = 0;
  for (let d = 0; d < shape.length; d++) f = f * shape[d]! + idx[d]!;
  return f;
}

/** Flat position in an operand of `shape` that numpy broadcasting reads for output index `idx`. */
export function broadcastIndex(idx: readonly number[], shape: readonly number[]): number {
  let flat = 0;
  const off = idx.length - shape.length;
  for (let j = 0; j < shape.length; j++) flat = flat * shape[j]! + (shape[j] === 1 ? 0 : idx[j + off]!);
  return flat;
}
