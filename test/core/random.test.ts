/**
 * random: determinism, shapes/dtypes, ranges, statistics, permutations, key independence, eager
 * vs jit, and JAX's known values. The JAX reference below is written here from JAX's Python
 * source (threefry2x32 with `jax_threefry_partitionable=True`, JAX's default since 0.5:
 * `_threefry_split_foldlike`, `_threefry_random_bits_partitionable`, and `uniform`'s mantissa
 * recipe) and checked against Random123's known answer and JAX's `split(PRNGKey(0))` (from
 * test/fixtures/random.json), so fluxion is compared with an independent implementation.
 */
import { describe, expect, it } from "vitest";
import { type Tensor, jit, random, trace } from "../../src/index.js";

// ---- an independent reference of JAX's PRNG ----------------------------------------------------

const rotl = (x: number, r: number): number => ((x << r) | (x >>> (32 - r))) >>> 0;

/** Threefry-2x32 with 20 rounds, exactly as jax._src.prng._threefry2x32_lowering computes it. */
function threefryRef(k0: number, k1: number, c0: number, c1: number): [number, number] {
  const ks = [k0 >>> 0, k1 >>> 0, (k0 ^ k1 ^ 0x1bd11bda) >>> 0];
  const rot = [
    [13, 15, 26, 6],
    [17, 29, 16, 24],
  ];
  let x0 = (c0 + ks[0]!) >>> 0;
  let x1 = (c1 + ks[1]!) >>> 0;
  for (let i = 0; i < 5; i++) {
    for (const r of rot[i % 2]!) {
      x0 = (x0 + x1) >>> 0;
      x1 = (rotl(x1, r) ^ x0) >>> 0;
    }
    x0 = (x0 + ks[(i + 1) % 3]!) >>> 0;
    x1 = (x1 + ks[(i + 2) % 3]! + i + 1) >>> 0;
  }
  return [x0, x1];
}

const iota = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** JAX PRNGKey(seed) for 0 ≤ seed < 2^32. */
const jaxKey = (seed: number): [number, number] => [0, seed >>> 0];

/** JAX random.split(key, num), partitionable scheme: key i is the hash of the counter (0, i). */
function jaxSplit(key: [number, number], num: number): [number, number][] {
  return iota(num).map((i) => threefryRef(key[0], key[1], 0, i));
}

/** JAX random.bits(key, (n,)) for uint32, partitionable scheme: the xor of the counter's hash. */
const jaxBits = (key: [number, number], n: number): number[] =>
  iota(n).map((i) => {
    const [a, b] = threefryRef(key[0], key[1], 0, i);
    return (a ^ b) >>> 0;
  });

/** JAX random.uniform(key, (n,), float32): top 23 bits as the mantissa of [1, 2), minus 1. */
const jaxUniform = (key: [number, number], n: number): number[] => jaxBits(key, n).map((b) => (b >>> 9) / 2 ** 23);

const u32 = (t: Tensor): number[] => Array.from(t.data() as Int32Array, (v) => v >>> 0);
const keyWords = (t: Tensor): [number, number] => {
  const [a, b] = u32(t);
  return [a!, b!];
};

// ---- tests --------------------------------------------------------------------------------------

describe("the reference implementation itself", () => {
  it("matches Random123's known answer for threefry2x32_20", () => {
    expect(threefryRef(0, 0, 0, 0)).toEqual([0x6b200159, 0x99ba4efe]);
    expect(threefryRef(0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff)).toEqual([0x1cb996fc, 0xbb002be7]);
  });

  it("reproduces JAX's split(PRNGKey(0))", () => {
    expect(jaxSplit(jaxKey(0), 2)).toEqual([
      [1797259609, 2579123966],
      [928981903, 3453687069],
    ]);
  });
});

