/**
 * Sorting, searching and order statistics against JAX (test/fixtures/sorting.json, written by
 * scripts/gen-sorting.py): values (NaN/±∞/−0 placement, ties, int32/uint32/bool/float32/float64,
 * empty and size-1 dims, negative axes, static sizes with fill values), gradients, each case again
 * under jit where its shapes are static; vmap against a loop; second order; and the errors.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  ArgumentError, ConcretizationError, DTypeError, ShapeError, Tensor, grad, jacfwd, jit, lax, np, vmap, type DType,
} from "../../src/index.js";
import { expectClose, fdGrad, thrown, vals } from "../support/index.js";

type Json = number | boolean | string | null | Json[] | { [k: string]: Json };
interface Encoded { dtype: DType; shape: number[]; data: Json[] }
interface Case {
  id: string;
  op: string;
  args: (Encoded | { value: Json })[];
  kwargs: Record<string, any>;
  outputs: Encoded[];
  weights?: Json[];
  grad?: Encoded;
}

const CASES: Case[] = JSON.parse(readFileSync(new URL("../fixtures/sorting.json", import.meta.url), "utf8")).cases;
const decode = (v: Json): any => (v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : v);
const tensorOf = (e: Encoded): Tensor => np.reshape(np.array(e.data.map(decode), { dtype: e.dtype }), e.shape);
const argsOf = (c: Case): any[] => c.args.map((a) => ("value" in a ? decode(a.value) : tensorOf(a)));

/** How fluxion computes each op of the fixture, from the case's arguments and JAX keywords. */
const RUNNERS: Record<string, (args: any[], kw: Record<string, any>) => Tensor | Tensor[]> = {
  sort: ([x], kw) => np.sort(x, kw),
  argsort: ([x], kw) => np.argsort(x, kw),
  lexsort: (keys, kw) => np.lexsort(keys, kw),
  partition: ([x], { kth, ...kw }) => np.partition(x, kth, kw),
  argpartition: ([x], { kth, ...kw }) => np.argpartition(x, kth, kw),
  searchsorted: ([a, v, sorter], kw) => np.searchsorted(a, v, { ...kw, sorter }),
  isin: ([e, t], kw) => np.isin(e, t, kw),
  unique: ([x], kw) => np.unique(x, kw),
  nonzero: ([x], kw) => np.nonzero(x, kw),
  flatnonzero: ([x], kw) => np.flatnonzero(x, kw),
  argwhere: ([x], kw) => np.argwhere(x, kw),
  quantile: ([x, q], kw) => np.quantile(x, q, kw),
  percentile: ([x, q], kw) => np.percentile(x, q, kw),
  nanquantile: ([x, q], kw) => np.nanquantile(x, q, kw),
  nanpercentile: ([x, q], kw) => np.nanpercentile(x, q, kw),
  median: ([x], kw) => np.median(x, kw),
  nanmedian: ([x], kw) => np.nanmedian(x, kw),
  top_k: ([x], { k, ...kw }) => lax.topK(x, k, kw),
};

/** Ops whose result shapes depend on the data unless a static size is given. */
const DATA_SIZED = new Set(["unique", "nonzero", "flatnonzero", "argwhere"]);

const TOL: Record<string, number> = { float32: 2e-6, float64: 1e-12 };

/** Same dtype, shape and elements: NaN where JAX has NaN, the sign of every exact zero, floats to a few ulps. */
function expectMatches(got: Tensor, want: Encoded, what: string): void {
  expect(got.dtype, `${what}: dtype`).toBe(want.dtype);
  expect([...got.shape], `${what}: shape`).toEqual(want.shape);
  const g = vals(got);
  want.data.map(decode).forEach((w, i) => {
    const v = g[i]!;
    const msg = `${what}[${i}]: got ${Object.is(v, -0) ? "-0" : v}, want ${Object.is(w, -0) ? "-0" : w}`;
    if (typeof w === "boolean") return expect(v, msg).toBe(w ? 1 : 0);
    if (Number.isNaN(w)) return expect(Number.isNaN(v), msg).toBe(true);
    if (w === 0 || !Number.isFinite(w)) return expect(Object.is(v, w), msg).toBe(true);
    const tol = TOL[want.dtype] ?? 0;
    expect(Math.abs(v - w) <= tol * Math.max(1, Math.abs(w)), msg).toBe(true);
  });
}

const asList = (out: Tensor | Tensor[]): Tensor[] => (out instanceof Tensor ? [out] : out);

