/**
 * Law 3 — tracing and evaluating leave their inputs unchanged: the elements of every argument
 * (and of every tensor the function closes over) are the same, bit for bit, after running it
 * eagerly, tracing it, evaluating the graph and calling it through jit.
 *
 * Can fail (checked by hand: a `neg` kernel negating its input buffer in place was caught for neg
 * and for random programs): reshape shares its operand's buffer, which immutability allows, so an
 * in-place kernel downstream of a reshape would change the caller's tensor — as would a jit arena
 * that reused an input buffer for an intermediate.
 */
import { describe, it } from "vitest";
import { jit } from "../src/compile/jit.js";
import { evaluate } from "../src/interpret/evaluate.js";
import { trace } from "../src/api/trace.js";
import type { Tensor } from "../src/tensor/tensor.js";
import { primitiveNames, title } from "./domains.js";
import { describeTensor, sameElements, snapshotData } from "./equal.js";
import { type Law, checkLaw, ensure, runs } from "./law.js";
import { type Traceable, primitiveTraceable, programTraceable } from "./traced-graphs.js";
import type * as fc from "fast-check";

function law(name: string, arbitrary: fc.Arbitrary<Traceable>): Law<Traceable> {
  return {
    name,
    note: "running, tracing, evaluating or jitting f must not write into its arguments or captured tensors; a change means some kernel or interpreter mutates a buffer it does not own",
    arbitrary,
    holds: ({ fn, xs, captured, label, run }) => {
      const watched: Tensor[] = [...xs, ...captured];
      const before = watched.map((t) => ({ shape: [...t.shape], dtype: t.dtype, data: snapshotData(t) }));
      const f = fn();
      run(() => f(...xs));
      const g = trace(f)(...xs);
      run(() => evaluate(g, ...xs));
      run(() => jit(fn())(...xs));
      watched.forEach((t, i) => {
        const b = before[i]!;
        ensure(
          t.dtype === b.dtype && t.shape.length === b.shape.length && t.shape.every((d, j) => d === b.shape[j]) && sameElements(t.concreteData(), b.data),
          () => `${label}\n${i < xs.length ? `argument ${i}` : `captured tensor ${i - xs.length}`} changed: was ${JSON.stringify(b.data)}, now ${describeTensor(t)}`,
        );
      });
    },
  };
}

describe("law 3: tracing leaves inputs unchanged", () => {
  for (const name of primitiveNames) {
    it(title(name), () => checkLaw(law(`inputs unchanged: ${name}`, primitiveTraceable(name)), runs(25)));
  }
  it("random programs", () => checkLaw(law("inputs unchanged: random programs", programTraceable), runs(100)));
});
