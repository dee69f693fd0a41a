/**
 * Test domains of the special functions (erfc, erf_inv, lgamma, digamma, polygamma) (spread into
 * laws/domains.ts). Each stays where its function is smooth: erf_inv inside (−1, 1), clear of the
 * poles of its derivative at ±1; lgamma, digamma and polygamma on positive x and on negative
 * non-integers, at least 0.2 from the poles at 0 and the negative integers. polygamma's order m is
 * an int32 in 0…3 (so its derivatives reach ψ⁽⁵⁾).
 */
import * as fc from "fast-check";
import type { PrimitiveParams } from "../src/primitives/params.js";
import type { SpecialParams } from "../src/primitives/special/params.js";
import type { DType } from "../src/tensor/dtype.js";
import { FLOAT_DTYPES, type Range, type Shape, type Values, dtypeArb, makeTensor, shapeArb, sizeOfShape, tensorArb } from "./arbitraries.js";
import type { Domain, DomainBase } from "./domains.js";

type Name = keyof SpecialParams;

/** Values of x clear of the gamma function's poles: (0.2, 10], or k + (0.2…0.8) for k = −4…−1. */
function gammaElement(v: Values, dtype: DType): fc.Arbitrary<number> {
  const negative = fc.tuple(fc.integer({ min: -4, max: -1 }), v.element("float64", { min: 0.2, max: 0.8 })).map(([k, u]) => k + u);
  const x = fc.oneof(v.element("float64", { min: 0.2, max: 10 }), negative);
  return dtype === "float32" ? x.map(Math.fround) : x;
}

/** A tensor of x values for the gamma family (special values mixed in when `v` asks for them). */
function gammaTensor(shape: Shape, dtype: DType, v: Values): fc.Arbitrary<ReturnType<typeof makeTensor>> {
  if (v.special) return tensorArb(shape, dtype, v);
  const n = sizeOfShape(shape);
  return fc.array(gammaElement(v, dtype), { minLength: n, maxLength: n }).map((xs) => makeTensor(shape, dtype, xs));
}

function unary<N extends Exclude<Name, "polygamma">>(name: N, x: (shape: Shape, dtype: DType, v: Values) => fc.Arbitrary<ReturnType<typeof makeTensor>>): DomainBase<N> {
  return {
    cases: (v) =>
      fc
        .tuple(shapeArb(), dtypeArb(FLOAT_DTYPES))
        .chain(([shape, dtype]) => x(shape, dtype, v).map((t) => ({ name, inputs: [t], params: {} as PrimitiveParams[N] }))),
  };
}

const inRange = (r: Range) => (shape: Shape, dtype: DType, v: Values) => tensorArb(shape, dtype, v, r);

/** Operand shapes of an elementwise binary primitive: equal, or one of them a scalar. */
const binaryShapes = (): fc.Arbitrary<[Shape, Shape]> => shapeArb().chain((s) => fc.constantFrom<[Shape, Shape]>([s, s], [s, []], [[], s]));

const polygammaDomain: DomainBase<"polygamma"> = {
  cases: (v) =>
    fc.tuple(binaryShapes(), dtypeArb(FLOAT_DTYPES)).chain(([[sm, sx], dtype]) =>
      fc
        .tuple(tensorArb(sm, "int32", v, { min: 0, max: 3 }), gammaTensor(sx, dtype, v))
        .map(([m, x]) => ({ name: "polygamma" as const, inputs: [m, x], params: {} })),
    ),
};

/** One domain per primitive of this area. */
export const specialDomains: { readonly [N in Name]: Domain<N> } = {
  erfc: unary("erfc", inRange({ min: -6, max: 6 })),
  erf_inv: unary("erf_inv", inRange({ min: -0.9, max: 0.9 })),
  lgamma: unary("lgamma", gammaTensor),
  digamma: unary("digamma", gammaTensor),
  polygamma: polygammaDomain,
};
