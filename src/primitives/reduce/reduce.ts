/**
 * Reductions over a set of axes: reduce_sum (linear), reduce_max, reduce_min, reduce_prod.
 * The output drops the reduced axes (keepdims is a reshape in np). Sums accumulate accurately.
 */
import { type Aval, aval } from "../../ir/types.js";
import { fromData } from "../../tensor/from-js.js";
import { type ReduceKernel, reduce } from "../../tensor/kernels/reduce.js";
import { normalizeAxes } from "../../tensor/shape.js";
import type { Tensor } from "../../tensor/tensor.js";
import { checkDType } from "../kinds.js";
import { isComplex, isFloat, isInexact } from "../../tensor/dtype.js";
import { instantiate, isZero, linearJvp, zeroLike } from "../ad.js";
import * as ops from "../ops.js";
import { shiftAxis } from "../batching.js";
import { type BatchRule, type JvpRule, type UndefinedPrimal, definePrimitive } from "../rule-types.js";

/** Shape rule and kernel of a reduction over `axes` (and its kind). */
function reduction(name: string, kernel: ReduceKernel) {
  return {
    kind: "reduce" as const,
    shapeRule: ([x]: readonly Aval[], { axes }: { readonly axes: readonly number[] }): Aval[] => {
      // Sums and products have a complex meaning; max and min do not (complex has no order).
      const complexOk = isComplex(x!.dtype) && (name === "reduce_sum" || name === "reduce_prod");
      if (!complexOk) checkDType(name, "args[0]", x!.dtype, name === "reduce_sum" || name === "reduce_prod" ? "numeric" : "any");
      const norm = normalizeAxes(axes, x!.shape.length, name);
      return [aval(x!.shape.filter((_, i) => !norm.includes(i)), x!.dtype)];
    },
    impl: ([x]: readonly Tensor[], { axes }: { readonly axes: readonly number[] }, [o]: readonly Aval[]): Tensor[] => [
      fromData(o!.shape, o!.dtype, reduce(kernel, x!.concreteData(), x!.shape, normalizeAxes(axes, x!.shape.length, name), o!.dtype)),
    ],
  };
}

/** Batching of a reduction: reduce the shifted axes; the bd moves left past reduced axes before it. */
function reduceBatch(reduce: (x: Tensor, axes: readonly number[]) => Tensor): BatchRule<"reduce_sum" | "reduce_max" | "reduce_min" | "reduce_prod"> {
  return ([x], [bd], { axes }) => {
    const perExampleRank = x!.ndim - 1;
    const norm = axes.map((a) => (a < 0 ? a + perExampleRank : a));
    const shifted = norm.map((a) => shiftAxis(a, bd!));
    return [[reduce(x!, shifted)], [bd! - shifted.filter((a) => a < bd!).length]];
  };
}

/** The dims of x that survive reducing `axes` (for broadcasting results back). */
function keptDims(ndim: number, axes: readonly number[]): number[] {
  const norm = axes.map((a) => (a < 0 ? a + ndim : a));
  return Array.from({ length: ndim }, (_, i) => i).filter((i) => !norm.includes(i));
}

/** Σ over `axes`. Linear; its transpose broadcasts the cotangent back over the reduced axes. */
export const reduceSum = definePrimitive({
  name: "reduce_sum",
  ...reduction("reduce_sum", "sum"),
  jvpRule: linearJvp(([x], { axes }) => [ops.reduceSum(x!, axes)]),
  transposeRule: ([ct], [x], { axes }) => {
    const a = (x as UndefinedPrimal).aval;
    return [ops.broadcastInDim(instantiate(ct!), a.shape, keptDims(a.shape.length, axes))];
  },
  batchRule: reduceBatch(ops.reduceSum),
});

/**
 * The jvp of max/min: the tangent at the extreme location, averaged over ties (JAX's rule:
 * reduce-max ties split the derivative equally).
 */
function extremeJvp(reduce: (x: Tensor, axes: readonly number[]) => Tensor): JvpRule<"reduce_max" | "reduce_min"> {
  return ([x], [dx], { axes }) => {
    const out = reduce(x!, axes);
    if (isZero(dx) || !isFloat(out.dtype)) return [[out], [zeroLike(out)]];
    const location = ops.convert(ops.binaryOp("eq", x!, ops.broadcastInDim(out, x!.shape, keptDims(x!.ndim, axes))), x!.dtype);
    const counts = ops.reduceSum(location, axes);
    return [[out], [ops.div(ops.reduceSum(ops.mul(dx!, location), axes), counts)]];
  };
}

/** max over `axes` (NaN-propagating; −inf when empty). */
export const reduceMax = definePrimitive({
  name: "reduce_max",
  ...reduction("reduce_max", "max"),
  jvpRule: extremeJvp(ops.reduceMax),
  transposeRule: "nonlinear",
  batchRule: reduceBatch(ops.reduceMax),
});

/** min over `axes` (NaN-propagating; +inf when empty). */
export const reduceMin = definePrimitive({
  name: "reduce_min",
  ...reduction("reduce_min", "min"),
  jvpRule: extremeJvp(ops.reduceMin),
  transposeRule: "nonlinear",
  batchRule: reduceBatch(ops.reduceMin),
});

/**
 * For every element, the product of the *other* elements of its reduction group, computed with
 * exclusive prefix and suffix products (log-depth scans of pad + mul), so zeros are handled
 * exactly — no division by x.
 */
function productOfOthers(x: Tensor, axes: readonly number[]): Tensor {
  const kept = keptDims(x.ndim, axes);
  const reduced = axes.map((a) => (a < 0 ? a + x.ndim : a));
  const perm = [...kept, ...reduced];
  const keptShape = kept.map((d) => x.shape[d]!);
  const n = reduced.reduce((p, d) => p * x.shape[d]!, 1);
  const lines = ops.reshape(ops.transpose(x, perm), [...keptShape, n]);
  const last = keptShape.length;
  const shift = (t: Tensor, by: number): Tensor =>
    ops.pad(t, 1, t.shape.map((_, i) => (i === last ? [by, -by, 0] as const : [0, 0, 0] as const)));
  const exclusiveScan = (t: Tensor): Tensor => {
    let s = t;
    for (let d = 1; d < n; d *= 2) s = ops.mul(s, shift(s, d));
    return shift(s, 1);
  };
  const before = exclusiveScan(lines);
  const after = ops.rev(exclusiveScan(ops.rev(lines, [last])), [last]);
  const others = ops.reshape(ops.mul(before, after), perm.map((p) => x.shape[p]!));
  const inverse = perm.map((_, i) => perm.indexOf(i));
  return ops.transpose(others, inverse);
}

/** Π over `axes` (1 when empty). d Π = Σᵢ dxᵢ · Π_{j≠i} xⱼ. */
export const reduceProd = definePrimitive({
  name: "reduce_prod",
  ...reduction("reduce_prod", "prod"),
  jvpRule: ([x], [dx], { axes }) => {
    const out = ops.reduceProd(x!, axes);
    if (isZero(dx) || !isInexact(out.dtype) || x!.size === 0) return [[out], [zeroLike(out)]];
    return [[out], [ops.reduceSum(ops.mul(dx!, productOfOthers(x!, axes)), axes)]];
  },
  transposeRule: "nonlinear",
  batchRule: reduceBatch(ops.reduceProd),
});
