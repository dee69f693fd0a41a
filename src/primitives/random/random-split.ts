/**
 * random_split[shape](keys): new keys from each key, as JAX's `random_split` with the
 * partitionable Threefry scheme (new key `i` is both halves of the hash of counter `i`). `keys` is
 * words `[...batch, 2]`; the output is words `[...batch, ...shape, 2]`. Not differentiable.
 */
import { ShapeError, fmtShape } from "../../errors.js";
import { aval } from "../../ir/types.js";
import { splitKeys } from "../../tensor/kernels/threefry.js";
import { checkShape, sizeOf } from "../../tensor/shape.js";
import { zeroJvp } from "../ad.js";
import { moveAxis } from "../batching.js";
import { definePrimitive } from "../rule-types.js";
import { randomSplit } from "./ops.js";
import { WORD_DTYPE, keyBatchShape, wordsOf, wordsTensor } from "./words.js";

export const randomSplitPrim = definePrimitive({
  name: "random_split",
  kind: "creation",
  foldable: false,
  shapeRule: ([k], { shape }) => {
    const batch = keyBatchShape("random_split", k!);
    const s = checkShape(shape, "random_split");
    if (s.some((d) => d < 0)) throw new ShapeError(`random_split: bad shape ${fmtShape(s)}.`);
    return [aval([...batch, ...s, 2], WORD_DTYPE)];
  },
  impl: ([k], { shape }, [o]) => [wordsTensor(o!.shape, splitKeys(wordsOf(k!), sizeOf(shape)))],
  jvpRule: zeroJvp(([k], { shape }) => [randomSplit(k!, shape)]),
  transposeRule: "nonlinear",
  batchRule: ([k], [bd], { shape }) => [[randomSplit(moveAxis(k!, bd!, 0), shape)], [0]],
});
