/**
 * Test domains of the elementwise math primitives (inverse and hyperbolic trig, atan2, cbrt, …) (spread into laws/domains.ts).
 * Each stays where its function is smooth: |x| < 1 for asin/acos/atanh (clear of the poles of
 * their derivatives at ±1), x > 1 for acosh, x ≠ 0 for cbrt (∛′(0) = ∞) and for atan2's first
 * argument (its branch cut is x = 0, y < 0).
 */
import * as fc from "fast-check";
import type { MathParams } from "../src/primitives/math/params.js";
import type { PrimitiveParams } from "../src/primitives/params.js";
import { FLOAT_DTYPES, type Range, type Shape, dtypeArb, shapeArb, tensorArb } from "./arbitraries.js";
import type { Domain, DomainBase } from "./domains.js";

type Name = keyof MathParams;

function unary<N extends Name>(name: N, r?: Range): DomainBase<N> {
  return {
    cases: (v) =>
      fc
        .tuple(shapeArb(), dtypeArb(FLOAT_DTYPES))
        .chain(([shape, dtype]) => tensorArb(shape, dtype, v, r).map((x) => ({ name, inputs: [x], params: {} as PrimitiveParams[N] }))),
  };
}

/** Operand shapes of an elementwise binary primitive: equal, or one of them a scalar. */
const binaryShapes = (): fc.Arbitrary<[Shape, Shape]> => shapeArb().chain((s) => fc.constantFrom<[Shape, Shape]>([s, s], [s, []], [[], s]));

function binary<N extends Name>(name: N, ra?: Range, rb?: Range): DomainBase<N> {
  return {
    cases: (v) =>
      fc.tuple(binaryShapes(), dtypeArb(FLOAT_DTYPES)).chain(([[sa, sb], dtype]) =>
        fc
          .tuple(tensorArb(sa, dtype, v, ra), tensorArb(sb, dtype, v, rb))
          .map(([a, b]) => ({ name, inputs: [a, b], params: {} as PrimitiveParams[N] })),
      ),
  };
}

const insideUnit: Range = { min: -0.9, max: 0.9 };

/** One domain per primitive of this area. */
export const mathDomains: { readonly [N in Name]: Domain<N> } = {
  asin: unary("asin", insideUnit),
  acos: unary("acos", insideUnit),
  atan: unary("atan"),
  sinh: unary("sinh", { min: -5, max: 5 }),
  cosh: unary("cosh", { min: -5, max: 5 }),
  asinh: unary("asinh"),
  acosh: unary("acosh", { min: 1.1, max: 10 }),
  atanh: unary("atanh", insideUnit),
  cbrt: unary("cbrt", { nonZero: true }),
  exp2: unary("exp2"),
  is_finite: unary("is_finite"),
  atan2: binary("atan2", { nonZero: true }),
  nextafter: binary("nextafter"),
};
