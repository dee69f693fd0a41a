/**
 * scatter_add[axis](x, indices, updates) adds `updates` into x at `indices` along `axis` (the
 * transpose of gather; duplicates accumulate); scatter[axis] overwrites instead (x.at(i).set(v)).
 * `updates` has gather's output shape. Both are linear in (x, updates).
 */
import { DTypeError, ShapeError, fmtShape } from "../../errors.js";
import { type Aval, aval } from "../../ir/types.js";
import { fromData } from "../../tensor/from-js.js";
import { scatterAdd as addKernel, scatterSet as setKernel } from "../../tensor/kernels/gather.js";
import { shapesEqual } from "../../tensor/shape.js";
import { definePrimitive, pendingRule } from "../rule-types.js";
import { gatheredShape } from "./gather.js";

function scatterShapeRule(op: string) {
  return ([x, i, u]: readonly Aval[], { axis }: { readonly axis: number }): Aval[] => {
    const want = gatheredShape(op, x!, i!, axis);
    if (!shapesEqual(want, u!.shape)) {
      throw new ShapeError(`${op}: updates (args[2]) have shape ${fmtShape(u!.shape)} but indexing gives ${fmtShape(want)}; broadcast the updates first.`);
    }
    if (u!.dtype !== x!.dtype) {
      throw new DTypeError(`${op}: updates have dtype ${u!.dtype} but the operand has ${x!.dtype}; cast with np.astype.`);
    }
    return [aval(x!.shape, x!.dtype)];
  };
}

export const scatterAdd = definePrimitive({
  name: "scatter_add",
  shapeRule: scatterShapeRule("scatter_add"),
  impl: ([x, i, u], { axis }, [o]) => [
    fromData(o!.shape, o!.dtype, addKernel(x!.concreteData(), x!.shape, i!.concreteData() as Int32Array, i!.shape, u!.concreteData(), axis)),
  ],
  jvpRule: pendingRule("jvp"),
  transposeRule: pendingRule("transpose"),
  batchRule: pendingRule("batch"),
});

export const scatter = definePrimitive({
  name: "scatter",
  shapeRule: scatterShapeRule("scatter"),
  impl: ([x, i, u], { axis }, [o]) => [
    fromData(o!.shape, o!.dtype, setKernel(x!.concreteData(), x!.shape, i!.concreteData() as Int32Array, i!.shape, u!.concreteData(), axis)),
  ],
  jvpRule: pendingRule("jvp"),
  transposeRule: pendingRule("transpose"),
  batchRule: pendingRule("batch"),
});
