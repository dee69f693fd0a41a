/**
 * Law 8 — printing is structural and deterministic: two traces of the same function print
 * identically (variable names come from definition order, never from a global counter), and
 * re-tracing the evaluation of a graph (`trace(xs => evaluate(g, ...xs))`) prints the same graph,
 * since evaluate binds each equation's primitive once, in order.
 *
 * Can fail: ids drawn from a module-level counter and printed raw (`v17`, then `v23`) make two
 * traces differ; a printer that iterated a Map of params in insertion order of a mutated object,
 * or printed literals with `String(x)` (so -0 prints as 0 in one and -0.0 in another), differs too.
 */
import type * as fc from "fast-check";
import { describe, it } from "vitest";
import { evaluate } from "../src/interpret/evaluate.js";
import type { Tensor } from "../src/tensor/tensor.js";
import { trace } from "../src/api/trace.js";
import { primitiveNames, title } from "./domains.js";
import { type Law, checkLaw, ensure, runs } from "./law.js";
import { type Traceable, primitiveTraceable, programTraceable } from "./traced-graphs.js";

function law(name: string, arbitrary: fc.Arbitrary<Traceable>): Law<Traceable> {
  return {
    name,
    note: "tracing the same function twice must print the same text, and tracing evaluate(g) must print g again",
    arbitrary,
    holds: ({ fn, xs, label }) => {
      const f = fn();
      const g1 = trace(f)(...xs);
      const g2 = trace(f)(...xs);
      const g3 = trace(fn())(...xs);
      const s1 = g1.toString();
      ensure(s1 === g2.toString() && s1 === g3.toString(), () => `${label}\nfirst:\n${s1}\nsecond:\n${g2}\nfresh function:\n${g3}`);
      ensure(s1 === g1.toString(), () => `${label}\nprinting the same graph twice differs`);
      const again = trace((...ys: Tensor[]) => evaluate(g1, ...ys))(...xs);
      ensure(s1 === again.toString(), () => `${label}\ntraced:\n${s1}\nre-traced evaluate:\n${again}`);
    },
  };
}

describe("law 8: printing is deterministic", () => {
  for (const name of primitiveNames) {
    it(title(name), () => checkLaw(law(`printing: ${name}`, primitiveTraceable(name)), runs(25)));
  }
  it("random programs", () => checkLaw(law("printing: random programs", programTraceable), runs(100)));
});
