/**
 * sort[dimension, isStable, numKeys](...operands): JAX's `sort_p`. Every operand (one shape, any
 * dtypes) is permuted alike, by a stable lexicographic order on the first `numKeys` of them; floats
 * compare as JAX's comparator canonicalises them (−0 = +0, every NaN equal and last). Its jvp sorts
 * an iota along with the operands and gathers each tangent by the permutation (JAX's rule); it is
 * not linear, so the gather is what transposes.
 */
import { isComplex } from "../../tensor/dtype.js";
import { ArgumentError, DTypeError, ShapeError, fmtShape } from "../../errors.js";
import { type Aval, aval } from "../../ir/types.js";
import { fromData } from "../../tensor/from-js.js";
import { sortLanes } from "../../tensor/kernels/sort.js";
import { shapesEqual } from "../../tensor/shape.js";
import type { Tensor } from "../../tensor/tensor.js";
import { isZero, zeroLike } from "../ad.js";
import { batchSize, batchedAtFront } from "../batching.js";
import * as ops from "../ops.js";
import { definePrimitive } from "../rule-types.js";
import { sort as bindSort, takeAlong } from "./ops.js";
import type { SortParams } from "./params.js";

function sortShapeRule(inputs: readonly Aval[], { dimension, numKeys }: SortParams): Aval[] {
  if (inputs.length === 0) throw new ArgumentError("sort: needs at least one operand; pass the array to sort.");
  const shape = inputs[0]!.shape;
  inputs.forEach((x, i) => {
    if (!shapesEqual(x.shape, shape)) {
      throw new ShapeError(`sort: operands must share one shape, but args[0] is ${fmtShape(shape)} and args[${i}] is ${fmtShape(x.shape)}; broadcast them first.`);
    }
    if (isComplex(x.dtype)) {
      throw new DTypeError(`sort: args[${i}] is ${x.dtype}; complex sorting is not supported yet. Sort by np.real(x) or np.abs(x) (np.argsort) and take along the axis.`);
    }
  });
  if (!Number.isInteger(dimension) || dimension < 0 || dimension >= shape.length) {
    throw new ShapeError(`sort: dimension ${dimension} is out of range for operands of shape ${fmtShape(shape)}; it must be in [0, ${shape.length}).`);
  }
  if (!Number.isInteger(numKeys) || numKeys < 1 || numKeys > inputs.length) {
    throw new ArgumentError(`sort: numKeys is ${numKeys}, but it must be an integer from 1 to the number of operands (${inputs.length}).`);
  }
  return inputs.map((x) => aval(x.shape, x.dtype));
}

export const sort = definePrimitive({
  name: "sort",
  kind: "reduce",
  shapeRule: sortShapeRule,
  impl: (xs: readonly Tensor[], { dimension, numKeys }, outs) => {
    const sorted = sortLanes(xs.map((x) => x.concreteData()), xs[0]!.shape, dimension, numKeys);
    return sorted.map((data, i) => fromData(outs[i]!.shape, outs[i]!.dtype, data));
  },
  jvpRule: (xs, ts, { dimension, isStable, numKeys }) => {
    const iota = ops.iota("int32", xs[0]!.shape, dimension);
    const sorted = bindSort([...xs, iota], dimension, numKeys, isStable);
    const perm = sorted.pop()!;
    return [sorted, ts.map((t, i) => (isZero(t) ? zeroLike(sorted[i]!) : takeAlong(t!, perm, dimension)))];
  },
  transposeRule: "nonlinear",
  // Every operand gets the batch dimension in front (unbatched ones broadcast), as JAX's rule does.
  batchRule: (xs, dims, { dimension, isStable, numKeys }) => {
    const size = batchSize(xs, dims);
    const front = xs.map((x, i) => batchedAtFront(x, dims[i]!, size));
    return [bindSort(front, dimension + 1, numKeys, isStable), front.map(() => 0)];
  },
});