describe("JAX's known values", () => {
  it("random.split(random.key(0)) equals JAX's [[1797259609, 2579123966], [928981903, 3453687069]]", () => {
    const s = random.split(random.key(0));
    expect(s.shape).toEqual([2, 2]);
    expect(s.dtype).toBe("uint32");
    expect((s.toArray() as number[][]).map((row) => row.map((v) => v >>> 0))).toEqual([
      [1797259609, 2579123966],
      [928981903, 3453687069],
    ]);
  });

  it("random.key(seed) is JAX's PRNGKey(seed)", () => {
    expect(u32(random.key(0))).toEqual([0, 0]);
    expect(u32(random.key(42))).toEqual([0, 42]);
    expect(u32(random.key(2 ** 32 + 5))).toEqual([1, 5]);
  });

  it.each([0, 1, 42, 12345])("split(key(%i), n) matches JAX for n = 2, 3, 5", (seed) => {
    for (const n of [2, 3, 5]) {
      const got = random.split(random.key(seed), n);
      expect(got.shape).toEqual([n, 2]);
      expect((got.toArray() as number[][]).map((r) => r.map((v) => v >>> 0))).toEqual(jaxSplit(jaxKey(seed), n));
    }
  });

  it("uniform(key(0)) is JAX's 0.947667", () => {
    const u = random.uniform(random.key(0));
    expect(u.shape).toEqual([]);
    expect(u.item()).toBe(0.9476670026779175);
    expect(u.item()).toBe(jaxUniform(jaxKey(0), 1)[0]);
  });

  it.each([1, 2, 7, 10])("uniform(key(%i), [n]) matches JAX bit for bit for odd and even n", (seed) => {
    for (const n of [1, 2, 5, 8, 33]) {
      const got = Array.from(random.uniform(random.key(seed), [n]).data());
      expect(got).toEqual(jaxUniform(jaxKey(seed), n));
    }
  });

  it("uniform of a split key matches JAX (keys derived the JAX way)", () => {
    const sub = random.split(random.key(3), 4).get(2);
    const want = jaxUniform(jaxSplit(jaxKey(3), 4)[2]!, 6);
    expect(Array.from(random.uniform(sub, [6]).data())).toEqual(want);
  });

  it("uniform with [minval, maxval) is JAX's affine map of the unit draw", () => {
    const got = Array.from(random.uniform(random.key(5), [16], { minval: -2, maxval: 3 }).data());
    // XLA fuses u · 5 − 2 into one multiply-add: one rounding.
    const want = jaxUniform(jaxKey(5), 16).map((u) => Math.max(-2, Math.fround(u * 5 + -2)));
    expect(got).toEqual(want);
  });

  it("a multi-dimensional shape is the flat stream reshaped", () => {
    const got = random.uniform(random.key(9), [2, 3]);
    expect(got.shape).toEqual([2, 3]);
    expect(Array.from(got.data())).toEqual(jaxUniform(jaxKey(9), 6));
  });

  it("bernoulli(key, p) is uniform(key) < p, as in JAX", () => {
    const b = random.bernoulli(random.key(11), 0.3, [64]);
    expect(b.dtype).toBe("bool");
    expect(b.toArray()).toEqual(jaxUniform(jaxKey(11), 64).map((u) => u < 0.3));
  });
});

