/**
 * Argument validation reports every problem in one error (one line each), of the first problem's
 * class: a user sees all bad arguments at once instead of fixing them one run at a time.
 */
import { describe, expect, it } from "vitest";
import { ArgumentError, PyTreeError, ShapeError, grad, jacrev, jvp, np, valueAndGrad, vmap, type Tensor } from "../../src/index.js";
import { collect, ok, orThrow, problem } from "../../src/api/problems.js";
import { bad, thrown } from "../support/index.js";

const loss = (x: Tensor, y: Tensor) => np.sum(np.mul(x, y));

describe("grad's options", () => {
  it("lists a non-integer argnums entry and a non-boolean hasAux together", () => {
    const e = thrown(() => grad(loss, bad({ argnums: [5, "a"], hasAux: 3 })));
    expect(e).toBeInstanceOf(ArgumentError);
    expect(e.message.split("\n")).toEqual([
      'grad(loss): argnums[1] is "a"; use the integer index of a positional argument (or an array of them).',
      "grad(loss): hasAux must be true or false; got 3.",
    ]);
  });

  it("lists every argnums entry out of range at the call", () => {
    const e = thrown(() => grad(loss, { argnums: [5, 0, -7] })(np.ones([2]), np.ones([2])));
    expect(e).toBeInstanceOf(ArgumentError);
    expect(e.message.split("\n")).toEqual([
      "grad(loss): argnums contains 5 but 2 positional arguments were passed; use an index in [0, 1].",
      "grad(loss): argnums contains -7 but 2 positional arguments were passed; use an index in [0, 1].",
    ]);
  });

  it("names a non-function together with bad options, and unknown option names", () => {
    const e = thrown(() => valueAndGrad(bad(3), bad({ argnum: 1, hasAux: "yes" })));
    expect(e).toBeInstanceOf(ArgumentError);
    expect(e.message.split("\n")).toEqual([
      "valueAndGrad: expected a function, got number.",
      'valueAndGrad: unknown option "argnum"; the options are argnums, hasAux, holomorphic.',
      'valueAndGrad: hasAux must be true or false; got "yes".',
    ]);
  });

  it("jacobians check argnums the same way", () => {
    const e = thrown(() => jacrev(loss, bad({ argnums: [0.5, null] })));
    expect(e.message.split("\n")).toHaveLength(2);
    expect(e.message).toContain("argnums[0] is 0.5");
    expect(e.message).toContain("argnums[1] is null");
  });
});

describe("vmap's axes", () => {
  it("lists every malformed spec entry before any call", () => {
    const e = thrown(() => vmap(loss, bad({ inAxes: [0, "1"], outAxes: true })));
    expect(e).toBeInstanceOf(ArgumentError);
    expect(e.message.split("\n")).toEqual([
      'vmap(loss): inAxes[1] must be a number, null, or an array/object of those; got string "1".',
      "vmap(loss): outAxes must be a number, null, or an array/object of those; got boolean true.",
    ]);
  });

  it("lists every argument whose structure the spec does not match", () => {
    const f = (a: { w: Tensor }, b: Tensor[]) => np.add(np.sum(a.w), np.sum(b[0]!));
    const e = thrown(() => vmap(f, { inAxes: [{ v: 0 }, [0, 0]] })({ w: np.ones([2, 3]) }, [np.ones([2])]));
    expect(e).toBeInstanceOf(ArgumentError);
    const lines = e.message.split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain("inAxes[0] has keys {v} but args[0] has keys {w}");
    expect(lines[1]).toContain("inAxes[1] is an array of length 2 but args[1] is an array of length 1");
  });
});

describe("orThrow", () => {
  it("throws the first problem's class with every message, one per line", () => {
    const e = thrown(() => orThrow(collect([problem("first", ShapeError), problem("second"), problem("third", ShapeError)])));
    expect(e).toBeInstanceOf(ShapeError);
    expect(e.message).toBe("first\nsecond\nthird");
  });

  it("returns every value when no check failed", () => {
    expect(orThrow(collect([ok(1), ok(2)]))).toEqual([1, 2]);
  });
});

describe("jvp's arguments", () => {
  it("primals and tangents that are not arrays are named together, with a bad option", () => {
    const e = thrown(() => jvp(np.sin, bad(1), bad("t"), bad({ hasAux: "no" })));
    expect(e).toBeInstanceOf(PyTreeError);
    expect(e.message.split("\n")).toEqual([
      "jvp(sin): primals must be an array with one entry per argument of the function; got 1.",
      'jvp(sin): tangents must be an array with one entry per argument of the function; got "t".',
      'jvp(sin): hasAux must be true or false; got "no".',
    ]);
  });
});
