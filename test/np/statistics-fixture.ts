/**
 * Loads test/fixtures/statistics.json (written by scripts/gen-statistics.py from JAX) and runs its
 * cases with fixture.ts's argument decoding and result check: one test per case, plus a test that
 * every op of the family has a runner and every runner has cases.
 */
import { readFileSync } from "node:fs";
import { describe, it } from "vitest";
import { type Tensor, grad, np } from "../../src/index.js";
import { type Case, type Runner, argsOf, checkResult } from "./fixture.js";
import { expectFixtureCoverage } from "../support/fixture-coverage.js";

const FILE = new URL("../fixtures/statistics.json", import.meta.url);
let cache: Case[] | undefined;

/** The cases of one family of the statistics fixture. */
export function statisticsCases(family: string): Case[] {
  cache ??= (JSON.parse(readFileSync(FILE, "utf8")) as { cases: Case[] }).cases;
  return cache.filter((c) => c.family === family);
}

/** One `it` per case of `family` whose op is in `runners`, and the coverage test both ways. */
export function runStatisticsFamily(family: string, runners: Record<string, Runner>, opsOfFile?: (op: string) => boolean): void {
  const cases = statisticsCases(family).filter((c) => opsOfFile === undefined || opsOfFile(c.op));
  describe(`${family} (JAX fixture)`, () => {
    it("every case has a runner and every runner has cases", () => {
      expectFixtureCoverage(cases, runners);
    });
    for (const c of cases) {
      it(c.id, () => {
        const got: Tensor = runners[c.op]!(argsOf(c), c.kwargs);
        checkResult(c, got);
      });
    }
  });
}

/** sum(w ⊙ f(x)) with w = (1, 2, …, n)/n, the script's weighting. */
export function weighted(f: (t: Tensor) => Tensor): (t: Tensor) => Tensor {
  return (t) => {
    const out = f(t);
    const w = np.reshape(np.div(np.arange(1, out.size + 1, 1, out.dtype), out.size), out.shape);
    return np.sum(np.mul(w, out));
  };
}

/** The gradient of sum(w ⊙ ∇(sum(w ⊙ f))) with integer weights, the script's second order. */
export function secondOrder(f: (t: Tensor) => Tensor): (t: Tensor) => Tensor {
  return grad((t: Tensor) => {
    const g = grad(weighted(f))(t);
    const w = np.reshape(np.arange(1, g.size + 1, 1, g.dtype), g.shape);
    return np.sum(np.mul(w, g));
  });
}
