/** iota as a constant: fluxion's shapes are static, so the index ramp is data of the model. */
import type { DType } from "../../tensor/dtype.js";
import { allocate } from "../../tensor/dtype.js";
import type { Emitter } from "../emitter.js";

/** A constant of `shape` whose elements are their index along `dimension`. */
export function fromIota(em: Emitter, dtype: DType, shape: readonly number[], dimension: number): string {
  const n = shape.reduce((p, d) => p * d, 1);
  const data = allocate(dtype, n);
  const inner = shape.slice(dimension + 1).reduce((p, d) => p * d, 1);
  const size = shape[dimension]!;
  for (let i = 0; i < n; i++) data[i] = Math.floor(i / inner) % size;
  return em.constant(dtype, shape, data);
}
