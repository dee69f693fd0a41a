/**
 * Loads test/fixtures/shape.json (written by scripts/gen-shape.py from JAX) and checks fluxion
 * against it. Each test file gives a table `op → how to call fluxion`; `runShapeFamily` makes one
 * test per case — a value, a list of arrays, or the FluxionError class JAX's refusal maps to — plus
 * a coverage test, so a case without a runner or a runner without cases fails instead of skipping.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type DType, np, Tensor } from "../../src/index.js";
import { mismatches, thrown } from "../support/index.js";
import { type Json, decode } from "./fixture.js";
import { expectFixtureCoverage } from "../support/fixture-coverage.js";

interface Expected {
  readonly data: Json;
  readonly shape: readonly number[];
  readonly dtype: DType;
}

/** One JAX-computed case. */
export interface ShapeCase {
  readonly id: string;
  readonly family: string;
  readonly op: string;
  readonly args: readonly Json[];
  readonly dtypes: readonly (DType | null)[];
  readonly shapes: readonly (readonly number[] | null)[];
  readonly kwargs: Readonly<Record<string, any>>;
  readonly expected?: Expected;
  readonly expectedList?: readonly Expected[];
  readonly value?: Json;
  readonly error?: string;
  readonly tol?: { readonly rtol: number; readonly atol: number };
}

let cache: ShapeCase[] | undefined;

/** The cases of one family, in file order. */
export function shapeCases(family: string): ShapeCase[] {
  cache ??= (JSON.parse(readFileSync(new URL("../fixtures/shape.json", import.meta.url), "utf8")) as { cases: ShapeCase[] }).cases;
  return cache.filter((c) => c.family === family);
}

/** The case's arguments: tensors of their dtype and shape (empty dims restored), or raw values. */
export function shapeArgs(c: ShapeCase): any[] {
  return c.args.map((a, i) => {
    const dtype = c.dtypes[i];
    if (dtype === null || dtype === undefined) return decode(a);
    const t = np.array(decode(a), { dtype });
    const shape = c.shapes[i]!;
    return t.shape.length === shape.length && t.shape.every((d, k) => d === shape[k]) ? t : t.reshape(shape);
  });
}

const flat = (v: any): any[] => (Array.isArray(v) ? v.flatMap(flat) : [v]);

/** Checks one array against an expectation: shape, dtype, then every element within the case's tolerance. */
export function checkArray(got: unknown, want: Expected, tol: { rtol: number; atol: number }, what: string): void {
  expect(got, what).toBeInstanceOf(Tensor);
  const t = got as Tensor;
  expect({ shape: [...t.shape], dtype: t.dtype }, what).toEqual({ shape: [...want.shape], dtype: want.dtype });
  const values = flat(decode(want.data));
  expect(t.size, what).toBe(values.length);
  expect(mismatches(t.data(), values, want.dtype, tol).slice(0, 8), what).toEqual([]);
}

/** How to call fluxion for one op, from the decoded arguments and the case's kwargs. */
export type ShapeRunner = (args: any[], kw: Readonly<Record<string, any>>) => unknown;

/** Runs one case: compares the result, or checks the error class and that its message names the op. */
export function runShapeCase(c: ShapeCase, run: ShapeRunner): void {
  const args = shapeArgs(c);
  if (c.error !== undefined) {
    const e = thrown(() => run(args, c.kwargs));
    expect(e.name, `${c.id}: ${e.message}`).toBe(c.error);
    expect(e.message).toContain(`np.${c.op}`);
    return;
  }
  const got = run(args, c.kwargs);
  const tol = c.tol ?? { rtol: 0, atol: 0 };
  if (c.expected !== undefined) checkArray(got, c.expected, tol, c.id);
  else if (c.expectedList !== undefined) {
    expect(Array.isArray(got), c.id).toBe(true);
    expect((got as unknown[]).length, c.id).toBe(c.expectedList.length);
    c.expectedList.forEach((w, i) => checkArray((got as unknown[])[i], w, tol, `${c.id}[${i}]`));
  } else expect(got, c.id).toEqual(decode(c.value!));
}

/**
 * One `it` per case of `family` plus a coverage test: every case has a runner, every runner has a
 * case, and every op of `required` has cases.
 */
export function runShapeFamily(family: string, runners: Record<string, ShapeRunner>, required: readonly string[] = []): void {
  const cases = shapeCases(family);
  describe(`${family} (JAX fixture)`, () => {
    it("the fixture and the runner table cover each other", () => {
      expectFixtureCoverage(cases, runners, required);
    });
    for (const c of cases) it(c.id, () => runShapeCase(c, runners[c.op]!));
  });
}
