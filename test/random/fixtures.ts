/**
 * The JAX fixtures of the random tests (scripts/gen-random.py → test/fixtures/random.json) and
 * the readers they share: uint32 words of keys and bits, and sample values with the fixture
 * encoding of NaN and ±∞.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Tensor } from "../../src/index.js";

export interface SampleCase {
  readonly name: string;
  readonly seed: number;
  readonly dtype?: string;
  readonly out_dtype: string;
  readonly shape: number[];
  readonly values: (number | string | boolean)[];
}

export interface RandomFixtures {
  readonly keys: { seed: number; key: number[] }[];
  readonly split: { seed: number; num: number | number[]; shape: number[]; keys: number[] }[];
  readonly fold_in: { seed: number; data: number; key: number[] }[];
  readonly bits: { seed: number; shape: number[]; bits: number[] }[];
  readonly derived: { key: number[]; bits: number[] };
  readonly uniform_key0: number;
  readonly samples: SampleCase[];
}

export const fixtures = JSON.parse(
  readFileSync(fileURLToPath(new URL("../fixtures/random.json", import.meta.url)), "utf8"),
) as RandomFixtures;

/** A fixture number: "nan", "inf", "-inf" decoded. */
export function decode(v: number | string | boolean): number | boolean {
  if (v === "nan") return NaN;
  if (v === "inf") return Infinity;
  if (v === "-inf") return -Infinity;
  return v as number | boolean;
}

/** A tensor's elements read as uint32 words. */
export function words(t: Tensor): number[] {
  return Array.from(t.data() as ArrayLike<number>, (v) => v >>> 0);
}
