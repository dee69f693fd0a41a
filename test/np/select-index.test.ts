/**
 * np's along-axis indexing and selection (takeAlongAxis with JAX's "fill" default and "clip",
 * putAlongAxis, diagonal, diagIndices, diagIndicesFrom, select, compress, delete, insert) against JAX
 * (scripts/gen-shape.py), over float32/float64/int32/bool, broadcast indices, out-of-bounds and
 * negative indices, empty axes and offsets past the matrix; derivatives and vmap.
 */
import { describe, expect, it } from "vitest";
import { ArgumentError, type Tensor, grad, jit, np, vmap } from "../../src/index.js";
import { bad, expectClose, f64, thrown } from "../support/index.js";
import { checkDerivatives } from "./shape-derivatives.js";
import { runShapeFamily } from "./shape-fixture.js";
import { runnersOf } from "./shape-runners.js";

const OPS = ["takeAlongAxis", "putAlongAxis", "diagonal", "diagIndices", "diagIndicesFrom", "select", "compress", "delete", "insert"];
runShapeFamily("select-index", runnersOf(...OPS), OPS);

describe("takeAlongAxis", () => {
  it("sorts with argsort's indices, and differentiates (a scatter-add back)", () => {
    const x = np.array([[3, 1, 2], [0, 5, 4]], { dtype: "float64" });
    const order = np.array([[1, 2, 0], [0, 2, 1]], { dtype: "int32" });
    expect(np.takeAlongAxis(x, order, 1).toArray()).toEqual([[1, 2, 3], [0, 4, 5]]);
    const idx = np.array([[2, 2, 0], [1, -1, 1]], { dtype: "int32" });
    const f = (y: Tensor): Tensor => np.sum(np.mul(np.sin(np.takeAlongAxis(y, idx, 1)), np.arange(6, undefined, 1, "float64").reshape([2, 3])));
    checkDerivatives(f, [0.3, -1.2, 0.7, 2.1, -0.4, 1.6], [2, 3], "takeAlongAxis");
    // Out-of-bounds reads are filled, so they get no gradient.
    const oob = np.array([[0, 7, -9]], { dtype: "int32" });
    expectClose(grad((y: Tensor) => np.sum(np.takeAlongAxis(y, oob, 1, "fill", 0)))(f64([1, 2, 3], [1, 3])), [1, 0, 0]);
  });
  it("vmaps over the array, the indices, or both, as a loop does", () => {
    const xs = np.arange(24, undefined, 1, "float32").reshape([2, 3, 4]);
    const is = np.array([[[3, 0], [1, 1], [-1, 2]], [[0, 0], [2, 3], [5, 1]]], { dtype: "int32" });
    const f = (x: Tensor, i: Tensor): Tensor => np.takeAlongAxis(x, i, 1);
    const loop = (xsel: (b: number) => Tensor, isel: (b: number) => Tensor): unknown => np.stack([0, 1].map((b) => f(xsel(b), isel(b)))).toArray();
    expect((vmap(f)(xs, is) as Tensor).toArray()).toEqual(loop((b) => xs.get(b), (b) => is.get(b)));
    expect((vmap(f, { inAxes: [0, null] })(xs, is.get(0)) as Tensor).toArray()).toEqual(loop((b) => xs.get(b), () => is.get(0)));
    expect((vmap(f, { inAxes: [null, 0] })(xs.get(1), is) as Tensor).toArray()).toEqual(loop(() => xs.get(1), (b) => is.get(b)));
  });
  it("takes mode and fillValue positionally or by name; a bad mode is an ArgumentError", () => {
    const x = np.array([1, 2, 3]), i = np.array([5], { dtype: "int32" });
    expect(np.takeAlongAxis(x, i, 0, "fill", -1).toArray()).toEqual([-1]);
    expect(np.takeAlongAxis(x, i, { axis: 0, mode: "clip" }).toArray()).toEqual([3]);
    expect(thrown(() => np.takeAlongAxis(x, i, 0, bad("wrap")))).toBeInstanceOf(ArgumentError);
  });
});

describe("putAlongAxis", () => {
  it("refuses inplace: true (arrays are immutable) and differentiates in the array and the values", () => {
    expect(thrown(() => np.putAlongAxis([1, 2], [0], 5, 0, { inplace: true })).message).toMatch(/np\.putAlongAxis: arrays are immutable/);
    const idx = np.array([[2, 0]], { dtype: "int32" });
    const f = (x: Tensor): Tensor => np.sum(np.mul(np.putAlongAxis(x, idx, np.mul(x.slice(null, [0, 2]), 3), 1), np.array([[1, 2, 4]], { dtype: "float64" })));
    // out = [3·x1, x1, 3·x0]: ∂/∂x0 = 3·4, ∂/∂x1 = 3·1 + 2, ∂/∂x2 = 0 (overwritten).
    expectClose(grad(f)(f64([1, 2, 3], [1, 3])), [12, 5, 0]);
  });
});

