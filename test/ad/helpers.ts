/**
 * Shared helpers of the differentiation example tests: reading tensors as plain numbers,
 * tolerance comparisons, and float64 central differences computed in the test (never by the
 * library's own derivative code), so every expected value comes from outside the transforms.
 */
import { expect } from "vitest";
import { np, type Tensor } from "../../src/index.js";

/** The elements of a tensor (row-major) as JS numbers. */
export const vals = (t: unknown): number[] => Array.from((t as Tensor).data());

/** Tolerances (atol = rtol unless given): float32 results default to a few float32 ulps. */
export interface Tol {
  rtol?: number;
  atol?: number;
}

/**
 * Expects `got` (a tensor) to hold `want` elementwise within `atol + rtol·|want|`. NaN must
 * match NaN, ±∞ must match exactly. `want` is a number (checked against every element) or the
 * flat list of elements; the element count must agree.
 */
export function expectClose(got: unknown, want: number | readonly number[], tol: Tol = {}): void {
  const rtol = tol.rtol ?? 1e-5;
  const atol = tol.atol ?? rtol;
  const g = vals(got);
  const w = typeof want === "number" ? g.map(() => want) : [...want];
  expect(g.length, `element count of ${JSON.stringify(g)}`).toBe(w.length);
  g.forEach((gi, i) => {
    const wi = w[i]!;
    const where = `element ${i}: got ${gi}, want ${wi} (all: ${JSON.stringify(g)})`;
    if (Number.isNaN(wi)) expect(gi, where).toBeNaN();
    else if (!Number.isFinite(wi)) expect(gi, where).toBe(wi);
    else expect(Math.abs(gi - wi), where).toBeLessThanOrEqual(atol + rtol * Math.abs(wi));
  });
}

/** Expects the shape of a tensor. */
export function expectShape(got: unknown, shape: readonly number[]): void {
  expect((got as Tensor).shape).toEqual(shape);
}

/** A float64 tensor of the given shape from flat data. */
export function f64(data: readonly number[], shape: readonly number[] = [data.length]): Tensor {
  return np.reshape(np.array([...data], { dtype: "float64" }), [...shape]);
}

/**
 * The gradient of a scalar-valued `f` at `x` (flat data, `shape`) by float64 central differences:
 * `(f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h` for each element i, with f evaluated on float64 tensors.
 */
export function fdGrad(f: (x: Tensor) => Tensor, x: readonly number[], shape: readonly number[] = [x.length], h = 1e-6): number[] {
  return x.map((_, i) => {
    const plus = [...x];
    const minus = [...x];
    plus[i]! += h;
    minus[i]! -= h;
    return (f(f64(plus, shape)).item() - f(f64(minus, shape)).item()) / (2 * h);
  });
}

/**
 * A directional derivative by float64 central differences of a tensor-valued `f`:
 * `(f(x + h·v) − f(x − h·v)) / 2h`, flattened.
 */
export function fdDirectional(f: (x: Tensor) => Tensor, x: readonly number[], v: readonly number[], shape: readonly number[] = [x.length], h = 1e-6): number[] {
  const plus = vals(f(f64(x.map((xi, i) => xi + h * v[i]!), shape)));
  const minus = vals(f(f64(x.map((xi, i) => xi - h * v[i]!), shape)));
  return plus.map((p, i) => (p - minus[i]!) / (2 * h));
}

/** Runs `f`, which must throw; returns what it threw. */
export function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected the call to throw, but it returned normally");
}
