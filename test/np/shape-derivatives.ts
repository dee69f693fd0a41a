/**
 * Derivative checks for the shape functions against float64 central differences (test/support's
 * fd helpers): reverse mode (grad), forward mode (jvp), and second order both ways — reverse over
 * reverse (the gradient of ⟨∇f, v⟩) and forward over forward (the jvp of the jvp) — at one point.
 */
import { expect } from "vitest";
import { type Tensor, grad, jvp, np } from "../../src/index.js";
import { expectClose, f64, fdGrad, fdJvp } from "../support/index.js";

const TOL = { rtol: 1e-6, atol: 1e-7 };

/** Checks first and second derivatives of the scalar function `f` at `x` (of `shape`). */
export function checkDerivatives(f: (x: Tensor) => Tensor, x: readonly number[], shape: readonly number[], what: string): void {
  const v = x.map((_, i) => Math.cos(i + 1));
  const at = (): Tensor => f64([...x], shape);
  const tangent = (): Tensor => f64(v, shape);
  expectClose(grad(f)(at()), fdGrad(f, x, shape), TOL, `${what}: grad`);
  const [, dy] = jvp(f, [at()], [tangent()]);
  expectClose(dy, fdJvp(f, x, v, shape), TOL, `${what}: jvp`);
  // Second order: ⟨∇f(y), v⟩ differentiated in reverse, and the jvp of the jvp.
  const gv = (y: Tensor): Tensor => np.sum(np.mul(grad(f)(y), tangent()));
  expectClose(grad(gv)(at()), fdGrad(gv, x, shape), TOL, `${what}: grad of grad`);
  const dir = (y: Tensor): Tensor => jvp(f, [y], [tangent()])[1] as Tensor;
  const [, d2] = jvp(dir, [at()], [tangent()]);
  expectClose(d2, fdJvp(dir, x, v, shape), TOL, `${what}: jvp of jvp`);
  // A function that is not linear in x: the second derivative is not identically zero.
  expect(Math.max(...Array.from(grad(gv)(at()).data() as Float64Array, Math.abs))).toBeGreaterThan(0);
}
