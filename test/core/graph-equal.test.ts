/**
 * Structural equality and hashing of graphs: equal up to renaming of variables and source lines,
 * unequal as soon as a primitive, a param, an operand's wiring, a type, a literal's bits, a
 * constant or a nested body differs.
 */
import { describe, expect, it } from "vitest";
import { type Tensor, lax, np, trace } from "../../src/index.js";
import { GraphBuilder } from "../../src/ir/builder.js";
import { graphHash, graphsEqual } from "../../src/ir/equal.js";
import type { Graph } from "../../src/ir/graph.js";
import { aval, mkLiteral } from "../../src/ir/types.js";
import { registry } from "../../src/primitives/registry.js";

const f32 = (shape: number[]) => aval(shape, "float32");

/** `sin(x) * c` built by hand, with `skip` unused variables first so the ids differ. */
function handBuilt(skip: number, c: number, order: "xy" | "yx" = "xy"): Graph {
  const b = new GraphBuilder();
  for (let i = 0; i < skip; i++) b.newVar(f32([]));
  const x = b.newVar(f32([3]));
  const y = b.newVar(f32([3]));
  const [s] = b.emit(registry.sin, [x], {}, undefined);
  const [m] = b.emit(registry.mul, order === "xy" ? [s!, y] : [y, s!], {}, `here.ts:${skip}`);
  const [o] = b.emit(registry.mul, [m!, mkLiteral(c, "float32")], {}, undefined);
  return b.build([x, y], [o!]);
}

function expectEqual(a: Graph, b: Graph): void {
  expect(graphsEqual(a, b)).toBe(true);
  expect(graphsEqual(b, a)).toBe(true);
  expect(graphHash(a)).toBe(graphHash(b));
}

function expectUnequal(a: Graph, b: Graph): void {
  expect(graphsEqual(a, b)).toBe(false);
  expect(graphsEqual(b, a)).toBe(false);
}

describe("graphs equal up to renaming", () => {
  it("other variable ids and source lines do not matter", () => {
    expectEqual(handBuilt(0, 2), handBuilt(7, 2));
  });

  it("one function traced twice at different values gives equal graphs", () => {
    const f = (x: Tensor) => np.sum(np.tanh(x).mul(x));
    expectEqual(trace(f)(np.ones([4])), trace(f)(np.zeros([4])));
  });

  it("equal nested bodies make equal scans", () => {
    const f = (x: Tensor) => lax.scan((c: Tensor, y: Tensor) => [c.add(y), c.mul(y)], x.sum(), x)[1];
    expectEqual(trace(f)(np.ones([5])), trace(f)(np.arange(5).astype("float32")));
  });
});

describe("graphs that compute other things are unequal", () => {
  it("a literal's value, including −0 against +0", () => {
    expectUnequal(handBuilt(0, 2), handBuilt(0, 3));
    expectUnequal(handBuilt(0, 0), handBuilt(0, -0));
    expectEqual(handBuilt(0, NaN), handBuilt(3, NaN));
  });

  it("operand order", () => {
    expectUnequal(handBuilt(0, 2, "xy"), handBuilt(0, 2, "yx"));
  });

  it("a param (integer_pow's exponent)", () => {
    expectUnequal(trace((x: Tensor) => np.pow(x, 2))(np.ones([2])), trace((x: Tensor) => np.pow(x, 3))(np.ones([2])));
  });

  it("a shape or a dtype", () => {
    const f = (x: Tensor) => np.sin(x);
    expectUnequal(trace(f)(np.ones([2])), trace(f)(np.ones([3])));
    expectUnequal(trace(f)(np.ones([2])), trace(f)(np.ones([2], "float64")));
  });

  it("a captured constant's values", () => {
    const withConst = (c: Tensor) => (x: Tensor) => x.mul(c);
    expectEqual(trace(withConst(np.array([1, 2])))(np.ones([2])), trace(withConst(np.array([1, 2])))(np.ones([2])));
    expectUnequal(trace(withConst(np.array([1, 2])))(np.ones([2])), trace(withConst(np.array([1, 3])))(np.ones([2])));
  });

  it("a nested body", () => {
    const scanWith = (k: number) => (x: Tensor) => lax.scan((c: Tensor, y: Tensor) => [c.add(y.mul(k)), c], x.sum(), x)[1];
    expectUnequal(trace(scanWith(2))(np.ones([3])), trace(scanWith(3))(np.ones([3])));
  });

  it("which value is returned", () => {
    expectUnequal(trace((x: Tensor) => [np.sin(x), np.cos(x)])(np.ones([2])), trace((x: Tensor) => [np.cos(x), np.sin(x)])(np.ones([2])));
  });
});
