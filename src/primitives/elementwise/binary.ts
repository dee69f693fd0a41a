/**
 * Elementwise binary primitives: arithmetic, logic and comparisons. Operands have equal shapes or
 * one is a scalar, and equal dtypes (np promotes and broadcasts before binding). Transposes sum a
 * cotangent back down to a scalar operand's shape.
 */
import { NonDifferentiableError } from "../../errors.js";
import { type Aval } from "../../ir/types.js";
import type { Tensor } from "../../tensor/tensor.js";
import { addTangents, avalOfTensor, constant, hasTangent, instantiate, isZero, mapTangent, unbroadcast, zeroJvp, zeroLike } from "../ad.js";
import { cadd, cdiv, cmul, cpow, csub } from "../../tensor/kernels/complex-math.js";
import { binaryElementwise } from "../kinds.js";
import { withComplexBinary } from "../complex-support.js";
import * as ops from "../ops.js";
import type { PrimitiveName } from "../params.js";
import { type JvpRule, type Tangent, UndefinedPrimal, definePrimitive } from "../rule-types.js";

type NoParamBinary = ops.NoParamsName;

/** A jvp rule for x ∘ y from the tangent formula, skipping integer outputs. */
function binaryJvp<N extends PrimitiveName>(name: NoParamBinary, tangent: (x: Tensor, y: Tensor, dx: Tangent, dy: Tangent, out: Tensor) => Tangent): JvpRule<N> {
  return ([x, y], [dx, dy]) => {
    const out = ops.binaryOp(name, x!, y!);
    if (!hasTangent(avalOfTensor(out)) || (isZero(dx) && isZero(dy))) return [[out], [zeroLike(out)]];
    return [[out], [tangent(x!, y!, dx!, dy!, out)]];
  };
}

/** Both operands linear: the product is not a linear map, so it cannot be transposed. */
function bothLinear(op: string, x: unknown, y: unknown): void {
  if (x instanceof UndefinedPrimal && y instanceof UndefinedPrimal) {
    throw new NonDifferentiableError(`transpose: ${op} of two values that both depend on the input is not linear; only linear functions can be transposed.`);
  }
}

/** The operand's aval when it is the linear (undefined) one. */
const linearAval = (v: Tensor | UndefinedPrimal | undefined): Aval | undefined => (v instanceof UndefinedPrimal ? v.aval : undefined);

/** Cotangent for a linear operand: `f(ct)` summed to its shape, or nothing for a known operand. */
function ctFor(v: Tensor | UndefinedPrimal | undefined, ct: Tensor, f: (ct: Tensor) => Tensor): Tangent {
  const a = linearAval(v);
  return a === undefined ? zeroLike(ct) : unbroadcast(f(ct), a);
}

/** d(x + y) = dx + dy. Linear; transpose sends ct to both. */
export const add = definePrimitive({
  name: "add",
  ...withComplexBinary("add", binaryElementwise("add", "add", "numeric"), cadd),
  jvpRule: binaryJvp("add", (_x, _y, dx, dy, out) => addTangents(dx, dy, out.shape)),
  transposeRule: ([ct], [x, y]) => [ctFor(x, instantiate(ct!), (c) => c), ctFor(y, instantiate(ct!), (c) => c)],
});

/** d(x − y) = dx − dy. Linear; transpose (ct, −ct). */
export const sub = definePrimitive({
  name: "sub",
  ...withComplexBinary("sub", binaryElementwise("sub", "sub", "numeric"), csub),
  jvpRule: binaryJvp("sub", (_x, _y, dx, dy, out) => addTangents(dx, mapTangent(dy, ops.neg, avalOfTensor(out)), out.shape)),
  transposeRule: ([ct], [x, y]) => [ctFor(x, instantiate(ct!), (c) => c), ctFor(y, instantiate(ct!), ops.neg)],
});

/** d(x·y) = dx·y + x·dy. Linear in whichever operand is unknown; transpose multiplies by the other. */
export const mul = definePrimitive({
  name: "mul",
  ...withComplexBinary("mul", binaryElementwise("mul", "mul", "numeric"), cmul),
  jvpRule: binaryJvp("mul", (x, y, dx, dy, out) =>
    addTangents(mapTangent(dx, (t) => ops.mul(t, y), avalOfTensor(out)), mapTangent(dy, (t) => ops.mul(x, t), avalOfTensor(out)), out.shape),
  ),
  transposeRule: ([ct], [x, y]) => {
    bothLinear("mul", x, y);
    return [
    ctFor(x, instantiate(ct!), (c) => ops.mul(c, y as Tensor)),
    ctFor(y, instantiate(ct!), (c) => ops.mul(x as Tensor, c)),
    ];
  },
});

/** d(x/y) = dx/y − (x/y)·dy/y. Linear in x; transpose ct/y. */
export const div = definePrimitive({
  name: "div",
  ...withComplexBinary("div", binaryElementwise("div", "div", "numeric"), cdiv),
  jvpRule: binaryJvp("div", (_x, y, dx, dy, out) =>
    addTangents(
      mapTangent(dx, (t) => ops.div(t, y), avalOfTensor(out)),
      mapTangent(dy, (t) => ops.neg(ops.div(ops.mul(out, t), y)), avalOfTensor(out)),
      out.shape,
    ),
  ),
  transposeRule: ([ct], [x, y]) => {
    if (y instanceof UndefinedPrimal) {
      throw new NonDifferentiableError("transpose: div with a denominator that depends on the input is not linear; only linear functions can be transposed.");
    }
    return [ctFor(x, instantiate(ct!), (c) => ops.div(c, y as Tensor)), zeroLike(instantiate(ct!))];
  },
});

