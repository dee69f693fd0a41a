/**
 * Cumulative reductions against JAX (scripts/gen-statistics.py): np.cumsum, cumprod, nancumsum,
 * nancumprod, cumulativeSum/Prod, diff, ediff1d, trapezoid and the primitives cumsum, cumprod,
 * cummax, cummin, cumlogsumexp (both directions) — float32/float64/int32/bool, NaN and ±∞, empty
 * and size-1 axes, negative axes, int32 wrap-around, float32 accuracy; gradients (zeros in
 * cumprod, ties in cummax/cummin/cumlogsumexp, −∞ in cumlogsumexp) and second derivatives against
 * JAX's; vmap, jit, finite differences; bad input.
 */
import { describe, expect, it } from "vitest";
import { ArgumentError, DTypeError, ShapeError, grad, jit, jvp, np, vmap, type Tensor } from "../../src/index.js";
import * as cops from "../../src/primitives/cumulative/ops.js";
import { expectClose, f64, fdJvp, thrown, vals } from "../support/index.js";
import { argsOf, checkResult, type Runner } from "./fixture.js";
import { runStatisticsFamily, secondOrder, statisticsCases, weighted } from "./statistics-fixture.js";

/** A primitive called as lax names it: axis normalised, `reverse` from the kwargs. */
const laxRunner =
  (name: cops.CumulativeName): Runner =>
  ([x], kw) => {
    const t = x as Tensor;
    return cops.cumulative(name, t, kw.axis < 0 ? kw.axis + t.ndim : kw.axis, kw.reverse);
  };

const RUNNERS: Record<string, Runner> = {
  cumsum: ([x], kw) => np.cumsum(x, kw),
  cumprod: ([x], kw) => np.cumprod(x, kw),
  nancumsum: ([x], kw) => np.nancumsum(x, kw),
  nancumprod: ([x], kw) => np.nancumprod(x, kw),
  cumulativeSum: ([x], kw) => np.cumulativeSum(x, kw),
  cumulativeProd: ([x], kw) => np.cumulativeProd(x, kw),
  diff: ([x], kw) => np.diff(x, kw),
  ediff1d: ([x], kw) => np.ediff1d(x, kw),
  trapezoid: ([x], kw) => np.trapezoid(x, kw),
  cummax: laxRunner("cummax"),
  cummin: laxRunner("cummin"),
  cumlogsumexp: laxRunner("cumlogsumexp"),
  "lax.cumsum": laxRunner("cumsum"),
  "lax.cumprod": laxRunner("cumprod"),
};

runStatisticsFamily("cumulative", RUNNERS);

/** The functions whose gradients the fixture holds (keys are the fixture's op names). */
const GRADS: Record<string, (t: Tensor) => Tensor> = {
  "cumsum axis 1": (t) => np.cumsum(t, 1),
  "cumsum reverse": (t) => cops.cumsum(t, 1, true),
  "cumprod with zero": (t) => np.cumprod(t, { axis: 1 }),
  "cumprod two zeros": (t) => cops.cumprod(t, 1, true),
  "cummax ties": (t) => cops.cummax(t, 1),
  "cummin ties reverse": (t) => cops.cummin(t, 1, true),
  cumlogsumexp: (t) => cops.cumlogsumexp(t, 1),
  "cumlogsumexp -inf": (t) => cops.cumlogsumexp(t, 1),
  "cumlogsumexp ties": (t) => cops.cumlogsumexp(t, 1),
  trapezoid: (t) => np.trapezoid(t, { x: np.array([0, 1, 3], { dtype: t.dtype }) }),
  diff: (t) => np.diff(t, { n: 2, prepend: 0 }),
};
const HESSIANS: Record<string, (t: Tensor) => Tensor> = {
  "hessian cumprod": (t) => np.cumprod(t, 1),
  "hessian cumlogsumexp": (t) => cops.cumlogsumexp(t, 1),
};

describe("gradients against JAX's", () => {
  const cases = statisticsCases("grad").filter((c) => c.op in GRADS || c.op in HESSIANS);
  it("covers every function of the tables", () => {
    const ops = new Set(cases.map((c) => c.op));
    expect([...Object.keys(GRADS), ...Object.keys(HESSIANS)].filter((op) => !ops.has(op))).toEqual([]);
  });
  for (const c of cases) {
    it(c.id, () => {
      const [x] = argsOf(c) as [Tensor];
      const f = GRADS[c.op];
      checkResult(c, f !== undefined ? grad(weighted(f))(x) : secondOrder(HESSIANS[c.op]!)(x));
    });
  }
});

