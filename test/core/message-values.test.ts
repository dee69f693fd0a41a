/**
 * Error messages report a bad value as the user gave it — a string dimension or axis quoted
 * (`"2"`), never printed as if it were the number 2 — and never suggest an empty range such as
 * `[0, -1]` (a 0-d array has no axes; an empty axis has no valid index).
 */
import { describe, expect, it } from "vitest";
import { FluxionError, ShapeError, np, random } from "../../src/index.js";
import * as ops from "../../src/primitives/ops.js";
import { bad, thrown } from "../support/index.js";


describe("a string given as a dimension or axis is printed as given", () => {
  const cases: [string, () => unknown, string][] = [
    ["np.reshape", () => np.reshape(np.ones([6]), bad(["2", 3])), 'dimension 0 of the new shape ["2",3] is "2"'],
    ["np.zeros", () => np.zeros(bad(["2", 3])), 'dimension 0 of shape ["2",3] is "2"'],
    ["np.broadcastTo", () => np.broadcastTo(np.ones([3]), bad([2, "3"])), 'dimension 1 of shape [2,"3"] is "3"'],
    ["np.take", () => np.take(np.ones([2, 3]), [0], bad("1")), 'axis "1" is not an integer'],
    ["np.expandDims", () => np.expandDims(np.ones([3]), bad("0")), 'axis "0"'],
    ["np.concatenate", () => np.concatenate([np.ones([3]), np.ones([3])], bad("0")), 'axis "0"'],
    ["np.stack", () => np.stack([np.ones([3]), np.ones([3])], bad("1")), 'axis "1"'],
    ["np.squeeze", () => np.squeeze(np.ones([1, 3]), bad("0")), 'axis "0"'],
    ["np.transpose", () => np.transpose(np.ones([2, 3]), bad(["1", "0"])), 'axis "1"'],
    ["np.argmax", () => np.argmax(np.ones([2, 3]), bad("1")), 'axis "1"'],
    ["np.arange", () => np.arange(bad("5")), 'got "5"'],
    ["np.linspace", () => np.linspace(0, 1, bad("3")), 'got "3"'],
    ["random.key", () => random.key(bad("1")), 'got "1"'],
    ["x.slice", () => np.ones([4]).slice(bad(["1", 3])), 'range ["1",3]'],
  ];
  for (const [name, run, says] of cases) {
    it(`${name}: ${says}`, () => {
      const e = thrown(run);
      expect(e, `${e.name}: ${e.message}`).toBeInstanceOf(FluxionError);
      expect(e.message).toContain(says);
    });
  }
  it("values that cannot be made strings (a symbol) are described, not a bare TypeError", () => {
    const e = thrown(() => np.reshape(np.ones([6]), bad([Symbol("s"), 3])));
    expect(e).toBeInstanceOf(ShapeError);
    expect(e.message).toContain("a symbol");
    expect(thrown(() => np.zeros(bad([{ toString: () => { throw new Error("no"); } }])))).toBeInstanceOf(ShapeError);
  });
});

describe("no message suggests an empty range", () => {
  const scalar = () => np.array(5);
  const empty = () => np.zeros([0, 2]);
  const cases: [string, () => unknown, RegExp][] = [
    ["np.take on a 0-d array", () => np.take(scalar(), [0], 0), /0-d and has no axes/],
    ["np.sum over an axis of a 0-d array", () => np.sum(scalar(), 0), /0-d and has no axes/],
    ["np.argmax over an axis of a 0-d array", () => np.argmax(scalar(), 0), /0-d and has no axes/],
    ["np.transpose of a 0-d array with axes", () => np.transpose(scalar(), [0]), /0-d and has no axes/],
    ["the transpose primitive on a 0-d input", () => ops.transpose(scalar(), [0]), /0-d input has no axes/],
    ["get on an empty axis", () => empty().get(0), /axis is empty, so no index is valid/],
    ["get(-1) on an empty axis", () => empty().get(-1), /axis is empty/],
    ["slice index on an empty axis", () => empty().slice(0), /axis is empty/],
    ["at().set on an empty axis", () => empty().at(0).set(1), /axis is empty/],
  ];
  for (const [name, run, says] of cases) {
    it(name, () => {
      const e = thrown(run);
      expect(e, `${e.name}: ${e.message}`).toBeInstanceOf(ShapeError);
      expect(e.message).toMatch(says);
      expect(e.message).not.toMatch(/\[-?0, -1\]|0…-1|\[0, -0\]/);
    });
  }
  it("a non-empty axis still gets its range", () => {
    expect(thrown(() => np.ones([3]).get(3)).message).toContain("use an integer in [-3, 2]");
    expect(thrown(() => np.sum(np.ones([2]), 1)).message).toContain("use an integer in [-1, 0]");
  });
});
