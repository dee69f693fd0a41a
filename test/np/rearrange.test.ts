/**
 * np's rearranging functions (ravel, flatten, flip, fliplr, flipud, roll, rot90, tile, repeat, pad
 * in every mode, moveaxis, swapaxes, permuteDims, matrixTranspose, broadcastArrays,
 * broadcastShapes, atleast1d/2d/3d, ndim, shape, size) against JAX (scripts/gen-shape.py), with
 * float32/float64/int32/bool, empty and size-1 dims, negative axes and widths past the axis; the
 * errors JAX raises; derivatives to second order; vmap against a loop; traced shifts, repeats and
 * constant values; pad's function mode.
 */
import { describe, expect, it } from "vitest";
import { ArgumentError, ConcretizationError, type Tensor, grad, jit, np, vmap } from "../../src/index.js";
import { bad, expectClose, f64, thrown } from "../support/index.js";
import { checkDerivatives } from "./shape-derivatives.js";
import { runShapeFamily, shapeCases } from "./shape-fixture.js";
import { runnersOf } from "./shape-runners.js";

const REARRANGE = [
  "ravel", "flatten", "flip", "fliplr", "flipud", "roll", "rot90", "tile", "repeat", "moveaxis", "swapaxes", "permuteDims",
  "matrixTranspose", "broadcastArrays", "broadcastShapes", "atleast1d", "atleast2d", "atleast3d", "ndim", "shape", "size",
];
runShapeFamily("rearrange", runnersOf(...REARRANGE), REARRANGE);
runShapeFamily("pad", runnersOf("pad"), ["pad"]);
runShapeFamily("errors", runnersOf(...new Set(shapeCases("errors").map((c) => c.op))));

describe("pad: modes and options", () => {
  it("covers every mode of jnp.pad in the fixture, with widths past the axis for reflect, symmetric and wrap", () => {
    const cases = shapeCases("pad");
    const modes = new Set(cases.map((c) => c.kwargs.mode ?? "constant"));
    expect([...modes].sort()).toEqual(["constant", "edge", "empty", "linear_ramp", "maximum", "mean", "median", "minimum", "reflect", "symmetric", "wrap"]);
    for (const mode of ["reflect", "symmetric", "wrap"]) expect(cases.some((c) => c.kwargs.mode === mode && c.kwargs.padWidth === 7)).toBe(true);
  });
  it("a mode JAX lacks is an ArgumentError listing the modes", () => {
    const e = thrown(() => np.pad([1, 2], 1, bad("circular")));
    expect(e).toBeInstanceOf(ArgumentError);
    expect(e.message).toMatch(/np\.pad: mode the string "circular" is not a pad mode; use one of "constant", "edge", "linear_ramp", .*"wrap", "empty"/);
  });
  it("takes mode and options positionally or by name", () => {
    const a = np.pad([1, 2], 1, "constant", { constantValues: 9 });
    const b = np.pad([1, 2], 1, { mode: "constant", constantValues: 9 });
    expect(a.toArray()).toEqual([9, 1, 2, 9]);
    expect(b.toArray()).toEqual([9, 1, 2, 9]);
  });
  it("a function mode is applied to every line of the zero-padded array, axis by axis (JAX's callable mode)", () => {
    // Fill the pads with -10 before and +10 after, as the example of jnp.pad's docs does.
    const custom = (row: Tensor, [before, after]: [number, number]): Tensor => {
      const n = row.shape[0]!;
      const pos = np.arange(n);
      return np.where(np.less(pos, before), -10, np.where(np.greaterEqual(pos, n - after), 10, row));
    };
    expect(np.pad(np.array([2, 3, 4], { dtype: "int32" }), 2, custom).toArray()).toEqual([-10, -10, 2, 3, 4, 10, 10]);
    const twoD = np.pad(np.ones([1, 2]), 1, custom);
    expect(twoD.toArray()).toEqual([[-10, -10, -10, 10], [-10, 1, 1, 10], [-10, 10, 10, 10]]);
    expect(thrown(() => np.pad([1, 2], 1, () => np.ones([7]))).message).toMatch(/np\.pad: the padding function must return a 1-D line of length 4/);
  });
  it("traced constant values are differentiable (the padding value's gradient counts its cells)", () => {
    const f = (c: Tensor): Tensor => np.sum(np.pad(np.ones([2, 2]), [[1, 0], [0, 2]], { constantValues: c }));
    // 3x4 output, 4 cells of data: 8 padded cells.
    expectClose(grad(f)(f64([0.5], [])), [8]);
    const perSide = (c: Tensor): Tensor => np.sum(np.mul(np.pad(np.ones([2, 2]), [[1, 0], [0, 2]], { constantValues: c }), np.arange(12).reshape([3, 4])));
    // Axis 0 first: row 0 of the 3x2 array (cells (0,0), (0,1)) takes c[0][0]; then axis 1: columns 2-3
    // of every row take c[1][1] (corners take the later axis's value, as in JAX).
    expectClose(grad(perSide)(f64([1, 2, 3, 4], [2, 2])), [0 + 1, 0, 0, 2 + 3 + 6 + 7 + 10 + 11]);
  });
  it("the median of an empty axis is NaN, as numpy's (JAX fails inside a gather there)", () => {
    expect(np.pad(np.zeros([0, 2]), 1, "median").toArray()).toEqual([[NaN, NaN, NaN, NaN], [NaN, NaN, NaN, NaN]]);
  });
  it("refuses options of the wrong kind", () => {
    expect(thrown(() => np.pad([1, 2], 1, "reflect", { reflectType: bad("sideways") })).message).toMatch(/reflectType must be "even" or "odd"/);
    expect(thrown(() => np.pad([true], 1, "reflect", { reflectType: "odd" })).name).toBe("DTypeError");
    expect(thrown(() => np.pad([1, 2], [[1, 2], [3]])).name).toBe("ArgumentError");
    expect(thrown(() => np.pad([1, 2], 2 ** 40)).name).toBe("ResourceError");
  });
});

