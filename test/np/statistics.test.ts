/**
 * Statistics and reductions against JAX (scripts/gen-statistics.py): all, any, var/std (ddof,
 * correction, where, keepdims; NaN for an empty axis or N ≤ ddof), average (weights), ptp,
 * countNonzero, cov (rowvar, bias, ddof, fweights, aweights, y), corrcoef, the nan-reductions,
 * isclose/allclose, arrayEqual/arrayEquiv, amax/amin, and sum/prod/mean/max/min with where,
 * initial and dtype — float32/float64/int32/bool, NaN and ±∞, empty and size-1 axes, negative
 * axes; gradients of var/std/average/nanvar and std's second derivative against JAX's; vmap;
 * the positional and options forms; bad input.
 */
import { describe, expect, it } from "vitest";
import { ArgumentError, DTypeError, ShapeError, grad, jit, np, vmap, type Tensor } from "../../src/index.js";
import { expectClose, f64, fdGrad, thrown, vals } from "../support/index.js";
import { argsOf, checkResult, type Runner } from "./fixture.js";
import { runStatisticsFamily, secondOrder, statisticsCases, weighted } from "./statistics-fixture.js";

const withWeights = (kw: Record<string, any>): Record<string, any> =>
  kw.fweights === undefined ? kw : { ...kw, fweights: np.array(kw.fweights, { dtype: "int32" }) };

const unary = (f: (x: any, o: any) => Tensor): Runner => ([x], kw) => f(x, withWeights(kw));
const binary = (f: (x: any, y: any, o: any) => Tensor): Runner => ([x, y], kw) => f(x, y, kw);

const RUNNERS: Record<string, Runner> = {
  var: unary(np.var), std: unary(np.std), average: unary((x, o: { axis?: number }) => np.average(x, o)), ptp: unary(np.ptp),
  countNonzero: unary(np.countNonzero), cov: unary(np.cov), corrcoef: unary(np.corrcoef),
  nansum: unary(np.nansum), nanprod: unary(np.nanprod), nanmax: unary(np.nanmax), nanmin: unary(np.nanmin),
  nanmean: unary(np.nanmean), nanvar: unary(np.nanvar), nanstd: unary(np.nanstd),
  nanargmax: unary(np.nanargmax), nanargmin: unary(np.nanargmin), all: unary(np.all), any: unary(np.any),
  isclose: binary(np.isclose), allclose: binary(np.allclose), arrayEqual: binary(np.arrayEqual),
  arrayEquiv: ([x, y]) => np.arrayEquiv(x, y),
  sum: unary(np.sum), prod: unary(np.prod), mean: unary(np.mean), max: unary(np.max), min: unary(np.min),
  amax: unary(np.amax), amin: unary(np.amin), argmax: unary(np.argmax),
};

runStatisticsFamily("statistics", RUNNERS);

const GRADS: Record<string, (t: Tensor) => Tensor> = {
  var: (t) => np.var(t, 1),
  "std ddof 1": (t) => np.std(t, { axis: 0, ddof: 1 }),
  "average weights": (t) => np.average(t, { axis: 1, weights: np.array([1, 2, 0.5], { dtype: t.dtype }) }),
  nanvar: (t) => np.nanvar(t, 1),
};

describe("gradients against JAX's", () => {
  const cases = statisticsCases("grad").filter((c) => c.op in GRADS || c.op === "hessian std");
  it("covers every function of the table", () => {
    const ops = new Set(cases.map((c) => c.op));
    expect(Object.keys(GRADS).filter((op) => !ops.has(op))).toEqual([]);
    expect(ops.has("hessian std")).toBe(true);
  });
  for (const c of cases) {
    it(c.id, () => {
      const [x] = argsOf(c) as [Tensor];
      checkResult(c, c.op === "hessian std" ? secondOrder((t) => np.std(t, 1))(x) : grad(weighted(GRADS[c.op]!))(x));
    });
  }

  it("var's gradient matches float64 finite differences (where mask and ddof)", () => {
    const x = [0.5, -1.25, 2, 3.5, 0.25, -2];
    const f = (t: Tensor): Tensor => np.sum(np.var(np.reshape(t, [2, 3]), { axis: 1, ddof: 1, where: [true, false, true] }));
    expectClose(grad(f)(f64(x)), fdGrad(f, x), { rtol: 1e-7, atol: 1e-8 });
  });
});

