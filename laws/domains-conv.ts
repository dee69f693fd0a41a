/** Test domains of the convolution (conv_general_dilated) (spread into laws/domains.ts). */
import * as fc from "fast-check";
import type { ConvGeneralDilatedParams, ConvParams } from "../src/primitives/conv/params.js";
import type { Tensor } from "../src/tensor/tensor.js";
import { FLOAT_DTYPES, type Values, dtypeArb, permutationArb, tensorArb } from "./arbitraries.js";
import type { Domain } from "./domains.js";
import { eachOf } from "./domains-linear.js";

const dilate = (d: number, r: number): number => (d === 0 ? 0 : 1 + r * (d - 1));

/** One spatial dimension: sizes, stride, dilations and a padding that leaves at least one output. */
const spatialArb = fc
  .record({ size: fc.integer({ min: 1, max: 4 }), window: fc.integer({ min: 1, max: 3 }), stride: fc.integer({ min: 1, max: 2 }), lhsDil: fc.integer({ min: 1, max: 2 }), rhsDil: fc.integer({ min: 1, max: 2 }), lo: fc.integer({ min: -1, max: 2 }), hi: fc.integer({ min: -1, max: 2 }) })
  .filter(({ size, window, lhsDil, rhsDil, lo, hi }) => dilate(size, lhsDil) + lo + hi >= dilate(window, rhsDil));

/**
 * Small convolutions of every kind the primitive has: 0 to 3 spatial dimensions (3 only with
 * tiny windows), strides, both dilations, negative and positive padding, feature groups or batch
 * groups, and the roles of each operand's axes laid out in a random order.
 */
function convCases(v: Values): fc.Arbitrary<{ name: "conv_general_dilated"; inputs: Tensor[]; params: ConvGeneralDilatedParams }> {
  return fc
    .record({
      spatial: fc.integer({ min: 0, max: 3 }).chain((n) => fc.array(spatialArb, { minLength: n, maxLength: n })),
      groups: fc.integer({ min: 1, max: 2 }),
      byBatch: fc.boolean(),
      batch: fc.integer({ min: 1, max: 2 }),
      inPerGroup: fc.integer({ min: 1, max: 2 }),
      outPerGroup: fc.integer({ min: 1, max: 2 }),
      dtype: dtypeArb(FLOAT_DTYPES),
    })
    .filter(({ spatial }) => spatial.length < 3 || spatial.every((s) => s.size <= 3 && s.window <= 2))
    .chain(({ spatial, groups, byBatch, batch, inPerGroup, outPerGroup, dtype }) => {
      const rank = spatial.length + 2;
      const G = byBatch ? 1 : groups, B = byBatch ? groups : 1;
      const N = batch * B, C = inPerGroup * G, O = outPerGroup * groups;
      return fc.tuple(permutationArb(rank), permutationArb(rank), permutationArb(rank)).chain(([lhsSpec, rhsSpec, outSpec]) => {
        const lhsShape = new Array<number>(rank), rhsShape = new Array<number>(rank);
        lhsShape[lhsSpec[0]!] = N;
        lhsShape[lhsSpec[1]!] = C;
        rhsShape[rhsSpec[0]!] = O;
        rhsShape[rhsSpec[1]!] = inPerGroup;
        spatial.forEach((s, i) => {
          lhsShape[lhsSpec[2 + i]!] = s.size;
          rhsShape[rhsSpec[2 + i]!] = s.window;
        });
        const params: ConvGeneralDilatedParams = {
          windowStrides: spatial.map((s) => s.stride),
          padding: spatial.map((s) => [s.lo, s.hi] as const),
          lhsDilation: spatial.map((s) => s.lhsDil),
          rhsDilation: spatial.map((s) => s.rhsDil),
          dimensionNumbers: { lhsSpec, rhsSpec, outSpec },
          featureGroupCount: G,
          batchGroupCount: B,
        };
        return fc
          .tuple(tensorArb(lhsShape, dtype, v), tensorArb(rhsShape, dtype, v))
          .map((inputs) => ({ name: "conv_general_dilated" as const, inputs, params }));
      });
    });
}

/** One domain per primitive of this area. */
export const convDomains: { readonly [N in keyof ConvParams]: Domain<N> } = {
  // Bilinear: linear in the input with the kernel fixed, and in the kernel with the input fixed.
  conv_general_dilated: { cases: convCases, linearArgs: eachOf(0, 1) },
};