describe("roll, repeat and rot90 options", () => {
  it("roll takes a traced integer shift (a gather), matching the static roll", () => {
    const x = np.arange(10).reshape([2, 5]);
    for (const s of [-7, -1, 0, 3, 12]) {
      const traced = jit((sh: Tensor) => np.roll(x, sh, 1))(np.array(s, { dtype: "int32" }));
      expect(traced.toArray()).toEqual(np.roll(x, s, 1).toArray());
    }
    const both = jit((sh: Tensor) => np.roll(x, sh, [0, 1]))(np.array([1, -2], { dtype: "int32" }));
    expect(both.toArray()).toEqual(np.roll(x, [1, -2], [0, 1]).toArray());
  });
  it("repeat with traced counts needs totalRepeatLength, as JAX under jit", () => {
    const x = np.array([1, 2, 3]);
    const f = jit((r: Tensor) => np.repeat(x, r, 0, { totalRepeatLength: 5 }));
    expect(f(np.array([1, 2, 0], { dtype: "int32" })).toArray()).toEqual([1, 2, 2, 3, 3]);
    expect(f(np.array([3, 0, 1], { dtype: "int32" })).toArray()).toEqual([1, 1, 1, 3, 3]);
    const e = thrown(() => jit((r: Tensor) => np.repeat(x, r))(np.array([1, 2, 0], { dtype: "int32" })));
    expect(e).toBeInstanceOf(ArgumentError);
    expect(e.message).toMatch(/np\.repeat: repeats is traced.*totalRepeatLength/);
  });
  it("a traced static argument is a ConcretizationError naming it", () => {
    const e = thrown(() => jit((w: Tensor) => np.tile(np.ones([2]), bad(w)))(np.array(2, { dtype: "int32" })));
    expect(e).toBeInstanceOf(ConcretizationError);
    expect(e.message).toMatch(/np\.tile: reps must be static/);
  });
  it("rot90 takes k and axes positionally or by name; four turns are the identity", () => {
    const m = np.arange(6).reshape([2, 3]);
    expect(np.rot90(m, 1, [1, 0]).toArray()).toEqual(np.rot90(m, { k: -1 }).toArray());
    expect(np.rot90(np.rot90(np.rot90(np.rot90(m)))).toArray()).toEqual(m.toArray());
  });
});

describe("derivatives (forward and reverse, to second order)", () => {
  const x6 = [0.3, -1.2, 0.7, 2.1, -0.4, 1.6];
  const w = (n: number): Tensor => np.cos(np.arange(n, undefined, 1, "float64"));
  const weighted = (y: Tensor): Tensor => np.sum(np.mul(np.sin(y), w(y.size).reshape(y.shape)));
  const cases: [string, (x: Tensor) => Tensor][] = [
    ["pad reflect", (x) => weighted(np.pad(x, [[1, 2], [3, 1]], "reflect"))],
    ["pad symmetric odd, past the axis", (x) => weighted(np.pad(x, 4, "symmetric", { reflectType: "odd" }))],
    ["pad wrap", (x) => weighted(np.pad(x, [[2, 3], [4, 0]], "wrap"))],
    ["pad linear_ramp", (x) => weighted(np.pad(x, 2, "linear_ramp", { endValues: [1, -2] }))],
    ["pad mean", (x) => weighted(np.pad(x, [1, 2], "mean", { statLength: 2 }))],
    ["pad median", (x) => weighted(np.pad(x, 2, "median"))],
    ["pad maximum", (x) => weighted(np.pad(x, 1, "maximum"))],
    ["roll", (x) => weighted(np.roll(x, [1, -2], [0, 1]))],
    ["tile", (x) => weighted(np.tile(x, [2, 1, 2]))],
    ["repeat", (x) => weighted(np.repeat(x, [2, 0, 3], 1))],
    ["rot90", (x) => weighted(np.rot90(x, 3))],
    ["flip and moveaxis", (x) => weighted(np.moveaxis(np.flip(x), 0, -1))],
  ];
  for (const [what, f] of cases) it(what, () => checkDerivatives(f, x6, [2, 3], what));
});

describe("vmap", () => {
  it("matches a loop over the batch for pad, roll, tile and repeat", () => {
    const xs = np.arange(24, undefined, 1, "float32").reshape([4, 2, 3]);
    const fns: ((x: Tensor) => Tensor)[] = [
      (x) => np.pad(x, [[1, 2], [0, 3]], "reflect"),
      (x) => np.pad(x, 1, "median"),
      (x) => np.roll(x, 2),
      (x) => np.tile(x, [2, 1]),
      (x) => np.repeat(x, [1, 0, 2], 1),
      (x) => np.rot90(x),
    ];
    for (const f of fns) {
      const batched = vmap(f)(xs) as Tensor;
      const looped = np.stack([0, 1, 2, 3].map((i) => f(xs.get(i))));
      expect(batched.toArray()).toEqual(looped.toArray());
    }
  });
});