describe("np sorting against JAX (test/fixtures/sorting.json)", () => {
  it("has a runner for every op and a case for every runner", () => {
    const ops = new Set(CASES.map((c) => c.op));
    expect([...ops].filter((op) => !(op in RUNNERS))).toEqual([]);
    expect(Object.keys(RUNNERS).filter((op) => !ops.has(op))).toEqual([]);
  });

  for (const c of CASES) {
    it(c.id, () => {
      const run = RUNNERS[c.op]!;
      const outs = asList(run(argsOf(c), c.kwargs));
      expect(outs.length).toBe(c.outputs.length);
      outs.forEach((o, i) => expectMatches(o, c.outputs[i]!, `${c.id} output ${i}`));
      const staticShapes = !DATA_SIZED.has(c.op) || c.kwargs.size !== undefined;
      if (staticShapes) {
        const tensors = argsOf(c);
        const isT = tensors.map((a) => a instanceof Tensor);
        const jitted = jit((...ts: Tensor[]) => {
          let k = 0;
          return asList(run(tensors.map((a, i) => (isT[i] ? ts[k++] : a)), c.kwargs));
        });
        const again = jitted(...tensors.filter((a) => a instanceof Tensor));
        again.forEach((o, i) => expectMatches(o, c.outputs[i]!, `${c.id} under jit, output ${i}`));
      }
      if (c.grad !== undefined) {
        const [x, ...rest] = argsOf(c);
        const w = np.reshape(np.array(c.weights!.map(decode), { dtype: x.dtype }), c.outputs[0]!.shape);
        const g = grad((x: Tensor) => np.sum(np.mul(w, asList(run([x, ...rest], c.kwargs))[0]!)))(x);
        expectMatches(g, c.grad, `${c.id} gradient`);
      }
    });
  }
});

describe("vmap equals a loop", () => {
  const rows = np.array([[3, 1, NaN, 1], [0, -0, -2, 5], [2, 2, 2, 1]], { dtype: "float32" });
  const each = (f: (x: Tensor) => Tensor): Tensor => np.stack([0, 1, 2].map((i) => f(rows.get(i))));

  it("sort and argsort (ascending and descending)", () => {
    for (const f of [(x: Tensor) => np.sort(x), (x: Tensor) => np.argsort(x), (x: Tensor) => np.argsort(x, { descending: true })]) {
      expect(vals(vmap(f)(rows))).toEqual(vals(each(f)));
    }
    // Batched along another axis, with the sort along the remaining one.
    expect(vals(vmap((x: Tensor) => np.sort(x), { inAxes: 1 })(rows))).toEqual(vals(np.sort(np.transpose(rows))));
  });

  it("searchsorted over batched sorted arrays and batched queries", () => {
    const sorted = np.sort(rows);
    const q = np.array([1, 0, 2.5], { dtype: "float32" });
    for (const side of ["left", "right"] as const) {
      const got = vmap((a: Tensor, v: Tensor) => np.searchsorted(a, v, side))(sorted, q);
      const want = [0, 1, 2].map((i) => vals(np.searchsorted(sorted.get(i), q.get(i), side))[0]);
      expect(vals(got)).toEqual(want);
    }
  });

  it("top_k and quantile", () => {
    const topk = (x: Tensor) => lax.topK(x, 2)[1]!;
    expect(vals(vmap(topk)(rows))).toEqual(vals(each(topk)));
    const q = (x: Tensor) => np.quantile(x, 0.4);
    expectClose(vmap(q)(rows), vals(each(q)));
  });
});

describe("derivatives", () => {
  const x = [0.3, -1.2, 2.5, 0.9, 1.7, -0.4];
  it("of quantile, median, sort and top_k match float64 finite differences", () => {
    const fs: ((t: Tensor) => Tensor)[] = [
      (t) => np.quantile(t, 0.37),
      (t) => np.median(t),
      (t) => np.sum(np.mul(np.sort(t), np.arange(6, undefined, 1, "float64"))),
      (t) => np.sum(np.mul(lax.topK(t, 3)[0], np.array([1, 2, 3], { dtype: "float64" }))),
      (t) => np.nanquantile(t, 0.81, { method: "linear" }),
    ];
    for (const f of fs) expectClose(grad(f)(np.array(x, { dtype: "float64" })), fdGrad(f, x), { rtol: 1e-6, atol: 1e-8 });
  });

  it("to second order: the Hessian of a piecewise-linear statistic is zero, and of sort(x)² is diagonal", () => {
    const t = np.array(x, { dtype: "float64" });
    expect(vals(jacfwd(grad((v: Tensor) => np.median(v)))(t)).every((h) => h === 0)).toBe(true);
    const h = jacfwd(grad((v: Tensor) => np.sum(np.mul(np.square(np.sort(v)), np.arange(6, undefined, 1, "float64")))))(t);
    // d²/dx_i² of Σ_k k·sorted_k² is 2·(rank of x_i).
    const ranks = vals(np.argsort(np.argsort(t)));
    expect(vals(h)).toEqual(ranks.flatMap((r, i) => x.map((_, j) => (i === j ? 2 * r : 0))));
  });
});

