/**
 * Tests for the Threefry-2x32-20 kernel: Random123 known answers, JAX's key values for
 * `split(PRNGKey(0))` under its partitionable scheme, the counter layout of `randomBits`,
 * `splitKeys` and `foldInKeys`, seeding, and statistical sanity.
 */
import { describe, expect, it } from "vitest";
import { ArgumentError, ShapeError } from "../../src/errors.js";
import {
  foldInKeys,
  keyFromSeed,
  randomBits,
  splitKeys,
  threefry2x32,
} from "../../src/tensor/kernels/threefry.js";

/** Reads stored bit patterns back as uint32 values. */
const u32 = (a: Int32Array): number[] => Array.from(a, (v) => v >>> 0);

/** Encrypts one counter pair; returns the two words as uint32. */
function block(k0: number, k1: number, c0: number, c1: number): [number, number] {
  const [y0, y1] = threefry2x32(k0, k1, Int32Array.of(c0 | 0), Int32Array.of(c1 | 0));
  return [y0[0]! >>> 0, y1[0]! >>> 0];
}

/** Number of set bits in a 32-bit word. */
function popcount(v: number): number {
  let x = v >>> 0;
  let n = 0;
  while (x !== 0) {
    x &= x - 1;
    n++;
  }
  return n;
}

describe("threefry2x32", () => {
  // Random123's kat_vectors for threefry2x32_20, as (key, counter) -> output.
  it.each([
    [[0x00000000, 0x00000000], [0x00000000, 0x00000000], [0x6b200159, 0x99ba4efe]],
    [[0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff], [0x1cb996fc, 0xbb002be7]],
    [[0x13198a2e, 0x03707344], [0x243f6a88, 0x85a308d3], [0xc4923a9c, 0x483df7a0]],
  ])("matches the Random123 known answer for key %j, counter %j", (key, ctr, want) => {
    expect(block(key[0]!, key[1]!, ctr[0]!, ctr[1]!)).toEqual(want);
  });

  it("accepts key words as uint32 or as int32 bit patterns", () => {
    expect(block(-1, -1, -1, -1)).toEqual([0x1cb996fc, 0xbb002be7]);
    expect(block(0x13198a2e | 0, 0x03707344, 0x243f6a88, 0x85a308d3)).toEqual([
      0xc4923a9c, 0x483df7a0,
    ]);
  });

  it("is elementwise: each lane equals the single-pair result", () => {
    const x0 = Int32Array.of(0, -1, 0x243f6a88, 7, 0);
    const x1 = Int32Array.of(0, -1, 0x85a308d3 | 0, 7, 1);
    const [y0, y1] = threefry2x32(0x13198a2e, 0x03707344, x0, x1);
    for (let i = 0; i < x0.length; i++) {
      expect([y0[i]! >>> 0, y1[i]! >>> 0]).toEqual(block(0x13198a2e, 0x03707344, x0[i]!, x1[i]!));
    }
    expect([y0[2]! >>> 0, y1[2]! >>> 0]).toEqual([0xc4923a9c, 0x483df7a0]);
  });

  it("rejects counter halves of different lengths", () => {
    expect(() => threefry2x32(0, 0, new Int32Array(2), new Int32Array(3))).toThrow(ShapeError);
  });

  it("handles empty inputs", () => {
    const [y0, y1] = threefry2x32(1, 2, new Int32Array(0), new Int32Array(0));
    expect(y0.length).toBe(0);
    expect(y1.length).toBe(0);
  });
});

describe("keyFromSeed", () => {
  it("puts 32-bit seeds in the low word", () => {
    expect(u32(keyFromSeed(0))).toEqual([0, 0]);
    expect(u32(keyFromSeed(42))).toEqual([0, 42]);
    expect(u32(keyFromSeed(2 ** 31))).toEqual([0, 2 ** 31]);
    expect(u32(keyFromSeed(2 ** 32 - 1))).toEqual([0, 0xffffffff]);
  });

  it("splits larger safe integers into high and low words", () => {
    expect(u32(keyFromSeed(2 ** 32))).toEqual([1, 0]);
    expect(u32(keyFromSeed(2 ** 32 + 5))).toEqual([1, 5]);
    expect(u32(keyFromSeed(Number.MAX_SAFE_INTEGER))).toEqual([0x1fffff, 0xffffffff]);
  });

  it("reads negative seeds as 64-bit two's complement", () => {
    expect(u32(keyFromSeed(-1))).toEqual([0xffffffff, 0xffffffff]);
    // -1000 = 0xffffffff_fffffc18; JAX issue #4745 shows [4294967295, 4294966296] for
    // PRNGKey(-1000) with jax_enable_x64.
    expect(u32(keyFromSeed(-1000))).toEqual([4294967295, 4294966296]);
    expect(u32(keyFromSeed(-(2 ** 32)))).toEqual([0xffffffff, 0]);
    expect(u32(keyFromSeed(-Number.MAX_SAFE_INTEGER))).toEqual([0xffe00000, 1]);
  });

  it("rejects non-integers and unsafe integers", () => {
    expect(() => keyFromSeed(1.5)).toThrow(ArgumentError);
    expect(() => keyFromSeed(Number.NaN)).toThrow(ArgumentError);
    expect(() => keyFromSeed(2 ** 53)).toThrow(ArgumentError);
  });
});

