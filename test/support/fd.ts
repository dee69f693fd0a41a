/**
 * Derivatives by float64 central differences, computed here and never by the library's
 * derivative code, so an expected derivative comes from outside the transforms. `f` is always
 * evaluated on float64 tensors; the step `h` defaults to 1e-6, which leaves ~1e-9 relative error
 * (truncation h² and rounding ε/h) on smooth functions of order-one inputs: compare with a
 * tolerance of about 1e-7.
 */
import type { Tensor } from "../../src/index.js";
import { f64, vals } from "./tensors.js";

/**
 * The Jacobian of `f` at flat data `x` (of `shape`), row-major with shape out.shape ++ in.shape:
 * element [o, i] is at o·n + i, for n = x.length. Column i is `(f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h`.
 */
export function fdJacobian(f: (x: Tensor) => Tensor, x: readonly number[], shape: readonly number[] = [x.length], h = 1e-6): number[] {
  const n = x.length;
  const cols = x.map((_, i) => {
    const plus = [...x];
    const minus = [...x];
    plus[i]! += h;
    minus[i]! -= h;
    const fm = vals(f(f64(minus, shape)));
    return vals(f(f64(plus, shape))).map((p, o) => (p - fm[o]!) / (2 * h));
  });
  const outSize = n === 0 ? 0 : cols[0]!.length;
  return Array.from({ length: outSize * n }, (_, k) => cols[k % n]![Math.floor(k / n)]!);
}

/** The gradient of a scalar-valued `f` at flat data `x` (of `shape`): its Jacobian's one row. */
export function fdGrad(f: (x: Tensor) => Tensor, x: readonly number[], shape: readonly number[] = [x.length], h = 1e-6): number[] {
  const g = fdJacobian(f, x, shape, h);
  if (g.length !== x.length) throw new Error(`fdGrad: f must return a scalar; its Jacobian has ${g.length} entries for ${x.length} inputs`);
  return g;
}

/** The directional derivative (a jvp) of a tensor-valued `f`: `(f(x + h·v) − f(x − h·v)) / 2h`, flattened. */
export function fdJvp(f: (x: Tensor) => Tensor, x: readonly number[], v: readonly number[], shape: readonly number[] = [x.length], h = 1e-6): number[] {
  const plus = vals(f(f64(x.map((xi, i) => xi + h * v[i]!), shape)));
  const minus = vals(f(f64(x.map((xi, i) => xi - h * v[i]!), shape)));
  return plus.map((p, i) => (p - minus[i]!) / (2 * h));
}
