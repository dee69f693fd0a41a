/**
 * Common-subexpression elimination compares params structurally: numbers by their bits (a pad
 * with −0 is not a pad with +0), sub-graphs up to renaming (two equal scans compute once).
 */
import { describe, expect, it } from "vitest";
import { type Tensor, evaluate, lax, np, trace } from "../../src/index.js";
import { applyN } from "../../src/primitives/ops.js";

const count = (text: string, prim: string): number => text.split("\n").filter((l) => l.includes(`= ${prim}[`) || l.includes(`= ${prim} `)).length;

describe("cse", () => {
  it("keeps a pad with −0 apart from a pad with +0 (their results differ in sign bits)", () => {
    const f = (x: Tensor): Tensor[] => [
      applyN("pad", [x], { paddingValue: 0, config: [[1, 0, 0]] })[0]!,
      applyN("pad", [x], { paddingValue: -0, config: [[1, 0, 0]] })[0]!,
    ];
    const g = trace(f)(np.ones([2]));
    const [plus, minus] = evaluate(g, np.ones([2])) as Tensor[];
    expect(Object.is(plus!.data()[0], 0)).toBe(true);
    expect(Object.is(minus!.data()[0], -0)).toBe(true);
  });

  it("merges two scans with equal bodies on the same inputs", () => {
    const cumsum = (x: Tensor): Tensor => lax.scan((c: Tensor, y: Tensor) => [c.add(y), c.add(y)], np.zeros([]), x)[1];
    const g = trace((x: Tensor) => np.add(cumsum(x), cumsum(x)))(np.ones([4]));
    expect(count(g.toString(), "scan")).toBe(1);
    expect(Array.from((evaluate(g, np.array([1, 2, 3, 4])) as Tensor).data())).toEqual([2, 6, 12, 20]);
  });

  it("keeps scans whose bodies differ", () => {
    const scaled = (k: number) => (x: Tensor): Tensor => lax.scan((c: Tensor, y: Tensor) => [c.add(y.mul(k)), c], np.zeros([]), x)[1];
    const g = trace((x: Tensor) => np.add(scaled(2)(x), scaled(3)(x)))(np.ones([3]));
    expect(count(g.toString(), "scan")).toBe(2);
  });
});
