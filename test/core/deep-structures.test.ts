/**
 * Sizes the JS call stack cannot hold, which fluxion must still handle: a chain of 100,000 ops
 * (eagerly, under `grad` and `jit`), a pytree nested 10,000 levels deep, and a
 * pytree of 500,000 leaves. Values are checked against closed forms: the chain x + 1 repeated n
 * times is x + n, and x · a repeated n times is x · aⁿ with derivative aⁿ.
 */
import { describe, expect, it } from "vitest";
import { type Tensor, evaluate, grad, jit, np, trace, tree, vmap } from "../../src/index.js";

const CHAIN = 100_000;
const DEPTH = 10_000;
const LEAVES = 500_000;

/** x + 1, CHAIN times: CHAIN equations in a row, each reading the one before. */
function addChain(x: Tensor): Tensor {
  let y = x;
  for (let i = 0; i < CHAIN; i++) y = np.add(y, 1);
  return y;
}

// x · a, CHAIN times, in float64: the value is x·a^CHAIN and the derivative a^CHAIN (= e^0.99999...).
const A = 1 + 1e-5;
function mulChain(x: Tensor): Tensor {
  let y = x;
  for (let i = 0; i < CHAIN; i++) y = np.mul(y, A);
  return y;
}
const A_POW = Math.exp(CHAIN * Math.log1p(1e-5));

function expectRel(got: number, want: number, tol: number): void {
  expect(Math.abs(got - want) / Math.abs(want), `got ${got}, want ${want}`).toBeLessThanOrEqual(tol);
}

describe("a chain of 100,000 elementwise ops", () => {
  const xs = [0, 1, -2.5];

  it("runs eagerly", () => {
    expect(addChain(np.array(xs)).toArray()).toEqual(xs.map((v) => v + CHAIN));
  });

  it("runs under jit (split into several fused loops)", () => {
    const f = jit(addChain);
    expect(f(np.array(xs)).toArray()).toEqual(xs.map((v) => v + CHAIN));
    expect(f(np.array(xs.map((v) => v * 2))).toArray()).toEqual(xs.map((v) => 2 * v + CHAIN));
  });

  it("traces to a graph of 100,000 equations that prints", () => {
    const g = trace(addChain)(np.array(0));
    expect(g.equations.length).toBe(CHAIN);
    const text = g.toString();
    expect(text.split("\n").length).toBe(CHAIN + 2);
    expect((evaluate(g, np.array(3)) as Tensor).item()).toBe(3 + CHAIN);
  });

  it("differentiates under grad: d/dx (x·a^n) = a^n", () => {
    const x = np.array(0.75, { dtype: "float64" });
    expectRel(mulChain(x).item(), 0.75 * A_POW, 1e-9);
    expectRel(grad(mulChain)(x).item(), A_POW, 1e-9);
  });

  it("jit takes 25,000 inputs, spread as positional arguments", () => {
    const n = 25_000;
    const f = jit((...ins: Tensor[]) => ins.reduce((s, v) => np.add(s, v)));
    const args = Array.from({ length: n }, (_, i) => np.array([i % 7, 1]));
    const sumMod7 = Array.from({ length: n }, (_, i) => i % 7).reduce((s, v) => s + v, 0);
    expect(f(...args).toArray()).toEqual([sumMod7, n]);
  });
});

