/**
 * Loads test/fixtures/products-nn.json (written by scripts/gen-products-nn.py from JAX and numpy)
 * and checks fluxion against it. A test file supplies a table `op → how to call fluxion`;
 * `runFixtureFamily` makes one test per case (value, and the gradients the case records) plus a
 * coverage test, so a case without a runner, or a runner no case exercises, fails.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { grad, np, Tensor, type DType } from "../../src/index.js";
import { mismatches } from "../support/index.js";
import { expectFixtureCoverage } from "../support/fixture-coverage.js";

type Json = number | boolean | string | null | Json[] | { [k: string]: Json };

/** A tensor argument (flat data) or a raw JS value. */
export type FixtureArg = { dtype: DType; shape: number[]; data: Json[] } | { value: Json };

interface Expected {
  expected: Json[];
  expectedShape: number[];
  expectedDtype: DType;
}

/** One case of the fixture. */
export interface FixtureCase extends Partial<Expected> {
  id: string;
  family: string;
  op: string;
  args: FixtureArg[];
  kwargs: Record<string, any>;
  outputs?: Expected[];
  tol: { rtol: number; atol: number };
  weights?: Json[];
  grads?: Record<string, Json[]>;
  d1?: Json[];
  d2?: Json[];
}

const FILE = new URL("../fixtures/products-nn.json", import.meta.url);
let cache: FixtureCase[] | undefined;

/** The cases of one family, in file order. */
export function fixtureCases(family: string): FixtureCase[] {
  cache ??= (JSON.parse(readFileSync(FILE, "utf8")) as { cases: FixtureCase[] }).cases;
  return cache.filter((c) => c.family === family);
}

/** "nan" / "inf" / "-inf" strings to numbers. */
export const decodeAll = (xs: readonly Json[]): any[] => xs.map((v) => (v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : v));

/** A tensor of `dtype` and `shape` from flat fixture data. */
export function fixtureTensor(data: readonly Json[], dtype: DType, shape: readonly number[]): Tensor {
  const flat = np.array(decodeAll(data), { dtype });
  return np.reshape(flat, [...shape]);
}

/** The case's arguments: tensors, or raw values. */
export function fixtureArgs(c: FixtureCase): any[] {
  return c.args.map((a) => ("value" in a ? a.value : fixtureTensor(a.data, a.dtype, a.shape)));
}

/** Checks a result against one expectation: shape, dtype, then every element within the case's tolerance. */
export function checkExpected(got: unknown, want: Expected, tol: { rtol: number; atol: number }, what: string): void {
  expect(got, what).toBeInstanceOf(Tensor);
  const t = got as Tensor;
  expect({ shape: [...t.shape], dtype: t.dtype }, what).toEqual({ shape: want.expectedShape, dtype: want.expectedDtype });
  expect(mismatches(Array.from(t.data() as ArrayLike<number>, Number), decodeAll(want.expected), t.dtype, tol).slice(0, 8), what).toEqual([]);
}

/** Checks flat numbers (a derivative) against the fixture's. */
function checkFlat(got: Tensor, want: readonly Json[], tol: { rtol: number; atol: number }, what: string): void {
  expect(got.size, what).toBe(want.length);
  expect(mismatches(Array.from(got.data() as ArrayLike<number>, Number), decodeAll(want), got.dtype, tol).slice(0, 8), what).toEqual([]);
}

/** How fluxion computes one op: the decoded arguments and the case's kwargs. */
export type FixtureRunner = (args: any[], kw: Record<string, any>) => Tensor | Tensor[];

/** Runs one case: the value(s), the recorded gradients, and the elementwise first and second derivatives. */
export function runCase(c: FixtureCase, run: FixtureRunner): void {
  const args = fixtureArgs(c);
  const out = run(args, c.kwargs);
  if (c.outputs !== undefined) {
    expect(Array.isArray(out), `${c.id}: several outputs`).toBe(true);
    const outs = out as Tensor[];
    expect(outs.length).toBe(c.outputs.length);
    c.outputs.forEach((want, i) => checkExpected(outs[i], want, c.tol, `${c.id} output ${i}`));
  } else {
    checkExpected(out, c as Expected, c.tol, c.id);
  }
  if (c.grads !== undefined) {
    const idx = Object.keys(c.grads).map(Number);
    const w = fixtureTensor(c.weights!, c.expectedDtype!, c.expectedShape!);
    const loss = (...ds: Tensor[]): Tensor => {
      const full = [...args];
      idx.forEach((i, j) => (full[i] = ds[j]));
      return np.sum(np.mul(w, run(full, c.kwargs) as Tensor));
    };
    const gs = grad(loss, { argnums: idx.map((_, j) => j) })(...idx.map((i) => args[i] as Tensor)) as Tensor[];
    idx.forEach((i, j) => checkFlat(gs[j]!, c.grads![String(i)]!, c.tol, `${c.id}: d/d args[${i}]`));
  }
  if (c.d1 !== undefined) {
    const f = (x: Tensor): Tensor => np.sum(run([x], c.kwargs) as Tensor);
    checkFlat(grad(f)(args[0]) as Tensor, c.d1, c.tol, `${c.id}: first derivative`);
    checkFlat(grad((x: Tensor) => np.sum(grad(f)(x) as Tensor))(args[0]) as Tensor, c.d2!, c.tol, `${c.id}: second derivative`);
  }
}

/** One `it` per case of `family` plus a coverage test (every op has a runner, every runner a case). */
export function runFixtureFamily(family: string, runners: Record<string, FixtureRunner>): void {
  const cases = fixtureCases(family);
  describe(`${family} (JAX/numpy fixture)`, () => {
    it("the fixture and the runner table cover each other", () => {
      expectFixtureCoverage(cases, runners);
    });
    for (const c of cases) {
      it(c.id, () => {
        const run = runners[c.op];
        if (run === undefined) throw new Error(`no runner for op ${c.op}`);
        runCase(c, run);
      });
    }
  });
}
