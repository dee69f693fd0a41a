/**
 * np's splitting and joining (split, arraySplit, hsplit, vsplit, dsplit, unstack, hstack, vstack,
 * dstack, columnStack, append, concat) against JAX (scripts/gen-shape.py), over float32/float64/
 * int32/bool, empty pieces and axes, negative axes and dtype promotion; uneven splits and bad split
 * points are errors (in the fixture's "errors" family, run by rearrange.test.ts); derivatives and
 * vmap of a split.
 */
import { describe, expect, it } from "vitest";
import { ShapeError, type Tensor, grad, jit, np, vmap } from "../../src/index.js";
import { expectClose, f64, thrown } from "../support/index.js";
import { checkDerivatives } from "./shape-derivatives.js";
import { runShapeFamily } from "./shape-fixture.js";
import { runnersOf } from "./shape-runners.js";

const OPS = ["split", "arraySplit", "hsplit", "vsplit", "dsplit", "unstack", "hstack", "vstack", "dstack", "columnStack", "append", "concat"];
runShapeFamily("split", runnersOf(...OPS), OPS);

describe("split", () => {
  it("an uneven split is a ShapeError that points to arraySplit", () => {
    const e = thrown(() => np.split(np.arange(7), 2));
    expect(e).toBeInstanceOf(ShapeError);
    expect(e.message).toMatch(/np\.split: an axis of length 7 does not split into 2 equal sections .* use np\.arraySplit/);
  });
  it("takes the axis positionally or by name, and split points as a tensor", () => {
    const x = np.arange(12).reshape([3, 4]);
    const a = np.split(x, 2, 1), b = np.split(x, 2, { axis: 1 }), c = np.split(x, np.array([2], { dtype: "int32" }), -1);
    for (const parts of [b, c]) expect(parts.map((p) => p.toArray())).toEqual(a.map((p) => p.toArray()));
  });
  it("unstack then stack is the identity; pieces are differentiable", () => {
    const x = np.arange(6, undefined, 1, "float64").reshape([2, 3]);
    expect(np.stack(np.unstack(x, 1), 1).toArray()).toEqual(x.toArray());
    const f = (y: Tensor): Tensor => {
      const [p, q] = np.split(y, [1], 1);
      return np.sum(np.mul(np.sin(p!), np.sum(np.cos(q!), 1, true)));
    };
    checkDerivatives(f, [0.3, -1.2, 0.7, 2.1, -0.4, 1.6], [2, 3], "split");
    const g = (y: Tensor): Tensor => np.sum(np.mul(np.exp(np.hstack([y, np.flip(y)])), np.arange(6, undefined, 1, "float64")));
    checkDerivatives(g, [0.1, -0.2, 0.3], [3], "hstack");
    expectClose(grad((y: Tensor) => np.sum(np.vstack([y, np.mul(y, 2)])))(f64([1, 2])), [3, 3]);
  });
  it("vmap of split, arraySplit and unstack matches a loop over the batch", () => {
    const xs = np.arange(30, undefined, 1, "float32").reshape([3, 2, 5]);
    const fns: ((x: Tensor) => Tensor)[] = [
      (x) => np.split(x, [1, 3], 1)[1]!,
      (x) => np.arraySplit(x, 3, -1)[0]!,
      (x) => np.unstack(x, 1)[4]!,
      (x) => np.columnStack([np.sum(x, 1), np.max(x, 1)]),
    ];
    for (const f of fns) {
      const looped = np.stack([0, 1, 2].map((i) => f(xs.get(i))));
      expect((vmap(f)(xs) as Tensor).toArray()).toEqual(looped.toArray());
      expect((jit(f)(xs.get(1)) as Tensor).toArray()).toEqual(f(xs.get(1)).toArray());
    }
  });
  it("refuses an absurd number of sections before building them", () => {
    expect(thrown(() => np.arraySplit(np.arange(3), 2 ** 40)).name).toBe("ResourceError");
  });
});
