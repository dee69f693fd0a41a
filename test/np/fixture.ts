/**
 * Loads test/fixtures/np-cases.json (written by scripts/gen-fixtures.py from numpy) and checks
 * fluxion against it. Each family test file supplies a table `op name → how to call fluxion`;
 * `runFamily` makes one test per case plus a coverage test, so a case whose op has no runner, or a
 * runner no case exercises, fails instead of being skipped.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { np, Tensor, type DType } from "../../src/index.js";
import { mismatches } from "../support/index.js";
import { expectFixtureCoverage } from "../support/fixture-coverage.js";

/** A JSON value of the fixture, with NaN and ±∞ still encoded as strings. */
export type Json = number | boolean | string | null | Json[] | { [k: string]: Json };

/** One numpy-computed case. */
export interface Case {
  readonly id: string;
  readonly family: string;
  readonly op: string;
  readonly args: readonly Json[];
  /** The dtype of each tensor argument; null for a raw JS value passed as is. */
  readonly dtypes: readonly (DType | null)[];
  readonly shapes: readonly (readonly number[] | null)[];
  readonly kwargs: Readonly<Record<string, any>>;
  readonly expected: Json;
  readonly expectedShape: readonly number[];
  readonly expectedDtype: DType;
  readonly tol: { readonly rtol: number; readonly atol: number };
}

interface FixtureFile {
  generator: string;
  numpy: string;
  cases: Case[];
}

const FILE = new URL("../fixtures/np-cases.json", import.meta.url);
let cache: FixtureFile | undefined;

/** All cases of the fixture (parsed once per worker). */
export function allCases(): readonly Case[] {
  cache ??= JSON.parse(readFileSync(FILE, "utf8")) as FixtureFile;
  return cache.cases;
}

/** The cases of one family, in file order. */
export function casesOf(family: string): Case[] {
  return allCases().filter((c) => c.family === family);
}

/** Replaces the "nan" / "inf" / "-inf" strings by numbers, recursively (other strings stay). */
export function decode(v: Json): any {
  if (v === "nan") return NaN;
  if (v === "inf") return Infinity;
  if (v === "-inf") return -Infinity;
  if (Array.isArray(v)) return v.map(decode);
  return v;
}

/** The i-th argument: a tensor of the case's dtype and shape, or the raw JS value. */
export function argOf(c: Case, i: number): any {
  const dtype = c.dtypes[i];
  const data = decode(c.args[i]!);
  if (dtype === null || dtype === undefined) return data;
  const t = np.array(data, { dtype });
  const shape = c.shapes[i]!;
  // Nested lists cannot carry empty dims ([0, 3] arrives as []): restore the shape.
  return sameShape(t.shape, shape) ? t : t.reshape(shape);
}

/** All arguments of a case. */
export function argsOf(c: Case): any[] {
  return c.args.map((_, i) => argOf(c, i));
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function flatten(v: any, out: any[] = []): any[] {
  if (Array.isArray(v)) for (const u of v) flatten(u, out);
  else out.push(v);
  return out;
}

/** Checks one result against the case: shape, dtype, then every element. */
export function checkResult(c: Case, got: Tensor): void {
  expect(got, c.id).toBeInstanceOf(Tensor);
  expect({ shape: [...got.shape], dtype: got.dtype }).toEqual({ shape: [...c.expectedShape], dtype: c.expectedDtype });
  const want = flatten(decode(c.expected));
  expect(got.size).toBe(want.length);
  // The case's own tolerance, chosen by the generator per op and dtype.
  expect(mismatches(got.data(), want, c.expectedDtype, c.tol).slice(0, 8)).toEqual([]);
}

/** How to call fluxion for one op: the decoded arguments and the case's kwargs. */
export type Runner = (args: any[], kw: Readonly<Record<string, any>>) => Tensor;

/**
 * One `it` per case of `family`, each calling `runners[case.op]` and checking the result, plus a
 * test that the fixture and the runner table cover each other and, when given, that every op of
 * `required` has cases.
 */
export function runFamily(family: string, runners: Record<string, Runner>, required: readonly string[] = []): void {
  const cases = casesOf(family);
  describe(`${family} (numpy fixture)`, () => {
    it("the fixture covers every op of this family, and every case has a runner", () => {
      expectFixtureCoverage(cases, runners, required);
    });
    for (const c of cases) {
      it(c.id, () => {
        const run = runners[c.op];
        if (run === undefined) throw new Error(`no runner for op ${c.op}`);
        checkResult(c, run(argsOf(c), c.kwargs));
      });
    }
  });
}