describe("a pytree nested 10,000 levels deep", () => {
  /** Alternating objects and arrays, `{ b: 9999, w: [{ b: 9997, w: [ … [leaf] … ] }] }`: a sibling leaf every other level. */
  function nest(leaf: unknown, sibling: (i: number) => unknown = (i) => i): unknown {
    let t = leaf;
    for (let i = 0; i < DEPTH; i++) t = i % 2 === 0 ? [t] : { w: t, b: sibling(i) };
    return t;
  }
  /** The innermost leaf. */
  function innermost(t: unknown): Tensor {
    let c = t as Record<string, unknown> | unknown[];
    for (let i = DEPTH - 1; i >= 0; i--) c = (i % 2 === 0 ? (c as unknown[])[0] : (c as Record<string, unknown>).w) as typeof c;
    return c as unknown as Tensor;
  }
  const siblings = Array.from({ length: DEPTH }, (_, i) => i).filter((i) => i % 2 === 1);

  it("flattens (depth first), prints and rebuilds", () => {
    const [leaves, def] = tree.flatten(nest(-1));
    // Keys sort "b" < "w": each level's sibling comes before the deeper subtree, outermost first.
    expect(leaves).toEqual([...[...siblings].reverse(), -1]);
    expect(def.numLeaves).toBe(siblings.length + 1);
    expect(def.toString().startsWith('PyTreeDef({"b": *, "w": [{"b": *, "w": [')).toBe(true);
    const back = tree.unflatten(def, leaves);
    expect(tree.structure(back).equals(def)).toBe(true);
    expect(innermost(back)).toBe(-1);
    expect(tree.leaves(back)).toEqual(leaves);
  });

  it("tree.map reaches the innermost leaf", () => {
    const doubled = tree.map((v) => (v as number) * 2, nest(21));
    expect(innermost(doubled)).toBe(42);
  });

  it("grad, jit and vmap take it as an argument and return it", () => {
    const f = (t: unknown): Tensor => np.mul(innermost(t), innermost(t));
    const g = grad(f)(nest(np.array(3)));
    expect(tree.structure(g).equals(tree.structure(nest(0)))).toBe(true);
    expect(innermost(g).item()).toBe(6); // d/dx x² at 3
    expect(tree.leaves(g).filter((l) => (l as Tensor).item() === 0).length).toBe(siblings.length);

    const j = jit((t: unknown) => tree.map((v) => np.mul(v as Tensor, 10), t));
    expect(innermost(j(nest(np.array(1.5)))).item()).toBe(15);

    const v = vmap(f)(nest(np.array([1, 2, 3]), (i) => np.full([3], i)));
    expect(v.toArray()).toEqual([1, 4, 9]);
  });

  it("a static argument nested as deep keys jit's cache (a new innermost value traces again)", () => {
    let traces = 0;
    const j = jit(
      (x: Tensor, t: unknown) => {
        traces++;
        return np.mul(x, innermost(t) as unknown as number);
      },
      { staticArgnums: 1 },
    );
    expect(j(np.array(2), nest(3)).item()).toBe(6);
    expect(j(np.array(2), nest(3)).item()).toBe(6);
    expect(j(np.array(2), nest(4)).item()).toBe(8);
    expect(traces).toBe(2);
  });
});

describe("a pytree of 500,000 leaves", () => {
  const leaves = Array.from({ length: LEAVES }, (_, i) => (i % 2 === 0 ? i : -i));
  const first = 0;
  const last = -(LEAVES - 1);
  const ends = (xs: Tensor[]): Tensor => np.mul(np.add(xs[0]!, 2), xs[LEAVES - 1]!);

  it("traces to a graph with one input per leaf, and evaluates", () => {
    const g = trace((xs: number[]) => ends(xs as unknown as Tensor[]))(leaves);
    expect(g.inputs.length).toBe(LEAVES);
    expect((evaluate(g, leaves) as Tensor).item()).toBe((first + 2) * last);
  });

  it("grad gives a gradient for every leaf", () => {
    const g = grad(ends)(leaves);
    expect(g.length).toBe(LEAVES);
    expect(g[0]!.item()).toBe(last);
    expect(g[LEAVES - 1]!.item()).toBe(first + 2);
    expect(g.slice(1, -1).every((t) => t.item() === 0)).toBe(true);
  });

  it("vmap maps every leaf", () => {
    const batched = Array.from({ length: LEAVES }, (_, i) => np.array([i, 1]));
    const out = vmap(ends)(batched);
    expect(out.toArray()).toEqual([(0 + 2) * (LEAVES - 1), 3]);
  });

  it("jit traces them (one input per leaf) and runs the plan", () => {
    const f = jit((xs: number[]) => ends(xs as unknown as Tensor[]));
    expect(f(leaves).item()).toBe((first + 2) * last);
  });

  it("tree.map over them", () => {
    const mapped = tree.map((a, b) => (a as number) + (b as number), leaves, leaves) as number[];
    expect(mapped.length).toBe(LEAVES);
    expect(mapped[LEAVES - 1]).toBe(2 * last);
  });
});
