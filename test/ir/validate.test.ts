/**
 * `validateGraph` reports every problem of a broken graph at once (fp-ts validation), not only the
 * first: one error of the first problem's class, one line per problem, each naming the variable
 * and the equation.
 */
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { Graph, InternalError, ShapeError } from "../../src/index.js";
import { aval, mkEquation, mkVar } from "../../src/ir/types.js";
import { validateGraph } from "../../src/ir/validate.js";
import { registry } from "../../src/primitives/registry.js";

const f3 = aval([3], "float32");

describe("validateGraph accumulates", () => {
  it("a use before definition, a wrong output type and a dangling output: three lines", () => {
    const [a, b, c] = [mkVar(0, f3), mkVar(1, f3), mkVar(2, aval([4], "float32"))];
    const g = new Graph({
      inputs: [a],
      constVars: [],
      constValues: [],
      equations: [mkEquation("sin", {}, [b], [c], undefined)],
      outputs: [mkVar(9, f3)],
    });
    const r = validateGraph(g, registry);
    expect(E.isLeft(r)).toBe(true);
    if (E.isLeft(r)) {
      expect(r.left).toBeInstanceOf(InternalError);
      const lines = r.left.message.split("\n");
      expect(lines).toHaveLength(3);
      expect(lines[0]).toContain("variable 1 used before definition in equation 0 (sin)");
      expect(lines[1]).toContain("equation 0 (sin) outputs f32[4] but its shape rule gives f32[3]");
      expect(lines[2]).toContain("variable 9 used before definition in outputs");
      expect(r.left.message.match(/this is a bug in fluxion/g)).toHaveLength(1);
    }
  });

  it("a shape rule's own error first keeps its class, with the later problems on their own lines", () => {
    const [a, b, c] = [mkVar(0, f3), mkVar(1, aval([4], "float32")), mkVar(2, f3)];
    const g = new Graph({ inputs: [a, b], constVars: [], constValues: [], equations: [mkEquation("add", {}, [a, b], [c], undefined)], outputs: [c, mkVar(5, f3)] });
    const r = validateGraph(g, registry);
    expect(E.isLeft(r) && r.left).toBeInstanceOf(ShapeError);
    if (E.isLeft(r)) {
      const lines = r.left.message.split("\n");
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/add: incompatible shapes \[3\] and \[4\]/);
      expect(lines[1]).toContain("variable 5 used before definition in outputs");
    }
  });

  it("a well-formed graph is Right of itself", () => {
    const [a, b] = [mkVar(0, f3), mkVar(1, f3)];
    const g = new Graph({ inputs: [a], constVars: [], constValues: [], equations: [mkEquation("sin", {}, [a], [b], undefined)], outputs: [b] });
    expect(validateGraph(g, registry)).toEqual(E.right(g));
  });
});
