/**
 * Deterministic input data for workloads. Every child process rebuilds a workload's inputs, so
 * they must come out bit-identical each time: a seeded PRNG, not Math.random.
 */

/** mulberry32: a tiny, fast 32-bit PRNG; plenty for benchmark inputs. Returns values in [0, 1). */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` float32 values uniform in [lo, hi), from `seed`. */
export function uniformF32(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  const next = prng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * next();
  return out;
}
