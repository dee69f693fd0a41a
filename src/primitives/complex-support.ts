/**
 * Complex operands for the elementwise primitives that have a complex meaning. The kind factories
 * (kinds.ts) state real dtype classes; these wrappers let a complex operand through the shape rule
 * and route it to the complex kernels (tensor/kernels/complex-math.ts), leaving the real path as
 * it was. The CPU backend runs every complex equation on these reference kernels (never fused).
 *
 * Only the shape rule and the kernel change. Each primitive keeps its jvpRule, transposeRule and
 * batchRule in its own file: they are written with primitives that take complex operands
 * themselves (exp's tangent is t·exp x), so for the holomorphic functions they hold for complex
 * values as they stand, and batching is dtype-blind. abs, whose |z| is not holomorphic, states its
 * complex derivative in its own jvpRule (unary.ts).
 */
import { DTypeError } from "../errors.js";
import { type Aval, aval } from "../ir/types.js";
import { type ComplexDType, isComplex, realPartDType } from "../tensor/dtype.js";
import { fromData } from "../tensor/from-js.js";
import { type ComplexFn, type ComplexFn2, complexAbs, complexBinary, complexCompare, complexUnary } from "../tensor/kernels/complex-math.js";
import { sizeOf } from "../tensor/shape.js";
import type { Tensor } from "../tensor/tensor.js";
import { binaryShape } from "./kinds.js";
import type { PrimitiveName } from "./params.js";

interface Rules {
  readonly shapeRule: (inputs: readonly Aval[]) => Aval[];
  readonly impl: (inputs: readonly Tensor[], params: unknown, outAvals: readonly Aval[]) => Tensor[];
}

/**
 * A unary elementwise primitive's rules extended to complex operands: `fn` on each element, or
 * `"abs"` (|z|, a real result of the part's dtype).
 */
export function withComplexUnary<R extends Rules>(rules: R, fn: ComplexFn | "abs"): R {
  return {
    ...rules,
    shapeRule: (inputs: readonly Aval[]): Aval[] => {
      const x = inputs[0]!;
      if (!isComplex(x.dtype)) return rules.shapeRule(inputs);
      return [aval(x.shape, fn === "abs" ? realPartDType(x.dtype) : x.dtype)];
    },
    impl: (inputs: readonly Tensor[], params: unknown, outAvals: readonly Aval[]): Tensor[] => {
      const x = inputs[0]!, o = outAvals[0]!;
      if (!isComplex(x.dtype)) return rules.impl(inputs, params, outAvals);
      const data = fn === "abs" ? complexAbs(x.concreteData(), o.dtype) : complexUnary(fn, x.concreteData(), o.dtype as ComplexDType);
      return [fromData(o.shape, o.dtype, data)];
    },
  } as R;
}

/**
 * A binary elementwise primitive's rules extended to complex operands (both of one complex
 * dtype): `fn` on each pair, or `"eq"`/`"ne"` (a bool result).
 */
export function withComplexBinary<R extends Rules>(name: PrimitiveName, rules: R, fn: ComplexFn2 | "eq" | "ne"): R {
  return {
    ...rules,
    shapeRule: (inputs: readonly Aval[]): Aval[] => {
      const [a, b] = inputs as [Aval, Aval];
      if (!isComplex(a.dtype) && !isComplex(b.dtype)) return rules.shapeRule(inputs);
      if (a.dtype !== b.dtype) {
        throw new DTypeError(`${name}: operand dtypes differ (${a.dtype} and ${b.dtype}); cast one with np.astype (np functions promote for you).`);
      }
      return [aval(binaryShape(name, a, b), typeof fn === "string" ? "bool" : a.dtype)];
    },
    impl: (inputs: readonly Tensor[], params: unknown, outAvals: readonly Aval[]): Tensor[] => {
      const [a, b] = inputs as [Tensor, Tensor];
      const o = outAvals[0]!;
      if (!isComplex(a.dtype)) return rules.impl(inputs, params, outAvals);
      const n = sizeOf(o.shape);
      const data = typeof fn === "string" ? complexCompare(fn === "eq", a.concreteData(), b.concreteData(), n) : complexBinary(fn, a.concreteData(), b.concreteData(), n, o.dtype as ComplexDType);
      return [fromData(o.shape, o.dtype, data)];
    },
  } as R;
}
