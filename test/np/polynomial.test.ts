/**
 * np polynomials against JAX (scripts/gen-products-nn.py): polyval, polyadd, polysub, polymul
 * (with trimLeadingZeros), polyder, polyint, and convolve/correlate in every mode with the longer
 * operand first or second, size-1 and NaN inputs, in float32/float64/int32 (ints promote to float32
 * as JAX's), with gradients; then second order, vmap and jit of the convolution, and bad input.
 */
import { describe, expect, it } from "vitest";
import { ArgumentError, ConcretizationError, ShapeError, grad, jit, np, vmap, type Tensor } from "../../src/index.js";
import { expectClose, f64, fdGrad, thrown } from "../support/index.js";
import { runFixtureFamily } from "./products-nn-fixture.js";

runFixtureFamily("polynomial", {
  polyval: ([p, x]) => np.polyval(p, x),
  polyadd: ([a, b]) => np.polyadd(a, b),
  polysub: ([a, b]) => np.polysub(a, b),
  polymul: ([a, b], kw) => np.polymul(a, b, kw),
  polyder: ([p], kw) => np.polyder(p, kw),
  polyint: ([p], kw) => np.polyint(p, kw),
  convolve: ([a, v], kw) => np.convolve(a, v, kw),
  correlate: ([a, v], kw) => np.correlate(a, v, kw),
});

describe("polynomial: transforms", () => {
  const a = [0.5, -1.25, 2, 0.75, -0.5];
  const k = f64([1.5, -0.5, 0.25]);
  it("convolve differentiates to second order (float64 finite differences)", () => {
    const f = (x: Tensor): Tensor => np.sum(np.square(np.convolve(x, k, "same")));
    expectClose(grad(f)(f64(a)), fdGrad(f, a), { rtol: 1e-7 });
    const w = f64([1, -2, 3, 0.5, 1]);
    const df = (x: Tensor): Tensor => np.sum(np.mul(grad(f)(x) as Tensor, w));
    expectClose(grad(df)(f64(a)), fdGrad(df, a), { rtol: 1e-6 });
    const byKernel = (v: Tensor): Tensor => np.sum(np.square(np.correlate(f64(a), v, "full")));
    expectClose(grad(byKernel)(k), fdGrad(byKernel, [1.5, -0.5, 0.25]), { rtol: 1e-7 });
  });

  it("polyval differentiates in p and x", () => {
    const p = [1, -2, 0.5];
    expectClose(grad((x: Tensor) => np.sum(np.polyval(f64(p), x)))(f64([0.5, 2])), [2 * 0.5 - 2, 2 * 2 - 2]);
    expectClose(grad((q: Tensor) => np.sum(np.polyval(q, f64([3]))))(f64(p)), [9, 3, 1]);
  });

  it("vmap of convolve and polymul equals a loop, and jit equals eager", () => {
    const xs = f64([1, 2, 3, 4, 5, 6, 7, 8], [2, 4]);
    for (const f of [(x: Tensor) => np.convolve(x, k), (x: Tensor) => np.correlate(k, x, "same"), (x: Tensor) => np.polymul(x, k)]) {
      expectClose(vmap(f)(xs) as Tensor, np.stack([f(xs.get(0)), f(xs.get(1))]));
      expectClose(jit(f)(xs.get(0)), f(xs.get(0)), { rtol: 0, atol: 0 });
    }
    // Both operands batched: the kernel's windows differ per example.
    const ks = f64([1, 0, -1, 2, 0.5, 0], [2, 3]);
    expectClose(vmap((x: Tensor, v: Tensor) => np.convolve(x, v))(xs, ks) as Tensor,
      np.stack([np.convolve(xs.get(0), ks.get(0)), np.convolve(xs.get(1), ks.get(1))]));
  });
});

describe("polynomial: bad input", () => {
  it("raises the errors of RELIABILITY.md's table", () => {
    expect(thrown(() => np.convolve([1, 2], [])).message).toMatch(/np\.convolve: the inputs must not be empty/);
    expect(thrown(() => np.correlate(np.ones([2, 2]), [1])).message).toMatch(/np\.correlate: both inputs must be 1-D/);
    expect(thrown(() => np.convolve([1, 2], [1], "circular" as never))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => np.convolve([1, 2], [1], { mode: "same", bogus: 1 } as never))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => np.polyval(3, [1, 2]))).toBeInstanceOf(ShapeError);
    expect(thrown(() => np.polyadd([1], 2))).toBeInstanceOf(ShapeError);
    expect(thrown(() => np.polyder([1, 2], -1))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => np.polyint([1, 2], 2, [1, 2, 3])).message).toMatch(/np\.polyint: k must be a number or a 1-D array of length 1 or m = 2/);
    expect(thrown(() => np.polymul(np.ones([2, 2]), [1]))).toBeInstanceOf(ShapeError);
    expect(thrown(() => np.polymul([1], [1], "yes" as never))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => jit((p: Tensor) => np.polymul(p, [1, 2], true))(f64([0, 1])))).toBeInstanceOf(ConcretizationError);
  });
});
