/**
 * The counter-based random kernel: Threefry-2x32 with 20 rounds (Salmon et al., "Parallel random
 * numbers: as easy as 1, 2, 3", SC11; the generator behind JAX's default PRNG), plus JAX's
 * "partitionable" schemes (its default since 0.5) for seeding a key, drawing 32-bit words,
 * splitting and folding in data. Words are computed as int32 bit patterns (an Int32Array shares
 * its bits with a Uint32Array view of the same buffer).
 */
import { ArgumentError, ResourceError, ShapeError } from "../../errors.js";
import { MAX_ELEMENTS } from "../shape.js";

// Threefry-2x32 rotation distances, one per round, cycling with period 8 (Random123's R_32x2).
const ROTATIONS = [13, 15, 26, 6, 17, 29, 16, 24] as const;

// Skein's key-schedule parity constant: the third schedule word is k0 ^ k1 ^ PARITY, so that no
// key makes all three schedule words zero.
const PARITY = 0x1bd11bda;

/**
 * Encrypts one counter pair under one key and writes the two output words to `y0[i0]`, `y1[i1]`.
 * All arithmetic stays in int32: `(a + b) | 0` is exact addition mod 2^32 because the sum of two
 * int32 values is exact in a double, and rotations and xor act on the bit pattern alone, so the
 * signed view gives the same bits as uint32 arithmetic would.
 */
function encrypt(
  k0: number,
  k1: number,
  c0: number,
  c1: number,
  y0: Int32Array,
  i0: number,
  y1: Int32Array,
  i1: number,
): void {
  const ks0 = k0 | 0;
  const ks1 = k1 | 0;
  const ks2 = (ks0 ^ ks1 ^ PARITY) | 0;
  let x0 = (c0 + ks0) | 0;
  let x1 = (c1 + ks1) | 0;
  // Five groups of four rounds; after group g (1-based) the schedule rotates by one word and
  // the injection count g is added to the second word, which makes every injection distinct.
  for (let g = 1; g <= 5; g++) {
    const base = (g & 1) === 1 ? 0 : 4;
    for (let r = 0; r < 4; r++) {
      const rot = ROTATIONS[base + r]!;
      x0 = (x0 + x1) | 0;
      x1 = (x1 << rot) | (x1 >>> (32 - rot));
      x1 ^= x0;
    }
    const s = g % 3;
    const a = s === 0 ? ks0 : s === 1 ? ks1 : ks2;
    const b = s === 0 ? ks1 : s === 1 ? ks2 : ks0;
    x0 = (x0 + a) | 0;
    x1 = (x1 + b + g) | 0;
  }
  y0[i0] = x0;
  y1[i1] = x1;
}

/**
 * The Threefry-2x32-20 block function, applied elementwise: output `i` is the encryption of the
 * counter pair `(x0[i], x1[i])` under the key `(key0, key1)`.
 *
 * Key words are taken modulo 2^32, so they may be given as uint32 values or as int32 bit
 * patterns. Outputs are uint32 bit patterns stored as int32 (read them with `>>> 0`).
 *
 * @param key0 - first key word.
 * @param key1 - second key word.
 * @param x0 - first counter word of each pair.
 * @param x1 - second counter word of each pair; must have the same length as `x0`.
 * @returns the two output words of every pair, as `[y0, y1]`, each as long as `x0`.
 * @throws ShapeError when `x0` and `x1` differ in length.
 */
export function threefry2x32(
  key0: number,
  key1: number,
  x0: Int32Array,
  x1: Int32Array,
): [Int32Array, Int32Array] {
  if (x0.length !== x1.length) {
    throw new ShapeError(
      `threefry2x32: counter halves have lengths ${x0.length} and ${x1.length}; ` +
        `pass two arrays of the same length`,
    );
  }
  const n = x0.length;
  const y0 = new Int32Array(n);
  const y1 = new Int32Array(n);
  for (let i = 0; i < n; i++) encrypt(key0, key1, x0[i]!, x1[i]!, y0, i, y1, i);
  return [y0, y1];
}

/** Checks that `keys` is a whole number of `[k0, k1]` pairs and returns how many. */
function keyCount(keys: ArrayLike<number>, where: string): number {
  if (keys.length % 2 !== 0) {
    throw new ShapeError(
      `${where}: keys has length ${keys.length}, which is not a whole number of [k0, k1] ` +
        `pairs; pass an array of even length`,
    );
  }
  return keys.length / 2;
}

/** Checks a per-key count and that `nKeys * perKey` words fit the largest array fluxion makes. */
function checkTotal(nKeys: number, perKey: number, where: string): number {
  if (!Number.isSafeInteger(perKey) || perKey < 0) {
    throw new ArgumentError(`${where}: count must be a non-negative integer, got ${perKey}`);
  }
  const total = nKeys * perKey;
  if (total > MAX_ELEMENTS) {
    throw new ResourceError(
      `${where}: ${nKeys} keys x ${perKey} words = ${total} words exceeds the limit of ` +
        `${MAX_ELEMENTS}; draw fewer words per call`,
    );
  }
  return total;
}

/**
 * Hashes the counters `0 … count-1` of every key, JAX's "partitionable" scheme (the default since
 * JAX 0.5): element `i` is the encryption of the 64-bit counter `i`, split into the pair
 * `(i >> 32, i & 0xffffffff)`, so each element depends only on its own index — a slice of the
 * output never depends on the rest of the shape. Writes both output words of element `i` of key
 * `b` to `y0[b*count + i]` and `y1[b*count + i]`.
 */
