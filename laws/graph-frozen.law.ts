/**
 * Law 4 — graphs are frozen, valid and untouched by evaluation: every traced graph is deeply
 * frozen (`isDeepFrozen`), passes the typechecker (`validateGraph(g, registry)` is Right), and
 * evaluating it (twice) leaves its structure and printed form exactly as they were.
 *
 * Can fail: a builder that froze equations but not their params (`mkEquation` without
 * `deepFreeze(params)`) fails `isDeepFrozen`; an evaluator that cached results on equation
 * records, or normalised `axes` in place, changes the snapshot.
 */
import * as E from "fp-ts/lib/Either.js";
import type * as fc from "fast-check";
import { describe, it } from "vitest";
import { evaluate } from "../src/interpret/evaluate.js";
import { isDeepFrozen } from "../src/ir/freeze.js";
import { validateGraph } from "../src/ir/validate.js";
import { registry } from "../src/primitives/registry.js";
import { trace } from "../src/api/trace.js";
import { primitiveNames, title } from "./domains.js";
import { graphSnapshot } from "./equal.js";
import { type Law, checkLaw, ensure, runs } from "./law.js";
import { type Traceable, primitiveTraceable, programTraceable } from "./traced-graphs.js";

function law(name: string, arbitrary: fc.Arbitrary<Traceable>): Law<Traceable> {
  return {
    name,
    note: "a traced graph must be deeply frozen, typecheck against the registry's shape rules, and be left deep-equal by evaluate",
    arbitrary,
    holds: ({ fn, xs, label, run }) => {
      const g = trace(fn())(...xs);
      ensure(isDeepFrozen(g), () => `${label}\nthe graph is not deeply frozen:\n${g}`);
      const valid = validateGraph(g, registry);
      ensure(E.isRight(valid), () => `${label}\nvalidateGraph rejected a traced graph: ${E.isLeft(valid) ? valid.left.message : ""}\n${g}`);
      const before = graphSnapshot(g);
      run(() => evaluate(g, ...xs));
      run(() => evaluate(g, ...xs));
      const after = graphSnapshot(g);
      ensure(before === after, () => `${label}\nevaluate changed the graph:\nbefore ${before}\nafter  ${after}`);
      ensure(isDeepFrozen(g), () => `${label}\nthe graph is no longer deeply frozen after evaluate`);
    },
  };
}

describe("law 4: graphs are deeply frozen, valid, and unchanged by evaluate", () => {
  for (const name of primitiveNames) {
    it(title(name), () => checkLaw(law(`frozen and valid: ${name}`, primitiveTraceable(name)), runs(25)));
  }
  it("random programs", () => checkLaw(law("frozen and valid: random programs", programTraceable), runs(100)));
});
