/**
 * Movement ops pushed up through the elementwise chains that only they read (push-views.ts): which
 * graphs are rewritten (the plan's steps, read from `describePlan`), which are left alone (a
 * stretching broadcast, a value read twice, a pad whose op does not keep its padding value), and
 * that jit still gives eager's bits — NaN, ±0 and ±∞ among the inputs, padding values 0, −0, 1 and
 * NaN, float32 and float64. The reference is eager evaluation of the user's function.
 */
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hessian, jit, np, trace, type Tensor } from "../../src/index.js";
import { describePlan } from "../../src/backend/cpu/describe-plan.js";
import { plannedGraph, pushViews } from "../../src/backend/cpu/push-views.js";
import { contiguousView, padView, reshapeView } from "../../src/backend/cpu/view.js";
import * as ops from "../../src/primitives/ops.js";
import { sameTensor } from "../../laws/equal.js";
import { values } from "./special-values.js";

const tensor = (shape: number[], seed: number, dtype: "float32" | "float64" = "float32"): Tensor =>
  np.array(values(shape.reduce((a, b) => a * b, 1), seed, 0.06), { dtype }).reshape(shape);

function expectEager(f: (...xs: Tensor[]) => Tensor, xs: readonly Tensor[]): void {
  const got = jit(f)(...xs), want = f(...xs);
  expect(sameTensor(got, want), `jit ${Array.from(got.data()).slice(0, 6)} eager ${Array.from(want.data()).slice(0, 6)}`).toBe(true);
}

const primitives = (f: (...xs: Tensor[]) => Tensor, xs: readonly Tensor[]): string[] =>
  plannedGraph(trace(f)(...xs)).equations.map((e) => e.primitive);