/**
 * d xʸ = y·x^(y−1)·dx + log(x)·xʸ·dy. The dy part uses log 1 = 0 where x = 0 (so 0ʸ is smooth in
 * y); ∂x at x = 0, y = 0 is 0·∞ = NaN, as RELIABILITY.md pins.
 */
export const pow = definePrimitive({
  name: "pow",
  ...withComplexBinary("pow", binaryElementwise("pow", "pow", "numeric"), cpow),
  jvpRule: binaryJvp("pow", (x, y, dx, dy, out) => {
    const dxPart = mapTangent(dx, (t) => ops.mul(t, ops.mul(y, ops.binaryOp("pow", x, ops.sub(y, constant(1, y))))), avalOfTensor(out));
    const safeX = ops.select(ops.binaryOp("eq", x, constant(0, x)), constant(1, x), x);
    const dyPart = mapTangent(dy, (t) => ops.mul(t, ops.mul(ops.log(safeX), out)), avalOfTensor(out));
    return addTangents(dxPart, dyPart, out.shape);
  }),
  transposeRule: "nonlinear",
});

/**
 * The weight of x in d max(x, y) (or min) with output `out`: JAX's `_balanced_eq`,
 * [x = out] / ([y = out] ? 2 : 1). So the winner takes the derivative, ties split it 0.5/0.5, and a
 * NaN result (a NaN operand) gives both operands 0 — the other operand did not produce the value.
 */
function balancedWeight(x: Tensor, y: Tensor, out: Tensor): Tensor {
  const share = ops.select(ops.binaryOp("eq", y, out), constant(0.5, x), constant(1, x));
  return ops.select(ops.binaryOp("eq", x, out), share, constant(0, x));
}

function extremumJvp<N extends PrimitiveName>(name: "max" | "min"): JvpRule<N> {
  return binaryJvp(name, (x, y, dx, dy, out) => {
    // A scalar operand compares against the whole output (select and eq broadcast scalars).
    return addTangents(
      mapTangent(dx, (t) => ops.mul(t, balancedWeight(x, y, out)), avalOfTensor(out)),
      mapTangent(dy, (t) => ops.mul(t, balancedWeight(y, x, out)), avalOfTensor(out)),
      out.shape,
    );
  });
}

/** d max(x, y) follows the larger operand; ties split 0.5/0.5; a NaN result has derivative 0 for both (as JAX). */
export const max = definePrimitive({ name: "max", ...binaryElementwise("max", "max", "numeric"), jvpRule: extremumJvp("max"), transposeRule: "nonlinear" });
/** d min(x, y) follows the smaller operand; ties split 0.5/0.5; a NaN result has derivative 0 for both (as JAX). */
export const min = definePrimitive({ name: "min", ...binaryElementwise("min", "min", "numeric"), jvpRule: extremumJvp("min"), transposeRule: "nonlinear" });

/** C-style remainder: d rem(x, y) = dx − trunc(x/y)·dy. */
export const rem = definePrimitive({
  name: "rem",
  ...binaryElementwise("rem", "rem", "numeric"),
  jvpRule: binaryJvp("rem", (x, y, dx, dy, out) => {
    const q = ops.div(x, y);
    const trunc = ops.mul(ops.unaryOp("sign", q), ops.unaryOp("floor", ops.unaryOp("abs", q)));
    return addTangents(dx, mapTangent(dy, (t) => ops.neg(ops.mul(t, trunc)), avalOfTensor(out)), out.shape);
  }),
  transposeRule: "nonlinear",
});

const noTangent = <N extends PrimitiveName>(name: NoParamBinary) => zeroJvp<N>(([x, y]) => [ops.binaryOp(name, x!, y!)]);

/** Logical and of bool, bitwise and of int32/uint32. */
export const and = definePrimitive({ name: "and", ...binaryElementwise("and", "and", "bitwise"), jvpRule: noTangent("and"), transposeRule: "nonlinear" });
/** Logical or of bool, bitwise or of int32/uint32. */
export const or = definePrimitive({ name: "or", ...binaryElementwise("or", "or", "bitwise"), jvpRule: noTangent("or"), transposeRule: "nonlinear" });
/** x >>> y on int32/uint32 bit patterns, 0 where y is outside [0, 32) (XLA). */
export const shiftRightLogical = definePrimitive({ name: "shift_right_logical", ...binaryElementwise("shift_right_logical", "shift_right_logical", "int"), jvpRule: noTangent("shift_right_logical"), transposeRule: "nonlinear" });
/** x < y. */
export const lt = definePrimitive({ name: "lt", ...binaryElementwise("lt", "lt", "any", "bool"), jvpRule: noTangent("lt"), transposeRule: "nonlinear" });
/** x ≤ y. */
export const le = definePrimitive({ name: "le", ...binaryElementwise("le", "le", "any", "bool"), jvpRule: noTangent("le"), transposeRule: "nonlinear" });
/** x > y. */
export const gt = definePrimitive({ name: "gt", ...binaryElementwise("gt", "gt", "any", "bool"), jvpRule: noTangent("gt"), transposeRule: "nonlinear" });
/** x ≥ y. */
export const ge = definePrimitive({ name: "ge", ...binaryElementwise("ge", "ge", "any", "bool"), jvpRule: noTangent("ge"), transposeRule: "nonlinear" });
/** x = y. */
export const eq = definePrimitive({ name: "eq", ...withComplexBinary("eq", binaryElementwise("eq", "eq", "any", "bool"), "eq"), jvpRule: noTangent("eq"), transposeRule: "nonlinear" });
/** x ≠ y. */
export const ne = definePrimitive({ name: "ne", ...withComplexBinary("ne", binaryElementwise("ne", "ne", "any", "bool"), "ne"), jvpRule: noTangent("ne"), transposeRule: "nonlinear" });