describe("static size", () => {
  it("unique, nonzero, argwhere and flatnonzero trace with a size and raise ConcretizationError without", () => {
    const x = np.array([3, 0, 3, 1], { dtype: "int32" });
    expect(vals(jit((t: Tensor) => np.unique(t, { size: 4, fill_value: -1 }) as Tensor)(x))).toEqual([0, 1, 3, -1]);
    expect(vals(jit((t: Tensor) => np.nonzero(t, { size: 4 })[0]!)(x))).toEqual([0, 2, 3, 0]);
    for (const f of [
      (t: Tensor) => np.unique(t) as Tensor,
      (t: Tensor) => np.nonzero(t)[0]!,
      (t: Tensor) => np.argwhere(t),
      (t: Tensor) => np.flatnonzero(t),
    ]) {
      const e = thrown(() => jit(f)(x));
      expect(e).toBeInstanceOf(ConcretizationError);
      expect(e.message).toMatch(/size/);
    }
  });
});

describe("bad input", () => {
  const x = np.array([[3, 1], [2, 0]], { dtype: "float32" });
  it("raises the error of RELIABILITY.md's table, naming the function", () => {
    const cases: [() => unknown, new (...a: any[]) => Error, RegExp][] = [
      [() => np.sort(x, 2), ShapeError, /np\.sort: axis 2/],
      [() => np.argsort(x, -3), ShapeError, /np\.argsort/],
      [() => np.sort(x, { kind: "quicksort" as any }), ArgumentError, /kind/],
      [() => np.quantile(x, 0.5, { method: "cubic" as any }), ArgumentError, /np\.quantile: method .*cubic/],
      [() => np.quantile(x, [[0.5]]), ShapeError, /q must be/],
      [() => np.quantile(np.zeros([0]), 0.5), ShapeError, /empty/],
      [() => np.median(x, 3), ShapeError, /np\.median/],
      [() => np.searchsorted(x, 1), ShapeError, /1-d/],
      [() => np.searchsorted([1, 2], 1, { method: "bisect" as any }), ArgumentError, /method/],
      [() => np.searchsorted([1, 2], 1, "middle" as any), ArgumentError, /np\.searchsorted/],
      [() => np.isin([1], [1], { method: "hash" as any }), ArgumentError, /np\.isin/],
      [() => np.unique(x, { size: -1 }), ArgumentError, /size/],
      [() => np.unique(x, { size: 2.5 }), ArgumentError, /size/],
      [() => np.unique(np.zeros([0]), { size: 2 }), ArgumentError, /fill_value/],
      [() => np.unique(x, { axis: 2 }), ShapeError, /np\.unique/],
      [() => np.nonzero(np.array(1)), ShapeError, /0-d/],
      [() => np.nonzero(x, { size: 3, fill_value: [1, 2, 3] }), ArgumentError, /fill_value/],
      [() => np.partition(x, 5), ArgumentError, /kth/],
      [() => np.partition([true, false], 0), DTypeError, /bool/],
      [() => np.lexsort([[1, 2], [1, 2, 3]]), ShapeError, /one shape/],
      [() => lax.topK(x, 3), ArgumentError, /k must be/],
      [() => lax.topK(np.array(1), 0), ShapeError, /0-d/],
    ];
    for (const [f, cls, msg] of cases) {
      const e = thrown(f);
      expect(e, String(f)).toBeInstanceOf(cls);
      expect(e.message, String(f)).toMatch(msg);
    }
  });
});

describe("the argsort primitive", () => {
  it("still sorts stably with NaN last (random.permutation uses it)", async () => {
    const ops = await import("../../src/primitives/ops.js");
    const t = np.array([2, NaN, 1, 2, -1], { dtype: "float32" });
    expect(vals(ops.argsort(t, 0))).toEqual(vals(np.argsort(t)));
  });
});
