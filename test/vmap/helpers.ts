/**
 * Helpers of the vectorisation example tests: the per-example loop and deterministic data
 * (comparisons live in ../support). Every expected value is computed without vmap: by running
 * the function on each example (`x.get(i)` / `x.slice(...)`) and stacking the results with
 * `np.stack`, from closed forms, from float64 finite differences, or from numpy constants pasted
 * with the expression that produced them.
 */
import { np, type Tensor } from "../../src/index.js";
import { T, vals } from "../support/index.js";

/** Example `i` of `x` along `axis` (null: x itself), by static indexing — never by vmap. */
export function exampleOf(x: unknown, axis: number | null, i: number): unknown {
  if (axis === null) return x;
  const t = T(x);
  const a = axis < 0 ? axis + t.ndim : axis;
  if (a === 0) return t.get(i);
  return t.slice(...Array.from({ length: a }, () => null), i);
}

/**
 * The per-example loop: `stack_i f(args[0][i], args[1][i], …)` along `outAxis`, where each
 * argument is sliced along its own axis (null = passed whole). Single-tensor outputs only.
 */
export function loop(
  f: (...args: never[]) => unknown,
  args: readonly unknown[],
  inAxes: readonly (number | null)[],
  size: number,
  outAxis = 0,
): Tensor {
  const outs: Tensor[] = [];
  for (let i = 0; i < size; i++) {
    const ex = args.map((a, k) => exampleOf(a, inAxes[k] ?? null, i));
    outs.push(T((f as (...a: unknown[]) => unknown)(...ex)));
  }
  return np.stack(outs, outAxis);
}

/** A deterministic pseudo-random tensor with entries in [lo, hi) (an LCG; not the library's RNG). */
export function rand(shape: readonly number[], seed: number, opts: { lo?: number; hi?: number; dtype?: "float32" | "float64" } = {}): Tensor {
  const lo = opts.lo ?? -1, hi = opts.hi ?? 1;
  const n = shape.reduce((p, d) => p * d, 1);
  let s = (seed * 2654435761 + 12345) >>> 0;
  const data: number[] = [];
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data.push(lo + ((s >>> 8) / 2 ** 24) * (hi - lo));
  }
  return np.reshape(np.array(data, { dtype: opts.dtype ?? "float32" }), [...shape]);
}

/** A deterministic int32 tensor with entries in [lo, hi). */
export function randInt(shape: readonly number[], seed: number, lo: number, hi: number): Tensor {
  const x = rand(shape, seed, { lo: 0, hi: 1, dtype: "float64" });
  return np.astype(np.array(vals(x).map((v) => lo + Math.floor(v * (hi - lo)))).reshape([...shape]), "int32");
}
