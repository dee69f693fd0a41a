/**
 * Keys: a key is the raw data of a Threefry-2x32 key, two 32-bit words (JAX's `PRNGKey`, or the
 * `key_data` of a `random.key`). Keys are values, never mutated: `split` and `foldIn` derive new
 * ones. A batch of keys is words `[...batch, 2]` (what `split` returns), which `vmap` maps over.
 */
import { ArgumentError, OverflowError, ShapeError, fmtValue } from "../errors.js";
import { tensorArg } from "../np/coerce.js";
import { randomFoldIn, randomSplit } from "../primitives/random/ops.js";
import { WORD_DTYPE, wordsTensor } from "../primitives/random/words.js";
import * as ops from "../primitives/ops.js";
import { scalar } from "../tensor/from-js.js";
import { keyFromSeed } from "../tensor/kernels/threefry.js";
import { checkShape } from "../tensor/shape.js";
import type { Tensor, TensorLike } from "../tensor/tensor.js";

/**
 * A key from an integer seed, as JAX's `random.key(seed)` / `PRNGKey(seed)`: the words
 * `[seed >> 32, seed & 0xffffffff]` of the seed as a 64-bit integer (seeds in `[0, 2^32)` give
 * `[0, seed]`; negative seeds their two's complement, as JAX with 64-bit integers).
 *
 * @example
 * ```ts
 * random.keyData(random.key(42)).toArray(); // [0, 42]
 * ```
 */
export function key(seed: number): Tensor {
  if (typeof seed !== "number" || !Number.isSafeInteger(seed)) {
    throw new ArgumentError(`random.key: the seed must be a safe integer; got ${fmtValue(seed)}.`);
  }
  return wordsTensor([2], keyFromSeed(seed));
}

/** `k` as a key (words `[2]`), or a ShapeError naming `op`. */
export function checkKey(op: string, k: TensorLike): Tensor {
  const t = tensorArg(op, k);
  if (t.dtype !== WORD_DTYPE || t.shape.length !== 1 || t.shape[0] !== 2) {
    throw new ShapeError(
      `${op}: expected a key (${WORD_DTYPE}[2] from random.key or random.split); got ${t.dtype}[${t.shape.join(",")}]. ` +
        `Index a batch of keys with .get(i), or map over it with vmap.`,
    );
  }
  return t;
}

/**
 * Splits a key into `num` new keys (a number or a shape), words `[num, 2]`, as JAX's
 * `random.split` under its default (partitionable) Threefry scheme.
 *
 * @example
 * ```ts
 * const [k1, k2] = random.split(random.key(0));
 * random.uniform(k1, [2]).shape; // [2]
 * ```
 */
export function split(k: TensorLike, num: number | readonly number[] = 2): Tensor {
  const t = checkKey("random.split", k);
  const shape = checkShape(typeof num === "number" ? [num] : num, "random.split");
  return randomSplit(t, shape);
}

/**
 * A new key from `k` and 32 bits of data (an integer in `[0, 2^32)`, or an int32 scalar tensor
 * read as its bits), as JAX's `random.fold_in`: a cheap way to derive per-step or per-item keys.
 *
 * @example
 * ```ts
 * random.keyData(random.foldIn(random.key(0), 1)).shape; // [2]
 * ```
 */
export function foldIn(k: TensorLike, data: TensorLike): Tensor {
  const t = checkKey("random.foldIn", k);
  if (typeof data === "number") {
    if (!Number.isInteger(data) || data < 0 || data >= 2 ** 32) {
      throw new OverflowError(`random.foldIn: data must be an integer in [0, 2^32); got ${fmtValue(data)}.`);
    }
    return randomFoldIn(t, scalar(data | 0, "int32"));
  }
  const d = tensorArg("random.foldIn", data, "args[1]");
  if (d.shape.length !== 0) {
    throw new ShapeError(`random.foldIn: data must be a scalar; got shape [${d.shape.join(",")}]. Map over a batch with vmap.`);
  }
  if (d.dtype !== "int32" && d.dtype !== WORD_DTYPE) {
    throw new ShapeError(`random.foldIn: data must be an integer; got ${d.dtype}.`);
  }
  return randomFoldIn(t, d);
}

/**
 * The raw words of a key or batch of keys (JAX's `random.key_data`). fluxion's keys are their
 * raw data already, so this returns the words unchanged (checked to be keys).
 *
 * @example
 * ```ts
 * random.keyData(random.key(7)).toArray(); // [0, 7]
 * ```
 */
export function keyData(keys: TensorLike): Tensor {
  const t = tensorArg("random.keyData", keys);
  if (t.dtype !== WORD_DTYPE || t.shape.length === 0 || t.shape[t.shape.length - 1] !== 2) {
    throw new ShapeError(`random.keyData: expected keys (${WORD_DTYPE}[..., 2]); got ${t.dtype}[${t.shape.join(",")}].`);
  }
  return ops.convert(t, WORD_DTYPE);
}
