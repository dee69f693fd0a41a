/**
 * random_bits[shape](keys): 32 random bits per element from Threefry-2x32, stored as int32 bit
 * patterns. `keys` is int32[...batch, 2]; the output is int32[...batch, ...shape], one stream per key
 * (so a batch of keys needs no loop). Not differentiable: its output is integer.
 */
import { DTypeError, ShapeError, fmtShape } from "../../errors.js";
import { aval } from "../../ir/types.js";
import { fromData } from "../../tensor/from-js.js";
import { randomBits } from "../../tensor/kernels/threefry.js";
import { checkShape, sizeOf } from "../../tensor/shape.js";
import { zeroJvp } from "../ad.js";
import * as ops from "../ops.js";
import { moveAxis } from "../batching.js";
import { definePrimitive } from "../rule-types.js";

export const randomBitsPrim = definePrimitive({
  name: "random_bits",
  kind: "creation",
  foldable: false, // the random stream stays visible in graphs
  shapeRule: ([k], { shape }) => {
    if (k!.dtype !== "int32" || k!.shape.length === 0 || k!.shape[k!.shape.length - 1] !== 2) {
      throw new DTypeError(`random_bits: a key must be int32[2] (from random.key); got ${k!.dtype}${fmtShape(k!.shape)}.`);
    }
    const s = checkShape(shape, "random_bits");
    if (s.some((d) => d < 0)) throw new ShapeError(`random_bits: bad shape ${fmtShape(s)}.`);
    return [aval([...k!.shape.slice(0, -1), ...s], "int32")];
  },
  impl: ([k], { shape }, [o]) => [fromData(o!.shape, "int32", randomBits(k!.concreteData() as Int32Array, sizeOf(shape)))],
  jvpRule: zeroJvp(([k], { shape }) => [ops.randomBits(k!, shape)]),
  transposeRule: "nonlinear",
  // Keys already carry leading batch dims: one stream per key, no loop.
  batchRule: ([k], [bd], { shape }) => [[ops.randomBits(moveAxis(k!, bd!, 0), shape)], [0]],
});