function hashCounters(keys: ArrayLike<number>, count: number, y0: Int32Array, y1: Int32Array): void {
  const nKeys = keys.length / 2;
  for (let b = 0; b < nKeys; b++) {
    const k0 = keys[2 * b]!;
    const k1 = keys[2 * b + 1]!;
    const base = b * count;
    for (let i = 0; i < count; i++) {
      // Counters stay below 2^31 (MAX_ELEMENTS), but the high word is kept for the general rule.
      const hi = Math.floor(i / 2 ** 32);
      encrypt(k0, k1, hi, i, y0, base + i, y1, base + i);
    }
  }
}

/**
 * Draws `count` 32-bit words from each of `B` keys as JAX does with `jax_threefry_partitionable`
 * (its default since 0.5): word `i` is `y0 ^ y1`, the two halves of Threefry-2x32 of the counter
 * pair `(i >> 32, i & 0xffffffff)` under the key. Reproduces `jax.random.bits(key, (count,))`.
 *
 * @param keys - `B` keys as `[k0, k1]` pairs (length `2B`), uint32 values or int32 bit patterns.
 * @param count - words per key, a non-negative integer.
 * @returns `B * count` words as int32 bit patterns, key-major: key `b` owns words
 *   `b*count … b*count + count - 1`.
 * @throws ShapeError when `keys` has odd length; ArgumentError for a bad `count`;
 *   ResourceError when the result would exceed the largest array fluxion allocates.
 */
export function randomBits(keys: ArrayLike<number>, count: number): Int32Array {
  const nKeys = keyCount(keys, "randomBits");
  const total = checkTotal(nKeys, count, "randomBits");
  const y0 = new Int32Array(total);
  const y1 = new Int32Array(total);
  hashCounters(keys, count, y0, y1);
  for (let j = 0; j < total; j++) y0[j] ^= y1[j]!;
  return y0;
}

/**
 * Splits each of `B` keys into `n` new keys, JAX's partitionable ("fold-like") scheme: new key
 * `i` is the pair `(y0, y1)` of Threefry-2x32 of the counter `(i >> 32, i & 0xffffffff)`. The same
 * pairs are JAX's 64-bit random words (`y0` the high half), which is how `uniform` draws float64.
 * Matches `jax.random.split(key, n)` under JAX's default configuration.
 *
 * @param keys - `B` keys as `[k0, k1]` pairs (length `2B`).
 * @param n - keys to make from each, a non-negative integer.
 * @returns `B * n` keys as `[k0, k1]` pairs (length `2Bn`), key-major, int32 bit patterns.
 * @throws ShapeError when `keys` has odd length; ArgumentError for a bad `n`; ResourceError when
 *   the result would be too large.
 */
export function splitKeys(keys: ArrayLike<number>, n: number): Int32Array {
  const nKeys = keyCount(keys, "splitKeys");
  const total = checkTotal(nKeys, 2 * n, "splitKeys") / 2;
  const y0 = new Int32Array(total);
  const y1 = new Int32Array(total);
  hashCounters(keys, n, y0, y1);
  const out = new Int32Array(2 * total);
  for (let j = 0; j < total; j++) {
    out[2 * j] = y0[j]!;
    out[2 * j + 1] = y1[j]!;
  }
  return out;
}

/**
 * Folds one 32-bit word of data into each key, as JAX's `fold_in`: the new key is Threefry-2x32
 * of the counter pair `(0, data)` — the data read as the key `PRNGKey(data)` — under the old key.
 *
 * @param keys - `B` keys as `[k0, k1]` pairs (length `2B`).
 * @param data - `B` words, one per key (uint32 values or int32 bit patterns).
 * @returns the `B` new keys as `[k0, k1]` pairs, int32 bit patterns.
 * @throws ShapeError when `keys` has odd length or `data` does not have one word per key.
 */
export function foldInKeys(keys: ArrayLike<number>, data: ArrayLike<number>): Int32Array {
  const nKeys = keyCount(keys, "foldInKeys");
  if (data.length !== nKeys) {
    throw new ShapeError(`foldInKeys: ${nKeys} keys but ${data.length} data words; pass one word per key`);
  }
  const out = new Int32Array(2 * nKeys);
  for (let b = 0; b < nKeys; b++) encrypt(keys[2 * b]!, keys[2 * b + 1]!, 0, data[b]! | 0, out, 2 * b, out, 2 * b + 1);
  return out;
}

/**
 * Makes a key from an integer seed, as JAX's `PRNGKey(seed)` does: `[seed >> 32, seed & 0xffffffff]`
 * with the seed read as a 64-bit two's complement integer. Seeds in `[0, 2^32)` give `[0, seed]`;
 * larger safe integers give `[high word, low word]`; a negative seed gives its 64-bit two's
 * complement, e.g. `-1` gives `[0xffffffff, 0xffffffff]` (JAX with `jax_enable_x64`; JAX's
 * default 32-bit mode instead gives `[0, seed mod 2^32]` for negatives in the int32 range).
 *
 * @param seed - a safe integer (`|seed| <= 2^53 - 1`).
 * @returns the key, two uint32 bit patterns.
 * @throws ArgumentError when `seed` is not a safe integer.
 */
export function keyFromSeed(seed: number): Int32Array {
  if (!Number.isSafeInteger(seed)) {
    throw new ArgumentError(
      `keyFromSeed: seed must be an integer of magnitude at most 2^53 - 1, got ${seed}`,
    );
  }
  // Floor division is an arithmetic shift right by 32, also for negatives, and leaves the low
  // word in [0, 2^32); both words then fit `| 0` because |high| < 2^21.
  const high = Math.floor(seed / 2 ** 32);
  const low = seed - high * 2 ** 32;
  return Int32Array.of(high | 0, low | 0);
}
