/** Converting a concrete tensor to nested JS arrays (`toArray`). */
import { isComplex } from "../tensor/dtype.js";
import type { NestedArray, Tensor } from "../tensor/tensor.js";

/**
 * Nested JS arrays of the elements; booleans for bool; a plain number for a 0-d tensor; a
 * `[re, im]` pair for each complex element.
 */
export function toArray(x: Tensor): NestedArray {
  const data = x.concreteData();
  const isBool = x.dtype === "bool";
  const complex = isComplex(x.dtype);
  const at = (i: number): NestedArray => (complex ? [data[2 * i]!, data[2 * i + 1]!] : isBool ? data[i] !== 0 : data[i]!);
  if (x.shape.length === 0) return at(0);
  let offset = 0;
  const build = (d: number): NestedArray[] => {
    const n = x.shape[d]!;
    const out = new Array<NestedArray>(n);
    for (let i = 0; i < n; i++) out[i] = d === x.shape.length - 1 ? at(offset++) : build(d + 1);
    return out;
  };
  return build(0);
}
