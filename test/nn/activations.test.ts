/**
 * nn activations against JAX (scripts/gen-products-nn.py): each value, first and second derivative
 * at and around its kinks (0, ±1, ±3, 6), ±∞ and NaN, in float32 and float64 — relu'(0) = 0,
 * relu6's custom derivative 0 at 0 and 6, celu'(0) = ½ + ½, sparseSigmoid's ¼ at ±1, log1mexp's
 * custom 1/(eˣ − 1) — int inputs (float32 except identity and hardTanh), then glu, logmeanexp,
 * standardize and oneHot; then the argument forms and bad input.
 */
import { describe, expect, it } from "vitest";
import { ArgumentError, DTypeError, ShapeError, grad, jit, nn, np, vmap, type Tensor } from "../../src/index.js";
import { expectClose, f64, fdGrad, thrown } from "../support/index.js";
import { runFixtureFamily } from "../np/products-nn-fixture.js";

const unary = (f: (x: Tensor) => Tensor) => ([x]: any[]) => f(x);

runFixtureFamily("nn", {
  relu: unary(nn.relu),
  relu6: unary(nn.relu6),
  sigmoid: unary(nn.sigmoid),
  softplus: unary(nn.softplus),
  logSigmoid: unary(nn.logSigmoid),
  silu: unary(nn.silu),
  swish: unary(nn.swish),
  mish: unary(nn.mish),
  leakyRelu: ([x], kw) => nn.leakyRelu(x, kw),
  elu: ([x], kw) => nn.elu(x, kw),
  celu: ([x], kw) => nn.celu(x, kw),
  selu: unary(nn.selu),
  gelu: ([x], kw) => nn.gelu(x, kw),
  softSign: unary(nn.softSign),
  hardTanh: unary(nn.hardTanh),
  hardSigmoid: unary(nn.hardSigmoid),
  hardSilu: unary(nn.hardSilu),
  hardSwish: unary(nn.hardSwish),
  squareplus: ([x], kw) => nn.squareplus(x, kw),
  sparsePlus: unary(nn.sparsePlus),
  sparseSigmoid: unary(nn.sparseSigmoid),
  identity: unary(nn.identity),
  tanh: unary(nn.tanh),
  log1mexp: unary(nn.log1mexp),
  glu: ([x], kw) => nn.glu(x, kw),
  logmeanexp: ([x, w], kw) => nn.logmeanexp(x, { axis: kw.axis, keepdims: kw.keepdims, where: kw.where ? w : undefined }),
  standardize: ([x, a, b], kw) =>
    kw.given ? nn.standardize(x, { mean: a, variance: b }) : kw.where ? nn.standardize(x, { where: a }) : nn.standardize(x, { axis: kw.axis, epsilon: kw.epsilon }),
  oneHot: ([x], kw) => nn.oneHot(x, kw.numClasses, { dtype: kw.dtype, axis: kw.axis }),
});

describe("nn: argument forms", () => {
  it("optional arguments positionally and by name; gelu's old call form", () => {
    const x = f64([-2, -0.5, 0, 1.5]);
    expectClose(nn.leakyRelu(x, 0.3), nn.leakyRelu(x, { negativeSlope: 0.3 }));
    expectClose(nn.elu(x, 2), nn.elu(x, { alpha: 2 }));
    expectClose(nn.celu(x, 0.5), nn.celu(x, { alpha: 0.5 }));
    expectClose(nn.squareplus(x, 2), nn.squareplus(x, { b: 2 }));
    expectClose(nn.gelu(x), nn.gelu(x, true));
    expectClose(nn.gelu(x, false), nn.gelu(x, { approximate: false }));
    expectClose(nn.glu(np.ones([4, 2]), 0), nn.glu(np.ones([4, 2]), { axis: 0 }));
    expectClose(nn.standardize(x, 0, undefined, undefined, undefined), nn.standardize(x, { axis: 0 }));
    expectClose(nn.logmeanexp(np.zeros([2, 3]), 1), [0, 0]);
    expectClose(nn.standardize(f64([1, 2, 3, 4]), { algorithm: "stable" }), nn.standardize(f64([1, 2, 3, 4])), { rtol: 1e-12 });
    // A traced alpha differentiates.
    expectClose(grad((a: Tensor) => np.sum(nn.elu(f64([-1, 2]), a)))(f64([2])), fdGrad((a) => np.sum(nn.elu(f64([-1, 2]), a)), [2]), { rtol: 1e-7 });
  });

  it("jit equals eager, values and gradients (log1mexp's custom rule included)", () => {
    const x = f64([0.25, 1, 3, 7]);
    for (const f of [nn.log1mexp, nn.relu6, nn.celu, nn.sparsePlus, (t: Tensor) => nn.gelu(t, false)]) {
      expectClose(jit(f)(x), f(x), { rtol: 0, atol: 0 });
      const g = (t: Tensor): Tensor => np.sum(f(t));
      expectClose(jit(grad(g))(x) as Tensor, grad(g)(x) as Tensor, { rtol: 0, atol: 0 });
    }
  });

  it("activations vectorise", () => {
    const xs = f64([-3, -1, 0, 0.5, 2, 7], [2, 3]);
    for (const f of [nn.relu6, nn.silu, nn.hardSwish, nn.sparseSigmoid, nn.log1mexp, (x: Tensor) => nn.standardize(x)]) {
      expectClose(vmap(f)(xs) as Tensor, np.stack([f(xs.get(0)), f(xs.get(1))]));
    }
  });
});

describe("nn: bad input", () => {
  it("raises the errors of RELIABILITY.md's table", () => {
    expect(thrown(() => nn.glu([1, 2, 3])).message).toMatch(/nn\.glu: axis 0 of \[3\] has odd size 3/);
    expect(thrown(() => nn.glu([1, 2], 1))).toBeInstanceOf(ShapeError);
    expect(thrown(() => nn.gelu([1], "yes" as never))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => nn.leakyRelu([1], { slope: 1 } as never))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => nn.standardize([1, 2], { algorithm: "exact" as never }))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => nn.standardize([1, 2], 3))).toBeInstanceOf(ShapeError);
    expect(thrown(() => nn.standardize([1, 2], { where: [true, false, true] }))).toBeInstanceOf(ShapeError);
    expect(thrown(() => nn.oneHot([1, 2], -1))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => nn.oneHot([1, 2], 3, { axis: 2 }))).toBeInstanceOf(ShapeError);
    expect(thrown(() => nn.oneHot([1, 2], 3, { dtype: "int8" as never }))).toBeInstanceOf(DTypeError);
    expect(thrown(() => nn.logmeanexp([1, 2], 1))).toBeInstanceOf(ShapeError);
  });
});
