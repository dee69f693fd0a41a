/**
 * Test domains of the complex-number constructors and parts (complex, real, imag, conj) (spread
 * into laws/domains.ts). Complex inputs are drawn only here: the random programs and the other
 * primitives' domains stay real.
 */
import * as fc from "fast-check";
import type { ComplexParams } from "../src/primitives/complex/params.js";
import { COMPLEX_DTYPES, FLOAT_DTYPES, type Shape, dtypeArb, shapeArb, tensorArb } from "./arbitraries.js";
import type { Domain } from "./domains.js";

/** Operand shapes of an elementwise binary primitive: equal, or one of them a scalar. */
const binaryShapes = shapeArb().chain((s) => fc.constantFrom<[Shape, Shape]>([s, s], [s, []], [[], s]));

/** A complex tensor of any shape, for the unary parts. */
function complexUnary<N extends "real" | "imag" | "conj">(name: N): Domain<N> {
  return {
    linearArgs: () => [[0]],
    cases: (v) =>
      fc.tuple(shapeArb(), dtypeArb(COMPLEX_DTYPES)).chain(([shape, dtype]) => tensorArb(shape, dtype, v).map((x) => ({ name, inputs: [x], params: {} }))),
  } as Domain<N>;
}

export const complexDomains: { readonly [N in keyof ComplexParams]: Domain<N> } = {
  complex: {
    // Linear in both parts jointly (with one part fixed the map is only affine).
    linearArgs: () => [[0, 1]],
    cases: (v) =>
      fc.tuple(binaryShapes, dtypeArb(FLOAT_DTYPES)).chain(([[sa, sb], dtype]) =>
        fc.tuple(tensorArb(sa, dtype, v), tensorArb(sb, dtype, v)).map(([a, b]) => ({ name: "complex" as const, inputs: [a, b], params: {} })),
      ),
  },
  real: complexUnary("real"),
  imag: complexUnary("imag"),
  conj: complexUnary("conj"),
};
