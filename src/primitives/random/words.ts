/**
 * How the random primitives store 32-bit words: keys (`[..., 2]`) and random bits share one
 * dtype, and the kernels compute int32 bit patterns that this module wraps as that dtype.
 */
import { DTypeError, fmtShape } from "../../errors.js";
import type { Aval } from "../../ir/types.js";
import type { DType } from "../../tensor/dtype.js";
import { fromData } from "../../tensor/from-js.js";
import type { Tensor } from "../../tensor/tensor.js";

/** The dtype of key words and random bits: JAX's keys and bits are uint32. */
export const WORD_DTYPE = "uint32" satisfies DType;

/** A tensor of words from the kernels' int32 bit patterns (a uint32 view of the same bits). */
export function wordsTensor(shape: readonly number[], words: Int32Array): Tensor {
  return fromData(shape, WORD_DTYPE, new Uint32Array(words.buffer, words.byteOffset, words.length));
}

/** The words of a tensor of key words or data words, as the kernels read them. */
export function wordsOf(t: Tensor): ArrayLike<number> {
  return t.concreteData() as ArrayLike<number>;
}

/** Checks that an operand is a batch of keys: words of shape `[...batch, 2]`. Returns the batch shape. */
export function keyBatchShape(prim: string, k: Aval): readonly number[] {
  if (k.dtype !== WORD_DTYPE || k.shape.length === 0 || k.shape[k.shape.length - 1] !== 2) {
    throw new DTypeError(`${prim}: a key must be ${WORD_DTYPE}[2] (from random.key); got ${k.dtype}${fmtShape(k.shape)}.`);
  }
  return k.shape.slice(0, -1);
}
