/**
 * jit as a primitive: under grad, jvp, vmap and an outer jit, `jit(f)` is one `jit[name=f]`
 * equation that stays compiled. Values are checked against closed forms; the backward pass of
 * grad(jit(f)) is checked to read residuals instead of recomputing the forward pass.
 */
import { describe, expect, it } from "vitest";
import { type Graph, type Tensor, grad, jit, jvp, np, trace, vmap } from "../../src/index.js";
import { expectClose } from "../support/index.js";

const xs = [0.5, -1.25, 2];
const x = (): Tensor => np.array(xs, { dtype: "float64" });

/** f(x) = Σ sin(x)·x, so f'(x) = cos(x)·x + sin(x). */
function f(v: Tensor): Tensor {
  return np.sum(np.mul(np.sin(v), v));
}
const df = (v: number): number => Math.cos(v) * v + Math.sin(v);

/** The jit equations of a graph, by name, with their nested graphs. */
const jitCalls = (g: Graph): { name: string; graph: Graph }[] =>
  g.equations.filter((e) => e.primitive === "jit").map((e) => e.params as unknown as { name: string; graph: Graph });

describe("transforms of jit(f) give f's derivatives (closed forms)", () => {
  it("grad(jit(f)) = cos(x)·x + sin(x)", () => {
    expectClose(grad(jit(f))(x()), xs.map(df));
  });

  it("jvp(jit(f)) along t = Σ (cos(x)·x + sin(x))·t", () => {
    const t = [1, -2, 0.5];
    const [y, dy] = jvp(jit(f), [x()], [np.array(t, { dtype: "float64" })]);
    expectClose(y, xs.reduce((s, v) => s + Math.sin(v) * v, 0));
    expectClose(dy, xs.reduce((s, v, i) => s + df(v) * t[i]!, 0));
  });

  it("vmap(jit(f)) maps over rows", () => {
    const rows = [xs, [1, 2, 3]];
    expectClose(vmap(jit(f))(np.array(rows, { dtype: "float64" })), rows.map((r) => r.reduce((s, v) => s + Math.sin(v) * v, 0)));
  });

  it("jit(grad(jit(f))) = cos(x)·x + sin(x), and its trace keeps both jit boundaries", () => {
    const jg = jit(grad(jit(f)));
    expectClose(jg(x()), xs.map(df));
    const outer = jitCalls(trace(jg)(x()));
    expect(outer.map((c) => c.name)).toHaveLength(1);
    expect(jitCalls(outer[0]!.graph).map((c) => c.name).sort()).toEqual(["jvp(f)", "transpose(lin(f))"]);
  });

  it("grad of a function of two arguments through jit, one of them an int32 (no tangent)", () => {
    const g = jit((v: Tensor, k: Tensor) => np.sum(np.mul(np.exp(v), np.astype(k, "float64"))));
    const k = np.array([1, 2, 3], { dtype: "int32" });
    expectClose(grad(g)(x(), k), xs.map((v, i) => Math.exp(v) * (i + 1)));
  });

  it("an output that the loss ignores gets a zero cotangent (instantiated inside the backward jit)", () => {
    const pair = jit((v: Tensor) => [np.sum(np.sin(v)), np.sum(np.exp(v))]);
    const loss = (v: Tensor): Tensor => pair(v)[0];
    expectClose(grad(loss)(x()), xs.map(Math.cos));
  });

  it("a jit function that closes over an outer tracer takes it as an operand: d/dx (x·x) = 2x, on every call", () => {
    const h = (v: Tensor): Tensor => np.sum(jit((u: Tensor) => np.mul(u, v))(v));
    expectClose(grad(h)(x()), xs.map((v) => 2 * v));
    const y = np.array([3, -1, 0.25], { dtype: "float64" });
    expectClose(grad(h)(y), [6, -2, 0.5]);
  });
});

describe("the boundary survives: jit equations forward and backward", () => {
  it("trace(grad(jit(f))) is a forward jit (outputs and residuals) and a backward jit that recomputes nothing", () => {
    const g = trace(grad(jit(f)))(x());
    const calls = jitCalls(g);
    expect(calls.map((c) => c.name)).toEqual(["jvp(f)", "transpose(lin(f))"]);
    const [fwd, bwd] = calls;
    // The forward pass computes sin and cos once; the backward pass only multiplies and adds the
    // residuals with the cotangent: no sin, cos or reduction of the forward pass runs again.
    expect(fwd!.graph.equations.map((e) => e.primitive)).toEqual(expect.arrayContaining(["sin", "cos"]));
    const bwdPrims = bwd!.graph.equations.map((e) => e.primitive);
    expect(bwdPrims).not.toContain("sin");
    expect(bwdPrims).not.toContain("cos");
    expect(bwdPrims).not.toContain("reduce_sum");
    expect(bwdPrims.every((p) => ["broadcast_in_dim", "mul", "add"].includes(p))).toBe(true);
  });

  it("trace(vmap(jit(f))) is one jit[name=vmap(f)] over the batched graph", () => {
    const g = trace(vmap(jit(f)))(np.zeros([2, 3], "float64"));
    expect(g.equations.map((e) => e.primitive)).toEqual(["jit"]);
    expect(jitCalls(g)[0]!.name).toBe("vmap(f)");
    expect(g.toString()).toContain("jit[name=vmap(f), graph={ lambda ; a:f64[2,3].");
  });
});
