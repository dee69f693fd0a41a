/**
 * Test data for the plan tests that compare jit with eager bit for bit: deterministic values
 * with NaN, ±0 and ±∞ mixed in.
 */

/** `n` values in (−3, 3) from `seed`, a share `specialRate` of them NaN, ±0 or ±∞. */
export function values(n: number, seed: number, specialRate = 0.05): number[] {
  let s = seed >>> 0 || 1;
  const next = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const special = [NaN, -0, 0, Infinity, -Infinity];
  return Array.from({ length: n }, () => (next() < specialRate ? special[Math.floor(next() * special.length)]! : (next() - 0.5) * 6));
}