describe("the primitives' derivatives", () => {
  it("cumprod's jvp matches float64 finite differences with a zero inside", () => {
    const x = [1.5, 0, -2, 0.5, 3];
    const v = [0.3, -1, 0.7, 2, -0.4];
    const [, tangent] = jvp((t: Tensor) => np.cumprod(t), [f64(x)], [f64(v)]);
    expectClose(tangent, fdJvp((t) => np.cumprod(t), x, v), { rtol: 1e-7, atol: 1e-8 });
  });

  it("cumsum transposes to the reversed cumsum (vjp of a ones cotangent counts the later outputs)", () => {
    expect(vals(grad((t: Tensor) => np.sum(np.cumsum(t)))(f64([1, 2, 3, 4])))).toEqual([4, 3, 2, 1]);
  });

  it("a tie in cummax splits the tangent as JAX's scan does", () => {
    // JAX: d/dx sum(cummax([1, 1])) = [1.5, 0.5] (the second output's max splits 0.5/0.5).
    expect(vals(grad((t: Tensor) => np.sum(cops.cummax(t, 0)))(f64([1, 1])))).toEqual([1.5, 0.5]);
  });

  it("vmap of a cumulative reduction equals a loop over examples, batch axis anywhere", () => {
    const x = np.array([[[1, -2, 3], [4, 0.5, -1]], [[2, 2, -3], [0, 1, 5]]], { dtype: "float64" });
    for (const name of ["cumsum", "cumprod", "cummax", "cummin", "cumlogsumexp"] as const) {
      for (const inAxes of [0, 1, 2]) {
        const per = (t: Tensor): Tensor => cops.cumulative(name, t, 1, name === "cummin");
        const got = vmap(per, { inAxes })(x);
        const slices = Array.from({ length: x.shape[inAxes]! }, (_, i) => per(np.take(x, i, inAxes)));
        expectClose(got, np.stack(slices), { rtol: 1e-14 }, `${name} inAxes ${inAxes}`);
      }
    }
  });

  it("vmap of the gradient of cumprod (a batched associative scan)", () => {
    const xs = np.array([[1, 0, 2], [3, -1, 0.5]], { dtype: "float64" });
    const g = vmap(grad((t: Tensor) => np.sum(np.cumprod(t))))(xs);
    // d/dx Σ cumprod: [1 + x1 + x1x2, x0 + x0x2, x0x1].
    expectClose(g, [1 + 0 + 0, 1 + 2, 0, 1 - 1 - 0.5, 3 + 1.5, -3], { rtol: 1e-14 });
  });

  it("jit gives eager's bits, derivatives included", () => {
    const f = (t: Tensor): Tensor => np.sum(np.mul(cops.cumlogsumexp(t, 0), np.cumprod(t)));
    const x = np.array([0.5, -1.25, 2, 0.75]);
    expect(vals(jit(f)(x))).toEqual(vals(f(x)));
    expect(vals(jit(grad(f))(x))).toEqual(vals(grad(f)(x)));
  });
});

describe("np cumulative functions", () => {
  it("take JAX's optional arguments positionally or by name", () => {
    const x = [[1, 2], [3, 4]];
    expect(np.cumsum(x, 0).toArray()).toEqual(np.cumsum(x, { axis: 0 }).toArray());
    expect(np.cumsum(x, 1, "int32").dtype).toBe("int32");
    expect(np.cumprod(x, { axis: -1, dtype: "float64" }).dtype).toBe("float64");
    expect(np.diff([1, 4, 9], 1, 0).toArray()).toEqual([3, 5]);
    expect(np.trapezoid([1, 2, 3], [0, 1, 3]).item()).toBe(6.5);
    expect(np.ediff1d([1, 2, 4], [7]).toArray()).toEqual([1, 2, 7]);
  });

  it("diff with n = 0 returns the input, and an axis shorter than n gives an empty axis", () => {
    expect(np.diff([1, 2, 3], { n: 0 }).toArray()).toEqual([1, 2, 3]);
    expect(np.diff([1, 2], { n: 5 }).shape).toEqual([0]);
  });

  it("reject bad input with the function and the fix", () => {
    const x = np.array([[1, 2], [3, 4]]);
    expect(thrown(() => np.cumsum(x, 2))).toBeInstanceOf(ShapeError);
    expect(thrown(() => np.cumsum(x, { axis: 1.5 }))).toBeInstanceOf(ShapeError);
    expect(thrown(() => np.cumsum(x, { dtype: "float16" as never }))).toBeInstanceOf(DTypeError);
    expect(thrown(() => np.cumsum(x, { out: x as never }))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => np.cumulativeSum(x))?.message).toMatch(/cumulativeSum: .*axis/);
    expect(thrown(() => np.cumulativeSum(3))).toBeInstanceOf(ShapeError);
    expect(thrown(() => np.diff(x, -1))?.message).toMatch(/np.diff: n must be a non-negative integer/);
    expect(thrown(() => np.diff(x, { prepend: [1, 2, 3] }))).toBeInstanceOf(ShapeError);
    expect(thrown(() => np.diff(5))).toBeInstanceOf(ShapeError);
    expect(thrown(() => np.trapezoid(x, { x: [0, 1, 2] }))?.message).toMatch(/np.trapezoid: 3 sample points/);
    expect(thrown(() => np.trapezoid(x, { x: [0, 1], dx: 2 }))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => cops.cumlogsumexp(np.array([1, 2], { dtype: "int32" }), 0))).toBeInstanceOf(DTypeError);
    expect(thrown(() => cops.cumsum(np.array([true]), 0))).toBeInstanceOf(DTypeError);
    expect(thrown(() => cops.cummax(x, -1))).toBeInstanceOf(ShapeError);
  });
});
