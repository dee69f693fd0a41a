/**
 * convert_element_type[newDtype](x): casts. float→int truncates toward zero (NaN → 0, saturating);
 * anything→bool is x ≠ 0. Linear between float dtypes.
 */
import { aval } from "../../ir/types.js";
import { fromData } from "../../tensor/from-js.js";
import { convert } from "../../tensor/kernels/elementwise.js";
import { definePrimitive, pendingRule } from "../rule-types.js";

export const convertElementType = definePrimitive({
  name: "convert_element_type",
  shapeRule: ([x], { newDtype }) => [aval(x!.shape, newDtype)],
  impl: ([x], { newDtype }, [o]) => [fromData(o!.shape, newDtype, convert(x!.concreteData(), newDtype))],
  jvpRule: pendingRule("jvp"),
  transposeRule: pendingRule("transpose"),
  batchRule: pendingRule("batch"),
});
