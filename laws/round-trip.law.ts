/**
 * Law 5 — movement round trips: `reshape(reshape(x, s2), x.shape) = x`,
 * `transpose(transpose(x, p), inverse(p)) = x` and `x.T.T = x`, bit for bit, for every dtype and
 * shape (0- and 1-sized dims, rank 0), through np, through the primitives, and under jit.
 *
 * Can fail: a transpose kernel that applied `p` as `inverse(p)` (out dim p[i] = in dim i instead of
 * out dim i = in dim p[i]) still passes x.T.T for rank ≤ 2 but fails the general round trip on a
 * rank-3 array with p = (1, 2, 0); a reshape kernel that copied in column-major order fails the first.
 */
import * as fc from "fast-check";
import { describe, it } from "vitest";
import { jit } from "../src/compile/jit.js";
import { np } from "../src/index.js";
import * as ops from "../src/primitives/ops.js";
import type { Tensor } from "../src/tensor/tensor.js";
import { ALL_DTYPES, dtypeArb, inversePermutation, permutationArb, shapeArb, shapeOfSizeArb, tensorArb } from "./arbitraries.js";
import { describeTensor, sameTensor } from "./equal.js";
import { checkLaw, ensure } from "./law.js";

const tensorAnyArb = fc.tuple(shapeArb(), dtypeArb(ALL_DTYPES)).chain(([s, d]) => tensorArb(s, d));

describe("law 5: reshape and transpose round-trip", () => {
  it("reshape(reshape(x, s2), x.shape) = x", () =>
    checkLaw({
      name: "reshape round trip",
      note: "reshaping to any shape of the same size and back must give x bit for bit (row-major order is kept)",
      arbitrary: tensorAnyArb.chain((x) => shapeOfSizeArb(x.size).map((s2) => ({ x, s2 }))),
      holds: ({ x, s2 }) => {
        const viaNp = np.reshape(np.reshape(x, s2), x.shape);
        const viaPrim = ops.reshape(ops.reshape(x, s2), x.shape);
        const viaJit = jit((t: Tensor) => np.reshape(np.reshape(t, s2), x.shape))(x);
        for (const [how, y] of [["np", viaNp], ["primitive", viaPrim], ["jit", viaJit]] as const) {
          ensure(sameTensor(x, y), () => `${how}: x ${describeTensor(x)} via [${s2}] gives ${describeTensor(y)}`);
        }
        ensure(np.reshape(x, s2).shape.join() === s2.join(), () => `reshape to [${s2}] gave ${np.reshape(x, s2).typeString}`);
      },
    }));

  it("transpose(transpose(x, p), inverse(p)) = x", () =>
    checkLaw({
      name: "transpose round trip",
      note: "transposing by p and then by its inverse must give x bit for bit",
      arbitrary: tensorAnyArb.chain((x) => permutationArb(x.ndim).map((p) => ({ x, p }))),
      holds: ({ x, p }) => {
        const inv = inversePermutation(p);
        const once = np.transpose(x, p);
        ensure(once.shape.every((d, i) => d === x.shape[p[i]!]), () => `transpose(${describeTensor(x)}, [${p}]) has shape [${once.shape}]`);
        const viaNp = np.transpose(once, inv);
        const viaPrim = ops.transpose(ops.transpose(x, p), inv);
        const viaJit = jit((t: Tensor) => np.transpose(np.transpose(t, p), inv))(x);
        for (const [how, y] of [["np", viaNp], ["primitive", viaPrim], ["jit", viaJit]] as const) {
          ensure(sameTensor(x, y), () => `${how}: x ${describeTensor(x)}, p [${p}] gives ${describeTensor(y)}`);
        }
      },
    }));

  it("x.T.T = x", () =>
    checkLaw({
      name: "double transpose",
      note: "x.T reverses the axes; doing it twice must give x bit for bit",
      arbitrary: tensorAnyArb,
      holds: (x) => {
        const y = x.T.T;
        ensure(sameTensor(x, y), () => `x ${describeTensor(x)}, x.T.T ${describeTensor(y)}`);
        ensure(x.T.shape.join() === [...x.shape].reverse().join(), () => `x.T of ${x.typeString} is ${x.T.typeString}`);
      },
    }));
});
