/**
 * Keys, key derivations and bits against JAX (scripts/gen-random.py): `key`, `split`, `foldIn`,
 * `bits` and `keyData` must equal JAX's partitionable Threefry words exactly.
 */
import { describe, expect, it } from "vitest";
import { random } from "../../src/index.js";
import { fixtures, words } from "./fixtures.js";

describe("keys and bits are JAX's, word for word", () => {
  it("random.uniform(random.key(0)) is 0.947667, as in JAX's documentation", () => {
    const u = random.uniform(random.key(0));
    expect(u.item()).toBe(fixtures.uniform_key0);
    expect(u.item()).toBeCloseTo(0.947667, 6);
  });

  it.each(fixtures.keys)("key($seed) is JAX's PRNGKey", ({ seed, key }) => {
    expect(words(random.keyData(random.key(seed)))).toEqual(key);
  });

  it.each(fixtures.split)("split(key($seed), $num)", ({ seed, num, shape, keys }) => {
    const out = random.split(random.key(seed), num);
    expect(out.shape).toEqual(shape);
    expect(words(out)).toEqual(keys);
  });

  it.each(fixtures.fold_in)("foldIn(key($seed), $data)", ({ seed, data, key }) => {
    expect(words(random.foldIn(random.key(seed), data))).toEqual(key);
  });

  it.each(fixtures.bits)("bits(key($seed), $shape)", ({ seed, shape, bits }) => {
    const out = random.bits(random.key(seed), shape);
    expect(out.shape).toEqual(shape);
    expect(words(out)).toEqual(bits);
  });

  it("a key derived by split then foldIn draws JAX's bits", () => {
    const k = random.foldIn(random.split(random.key(3), 4).get(2), 9);
    expect(words(k)).toEqual(fixtures.derived.key);
    expect(words(random.bits(k, [6]))).toEqual(fixtures.derived.bits);
  });
});
