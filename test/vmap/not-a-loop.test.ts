/**
 * vmap is not a loop: the traced graph of a vmapped function has the same equations for a batch
 * of 10 and of 1000 (only the shapes change), no per-example slicing, and values the function
 * closes over — or receives with inAxes null — stay unbatched (no [B, …W.shape] copy of W).
 */
import { describe, expect, it } from "vitest";
import { grad, nn, np, trace, vmap, type Equation, type Graph, type Tensor } from "../../src/index.js";
import { rand, randInt } from "./helpers.js";

type F = (...args: never[]) => unknown;

const prims = (g: Graph): string[] => g.equations.map((e) => e.primitive);

/** Equations with an output of exactly this shape. */
const producing = (g: Graph, shape: readonly number[]): Equation[] =>
  g.equations.filter((e) => e.outputs.some((o) => o.aval.shape.length === shape.length && o.aval.shape.every((d, i) => d === shape[i])));

/** The same function traced at two batch sizes: same primitives in the same order. */
function expectSizeIndependent(make: (b: number) => unknown[], f: F, opts: Parameters<typeof vmap>[1] = {}): [Graph, Graph] {
  const small = trace(vmap(f, opts) as (...a: unknown[]) => unknown)(...make(10));
  const large = trace(vmap(f, opts) as (...a: unknown[]) => unknown)(...make(1000));
  expect(large.equations.length, `equations at B=1000:\n${large}\nat B=10:\n${small}`).toBe(small.equations.length);
  expect(prims(large)).toEqual(prims(small));
  // No per-example slicing or stacking.
  for (const g of [small, large]) {
    expect(prims(g), g.toString()).not.toContain("slice");
    expect(prims(g), g.toString()).not.toContain("concatenate");
  }
  return [small, large];
}

describe("equation count does not grow with the batch", () => {
  const W = rand([3, 4], 1);
  const b = rand([4], 2);

  it("an MLP layer tanh(x·W + b)", () => {
    const layer = (x: Tensor): Tensor => np.tanh(np.add(np.matmul(x, W), b));
    const [small, large] = expectSizeIndependent((n) => [rand([n, 3], 3)], layer);
    expect(small.equations.length).toBeLessThanOrEqual(10);
    expect(large.equations.length).toBeLessThanOrEqual(10);
  });

  it("a two-layer MLP with parameters passed as an unmapped pytree", () => {
    const params = { w1: rand([3, 8], 4), b1: rand([8], 5), w2: rand([8, 2], 6) };
    const mlp = (p: typeof params, x: Tensor): Tensor => np.matmul(nn.relu(np.add(np.matmul(x, p.w1), p.b1)), p.w2);
    expectSizeIndependent((n) => [params, rand([n, 3], 7)], mlp, { inAxes: [null, 0] });
  });

  it("per-example gradients of a logistic loss", () => {
    const loss = (w: Tensor, x: Tensor, y: Tensor): Tensor => {
      const z = np.dot(w, x);
      return np.sub(nn.softplus(z), np.mul(y, z));
    };
    const [small, large] = expectSizeIndependent((n) => [rand([3], 8), rand([n, 3], 9), rand([n], 10)], grad(loss), { inAxes: [null, 0, 0] });
    // The shared weight vector (graph input 0) is never broadcast to the batch.
    for (const g of [small, large]) {
      const w = g.inputs[0]!;
      const copies = g.equations.filter((e) => e.primitive === "broadcast_in_dim" && e.inputs.some((a) => a._tag === "Var" && a.id === w.id));
      expect(copies, g.toString()).toEqual([]);
    }
  });

  it("a gather with batched operand and indices, and with batched indices only", () => {
    expectSizeIndependent((n) => [rand([n, 6], 11), randInt([n, 2], 12, 0, 6)], ((x: Tensor, i: Tensor) => np.take(x, i, 0)));
    const table = rand([6, 5], 13);
    const [small, large] = expectSizeIndependent((n) => [randInt([n, 2], 14, 0, 6)], ((i: Tensor) => np.take(table, i, 0)));
    expect(producing(small, [10, 6, 5])).toEqual([]);
    expect(producing(large, [1000, 6, 5])).toEqual([]);
  });

  it("nested vmap and vmap of grad of an MLP layer", () => {
    const f = (x: Tensor): Tensor => np.sum(np.tanh(np.matmul(x, W)));
    expectSizeIndependent((n) => [rand([n, 3], 15)], grad(f));
    expectSizeIndependent((n) => [rand([n, 2, 3], 16)], vmap((x: Tensor) => np.tanh(np.matmul(x, W))));
  });
});

describe("closed-over weights stay unbatched", () => {
  const W = rand([3, 4], 20);

  for (const simplify of [true, false]) {
    it(`vmap(x => x·W) has no [B, 3, 4] copy of W (simplify: ${simplify})`, () => {
      const Bn = 50;
      const g = trace(vmap((x: Tensor) => np.matmul(x, W)), { simplify })(rand([Bn, 3], 21));
      expect(producing(g, [Bn, ...W.shape]), g.toString()).toEqual([]);
      expect(g.equations.filter((e) => e.primitive === "broadcast_in_dim"), g.toString()).toEqual([]);
      // The product reads W itself: a dot_general input of shape [3, 4].
      const dots = g.equations.filter((e) => e.primitive === "dot_general");
      expect(dots.length).toBe(1);
      expect(dots[0]!.inputs.some((a) => a.aval.shape.join(",") === "3,4")).toBe(true);
      // Matrix examples, and W passed as an argument with inAxes null.
      const g2 = trace(vmap((x: Tensor) => np.matmul(x, W)), { simplify })(rand([Bn, 2, 3], 22));
      expect(producing(g2, [Bn, ...W.shape]), g2.toString()).toEqual([]);
      const g3 = trace(vmap(((x: Tensor, w: Tensor) => np.matmul(x, w)), { inAxes: [0, null] }) as (x: Tensor, w: Tensor) => unknown, {
        simplify,
      })(rand([Bn, 3], 23), W);
      expect(producing(g3, [Bn, ...W.shape]), g3.toString()).toEqual([]);
    });
  }

  it("the backward pass of per-example input gradients uses W unbatched", () => {
    const Bn = 40;
    const g = trace(vmap(grad((x: Tensor) => np.sum(np.tanh(np.matmul(x, W))))))(rand([Bn, 3], 24));
    expect(producing(g, [Bn, ...W.shape]), g.toString()).toEqual([]);
    expect(producing(g, [Bn, ...[...W.shape].reverse()]), g.toString()).toEqual([]);
  });

  it("a closed-over bias is broadcast only to the output's shape, not copied per example first", () => {
    const b = rand([4], 25);
    const Bn = 30;
    const g = trace(vmap((x: Tensor) => np.add(np.matmul(x, W), b)))(rand([Bn, 3], 26));
    // At most one broadcast (b to [B, 4]), and nothing of W's shape batched.
    expect(g.equations.filter((e) => e.primitive === "broadcast_in_dim").length).toBeLessThanOrEqual(1);
    expect(producing(g, [Bn, ...W.shape])).toEqual([]);
  });
});
