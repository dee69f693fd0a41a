/**
 * select_and_gather_add[geometry, selectPrim](t, x) and select_and_scatter_add[…](s, x): JAX's pair
 * behind the derivatives of max and min pooling. Both pick, in each window of x, the first maximum
 * ("ge") or minimum ("le") in row-major window order (kernels/window.ts `selectedTaps`: XLA's
 * SelectAndScatter, padding and holes being candidates that hold the identity). The gather reads t
 * there (the jvp of reduce_window_max); the scatter adds each window's s there (its transpose).
 * Each is linear in its first argument and the other's transpose; the selection is piecewise
 * constant in x, so x's tangent contributes nothing (JAX's rules) and derivatives of any order close.
 * Floats only.
 */
import { DTypeError, NonDifferentiableError, ShapeError, fmtShape } from "../../errors.js";
import { type Aval, aval } from "../../ir/types.js";
import type { DType } from "../../tensor/dtype.js";
import { fromData } from "../../tensor/from-js.js";
import { gatherSelected, scatterSelected, selectedTaps } from "../../tensor/kernels/window.js";
import { shapesEqual } from "../../tensor/shape.js";
import type { Tensor } from "../../tensor/tensor.js";
import { instantiate, isZero, zeroLike } from "../ad.js";
import { batchSize, batchedAtFront } from "../batching.js";
import { type BatchRule, type JvpRule, type TransposeRule, UndefinedPrimal, definePrimitive } from "../rule-types.js";
import { selectAndGatherAdd, selectAndScatterAdd, withUnitDim } from "./ops.js";
import type { SelectWindowParams } from "./params.js";
import { checkWindowDtype, windowShape } from "./shape.js";

type SelectName = "select_and_gather_add" | "select_and_scatter_add";
const FLOATS: readonly DType[] = ["float32", "float64"];

/** Checks the two operands' dtypes (one float dtype) and the selector. */
function checkOperands(name: SelectName, first: Aval, x: Aval, selectPrim: string): void {
  checkWindowDtype(name, "args[0]", first.dtype, FLOATS);
  checkWindowDtype(name, "args[1]", x.dtype, FLOATS);
  if (first.dtype !== x.dtype) {
    throw new DTypeError(`${name}: args[0] is ${first.dtype} but args[1] is ${x.dtype}; they must have one dtype.`);
  }
  if (selectPrim !== "ge" && selectPrim !== "le") {
    throw new ShapeError(`${name}: selectPrim must be "ge" (first maximum) or "le" (first minimum); got ${String(selectPrim)}.`);
  }
}

/** The jvp of both: linear in the first operand, constant in x (the selection is piecewise constant). */
function selectJvp(bind: (a: Tensor, x: Tensor, p: SelectWindowParams) => Tensor): JvpRule<SelectName> {
  return ([a, x], [da], p) => {
    const y = bind(a!, x!, p);
    return [[y], [isZero(da) ? zeroLike(y) : bind(da!, x!, p)]];
  };
}

/** The transpose of both with respect to the first operand: the other primitive of the pair, at the same x. */
function selectTranspose(name: SelectName, other: (ct: Tensor, x: Tensor, p: SelectWindowParams) => Tensor): TransposeRule<SelectName> {
  return ([ct], [a, x], p) => {
    if (x instanceof UndefinedPrimal) {
      throw new NonDifferentiableError(`transpose: ${name} is linear in args[0] only; args[1] (the values that select) must not depend on the input.`);
    }
    const aAval = (a as UndefinedPrimal).aval;
    if (isZero(ct)) return [zeroLike(aAval), zeroLike(x!)];
    return [other(instantiate(ct!), x!, p), zeroLike(x!)];
  };
}

/** Both operands with the batch axis in front; the windows leave that axis alone. */
function selectBatch(bind: (a: Tensor, x: Tensor, p: SelectWindowParams) => Tensor): BatchRule<SelectName> {
  return ([a, x], [ba, bx], p) => {
    const size = batchSize([a!, x!], [ba!, bx!]);
    return [[bind(batchedAtFront(a!, ba!, size), batchedAtFront(x!, bx!, size), withUnitDim(p, 0))], [0]];
  };
}

/** Each window's t at the first extremum of x there (0 for a window of padding); t and x share a shape. */
export const selectAndGatherAddPrim = definePrimitive({
  name: "select_and_gather_add",
  kind: "reduce",
  shapeRule: ([t, x], p) => {
    checkOperands("select_and_gather_add", t!, x!, p.selectPrim);
    if (!shapesEqual(t!.shape, x!.shape)) {
      throw new ShapeError(`select_and_gather_add: args[0] ${fmtShape(t!.shape)} and args[1] ${fmtShape(x!.shape)} must have one shape.`);
    }
    return [aval(windowShape("select_and_gather_add", x!, p), x!.dtype)];
  },
  impl: ([t, x], p, [o]) => {
    const selected = selectedTaps(x!.concreteData(), x!.shape, p, p.selectPrim);
    return [fromData(o!.shape, o!.dtype, gatherSelected(t!.concreteData(), selected, o!.dtype))];
  },
  jvpRule: selectJvp(selectAndGatherAdd),
  transposeRule: selectTranspose("select_and_gather_add", selectAndScatterAdd),
  batchRule: selectBatch(selectAndGatherAdd),
});

/** x's shape: each window's s added onto the first extremum of x there; s has the windows' shape. */
export const selectAndScatterAddPrim = definePrimitive({
  name: "select_and_scatter_add",
  kind: "reduce",
  shapeRule: ([s, x], p) => {
    checkOperands("select_and_scatter_add", s!, x!, p.selectPrim);
    const windows = windowShape("select_and_scatter_add", x!, p);
    if (!shapesEqual(s!.shape, windows)) {
      throw new ShapeError(`select_and_scatter_add: args[0] (the source) is ${fmtShape(s!.shape)}, but the windows of args[1] ${fmtShape(x!.shape)} have shape ${fmtShape(windows)}; they must match.`);
    }
    return [aval(x!.shape, x!.dtype)];
  },
  impl: ([s, x], p, [o]) => {
    const selected = selectedTaps(x!.concreteData(), x!.shape, p, p.selectPrim);
    return [fromData(o!.shape, o!.dtype, scatterSelected(s!.concreteData(), selected, x!.size, o!.dtype))];
  },
  jvpRule: selectJvp(selectAndScatterAdd),
  transposeRule: selectTranspose("select_and_scatter_add", selectAndGatherAdd),
  batchRule: selectBatch(selectAndScatterAdd),
});
