/**
 * Tensors as JavaScript users expect them: iteration over the leading axis, Python-style slices
 * with open ends and negative indices, a pointer to `x.get(i)` for `x[i]`, an operator error that
 * names `.mul`, and the Jupyter display. Expected slices are Python's (`list(range(10))[s]`).
 */
import { describe, expect, it } from "vitest";
import { ArgumentError, ConcretizationError, ShapeError, grad, np, random, trace, vmap } from "../../src/index.js";
import type { Tensor } from "../../src/index.js";
import { thrown } from "../support/index.js";

describe("a tensor iterates over its leading axis", () => {
  it("yields the rows, and destructures", () => {
    const x = np.array([[1, 2], [3, 4], [5, 6]]);
    expect([...x].map((r) => r.toArray())).toEqual([[1, 2], [3, 4], [5, 6]]);
    const [k1, k2] = random.split(random.key(0));
    expect(k1!.shape).toEqual([2]);
    expect(k2!.toArray()).not.toEqual(k1!.toArray());
    expect([...np.zeros([0, 3])]).toEqual([]);
  });
  it("refuses a 0-d tensor with a ShapeError", () => {
    const e = thrown(() => [...np.array(3)]);
    expect(e).toBeInstanceOf(ShapeError);
    expect(e.message).toMatch(/0-d tensor .* is not iterable/);
  });
  it("works on traced values: grad of a sum over rows, and under vmap", () => {
    const rowsSum = (x: Tensor) => {
      let total = np.array(0, { dtype: "float32" });
      for (const row of x) total = total.add(row.square().sum());
      return total;
    };
    const x = np.array([[1, 2], [3, 4]], { dtype: "float32" });
    expect(grad(rowsSum)(x).toArray()).toEqual([[2, 4], [6, 8]]);
    expect(vmap(rowsSum)(np.stack([x, x.mul(2)])).toArray()).toEqual([30, 120]);
  });
});

describe("slices take null ends and negative indices, as Python", () => {
  const a = np.arange(10);
  const cases: [readonly (number | null)[], number[]][] = [
    [[1, null], [1, 2, 3, 4, 5, 6, 7, 8, 9]],
    [[null, -1], [0, 1, 2, 3, 4, 5, 6, 7, 8]],
    [[null, null, -1], [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]],
    [[-3, null], [7, 8, 9]],
    [[null, null, -2], [9, 7, 5, 3, 1]],
    [[8, 2, -2], [8, 6, 4]],
    [[-1, -11, -1], [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]],
    [[null, -20], []],
    [[5, null, -1], [5, 4, 3, 2, 1, 0]],
  ];
  it.each(cases)("x.slice(%j)", (range, want) => {
    expect(a.slice(range as [number | null, number | null]).toArray()).toEqual(want);
  });
  it("in any axis, and refuses non-integers", () => {
    const m = np.arange(12).reshape([3, 4]);
    expect(m.slice(null, [null, null, -1]).toArray()).toEqual([[3, 2, 1, 0], [7, 6, 5, 4], [11, 10, 9, 8]]);
    expect(thrown(() => a.slice([0.5, null])).message).toMatch(/must hold integers or null/);
  });
});

describe("x[i] points to x.get(i)", () => {
  it("throws an ArgumentError naming x.get", () => {
    const x = np.array([1, 2, 3]) as unknown as Record<number, unknown>;
    const e = thrown(() => x[0]);
    expect(e).toBeInstanceOf(ArgumentError);
    expect(e.message).toMatch(/x\[0\] does not index a tensor \(f32\[3\]\).*x\.get\(0\)/);
    expect(thrown(() => x[-1]).message).toMatch(/x\.get\(-1\)/);
  });
});

describe("a JS operator on a traced tensor", () => {
  it("says to use .mul / np.mul", () => {
    const e = thrown(() => grad((x: Tensor) => (np.sum(x) as unknown as number) * 2)(np.array([1, 2], { dtype: "float32" })));
    expect(e).toBeInstanceOf(ConcretizationError);
    expect(e.message).toMatch(/JS operator .* x\.mul\(2\).*np\.mul/);
    expect(e.message.indexOf("x.mul(2)")).toBeLessThan(e.message.indexOf("control flow"));
  });
  it("still works eagerly on one-element tensors, and prints tracers by type", () => {
    expect((np.sum(np.array([1, 2])) as unknown as number) * 2).toBe(6);
    let printed = "";
    trace((x: Tensor) => ((printed = String(x)), x))(np.array([1, 2], { dtype: "float32" }));
    expect(printed).toBe("Tracer<f32[2]>");
  });
});

describe("Jupyter display", () => {
  const display = (x: Tensor) => (x as unknown as Record<symbol, () => Record<string, string>>)[Symbol.for("Jupyter.display")]!();
  it("gives numpy's text and a self-contained HTML table", () => {
    const x = np.array([[1, 2], [3, 4]], { dtype: "float32" });
    const out = display(x);
    expect(Object.keys(out).sort()).toEqual(["text/html", "text/plain"]);
    expect(out["text/plain"]).toBe(x.toString());
    const html = out["text/html"]!;
    expect(html).toMatch(/f32\[2,2\]/);
    expect(html).toMatch(/shape \(2, 2\)/);
    expect(html).toMatch(/<table/);
    expect(html).toMatch(/background:rgb\(/);
    expect(html).not.toMatch(/<script|https?:/);
  });
  it("shows the corners of a large 2-d tensor and text for other ranks", () => {
    const big = np.zeros([100, 100], "float64");
    const html = display(big)["text/html"]!;
    expect((html.match(/<tr>/g) ?? []).length).toBe(17);
    expect(html).toMatch(/…/);
    expect(display(np.arange(5))["text/html"]).toMatch(/<pre[^>]*>array\(\[0, 1, 2, 3, 4\], dtype=int32\)<\/pre>/);
  });
});
