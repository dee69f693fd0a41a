/**
 * Law 5 — movement round trips: `reshape(reshape(x, s2), x.shape) = x`,
 * `transpose(transpose(x, p), inverse(p)) = x` and `x.T.T = x`, bit for bit, for every dtype and
 * shape (0- and 1-sized dims, rank 0), through np, through the primitives, and under jit.
 *
 * Can fail (checked by hand): a transpose kernel that applied `inverse(p)` instead of `p` still
 * passes x.T.T (rank ≤ 2 permutations are involutions) but the general round trip shrank to
 * x: f32[2,1,2] with p = (1, 2, 0); a reshape that copied column-major would fail the first law.
 */
import { describe, it } from "vitest";
import { jit } from "../src/compile/jit.js";
import { np } from "../src/index.js";
import * as ops from "../src/primitives/ops.js";
import type { Tensor } from "../src/tensor/tensor.js";
import { anyTensorArb, inversePermutation, permutationArb, shapeOfSizeArb } from "./arbitraries.js";
import { describeTensor, sameTensor } from "./equal.js";
import { checkLaw, ensure } from "./law.js";

const tensorAnyArb = anyTensorArb();

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
