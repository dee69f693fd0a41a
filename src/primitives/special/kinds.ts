/**
 * The rules the special functions share: a float elementwise unary primitive whose reference
 * kernel applies a float64 scalar function (src/tensor/kernels/special-math.ts) to each element.
 * float32 inputs are widened exactly and the float64 result is rounded once, on store.
 */
import { aval, type Aval } from "../../ir/types.js";
import { allocate, type DataArray } from "../../tensor/dtype.js";
import { fromData } from "../../tensor/from-js.js";
import type { Tensor } from "../../tensor/tensor.js";
import { passThroughBatch } from "../batching.js";
import { checkDType, type ElementwiseRules } from "../kinds.js";
import * as ops from "../ops.js";
import type { SpecialParams } from "./params.js";

/** A special function of one float argument. */
export type SpecialUnaryName = Exclude<keyof SpecialParams, "polygamma">;

/** f applied to every element of x, into a fresh array of x's dtype. */
export function mapFloat(f: (x: number) => number, x: DataArray, dtype: Tensor["dtype"]): DataArray {
  const out = allocate(dtype, x.length);
  for (let i = 0; i < x.length; i++) out[i] = f(x[i]!);
  return out;
}

/** Shape rule, reference kernel and batching rule of a float unary special function. */
export function specialUnary<N extends SpecialUnaryName>(name: N, f: (x: number) => number): ElementwiseRules<N, 1> {
  return {
    kind: "elementwise",
    operands: 1,
    batchRule: passThroughBatch<N>((x) => ops.unaryOp(name, x)),
    shapeRule: ([x]: readonly Aval[]): Aval[] => {
      checkDType(name, "args[0]", x!.dtype, "float");
      return [aval(x!.shape, x!.dtype)];
    },
    impl: ([x]: readonly Tensor[], _p: unknown, [o]: readonly Aval[]): Tensor[] => [fromData(o!.shape, o!.dtype, mapFloat(f, x!.concreteData(), o!.dtype))],
  };
}
