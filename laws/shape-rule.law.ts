/**
 * Law 1 — shape rule vs kernel: for every primitive and in-domain input, the kernel's outputs
 * have exactly the shapes and dtypes the shape rule predicts, stored in the dtype's typed array
 * with one element per position; and tracing types the outputs the same way.
 *
 * Can fail (checked by hand: an argmax kernel returning its int32 indices in a Float32Array was
 * caught at once): a buffer of the wrong typed array or one element short fails `wellStored`; a
 * shape rule that dropped the wrong reduced axis makes the kernel's element count disagree.
 */
import { describe, it } from "vitest";
import { aval, avalString, avalsEqual } from "../src/ir/types.js";
import type { AnyPrimitive } from "../src/primitives/rule-types.js";
import { primitive } from "../src/primitives/table.js";
import { trace } from "../src/api/trace.js";
import { inDomain } from "./arbitraries.js";
import { applyCase, casesOf, describeCase, domains, evaluating, primitiveNames, title } from "./domains.js";
import { describeTensor, wellStored } from "./equal.js";
import { checkLaw, ensure } from "./law.js";

describe("law 1: shape rule vs kernel", () => {
  it("every registry primitive has a test domain, and every domain a primitive", () => {
    const missing = primitiveNames.filter((n) => !(n in domains));
    const extra = Object.keys(domains).filter((n) => !(primitiveNames as string[]).includes(n));
    ensure(missing.length === 0 && extra.length === 0, () => `no domain for: ${missing.join(", ") || "-"}; domain without primitive: ${extra.join(", ") || "-"} (laws/domains.ts)`);
  });

  for (const name of primitiveNames) {
    it(title(name), () =>
      checkLaw({
        name: `shape rule vs kernel: ${name}`,
        note: "the impl's outputs must have exactly the shape rule's avals, in the dtype's typed array; a mismatch is a bug in the kernel or the shape rule of this primitive",
        arbitrary: casesOf(name, inDomain),
        holds: (c) => {
          const prim = primitive(c.name) as AnyPrimitive;
          const predicted = prim.shapeRule(c.inputs.map((t) => aval(t.shape, t.dtype)), c.params as never);
          const traced = trace((...xs: typeof c.inputs[number][]) => applyCase(c, xs))(...c.inputs).outputs.map((a) => a.aval);
          // Called directly (not through bind) so the kernel cannot lean on any interpreter.
          const outs = evaluating(c.name, () => prim.impl(c.inputs, c.params as never, predicted));
          const eager = evaluating(c.name, () => applyCase(c));
          const msg = (): string =>
            `${describeCase(c)}: rule ${predicted.map(avalString).join(", ")}; impl ${outs?.map(describeTensor).join(", ")}; ` +
            `eager ${eager?.map((t) => t.typeString).join(", ")}; traced ${traced.map(avalString).join(", ")}`;
          ensure(traced.length === predicted.length && traced.every((a, i) => avalsEqual(a, predicted[i]!)), msg);
          for (const results of [outs, eager]) {
            if (results === undefined) continue; // no eager meaning: `evaluating` checked the error
            ensure(results.length === predicted.length, msg);
            results.forEach((t, i) => ensure(avalsEqual(aval(t.shape, t.dtype), predicted[i]!) && wellStored(t), msg));
          }
        },
      }));
  }
});
