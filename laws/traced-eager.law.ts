/**
 * Law 2 — traced = eager: `evaluate(trace(f)(...xs), ...xs)` and `jit(f)(...xs)` equal `f(...xs)`
 * bit for bit (NaN equals NaN; −0 and +0 differ), for `f` = each primitive on its domain and for
 * random straight-line programs built from the registry (see programs.ts).
 *
 * Can fail (checked by hand: a `sin` kernel whose result changed on every second call was caught
 * for sin and for the programs and custom calls that use it): an interpreter that re-rounded
 * literals, dropped a param when recording an equation, or bound constvars in the wrong order
 * gives different bits; a jit cache keyed on shapes only (not dtypes) returns a stale result.
 */
import { describe, it } from "vitest";
import { jit } from "../src/compile/jit.js";
import { evaluate } from "../src/interpret/evaluate.js";
import type { Tensor } from "../src/tensor/tensor.js";
import { trace } from "../src/api/trace.js";
import { inDomain } from "./arbitraries.js";
import { applyCase, casesOf, describeCase, evaluating, primitiveNames, title } from "./domains.js";
import { asTensorList, describeTensor, sameTensors } from "./equal.js";
import { checkLaw, ensure, runs } from "./law.js";
import { programCaseArb, programFn } from "./programs.js";

const show = (x: unknown): string => asTensorList(x).map(describeTensor).join("; ");

describe("law 2: traced = eager, per primitive", () => {
  for (const name of primitiveNames) {
    it(title(name), () =>
      checkLaw({
        name: `traced = eager: ${name}`,
        note: "evaluate(trace(f)) and jit(f) must reproduce eager f bit for bit; a difference is a bug in tracing (literals, constants, params) or in evaluate/jit",
        arbitrary: casesOf(name, inDomain),
        holds: (c) => {
          const f = (...xs: Tensor[]): Tensor[] => applyCase(c, xs);
          const graph = trace(f)(...c.inputs);
          const eager = evaluating(name, () => f(...c.inputs));
          const interpreted = evaluating(name, () => evaluate(graph, ...c.inputs));
          const jitted = evaluating(name, () => jit(f)(...c.inputs));
          if (eager === undefined) return; // no eager meaning: all three threw the documented error
          ensure(sameTensors(eager, interpreted), () => `${describeCase(c)}\n${graph}\neager ${show(eager)}\nevaluate ${show(interpreted)}`);
          ensure(sameTensors(eager, jitted), () => `${describeCase(c)}\neager ${show(eager)}\njit ${show(jitted)}`);
        },
      }));
  }
});

describe("law 2: traced = eager = jit, random programs", () => {
  it("random programs of 1–8 equations", () =>
    checkLaw(
      {
        name: "traced = eager = jit on random programs",
        note: "a random program run eagerly, through evaluate(trace(f)) and through jit(f) must agree bit for bit; the listing shows the program",
        arbitrary: programCaseArb,
        holds: ({ program, xs }) => {
          const f = programFn(program);
          const eager = f(...xs);
          const graph = trace(f)(...xs);
          const interpreted = evaluate(graph, ...xs);
          const jf = jit(programFn(program));
          const jitted = jf(...xs);
          const again = jf(...xs); // the cached graph
          const ctx = (): string => `${program.text}\ninputs ${xs.map(describeTensor).join("; ")}\n${graph}\neager ${show(eager)}`;
          ensure(sameTensors(eager, interpreted), () => `${ctx()}\nevaluate ${show(interpreted)}`);
          ensure(sameTensors(eager, jitted), () => `${ctx()}\njit ${show(jitted)}`);
          ensure(sameTensors(eager, again), () => `${ctx()}\njit (cached) ${show(again)}`);
        },
      },
      runs(100),
    ));
});