describe("diagonal, diagIndices, select", () => {
  it("diagonal differentiates and vmaps", () => {
    const f = (x: Tensor): Tensor => np.sum(np.exp(np.diagonal(x, -1)));
    checkDerivatives(f, [0.3, -1.2, 0.7, 2.1, -0.4, 1.6], [3, 2], "diagonal");
    const xs = np.arange(24).reshape([2, 3, 4]);
    expect((vmap((x: Tensor) => np.diagonal(x, 1))(xs) as Tensor).toArray()).toEqual(np.diagonal(xs, 1, 1, 2).toArray());
  });
  it("diagIndices index the diagonal", () => {
    const [i, j] = np.diagIndices(3);
    const x = np.arange(9).reshape([3, 3]);
    expect(np.takeAlongAxis(x.get(0).reshape([1, 3]), j!.reshape([1, 3]), 1).shape).toEqual([1, 3]);
    expect(i!.dtype).toBe("int32");
    expect(thrown(() => np.diagIndices(2 ** 40)).name).toBe("ResourceError");
  });
  it("select: the first true condition wins; mismatched lists are an ArgumentError; gradients follow the choice", () => {
    const e = thrown(() => np.select([[true]], [[1], [2]]));
    expect(e).toBeInstanceOf(ArgumentError);
    expect(e.message).toMatch(/np\.select: condlist has 1 conditions but choicelist has 2 choices/);
    const f = (x: Tensor): Tensor => np.sum(np.select([np.less(x, 0), np.less(x, 1)], [np.mul(x, x), np.sin(x)], np.exp(x)));
    checkDerivatives(f, [-0.5, 0.25, 0.75, 1.5, -2, 3], [6], "select");
    expect((jit(f)(f64([-0.5, 2])) as Tensor).item()).toBeCloseTo(0.25 + Math.exp(2), 6);
  });
});

describe("compress and delete", () => {
  it("compress with a traced condition needs a static size, as JAX under jit", () => {
    const x = np.array([[1, 2], [3, 4], [5, 6]]);
    const f = jit((c: Tensor) => np.compress(c, x, 0, { size: 2, fillValue: -1 }));
    expect(f(np.array([false, true, true])).toArray()).toEqual([[3, 4], [5, 6]]);
    expect(f(np.array([false, false, true])).toArray()).toEqual([[5, 6], [-1, -1]]);
    expect(thrown(() => jit((c: Tensor) => np.compress(c, x, 0))(np.array([true, false, true]))).name).toBe("ConcretizationError");
  });
  it("compress and delete differentiate and vmap", () => {
    const f = (x: Tensor): Tensor => np.sum(np.sin(np.mul(np.compress([true, false, true], x, 1), np.delete(x, 1, 1))));
    checkDerivatives(f, [0.3, -1.2, 0.7, 2.1, -0.4, 1.6], [2, 3], "compress and delete");
    const xs = np.arange(24).reshape([2, 3, 4]);
    const g = (x: Tensor): Tensor => np.delete(np.compress([1, 0, 1, 1], x, 1), [0], 0);
    expect((vmap(g)(xs) as Tensor).toArray()).toEqual(np.stack([g(xs.get(0)), g(xs.get(1))]).toArray());
  });
  it("insert differentiates in the array and the inserted values, and vmaps", () => {
    const f = (x: Tensor): Tensor => np.sum(np.mul(np.cos(np.insert(x, [0, 2], np.mul(x.slice(null, [1, 2]), 2), 1)), np.arange(10, undefined, 1, "float64").reshape([2, 5])));
    checkDerivatives(f, [0.3, -1.2, 0.7, 2.1, -0.4, 1.6], [2, 3], "insert");
    const xs = np.arange(12).reshape([2, 2, 3]);
    const g = (x: Tensor): Tensor => np.insert(x, 1, [7, 8, 9], 0);
    expect((vmap(g)(xs) as Tensor).toArray()).toEqual(np.stack([g(xs.get(0)), g(xs.get(1))]).toArray());
  });
  it("np.delete_ is np.delete (delete is a reserved word in JS)", () => {
    expect(np.delete_).toBe(np.delete);
  });
});
