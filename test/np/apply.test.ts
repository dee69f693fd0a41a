/**
 * applyAlongAxis / applyOverAxes (numpy's semantics; expected values worked out by hand and with
 * numpy: np.apply_along_axis(np.diag, -1, [[1,2],[3,4]]) etc.), and np's constants and aliases.
 */
import { describe, expect, it } from "vitest";
import { ArgumentError, ShapeError, grad, np, vmap } from "../../src/index.js";
import type { Tensor } from "../../src/index.js";
import { expectClose, fdGrad, thrown } from "../support/index.js";

describe("np.applyAlongAxis", () => {
  const x = np.array([[1, 2, 3], [4, 5, 6]], { dtype: "float64" });
  it("reduces each slice, along either axis", () => {
    expect(np.applyAlongAxis((r: Tensor) => np.sum(r), 1, x).toArray()).toEqual([6, 15]);
    expect(np.applyAlongAxis((r: Tensor) => np.sum(r), 0, x).toArray()).toEqual([5, 7, 9]);
    expect(np.applyAlongAxis((r: Tensor) => np.sum(r), -1, x).toArray()).toEqual([6, 15]);
  });
  it("puts a result's dimensions where the axis was (numpy: apply_along_axis(np.diag, -1, a))", () => {
    const d = np.applyAlongAxis((r: Tensor) => np.diag(r), -1, np.array([[1, 2], [3, 4]]));
    expect(d.toArray()).toEqual([[[1, 0], [0, 2]], [[3, 0], [0, 4]]]);
    // numpy: np.apply_along_axis(lambda r: np.stack([r, 2*r]), 0, a).shape == (2, 2, 3) for a (2, 3)
    const s = np.applyAlongAxis((r: Tensor) => np.stack([r, r.mul(2)]), 0, x);
    expect(s.shape).toEqual([2, 2, 3]);
    expect(s.toArray()).toEqual([[[1, 2, 3], [4, 5, 6]], [[2, 4, 6], [8, 10, 12]]]);
  });
  it("passes extra arguments through, differentiates and vectorises", () => {
    const f = (w: Tensor) => np.sum(np.applyAlongAxis((r: Tensor, p: Tensor) => np.sum(np.mul(r, p).sin()), 1, x, w));
    const w = np.array([0.1, 0.2, 0.3], { dtype: "float64" });
    expectClose(grad(f)(w), fdGrad(f, [0.1, 0.2, 0.3]), { rtol: 1e-7 });
    const batched = vmap((m: Tensor) => np.applyAlongAxis((r: Tensor) => np.max(r), 1, m))(np.stack([x, x.mul(-1)]));
    expect(batched.toArray()).toEqual([[3, 6], [-1, -4]]);
  });
  it("refuses what numpy refuses", () => {
    expect(thrown(() => np.applyAlongAxis((r: Tensor) => r, 2, x))).toBeInstanceOf(ShapeError);
    expect(thrown(() => np.applyAlongAxis((r: Tensor) => r, 1, np.zeros([0, 3])))).toBeInstanceOf(ShapeError);
    expect(np.applyAlongAxis((r: Tensor) => np.sum(r), 0, np.zeros([0, 3])).toArray()).toEqual([0, 0, 0]);
    expect(thrown(() => np.applyAlongAxis(3 as never, 0, x))).toBeInstanceOf(ArgumentError);
    const ragged = thrown(() => np.applyAlongAxis((r: Tensor) => (r.get(0).item() > 2 ? r : np.sum(r)), 1, x));
    expect(ragged.message).toMatch(/must return one shape and dtype/);
  });
});

describe("np.applyOverAxes", () => {
  it("keeps reduced axes as size 1 (numpy: apply_over_axes(np.sum, a, [0, 2]))", () => {
    const a = np.arange(24).reshape([2, 3, 4]);
    const out = np.applyOverAxes((t: Tensor, ax: number) => np.sum(t, ax), a, [0, 2]);
    expect(out.shape).toEqual([1, 3, 1]);
    expect(out.toArray()).toEqual([[[60], [92], [124]]]);
  });
  it("refuses a function that changes the rank otherwise", () => {
    expect(thrown(() => np.applyOverAxes((t: Tensor) => np.sum(t), np.ones([2, 2, 2]), [0])).message).toMatch(/keep the rank or drop the one axis/);
  });
});

describe("constants and aliases", () => {
  it("match numpy's values", () => {
    expect(np.pi).toBe(3.141592653589793);
    expect(np.e).toBe(2.718281828459045);
    expect(np.inf).toBe(Infinity);
    expect(Number.isNaN(np.nan)).toBe(true);
    expect(np.eulerGamma).toBe(0.5772156649015329);
    expect(np.around(np.array([0.5, 1.5, 2.5])).toArray()).toEqual([0, 2, 2]);
    expect(np.hann(5).toArray()).toEqual(np.hanning(5).toArray());
    expect(np.zeros([2], np.bool).dtype).toBe("bool");
  });
  it("floor/ceil/round return integer tensors unchanged, uint32 included", () => {
    const u = np.array([1, 4000000000], { dtype: "uint32" });
    for (const f of [np.floor, np.ceil, np.round]) expect(f(u).dtype).toBe("uint32");
  });
});