describe("reductions take JAX's arguments", () => {
  const x = np.array([[1, 2, 3], [4, 5, 6]]);
  it("positionally, by name, and the form (x, axis, keepdims)", () => {
    expect(np.sum(x, { axis: 1, keepdims: true }).toArray()).toEqual([[6], [15]]);
    expect(np.sum(x, 1, true).toArray()).toEqual([[6], [15]]);
    expect(np.sum(x, 1, "int32").toArray()).toEqual([6, 15]);
    expect(np.sum(x, 1, undefined, undefined, true).shape).toEqual([2, 1]);
    expect(np.sum(x, 1, { keepdims: true }).shape).toEqual([2, 1]);
    expect(np.mean(x, null, { where: [[true, false, false], [true, false, false]] }).item()).toBe(2.5);
    expect(np.var(x, 1, undefined, undefined, 1).toArray()).toEqual([1, 1]);
    expect(np.std(x, { ddof: 1, axis: 0, keepdims: true }).shape).toEqual([1, 3]);
    expect(np.argmax(x, { axis: 0 }).toArray()).toEqual([1, 1, 1]);
    expect(x.sum(0).toArray()).toEqual([5, 7, 9]);
  });

  it("np.var is the same function as np.var_, and a property of np", () => {
    expect(np.var).toBe(np.var_);
    expect((np as Record<string, unknown>)["var"]).toBe(np.var_);
  });

  it("average returns the sum of the weights when asked", () => {
    const [avg, w] = np.average(x, { axis: 1, weights: [1, 1, 2], returned: true });
    expect(vals(avg)).toEqual([2.25, 5.25]);
    expect(vals(w)).toEqual([4, 4]);
  });

  it("vmap of the statistics equals a loop over examples", () => {
    const xs = np.array([[[1, 5, 2], [0, -1, 3]], [[4, 4, 1], [2, 8, -5]]], { dtype: "float64" });
    const fns: Record<string, (t: Tensor) => Tensor> = {
      var: (t) => np.var(t, { axis: 1, ddof: 1 }),
      std: (t) => np.std(t),
      average: (t) => np.average(t, { axis: 0, weights: [[1, 2, 3], [3, 2, 1]] }),
      cov: (t) => np.cov(t),
      nanvar: (t) => np.nanvar(t, 0),
      all: (t) => np.all(np.greater(t, 0), 1),
      cumsum: (t) => np.cumsum(t, 1),
    };
    for (const [name, f] of Object.entries(fns)) {
      const loop = np.stack([f(np.take(xs, 0, 0)), f(np.take(xs, 1, 0))]);
      expectClose(vmap(f)(xs), loop, { rtol: 1e-14 }, name);
      expect(vals(jit(vmap(f))(xs)), name).toEqual(vals(vmap(f)(xs)));
    }
  });
});

describe("statistics at the edges", () => {
  it("an empty axis: var NaN, mean NaN, sum 0, all true, any false", () => {
    const e = np.zeros([2, 0]);
    expect(vals(np.var(e, 1)).every(Number.isNaN)).toBe(true);
    expect(vals(np.mean(e, 1)).every(Number.isNaN)).toBe(true);
    expect(vals(np.sum(e, 1))).toEqual([0, 0]);
    expect(np.all(e, 1).toArray()).toEqual([true, true]);
    expect(np.any(e, 1).toArray()).toEqual([false, false]);
  });

  it("cov of no variables is an empty matrix, and of one variable a 0-d variance", () => {
    expect(np.cov(np.zeros([0, 3])).shape).toEqual([0, 0]);
    expect(np.cov([1, 2, 4]).shape).toEqual([]);
  });
});

describe("bad input names the function, the argument and the fix", () => {
  const x = np.array([[1, 2, 3], [4, 5, 6]]);
  it("raises the errors of RELIABILITY.md's table", () => {
    expect(thrown(() => np.var(x, 2))).toBeInstanceOf(ShapeError);
    expect(thrown(() => np.std(x, { ddof: NaN }))?.message).toMatch(/np.std: ddof must be a finite number/);
    expect(thrown(() => np.var(x, { ddof: 1, correction: 1 }))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => np.var(x, { keepdims: "yes" as never }))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => np.var(x, { where: [true, false] }))).toBeInstanceOf(ShapeError);
    expect(thrown(() => np.var(x, { bogus: 1 } as never))?.message).toMatch(/np.var: unknown option "bogus"/);
    expect(thrown(() => np.average(x, { weights: [1, 2] }))).toBeInstanceOf(ShapeError);
    expect(thrown(() => np.average(x, { axis: 1, weights: [1, 2] }))?.message).toMatch(/2 weights for axis 1 of length 3/);
    expect(thrown(() => np.average(x, { weights: [[1, 2]] }))).toBeInstanceOf(ShapeError);
    expect(thrown(() => np.cov(np.zeros([2, 2, 2])))).toBeInstanceOf(ShapeError);
    expect(thrown(() => np.cov(x, { fweights: [1, 2, 3] }))).toBeInstanceOf(DTypeError);
    expect(thrown(() => np.cov(x, { aweights: [1, 2] }))?.message).toMatch(/2 aweights for 3 observations/);
    expect(thrown(() => np.max(np.zeros([0]))))?.toBeInstanceOf(ShapeError);
    expect(thrown(() => np.max(x, { where: [true, false, true] }))?.message).toMatch(/initial/);
    expect(thrown(() => np.sum(x, { out: x as never }))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => np.isclose(x, x, { rtol: "a" as never }))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => np.ptp([true, false]))).toBeInstanceOf(DTypeError);
    expect(thrown(() => np.argmax(np.zeros([0])))).toBeInstanceOf(ShapeError);
  });
});
