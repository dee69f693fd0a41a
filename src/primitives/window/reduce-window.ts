/**
 * reduce_window_sum / reduce_window_max / reduce_window_min[geometry](x): JAX's monoid window
 * reductions. The sum is linear; its transpose is a windowed sum of the cotangent, dilated by the
 * strides and padded so each input collects the windows it fell in (JAX's rule, the padding of a
 * convolution's input gradient). The max and min are not linear: their tangent is the tangent at
 * each window's first extremum (select_and_gather_add), whose transpose in turn is
 * select_and_scatter_add — so grad of grad works. Batching inserts a one-tap window dim at the batch axis.
 */
import { type Aval, aval } from "../../ir/types.js";
import { type DType, isFloat } from "../../tensor/dtype.js";
import { fromData } from "../../tensor/from-js.js";
import { type WindowOp, dilateDim, reduceWindow as kernel } from "../../tensor/kernels/window.js";
import type { Tensor } from "../../tensor/tensor.js";
import { instantiate, isZero, linearJvp, zeroLike } from "../ad.js";
import * as ops from "../ops.js";
import { type BatchRule, type Tangent, type UndefinedPrimal, definePrimitive } from "../rule-types.js";
import { type ReduceWindowName, reduceWindow, selectAndGatherAdd, withUnitDim } from "./ops.js";
import type { WindowGeometry } from "./params.js";
import { checkWindowDtype, windowShape } from "./shape.js";

const NUMBERS: readonly DType[] = ["float32", "float64", "int32", "uint32"];
const ORDERED: readonly DType[] = [...NUMBERS, "bool"];

/** Shape rule, kernel and batching rule of one window reduction. */
function windowRules(name: ReduceWindowName, op: WindowOp, dtypes: readonly DType[]) {
  return {
    kind: "reduce" as const,
    shapeRule: ([x]: readonly Aval[], g: WindowGeometry): Aval[] => {
      checkWindowDtype(name, "args[0]", x!.dtype, dtypes);
      return [aval(windowShape(name, x!, g), x!.dtype)];
    },
    impl: ([x]: readonly Tensor[], g: WindowGeometry, [o]: readonly Aval[]): Tensor[] => [
      fromData(o!.shape, o!.dtype, kernel(op, x!.concreteData(), x!.shape, g, o!.dtype)),
    ],
    // The batch axis becomes a window dim of one tap: every example is reduced in one call.
    batchRule: (([x], [bd], g) => [[reduceWindow(name, x!, withUnitDim(g, bd!))], [bd!]]) as BatchRule<ReduceWindowName>,
  };
}

/** The windowed sum. Linear; float32 accumulates in float64. */
export const reduceWindowSum = definePrimitive({
  name: "reduce_window_sum",
  ...windowRules("reduce_window_sum", "sum", NUMBERS),
  jvpRule: linearJvp(([x], g) => [reduceWindow("reduce_window_sum", x!, g)]),
  // ct ↦ windowed sum (strides = baseDilation) of ct dilated by the strides and padded by
  // (span − 1 − lo) before and the rest after, so input i sums the cotangents of the windows holding it.
  transposeRule: ([ct], [x], g) => {
    const xa = (x as UndefinedPrimal).aval;
    if (isZero(ct)) return [zeroLike(xa)];
    const c = instantiate(ct!);
    const config = xa.shape.map((n, i) => {
      const span = dilateDim(g.windowDimensions[i]!, g.windowDilation[i]!);
      const before = span - g.padding[i]![0] - 1;
      const after = dilateDim(n, g.baseDilation[i]!) + span - 1 - dilateDim(c.shape[i]!, g.windowStrides[i]!) - before;
      return [before, after, g.windowStrides[i]! - 1] as const;
    });
    const ones = xa.shape.map(() => 1);
    return [
      reduceWindow("reduce_window_sum", ops.pad(c, 0, config), {
        windowDimensions: g.windowDimensions,
        windowStrides: g.baseDilation,
        padding: xa.shape.map(() => [0, 0] as const),
        baseDilation: ones,
        windowDilation: g.windowDilation,
      }),
    ];
  },
});

/** The tangent of a windowed max/min: the tangent at each window's first extremum. */
function chooserJvp(name: "reduce_window_max" | "reduce_window_min", selectPrim: "ge" | "le") {
  return ([x]: readonly Tensor[], [dx]: readonly Tangent[], g: WindowGeometry): [Tensor[], Tangent[]] => {
    const y = reduceWindow(name, x!, g);
    if (isZero(dx) || !isFloat(y.dtype)) return [[y], [zeroLike(y)]];
    return [[y], [selectAndGatherAdd(dx!, x!, { ...g, selectPrim })]];
  };
}

/** The windowed maximum (NaN propagates; padding is −∞ or the dtype's least value). */
export const reduceWindowMax = definePrimitive({
  name: "reduce_window_max",
  ...windowRules("reduce_window_max", "max", ORDERED),
  jvpRule: chooserJvp("reduce_window_max", "ge"),
  transposeRule: "nonlinear",
});

/** The windowed minimum (NaN propagates; padding is +∞ or the dtype's greatest value). */
export const reduceWindowMin = definePrimitive({
  name: "reduce_window_min",
  ...windowRules("reduce_window_min", "min", ORDERED),
  jvpRule: chooserJvp("reduce_window_min", "le"),
  transposeRule: "nonlinear",
});