describe("randomBits", () => {
  it("hashes counter i as the pair (0, i) and xors the two halves (JAX's partitionable scheme)", () => {
    const key = Int32Array.of(0x13198a2e, 0x03707344);
    const want = [0, 1, 2, 3, 4].map((i) => {
      const [a, b] = block(0x13198a2e, 0x03707344, 0, i);
      return (a ^ b) >>> 0;
    });
    expect(u32(randomBits(key, 5))).toEqual(want);
    // Element 0 under key (0, 0) is the xor of Random123's first known answer.
    expect(u32(randomBits(keyFromSeed(0), 1))).toEqual([(0x6b200159 ^ 0x99ba4efe) >>> 0]);
  });

  it("is a prefix: the first words do not depend on how many are drawn", () => {
    expect(u32(randomBits(keyFromSeed(5), 3))).toEqual(u32(randomBits(keyFromSeed(5), 8)).slice(0, 3));
  });

  it("is key-major over a batch of keys", () => {
    const keys = Int32Array.of(0, 0, 0, 1, 0x13198a2e, 0x03707344);
    const batched = u32(randomBits(keys, 7));
    expect(batched.length).toBe(21);
    for (let b = 0; b < 3; b++) {
      const one = u32(randomBits(keys.subarray(2 * b, 2 * b + 2), 7));
      expect(batched.slice(7 * b, 7 * b + 7)).toEqual(one);
    }
  });

  it("is deterministic", () => {
    const key = keyFromSeed(1234);
    expect(u32(randomBits(key, 1001))).toEqual(u32(randomBits(keyFromSeed(1234), 1001)));
  });

  it("handles zero counts and zero keys", () => {
    expect(randomBits(keyFromSeed(3), 0).length).toBe(0);
    expect(randomBits(new Int32Array(0), 10).length).toBe(0);
  });

  it("rejects malformed keys and counts", () => {
    expect(() => randomBits(new Int32Array(3), 4)).toThrow(ShapeError);
    expect(() => randomBits(new Int32Array(2), -1)).toThrow(ArgumentError);
    expect(() => randomBits(new Int32Array(2), 2.5)).toThrow(ArgumentError);
  });

  it("gives uniform floats with mean near 1/2 and balanced bits", () => {
    const n = 100_000;
    const bits = randomBits(keyFromSeed(0), n);
    let sum = 0;
    const ones = new Array<number>(32).fill(0);
    for (let i = 0; i < n; i++) {
      const w = bits[i]! >>> 0;
      sum += w / 2 ** 32;
      for (let k = 0; k < 32; k++) ones[k]! += (w >>> k) & 1;
    }
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.01);
    // Each bit position is a fair coin: 1e5 flips have standard deviation ~0.0016 around 1/2.
    for (let k = 0; k < 32; k++) expect(Math.abs(ones[k]! / n - 0.5)).toBeLessThan(0.01);
  });

  it("gives unrelated words for different keys", () => {
    const n = 10_000;
    const a = randomBits(keyFromSeed(0), n);
    const b = randomBits(keyFromSeed(1), n);
    let equal = 0;
    let differingBits = 0;
    for (let i = 0; i < n; i++) {
      if (a[i] === b[i]) equal++;
      differingBits += popcount(a[i]! ^ b[i]!);
    }
    expect(equal).toBe(0);
    // Independent words differ in 16 of 32 bits on average.
    expect(Math.abs(differingBits / n - 16)).toBeLessThan(0.2);
  });

  it("avalanches: flipping one key bit flips about half the output bits", () => {
    const n = 4096;
    const base = randomBits(Int32Array.of(0x13198a2e, 0x03707344), n);
    for (const [k0, k1] of [
      [0x13198a2e ^ 1, 0x03707344],
      [0x13198a2e, 0x03707344 ^ (1 << 31)],
    ]) {
      const flipped = randomBits(Int32Array.of(k0!, k1!), n);
      let diff = 0;
      for (let i = 0; i < n; i++) diff += popcount(base[i]! ^ flipped[i]!);
      expect(Math.abs(diff / n - 16)).toBeLessThan(0.5);
    }
  });
});

describe("splitKeys", () => {
  // jax.random.split(jax.random.PRNGKey(0)) under JAX's default configuration (test/fixtures/random.json).
  it("reproduces JAX's split(PRNGKey(0))", () => {
    expect(u32(splitKeys(keyFromSeed(0), 2))).toEqual([1797259609, 2579123966, 928981903, 3453687069]);
  });

  it("new key i is the pair hashed from counter (0, i)", () => {
    const keys = u32(splitKeys(Int32Array.of(5, 9), 3));
    for (let i = 0; i < 3; i++) expect(keys.slice(2 * i, 2 * i + 2)).toEqual(block(5, 9, 0, i));
  });

  it("makes distinct keys, also across repeated splitting", () => {
    const seen = new Set<string>();
    const keys = splitKeys(keyFromSeed(0), 1000);
    for (let i = 0; i < 1000; i++) seen.add(`${keys[2 * i]},${keys[2 * i + 1]}`);
    const child = splitKeys(keys.subarray(0, 2), 1000);
    for (let i = 0; i < 1000; i++) seen.add(`${child[2 * i]},${child[2 * i + 1]}`);
    seen.add(`0,0`);
    expect(seen.size).toBe(2001);
  });

  it("rejects keys of the wrong length and bad counts", () => {
    expect(() => splitKeys(new Int32Array(3), 2)).toThrow(ShapeError);
    expect(() => splitKeys(new Int32Array(2), -2)).toThrow(ArgumentError);
    expect(splitKeys(new Int32Array(2), 0).length).toBe(0);
  });
});

describe("foldInKeys", () => {
  it("is the hash of the counter pair (0, data) under each key", () => {
    expect(u32(foldInKeys(Int32Array.of(5, 9, 1, 2), Int32Array.of(7, -1)))).toEqual([...block(5, 9, 0, 7), ...block(1, 2, 0, -1)]);
  });

  it("rejects a data length that is not one word per key", () => {
    expect(() => foldInKeys(new Int32Array(4), new Int32Array(1))).toThrow(ShapeError);
  });
});
