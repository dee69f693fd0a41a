/**
 * select(pred, onTrue, onFalse): picks elementwise. `pred` is bool; the branches share one dtype;
 * each operand has the output shape or is a scalar. Linear in the branches.
 */
import { DTypeError } from "../../errors.js";
import { type Aval, aval } from "../../ir/types.js";
import { fromData } from "../../tensor/from-js.js";
import { select as selectKernel } from "../../tensor/kernels/elementwise.js";
import { binaryShape } from "../kinds.js";
import { constant, instantiate, isZero, unbroadcast, zeroLike } from "../ad.js";
import * as ops from "../ops.js";
import { elementwiseBatch } from "../batching.js";
import { UndefinedPrimal, definePrimitive } from "../rule-types.js";
import type { Tensor } from "../../tensor/tensor.js";

export const select = definePrimitive({
  name: "select",
  kind: "elementwise",
  shapeRule: ([p, t, f]: readonly Aval[]): Aval[] => {
    if (p!.dtype !== "bool") {
      throw new DTypeError(`select: the predicate (args[0]) has dtype ${p!.dtype}; it must be bool. Compare first (np.greater(x, 0)).`);
    }
    if (t!.dtype !== f!.dtype) {
      throw new DTypeError(`select: the branches have dtypes ${t!.dtype} and ${f!.dtype} (args[1], args[2]); cast one with np.astype.`);
    }
    const shape = binaryShape("select", aval(binaryShape("select", p!, t!), t!.dtype), f!);
    return [aval(shape, t!.dtype)];
  },
  impl: ([p, t, f], _params, [o]) => [
    fromData(
      o!.shape,
      o!.dtype,
      selectKernel(p!.concreteData() as Uint8Array, p!.shape, t!.concreteData(), t!.shape, f!.concreteData(), f!.shape, o!.shape, o!.dtype),
    ),
  ],
  // d select(p, x, y) = select(p, dx, dy); the predicate has no tangent.
  jvpRule: ([p, t, f], [, dt, df]) => {
    const out = ops.select(p!, t!, f!);
    if (isZero(dt) && isZero(df)) return [[out], [zeroLike(out)]];
    return [[out], [ops.select(p!, instantiate(dt!), instantiate(df!))]];
  },
  // Linear in the branches: each gets the cotangent where it was chosen, zero elsewhere.
  transposeRule: ([ct], [p, t, f]) => {
    const c = instantiate(ct!);
    const zero = constant(0, c);
    return [
      zeroLike(p as Tensor),
      t instanceof UndefinedPrimal ? unbroadcast(ops.select(p as Tensor, c, zero), t.aval) : zeroLike(c),
      f instanceof UndefinedPrimal ? unbroadcast(ops.select(p as Tensor, zero, c), f.aval) : zeroLike(c),
    ];
  },
  batchRule: elementwiseBatch(([p, t, f]) => ops.select(p!, t!, f!)),
});