describe("movement ops pushed through elementwise chains", () => {
  it("a transpose of a chain becomes transposes of its operands: one loop, eager's bits", () => {
    const f = (x: Tensor, y: Tensor): Tensor => ops.transpose(ops.mul(ops.add(x, y), x), [1, 0]);
    const xs = [tensor([5, 7], 1), tensor([5, 7], 2)];
    expect(primitives(f, xs)).toEqual(["transpose", "transpose", "add", "transpose", "mul"]);
    expect(describePlan(trace(f)(xs[0]!, xs[1]!))).toMatch(/^fused\[transpose, transpose, add, transpose, mul\] f32\[7,5\] \(a, b\) -> \w+$/);
    expectEager(f, xs);
  });

  it("a pad moves where the op keeps the padding value (0·0, 0 + 0, 1·1), not where it does not (e⁰, 1 + 1, (−0)·(−0))", () => {
    const x = tensor([4, 6], 3), y = tensor([4, 6], 4);
    const cfg: [number, number, number][] = [[1, 2, 0], [-1, 3, 0]];
    const moves = (f: (x: Tensor, y: Tensor) => Tensor): boolean => primitives(f, [x, y])[0] === "pad";
    const cases: [(x: Tensor, y: Tensor) => Tensor, boolean][] = [
      [(x, y) => ops.pad(ops.mul(x, y), 0, cfg), true],
      [(x, y) => ops.pad(ops.add(x, y), 0, cfg), true],
      [(x, y) => ops.pad(ops.mul(x, y), 1, cfg), true],
      [(x, y) => ops.pad(ops.add(np.exp(x), y), 0, cfg), false],
      [(x, y) => ops.pad(ops.add(x, y), 1, cfg), false],
      [(x, y) => ops.pad(ops.mul(x, y), -0, cfg), false],
    ];
    for (const [f, moved] of cases) {
      expect(moves(f)).toBe(moved);
      expectEager(f, [x, y]);
    }
  });

  it("leaves a stretching broadcast, a value read twice, a 0-d operand's pad and an approximated op alone", () => {
    const x = tensor([6], 5), s = np.array(2, { dtype: "float32" });
    const stretch = (x: Tensor): Tensor => ops.broadcastInDim(ops.mul(x, x), [3, 6], [1]);
    expect(primitives(stretch, [x])).toEqual(["mul", "broadcast_in_dim"]);
    const twice = (x: Tensor): Tensor => {
      const t = ops.mul(x, x);
      return ops.add(ops.rev(t, [0]), t);
    };
    expect(primitives(twice, [x])).toEqual(["mul", "rev", "add"]);
    const scalarPad = (x: Tensor, s: Tensor): Tensor => ops.pad(ops.mul(x, s), 0, [[1, 1, 0]]);
    expect(primitives(scalarPad, [x, s])).toEqual(["mul", "pad"]);
    expectEager(stretch, [x]);
    expectEager(twice, [x]);
    expectEager(scalarPad, [x, s]);
    // An approximated op stays in its plain (vectorised) loop; the mul after it still moves.
    const approx = (x: Tensor): Tensor => ops.rev(ops.mul(np.exp(x), x), [0]);
    expect(primitives(approx, [x])).toEqual(["exp", "rev", "rev", "mul"]);
    expectEager(approx, [x]);
    const g = trace(stretch)(x);
    expect(pushViews(g)).toBe(g);
  });

  it("a value two moved chains share is copied into each (one loop, nothing written but the result); not where a reduction reads it too", () => {
    const shared = (x: Tensor, y: Tensor): Tensor => {
      const t = ops.mul(x, y);
      return ops.transpose(ops.add(ops.add(t, x), ops.mul(t, y)), [1, 0]);
    };
    const xs = [tensor([6, 9], 11), tensor([6, 9], 12)];
    const prims = primitives(shared, xs);
    expect(prims.filter((p) => p === "mul")).toHaveLength(3);
    expect(prims[prims.length - 1]).toBe("add");
    expect(describePlan(trace(shared)(xs[0]!, xs[1]!)).split("\n")).toHaveLength(1);
    expectEager(shared, xs);
    const reduced = (x: Tensor, y: Tensor): Tensor => {
      const t = ops.mul(x, y);
      return ops.add(ops.transpose(ops.add(t, x), [1, 0]), ops.reduceSum(t, [0, 1]));
    };
    expect(primitives(reduced, xs).slice(0, 3)).toEqual(["mul", "add", "transpose"]);
    expectEager(reduced, xs);
  });

  it("a padded view keeps its padding through a reshape that adds or drops size-1 dims, and only then", () => {
    const v = padView(contiguousView([3, 1, 4]), [[0, 0, 0], [0, 0, 0], [1, 0, 0]], 0)!;
    expect(reshapeView(v, [3, 5])).toEqual({ shape: [3, 5], strides: [4, 1], offset: -1, masks: [[0, 3], [1, 5]], fill: 0 });
    expect(reshapeView(v, [1, 3, 5, 1])).toMatchObject({ shape: [1, 3, 5, 1], masks: [[0, 1], [0, 3], [1, 5], [0, 1]] });
    expect(reshapeView(v, [15])).toBeUndefined();
  });

  it("W5's Hessian is two loops (a value two moved chains share is copied into each), with eager's bits", () => {
    const D = 100;
    const fn = (x: Tensor): Tensor => {
      const x2 = np.mul(x, x);
      return np.add(np.sum(np.mul(x2, x2)), np.sum(np.mul(x.slice([0, D - 1]), x.slice([1, D]))));
    };
    const h = hessian(fn) as (x: Tensor) => Tensor;
    const x = np.array(values(D, 9, 0.06).map((v) => (Number.isFinite(v) ? v : 0.5)), { dtype: "float32" });
    const plan = describePlan(trace(h)(x)).split("\n");
    expect(plan).toHaveLength(2);
    expect(plan[plan.length - 1]).toMatch(/^fused\[.*\] f32\[100,100\] \(.*\) -> \w+$/);
    expectEager(h, [x]);
  });

  it("random chains under random movement ops equal eager, bit for bit", () => {
    const unary = [np.neg, np.abs, (t: Tensor) => ops.mul(t, t)];
    const binary = [ops.add, ops.mul, ops.sub, (x: Tensor, y: Tensor) => ops.binaryOp("max", x, y)];
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }),
        fc.constantFrom(0, -0, 1, NaN), fc.constantFrom("float32" as const, "float64" as const), fc.integer({ min: 1, max: 999 }),
        (r, c, u, b, move, fill, dtype, seed) => {
          const f = (x: Tensor, y: Tensor): Tensor => {
            const t = binary[b]!(unary[u]!(x), y);
            switch (move) {
              case 0: return ops.transpose(t, [1, 0]);
              case 1: return ops.pad(t, fill, [[1, -Math.min(1, r - 1), 0], [2, 1, 0]]);
              case 2: return ops.reshape(ops.rev(t, [1]), [c, r]);
              default: return ops.transpose(ops.pad(ops.slice(t, [0, 0], [r, c], [1, 2]), fill, [[0, 2, 0], [1, 0, 0]]), [1, 0]);
            }
          };
          expectEager(f, [tensor([r, c], seed, dtype), tensor([r, c], seed + 7, dtype)]);
        },
      ),
      { numRuns: 80, seed: Number(process.env.FC_SEED ?? 42) },
    );
  });
});
