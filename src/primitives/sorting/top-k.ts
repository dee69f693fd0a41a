/**
 * top_k[k, axis](x): JAX's `top_k_p` — the k largest entries along `axis`, descending, and their
 * int32 indices; floats in IEEE total order (+NaN largest, −NaN smallest, +0 above −0, as XLA's
 * TopK), ties in index order. Its jvp gathers the tangent at the indices.
 */
import { ArgumentError, ShapeError, fmtShape } from "../../errors.js";
import { type Aval, aval } from "../../ir/types.js";
import { fromData } from "../../tensor/from-js.js";
import { topKLanes } from "../../tensor/kernels/sort.js";
import type { Tensor } from "../../tensor/tensor.js";
import { isZero, zeroLike } from "../ad.js";
import { shiftAxis } from "../batching.js";
import { checkDType } from "../kinds.js";
import { definePrimitive } from "../rule-types.js";
import { topK as bindTopK, takeAlong } from "./ops.js";
import type { TopKParams } from "./params.js";

function topKShapeRule([x]: readonly Aval[], { k, axis }: TopKParams): Aval[] {
  checkDType("top_k", "args[0]", x!.dtype, "numeric");
  const shape = x!.shape;
  if (shape.length === 0) throw new ShapeError("top_k: the operand is 0-d; it needs at least one dimension (np.atleast1d(x)).");
  if (!Number.isInteger(axis) || axis < 0 || axis >= shape.length) {
    throw new ShapeError(`top_k: axis ${axis} is out of range for an operand of shape ${fmtShape(shape)}; it must be in [0, ${shape.length}).`);
  }
  if (!Number.isInteger(k) || k < 0 || k > shape[axis]!) {
    throw new ArgumentError(`top_k: k is ${k}, but it must be an integer from 0 to the size of axis ${axis} (${shape[axis]}) of ${fmtShape(shape)}.`);
  }
  const out = shape.map((d, i) => (i === axis ? k : d));
  return [aval(out, x!.dtype), aval(out, "int32")];
}

export const topK = definePrimitive({
  name: "top_k",
  kind: "reduce",
  shapeRule: topKShapeRule,
  impl: ([x]: readonly Tensor[], { k, axis }, [v, i]) => {
    const [values, indices] = topKLanes(x!.concreteData(), x!.shape, axis, k);
    return [fromData(v!.shape, v!.dtype, values), fromData(i!.shape, "int32", indices)];
  },
  jvpRule: ([x], [dx], { k, axis }) => {
    const [values, indices] = bindTopK(x!, k, axis);
    return [[values, indices], [isZero(dx) ? zeroLike(values) : takeAlong(dx!, indices, axis), zeroLike(indices)]];
  },
  transposeRule: "nonlinear",
  batchRule: ([x], [bd], { k, axis }) => [bindTopK(x!, k, shiftAxis(axis, bd!)), [bd!, bd!]],
});
