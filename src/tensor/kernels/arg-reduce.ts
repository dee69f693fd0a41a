/**
 * argmax / argmin along one axis, numpy's rules: the first occurrence wins ties, and a NaN counts
 * as the extreme (the first NaN wins). Inner-axis layouts scan rows; others sweep whole rows of
 * the trailing dims at once so memory is read in order.
 */
import type { DataArray } from "../dtype.js";
import { prodRange } from "./util.js";

/**
 * Index of the largest (`argmax`) or smallest (`argmin`) element along `axis`; the result has
 * `shape` without `axis`. Ties give the first index; a NaN beats every number and the first NaN
 * wins. An empty axis gives index 0.
 */
export function argReduce(op: "argmax" | "argmin", x: DataArray, shape: readonly number[], axis: number): Int32Array {
  const outer = prodRange(shape, 0, axis);
  const n = shape[axis]!;
  const inner = prodRange(shape, axis + 1, shape.length);
  const out = new Int32Array(outer * inner);
  if (n <= 1 || out.length === 0) return out;
  const isMax = op === "argmax";
  if (inner === 1) {
    for (let o = 0; o < outer; o++) {
      const base = o * n;
      let best = x[base]!;
      let bi = 0;
      if (best === best) {
        for (let i = 1; i < n; i++) {
          const v = x[base + i]!;
          if (v !== v) {
            bi = i;
            break;
          }
          if (isMax ? v > best : v < best) {
            best = v;
            bi = i;
          }
        }
      }
      out[o] = bi;
    }
    return out;
  }
  // Strided axis: keep a best value per trailing position and sweep rows in memory order.
  const best = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    const base = o * n * inner;
    const ob = o * inner;
    for (let j = 0; j < inner; j++) best[j] = x[base + j]!;
    for (let i = 1; i < n; i++) {
      const off = base + i * inner;
      for (let j = 0; j < inner; j++) {
        const b = best[j]!;
        if (b !== b) continue; // a NaN already won
        const v = x[off + j]!;
        if (v !== v || (isMax ? v > b : v < b)) {
          best[j] = v;
          out[ob + j] = i;
        }
      }
    }
  }
  return out;
}
