/**
 * random_fold_in(keys, data): each key with one 32-bit word of data folded in, as JAX's
 * `random_fold_in` (Threefry of the counter pair `(0, data)` under the key). `keys` is words
 * `[...batch, 2]` and `data` is int32 or key words of shape `[...batch]`; the output is new keys
 * `[...batch, 2]`. Not differentiable.
 */
import { DTypeError, ShapeError, fmtShape } from "../../errors.js";
import { aval } from "../../ir/types.js";
import { foldInKeys } from "../../tensor/kernels/threefry.js";
import { shapesEqual } from "../../tensor/shape.js";
import { zeroJvp } from "../ad.js";
import { allBatchedAtFront } from "../batching.js";
import { definePrimitive } from "../rule-types.js";
import { randomFoldIn } from "./ops.js";
import { WORD_DTYPE, keyBatchShape, wordsOf, wordsTensor } from "./words.js";

export const randomFoldInPrim = definePrimitive({
  name: "random_fold_in",
  kind: "creation",
  foldable: false,
  shapeRule: ([k, d]) => {
    const batch = keyBatchShape("random_fold_in", k!);
    if (d!.dtype !== "int32" && d!.dtype !== WORD_DTYPE) {
      throw new DTypeError(`random_fold_in: data must be 32-bit integers; got ${d!.dtype}.`);
    }
    if (!shapesEqual(d!.shape, batch)) {
      throw new ShapeError(`random_fold_in: data of shape ${fmtShape(d!.shape)} for keys of batch shape ${fmtShape(batch)}; pass one word per key.`);
    }
    return [aval(k!.shape, WORD_DTYPE)];
  },
  impl: ([k, d], _params, [o]) => [wordsTensor(o!.shape, foldInKeys(wordsOf(k!), wordsOf(d!)))],
  jvpRule: zeroJvp(([k, d]) => [randomFoldIn(k!, d!)]),
  transposeRule: "nonlinear",
  batchRule: (args, dims) => {
    const [[k, d]] = allBatchedAtFront(args, dims);
    return [[randomFoldIn(k!, d!)], [0]];
  },
});
