/**
 * Helpers of the control-flow (lax) tests: reading tensors and pytrees of tensors as plain
 * numbers, tolerance comparisons of whole pytrees, float64 central differences computed here
 * (never by the library's derivative code), the fast-check seed, and `thrown`.
 */
import { expect } from "vitest";
import { np, tree, type Tensor } from "../../src/index.js";

/** The fast-check seed of every property here: `FC_SEED`, default 42. */
export const seed: number = Number(process.env.FC_SEED ?? 42);

/** Casts an `unknown` result of a transform to a tensor. */
export const T = (x: unknown): Tensor => x as Tensor;

/** The elements of a tensor (row-major) as JS numbers (booleans become 0/1). */
export const vals = (t: unknown): number[] => Array.from((t as Tensor).data() as ArrayLike<number>, Number);

/** A float64 tensor of `shape` from flat data. */
export function f64(data: readonly number[], shape: readonly number[] = [data.length]): Tensor {
  if (shape.includes(0)) return np.zeros([...shape], "float64");
  return np.reshape(np.array([...data], { dtype: "float64" }), [...shape]);
}

/** A float64 scalar. */
export const s64 = (v: number): Tensor => np.array(v, { dtype: "float64" });

/** An int32 scalar. */
export const i32 = (v: number): Tensor => np.array(v, { dtype: "int32" });

export interface Tol {
  rtol?: number;
  atol?: number;
}

/** Expects `got` (a tensor) to hold `want` elementwise within `atol + rtol·|want|`. */
export function expectClose(got: unknown, want: number | readonly number[], tol: Tol = {}, what = ""): void {
  const rtol = tol.rtol ?? 1e-10;
  const atol = tol.atol ?? rtol;
  const g = vals(got);
  const w = typeof want === "number" ? g.map(() => want) : [...want];
  expect(g.length, `${what} element count of ${JSON.stringify(g)} vs ${JSON.stringify(w)}`).toBe(w.length);
  g.forEach((gi, i) => {
    const wi = w[i]!;
    const where = `${what} element ${i}: got ${gi}, want ${wi} (got ${JSON.stringify(g)}, want ${JSON.stringify(w)})`;
    if (Number.isNaN(wi)) expect(gi, where).toBeNaN();
    else if (!Number.isFinite(wi)) expect(gi, where).toBe(wi);
    else expect(Math.abs(gi - wi), where).toBeLessThanOrEqual(atol + rtol * Math.abs(wi));
  });
}

/**
 * Expects two pytrees of tensors to have the same structure and, leaf by leaf, the same shape,
 * dtype and values within tolerance.
 */
export function expectTreeClose(got: unknown, want: unknown, tol: Tol = {}, what = "tree"): void {
  const [gl, gd] = tree.flatten(got);
  const [wl, wd] = tree.flatten(want);
  expect(gd.toString(), `${what}: structure`).toBe(wd.toString());
  expect(gl.length, `${what}: leaf count`).toBe(wl.length);
  gl.forEach((g, i) => {
    const gt = g as Tensor;
    const wt = wl[i] as Tensor;
    expect(gt.shape, `${what} leaf ${i}: shape`).toEqual(wt.shape);
    expect(gt.dtype, `${what} leaf ${i}: dtype`).toBe(wt.dtype);
    expectClose(gt, vals(wt), tol, `${what} leaf ${i}`);
  });
}

/** Stacks per-example results (pytrees of tensors) along a new leading axis. */
export function stackTrees(items: readonly unknown[]): unknown {
  if (items.length === 0) throw new Error("stackTrees: nothing to stack");
  return tree.map((...leaves) => np.stack(leaves as Tensor[]), items[0], ...items.slice(1));
}

/**
 * The gradient of a scalar-valued `f` at flat float64 data `x` (of `shape`) by central
 * differences, evaluating `f` on float64 tensors.
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

/** Runs `f`, which must throw; returns what it threw. */
export function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected the call to throw, but it returned normally");
}
