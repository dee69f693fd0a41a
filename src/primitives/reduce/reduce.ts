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
import { definePrimitive, pendingRule } from "../rule-types.js";

function reduction(name: string, kernel: ReduceKernel) {
  return {
    shapeRule: ([x]: readonly Aval[], { axes }: { readonly axes: readonly number[] }): Aval[] => {
      checkDType(name, "args[0]", x!.dtype, name === "reduce_sum" || name === "reduce_prod" ? "numeric" : "any");
      const norm = normalizeAxes(axes, x!.shape.length, name);
      return [aval(x!.shape.filter((_, i) => !norm.includes(i)), x!.dtype)];
    },
    impl: ([x]: readonly Tensor[], { axes }: { readonly axes: readonly number[] }, [o]: readonly Aval[]): Tensor[] => [
      fromData(o!.shape, o!.dtype, reduce(kernel, x!.concreteData(), x!.shape, normalizeAxes(axes, x!.shape.length, name), o!.dtype)),
    ],
  };
}

/** Σ over `axes`. Linear. */
export const reduceSum = definePrimitive({
  name: "reduce_sum",
  ...reduction("reduce_sum", "sum"),
  jvpRule: pendingRule("jvp"),
  transposeRule: pendingRule("transpose"),
  batchRule: pendingRule("batch"),
});

/** max over `axes` (NaN-propagating; −inf when empty). */
export const reduceMax = definePrimitive({
  name: "reduce_max",
  ...reduction("reduce_max", "max"),
  jvpRule: pendingRule("jvp"),
  transposeRule: "nonlinear",
  batchRule: pendingRule("batch"),
});

/** min over `axes` (NaN-propagating; +inf when empty). */
export const reduceMin = definePrimitive({
  name: "reduce_min",
  ...reduction("reduce_min", "min"),
  jvpRule: pendingRule("jvp"),
  transposeRule: "nonlinear",
  batchRule: pendingRule("batch"),
});

/** Π over `axes` (1 when empty). */
export const reduceProd = definePrimitive({
  name: "reduce_prod",
  ...reduction("reduce_prod", "prod"),
  jvpRule: pendingRule("jvp"),
  transposeRule: "nonlinear",
  batchRule: pendingRule("batch"),
});