describe("determinism, shapes and dtypes", () => {
  it("the same key gives the same numbers; different keys differ", () => {
    const a = random.normal(random.key(1), [50]).data();
    const b = random.normal(random.key(1), [50]).data();
    const c = random.normal(random.key(2), [50]).data();
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it("split keys are distinct from each other and from their parent", () => {
    const parent = random.key(0);
    const ks = random.split(parent, 8);
    const words = (ks.toArray() as number[][]).map((r) => r.join(","));
    words.push((parent.toArray() as number[]).join(","));
    expect(new Set(words).size).toBe(9);
    const draws = [0, 1, 2].map((i) => Array.from(random.uniform(ks.get(i), [4]).data()).join(","));
    expect(new Set(draws).size).toBe(3);
  });

  it("keys are never mutated by use", () => {
    const k = random.key(7);
    const before = u32(k);
    random.split(k);
    random.uniform(k, [10]);
    random.permutation(k, 5);
    expect(u32(k)).toEqual(before);
    expect(keyWords(k)).toEqual([0, 7]);
  });

  it.each([
    ["uniform f32", () => random.uniform(random.key(0), [2, 3]), [2, 3], "float32"],
    ["uniform f64", () => random.uniform(random.key(0), [4], { dtype: "float64" }), [4], "float64"],
    ["normal", () => random.normal(random.key(0), [3, 1, 2]), [3, 1, 2], "float32"],
    ["normal f64", () => random.normal(random.key(0), [2], { dtype: "float64" }), [2], "float64"],
    ["bernoulli", () => random.bernoulli(random.key(0), 0.5, [5]), [5], "bool"],
    ["permutation", () => random.permutation(random.key(0), 6), [6], "int32"],
    ["split", () => random.split(random.key(0), 4), [4, 2], "uint32"],
    ["scalar uniform", () => random.uniform(random.key(0)), [], "float32"],
    ["empty uniform", () => random.uniform(random.key(0), [0, 3]), [0, 3], "float32"],
  ] as const)("%s has the requested shape and dtype", (_n, make, shape, dtype) => {
    const t = make();
    expect(t.shape).toEqual(shape);
    expect(t.dtype).toBe(dtype);
  });
});

describe("ranges and statistics", () => {
  it("uniform lies in [0, 1) and [minval, maxval)", () => {
    const u = random.uniform(random.key(3), [20000]).data();
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    const v = random.uniform(random.key(4), [20000], { minval: 5, maxval: 7 }).data();
    expect(Math.min(...v)).toBeGreaterThanOrEqual(5);
    expect(Math.max(...v)).toBeLessThan(7);
    const w = random.uniform(random.key(4), [20000], { dtype: "float64", minval: -1, maxval: 0 }).data();
    expect(Math.min(...w)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...w)).toBeLessThan(0);
  });

  it("uniform has mean 1/2 and variance 1/12", () => {
    const u = Array.from(random.uniform(random.key(8), [100000]).data());
    const mean = u.reduce((s, x) => s + x, 0) / u.length;
    const variance = u.reduce((s, x) => s + (x - mean) ** 2, 0) / u.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.005); // sd of the mean ≈ 0.0009
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(0.002);
    // Every tenth of [0, 1) gets close to 10% of the draws.
    const bins = new Array<number>(10).fill(0);
    for (const x of u) bins[Math.floor(x * 10)]!++;
    for (const b of bins) expect(Math.abs(b / u.length - 0.1)).toBeLessThan(0.006);
  });

  it("1e5 normals have mean ≈ 0, std ≈ 1, and Gaussian tails", () => {
    const z = Array.from(random.normal(random.key(42), [100000]).data());
    expect(z.every(Number.isFinite)).toBe(true);
    const mean = z.reduce((s, x) => s + x, 0) / z.length;
    const std = Math.sqrt(z.reduce((s, x) => s + (x - mean) ** 2, 0) / z.length);
    expect(Math.abs(mean)).toBeLessThan(0.015); // sd of the mean ≈ 0.0032
    expect(Math.abs(std - 1)).toBeLessThan(0.015);
    const within1 = z.filter((x) => Math.abs(x) < 1).length / z.length;
    const within2 = z.filter((x) => Math.abs(x) < 2).length / z.length;
    expect(Math.abs(within1 - 0.6827)).toBeLessThan(0.01);
    expect(Math.abs(within2 - 0.9545)).toBeLessThan(0.006);
  });

  it("bernoulli(p) has frequency ≈ p, with p = 0 and p = 1 exact", () => {
    const b = random.bernoulli(random.key(6), 0.25, [40000]).toArray() as boolean[];
    expect(Math.abs(b.filter(Boolean).length / b.length - 0.25)).toBeLessThan(0.01);
    expect((random.bernoulli(random.key(6), 0, [100]).toArray() as boolean[]).some(Boolean)).toBe(false);
    expect((random.bernoulli(random.key(6), 1, [100]).toArray() as boolean[]).every(Boolean)).toBe(true);
  });

  it("permutation is a permutation of 0…n−1, differs by key, and is not the identity", () => {
    const sorted = (xs: number[]): number[] => [...xs].sort((a, b) => a - b);
    for (const n of [1, 2, 10, 257]) {
      const p = random.permutation(random.key(n), n).toArray() as number[];
      expect(sorted(p)).toEqual(iota(n));
    }
    const p1 = random.permutation(random.key(1), 50).toArray();
    const p2 = random.permutation(random.key(2), 50).toArray();
    expect(p1).not.toEqual(p2);
    expect(p1).not.toEqual(iota(50));
    expect(random.permutation(random.key(0), 0).shape).toEqual([0]);
  });

  it("permutation positions are roughly uniform", () => {
    // Where does element 0 land, over many keys? Each of 5 slots ≈ 1/5.
    const counts = new Array<number>(5).fill(0);
    const keys = random.split(random.key(123), 2000);
    for (let i = 0; i < 2000; i++) {
      const p = random.permutation(keys.get(i), 5).toArray() as number[];
      counts[p.indexOf(0)]!++;
    }
    for (const c of counts) expect(Math.abs(c / 2000 - 0.2)).toBeLessThan(0.04);
  });
});

describe("eager and jit give the same values", () => {
  it("uniform, normal, bernoulli, permutation and split under jit equal their eager values", () => {
    const sample = (k: Tensor): Tensor[] => {
      const [k1, k2, k3, k4] = [0, 1, 2, 3].map((i) => random.split(k, 4).get(i)) as [Tensor, Tensor, Tensor, Tensor];
      return [
        random.uniform(k1, [7], { minval: -1, maxval: 2 }),
        random.normal(k2, [3, 3]),
        random.bernoulli(k3, 0.4, [9]),
        random.permutation(k4, 12),
        random.split(k, 3),
      ];
    };
    const k = random.key(2024);
    const eager = sample(k);
    const jitted = jit(sample)(k);
    expect(jitted).toHaveLength(eager.length);
    eager.forEach((e, i) => {
      expect(jitted[i]!.dtype).toBe(e.dtype);
      expect(jitted[i]!.shape).toEqual(e.shape);
      expect(jitted[i]!.toArray()).toEqual(e.toArray());
    });
  });

  it("a traced sampler is a graph with random_bits and no captured key", () => {
    const g = trace((k: Tensor) => random.uniform(k, [4]))(random.key(0));
    expect(g.equations.map((e) => e.primitive)).toContain("random_bits");
    expect(g.constVars).toHaveLength(0);
    expect(g.inputs[0]!.aval).toEqual({ shape: [2], dtype: "uint32" });
  });
});
