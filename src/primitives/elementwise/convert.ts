/**
 * convert_element_type[newDtype](x): casts, as JAX's. float→int32/uint32 truncates toward zero and
 * saturates (NaN → 0, and every negative float → uint32 0); int32↔uint32 keeps the 32 bits;
 * anything→bool is x ≠ 0; real→complex puts x in the real part; complex→real takes the real part
 * (JAX's rule; numpy warns). Linear between float and complex dtypes: the transpose of
 * real→complex is the cotangent's real part, and of complex→real the cotangent as a complex.
 */
import { aval } from "../../ir/types.js";
import { fromData } from "../../tensor/from-js.js";
import { convert } from "../../tensor/kernels/elementwise.js";
import { isInexact } from "../../tensor/dtype.js";
import { instantiate, isZero, zeroLike } from "../ad.js";
import * as ops from "../ops.js";
import { type UndefinedPrimal, definePrimitive } from "../rule-types.js";

export const convertElementType = definePrimitive({
  name: "convert_element_type",
  kind: "elementwise",
  shapeRule: ([x], { newDtype }) => [aval(x!.shape, newDtype)],
  impl: ([x], { newDtype }, [o]) => [fromData(o!.shape, newDtype, convert(x!.concreteData(), newDtype, x!.dtype))],
  // Between float and complex dtypes the tangent is cast too; to or from int/bool there is none.
  jvpRule: ([x], [dx], { newDtype }) => {
    const y = ops.convert(x!, newDtype);
    if (isZero(dx) || !isInexact(newDtype) || !isInexact(x!.dtype)) return [[y], [zeroLike(y)]];
    return [[y], [ops.convert(dx!, newDtype)]];
  },
  transposeRule: ([ct], [x]) => [ops.convert(instantiate(ct!), (x as UndefinedPrimal).aval.dtype)],
  batchRule: ([x], [bd], { newDtype }) => [[ops.convert(x!, newDtype)], [bd!]],
});
