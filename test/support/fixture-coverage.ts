/**
 * The check every fixture-driven test family makes: the fixture has cases, every op in it has a
 * runner, every runner has cases, and every `required` op appears.
 */
import { expect } from "vitest";

/** Fixture ops and runner table cover each other (and `required`). */
export function expectFixtureCoverage(cases: readonly { readonly op: string }[], runners: object, required: readonly string[] = []): void {
  const ops = new Set(cases.map((c) => c.op));
  expect(cases.length).toBeGreaterThan(0);
  expect([...ops].filter((op) => !(op in runners))).toEqual([]);
  expect(Object.keys(runners).filter((op) => !ops.has(op))).toEqual([]);
  expect(required.filter((op) => !ops.has(op))).toEqual([]);
}
