/**
 * The counter-based random kernel: Threefry-2x32 with 20 rounds (Salmon et al., "Parallel random
 * numbers: as easy as 1, 2, 3", SC11; the generator behind JAX's default PRNG), plus JAX's
 * original (non-partitionable) schemes for seeding a key, drawing 32-bit words and splitting.
 * Words are uint32 bit patterns kept in Int32Array because fluxion has no uint32 dtype.
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

/**
 * Draws `count` 32-bit words from each of `B` keys, following JAX's original
 * `threefry_random_bits` scheme for 32-bit outputs: the counters `0 … count-1` (padded with one
 * zero when `count` is odd) are cut into a low and a high half, the halves are hashed as counter
 * pairs `(lo[j], hi[j])`, the two output halves are concatenated and the padding word dropped.
 *
 * Reproduces `jax.random.bits(PRNGKey(s), (count,))` as computed with
 * `jax_threefry_partitionable=False` (JAX's default before 0.5).
 *
 * @param keys - `B` keys as `[k0, k1]` pairs (length `2B`), uint32 bit patterns.
 * @param count - words per key, a non-negative integer.
 * @returns `B * count` words, key-major: key `b` owns words `b*count … b*count + count - 1`.
 * @throws ShapeError when `keys` has odd length; ArgumentError for a bad `count`;
 *   ResourceError when the result would exceed the largest array fluxion allocates.
 */
export function randomBits(keys: Int32Array, count: number): Int32Array {
  if (keys.length % 2 !== 0) {
    throw new ShapeError(
      `randomBits: keys has length ${keys.length}, which is not a whole number of [k0, k1] ` +
        `pairs; pass an Int32Array of even length`,
    );
  }
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new ArgumentError(`randomBits: count must be a non-negative integer, got ${count}`);
  }
  const nKeys = keys.length / 2;
  const total = nKeys * count;
  if (total > MAX_ELEMENTS) {
    throw new ResourceError(
      `randomBits: ${nKeys} keys x ${count} words = ${total} words exceeds the limit of ` +
        `${MAX_ELEMENTS}; draw fewer words per call`,
    );
  }
  const out = new Int32Array(total);
  // Counters are generated on the fly rather than materialised: pair j is (j, half + j), except
  // that for odd counts the last high counter is the zero pad and its output word is dropped.
  const half = Math.ceil(count / 2);
  const odd = count % 2 === 1;
  // Scratch slot for the one output word that truncation throws away.
  const discard = new Int32Array(1);
  for (let b = 0; b < nKeys; b++) {
    const k0 = keys[2 * b]!;
    const k1 = keys[2 * b + 1]!;
    const base = b * count;
    for (let j = 0; j < half; j++) {
      const padded = odd && j === half - 1;
      const hi = padded ? 0 : half + j;
      if (padded) encrypt(k0, k1, j, hi, out, base + j, discard, 0);
      else encrypt(k0, k1, j, hi, out, base + j, out, base + half + j);
    }
  }
  return out;
}

/**
 * Splits one key into `n` new keys, JAX-style (original scheme): the `2n` words of
 * `randomBits(key, 2n)` read as `n` rows of `[k0, k1]`. Matches `jax.random.split(key, n)` with
 * `jax_threefry_partitionable=False`.
 *
 * @param key - the parent key, length 2.
 * @param n - number of keys to make, a non-negative integer.
 * @returns `n` keys as `[k0, k1]` pairs (length `2n`).
 * @throws ShapeError when `key` is not of length 2; ArgumentError for a bad `n`.
 */
export function splitKey(key: Int32Array, n: number): Int32Array {
  if (key.length !== 2) {
    throw new ShapeError(`splitKey: a key has 2 words, got ${key.length}; pass one key`);
  }
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new ArgumentError(`splitKey: n must be a non-negative integer, got ${n}`);
  }
  // The row-major [n, 2] reshape of the flat words is the flat array itself.
  return randomBits(key, 2 * n);
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
