/** Test domains of the bitwise and integer primitives (xor, shifts, population count, count of leading zeros) (spread into laws/domains.ts). */
import * as fc from "fast-check";
import type { BitwiseParams } from "../src/primitives/bitwise/params.js";
import type { DType } from "../src/tensor/dtype.js";
import { BITWISE_DTYPES, INT_DTYPES, type Range, type Shape, bitsRange, dtypeArb, shapeArb, tensorArb } from "./arbitraries.js";
import type { Domain, DomainBase } from "./domains.js";

/** Shift amounts, out-of-range ones included: XLA shifts every bit out for those. */
const AMOUNTS: Range = { min: -3, max: 40 };

const binaryShapes = shapeArb().chain((s) => fc.constantFrom<[Shape, Shape]>([s, s], [s, []], [[], s]));

function unary<N extends keyof BitwiseParams>(name: N, dtypes: readonly DType[]): DomainBase<N> {
  return {
    cases: (v) =>
      fc.tuple(shapeArb(), dtypeArb(dtypes)).chain(([shape, dtype]) =>
        tensorArb(shape, dtype, v, bitsRange(dtype)).map((x) => ({ name, inputs: [x], params: {} as BitwiseParams[N] })),
      ),
  };
}

function binary<N extends keyof BitwiseParams>(name: N, dtypes: readonly DType[], rb: (dtype: DType) => Range): DomainBase<N> {
  return {
    cases: (v) =>
      fc.tuple(binaryShapes, dtypeArb(dtypes)).chain(([[sa, sb], dtype]) =>
        fc
          .tuple(tensorArb(sa, dtype, v, bitsRange(dtype)), tensorArb(sb, dtype, v, rb(dtype)))
          .map(([a, b]) => ({ name, inputs: [a, b], params: {} as BitwiseParams[N] })),
      ),
  };
}

/** One domain per primitive of this area. */
export const bitwiseDomains: { readonly [N in keyof BitwiseParams]: Domain<N> } = {
  xor: binary("xor", BITWISE_DTYPES, bitsRange),
  shift_left: binary("shift_left", INT_DTYPES, () => AMOUNTS),
  shift_right_arithmetic: binary("shift_right_arithmetic", INT_DTYPES, () => AMOUNTS),
  population_count: unary("population_count", INT_DTYPES),
  clz: unary("clz", INT_DTYPES),
};
