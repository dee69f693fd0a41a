/**
 * random_bits[shape](keys): 32 random bits per element, as JAX's `random_bits` with the
 * partitionable Threefry scheme (element `i` hashes the counter `i`). `keys` is a batch of keys,
 * words `[...batch, 2]`; the output is words `[...batch, ...shape]`, one stream per key, so a
 * batch of keys needs no loop. Not differentiable: its output is integer.
 */
import { ShapeError, fmtShape } from "../../errors.js";
import { aval } from "../../ir/types.js";
import { randomBits as bitsKernel } from "../../tensor/kernels/threefry.js";
import { checkShape, sizeOf } from "../../tensor/shape.js";
import { zeroJvp } from "../ad.js";
import { moveAxis } from "../batching.js";
import { definePrimitive } from "../rule-types.js";
import { randomBits } from "./ops.js";
import { WORD_DTYPE, keyBatchShape, wordsOf, wordsTensor } from "./words.js";

export const randomBitsPrim = definePrimitive({
  name: "random_bits",
  kind: "creation",
  foldable: false, // the random stream stays visible in graphs
  shapeRule: ([k], { shape }) => {
    const batch = keyBatchShape("random_bits", k!);
    const s = checkShape(shape, "random_bits");
    if (s.some((d) => d < 0)) throw new ShapeError(`random_bits: bad shape ${fmtShape(s)}.`);
    return [aval([...batch, ...s], WORD_DTYPE)];
  },
  impl: ([k], { shape }, [o]) => [wordsTensor(o!.shape, bitsKernel(wordsOf(k!), sizeOf(shape)))],
  jvpRule: zeroJvp(([k], { shape }) => [randomBits(k!, shape)]),
  transposeRule: "nonlinear",
  // Keys already carry leading batch dims: one stream per key, no loop.
  batchRule: ([k], [bd], { shape }) => [[randomBits(moveAxis(k!, bd!, 0), shape)], [0]],
});
