/**
 * nn.maxPool and nn.avgPool against Flax's max_pool / avg_pool run by JAX (test/fixtures/window.json,
 * written by scripts/gen-window.py): values and gradients over (batch, …spatial, features) inputs
 * and unbatched ones, 1-d to 3-d windows, strides, SAME / VALID / pairs, countIncludePad, ties, float32
 * and float64 — each again under jit; vmap against a loop; grad of grad; and the errors.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ArgumentError, DTypeError, Tensor, grad, jit, nn, np, vmap, type DType } from "../../src/index.js";
import { expectClose, f64, fdGrad, thrown, vals } from "../support/index.js";

type Json = number | string | null | Json[] | { [k: string]: Json };
interface Encoded { shape: number[]; data: Json[] }
interface PoolCase {
  id: string;
  op: "max_pool" | "avg_pool";
  dtype: DType;
  x: Encoded;
  windowShape: number[];
  strides: number[] | null;
  padding: "SAME" | "VALID" | [number, number][];
  countIncludePad?: boolean;
  out: Encoded;
  weights: Encoded;
  grad: Encoded;
}

const FIXTURE = JSON.parse(readFileSync(new URL("../fixtures/window.json", import.meta.url), "utf8"));
const CASES: PoolCase[] = FIXTURE.pool;
const decode = (v: Json): number => (v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : (v as number));
const tensorOf = (e: Encoded, dtype: DType): Tensor => np.reshape(np.array(e.data.map(decode), { dtype }), e.shape);

function runner(c: PoolCase): (x: Tensor) => Tensor {
  const opts = { ...(c.strides === null ? {} : { strides: c.strides }), padding: c.padding };
  if (c.op === "max_pool") return (x) => nn.maxPool(x, c.windowShape, opts);
  return (x) => nn.avgPool(x, c.windowShape, c.countIncludePad === undefined ? opts : { ...opts, countIncludePad: c.countIncludePad });
}

describe("nn pooling against Flax (test/fixtures/window.json)", () => {
  it("covers max and avg pooling, both dtypes, unbatched inputs and countIncludePad", () => {
    expect(new Set(CASES.map((c) => c.op))).toEqual(new Set(["max_pool", "avg_pool"]));
    expect(new Set(CASES.map((c) => c.dtype))).toEqual(new Set(["float32", "float64"]));
    expect(CASES.some((c) => c.id.includes("unbatched"))).toBe(true);
    expect(CASES.some((c) => c.countIncludePad === false)).toBe(true);
  });

  for (const c of CASES) {
    const tol = { rtol: c.dtype === "float32" ? 1e-5 : 1e-12 };
    it(`${c.id}: values and gradient, eager and under jit`, () => {
      const x = tensorOf(c.x, c.dtype);
      const w = tensorOf(c.weights, c.dtype);
      const f = runner(c);
      const loss = (x: Tensor): Tensor => np.sum(np.mul(w, f(x)));
      expectClose(f(x), tensorOf(c.out, c.dtype), tol, "eager");
      expectClose(jit(f)(x), tensorOf(c.out, c.dtype), tol, "jit");
      expectClose(grad(loss)(x), tensorOf(c.grad, c.dtype), tol, "grad");
      expectClose(jit(grad(loss))(x), tensorOf(c.grad, c.dtype), tol, "jit(grad)");
    });
  }
});

describe("nn pooling semantics pinned by hand", () => {
  it("max pooling gives each window's cotangent to its first maximum", () => {
    // One batch, 2×2 spatial, one feature, all equal: the whole cotangent goes to [0, 0].
    const g = grad((x: Tensor) => np.sum(nn.maxPool(x, [2, 2])))(np.ones([1, 2, 2, 1]));
    expect(vals(g)).toEqual([1, 0, 0, 0]);
  });

  it("an unbatched input is pooled as a batch of one", () => {
    const x = np.reshape(np.astype(np.arange(12), "float32"), [4, 3, 1]);
    expect(vals(nn.maxPool(x, [2, 2], { strides: [2, 1] }))).toEqual(vals(nn.maxPool(np.expandDims(x, 0), [2, 2], { strides: [2, 1] })));
    expect(nn.maxPool(x, [2, 2], { strides: [2, 1] }).shape).toEqual([2, 2, 1]);
  });

  it("more than one batch dim pools each alike", () => {
    const x = np.reshape(np.astype(np.arange(2 * 3 * 4 * 2), "float64"), [2, 3, 4, 2]);
    const pooled = nn.avgPool(x, [2], { padding: [[1, 0]], countIncludePad: false });
    expect(pooled.shape).toEqual([2, 3, 4, 2]);
    // Window [pad, x0] averages x0 alone; [x0, x1] averages both.
    expect(vals(pooled).slice(0, 4)).toEqual([0, 1, 1, 2]);
  });

  it("avgPool of integers is float32", () => {
    const y = nn.avgPool(np.array([[1], [2], [4], [6]], { dtype: "int32" }), [2], { strides: [2] });
    expect(y.dtype).toBe("float32");
    expect(vals(y)).toEqual([1.5, 5]);
  });
});

describe("nn pooling under vmap and at second order", () => {
  const base = Array.from({ length: 2 * 5 * 4 * 3 }, (_, i) => ((i * 37) % 120) * 0.05 - 3); // tie-free
  const xs = [0, 1, 2].map((k) => f64(base.map((v) => v + 0.013 * k), [2, 5, 4, 3]));
  const f = (x: Tensor): Tensor => np.sum(np.square(nn.maxPool(x, [3, 2], { strides: [2, 1], padding: "SAME" })));
  const g = (x: Tensor): Tensor => grad(f)(x);
  const a = (x: Tensor): Tensor => nn.avgPool(x, [2, 2], { padding: "SAME", countIncludePad: false });

  it("vmap of maxPool, avgPool and the max-pool gradient equals a loop", () => {
    const stacked = np.stack(xs, 0);
    expectClose(vmap(g)(stacked), np.stack(xs.map(g), 0));
    expectClose(vmap(a)(stacked), np.stack(xs.map(a), 0));
    expectClose(vmap(a, { inAxes: 2 })(np.stack(xs, 2)), np.stack(xs.map(a), 0));
  });

  it("grad of grad of maxPool against float64 finite differences", () => {
    const v = f64(base.map((_, i) => Math.cos(i)), [2, 5, 4, 3]);
    const hv = (x: Tensor): Tensor => np.sum(np.mul(g(x), v));
    expectClose(grad(hv)(xs[0]!), fdGrad(hv, base, [2, 5, 4, 3]), { rtol: 1e-6 });
  });
});

describe("nn pooling errors", () => {
  const x = np.ones([2, 4, 4, 3]);
  it("an input too small for the window shape names its shape and the layout", () => {
    const e = thrown(() => nn.maxPool(np.ones([4, 4]), [2, 2]));
    expect(e).toBeInstanceOf(ArgumentError);
    expect(e.message).toMatch(/nn\.maxPool: an input of shape \[4,4\] has no room for 2 spatial dims and a features dim/);
  });
  it("complex inputs are refused with a DTypeError naming the dtype", () => {
    const e = thrown(() => nn.maxPool(np.array([[1, 2]], { dtype: "complex64" }), [1]));
    expect(e).toBeInstanceOf(DTypeError);
    expect(e.message).toMatch(/nn\.maxPool: reduce_window_max: args\[0\] has dtype complex64, but complex dtypes are not supported yet/);
  });
  it("a bad window shape, stride or padding names the argument", () => {
    expect(thrown(() => nn.maxPool(x, [2, 0])).message).toMatch(/nn\.maxPool: windowShape must be a list of 2 positive integers/);
    expect(thrown(() => nn.avgPool(x, [2, 2], { strides: [2] })).message).toMatch(/nn\.avgPool: strides must be a list of 2 positive integers/);
    expect(thrown(() => nn.avgPool(x, [2, 2], { padding: [[1, 1]] })).message).toMatch(/nn\.avgPool: padding must be/);
    expect(thrown(() => nn.avgPool(x, [2, 2], { countIncludePad: "no" as unknown as boolean })).message).toMatch(/countIncludePad must be true or false/);
    expect(thrown(() => nn.maxPool(x, [2, 2], { stride: [1, 1] } as never)).message).toMatch(/unknown option "stride"/);
  });
});
