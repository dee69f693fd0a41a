/**
 * lax.reduceWindow against JAX (test/fixtures/window.json, written by scripts/gen-window.py):
 * values, gradients and tangents of windowed sums, maxima and minima — 1-d, 2-d and 3-d, strides,
 * SAME / SAME_LOWER / VALID / explicit pairs, base and window dilation, float32, float64 and int32,
 * ties (each window's cotangent goes to its first extremum), windows of −∞ and NaN, inits that are not
 * the identity — each again under jit; vmap against a loop; derivatives of second order against
 * float64 finite differences; and the errors.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ArgumentError, DTypeError, ShapeError, Tensor, grad, jit, jvp, lax, np, trace, vjp, vmap, type DType } from "../../src/index.js";
import { reduceWindow as bindReduceWindow } from "../../src/primitives/window/ops.js";
import { expectClose, f64, fdGrad, fdJvp, thrown, vals } from "../support/index.js";

type Json = number | string | null | Json[] | { [k: string]: Json };
interface Encoded { shape: number[]; data: Json[] }
interface RwCase {
  id: string;
  op: "add" | "max" | "min";
  dtype: DType;
  x: Encoded;
  init: Json;
  windowDimensions: number[];
  windowStrides: number[];
  padding: "SAME" | "VALID" | "SAME_LOWER" | [number, number][];
  baseDilation: number[];
  windowDilation: number[];
  out: Encoded;
  weights?: Encoded;
  grad?: Encoded;
  gradVia?: "vjp" | "jvp";
  tangent?: Encoded;
  jvp?: Encoded;
}

const FIXTURE = JSON.parse(readFileSync(new URL("../fixtures/window.json", import.meta.url), "utf8"));
const CASES: RwCase[] = FIXTURE.reduce_window;
const decode = (v: Json): number => (v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : (v as number));
const tensorOf = (e: Encoded, dtype: DType): Tensor => np.reshape(np.array(e.data.map(decode), { dtype }), e.shape);
const OPS = { add: np.add, max: np.maximum, min: np.minimum } as const;
/** float32 sums of a few terms round differently from XLA's order; max/min are exact. */
const tolOf = (c: RwCase): { rtol: number } => ({ rtol: c.dtype === "float32" ? 2e-6 : c.dtype === "float64" ? 1e-12 : 0 });

function runner(c: RwCase): (x: Tensor) => Tensor {
  const init = decode(c.init);
  return (x) => lax.reduceWindow(x, init, OPS[c.op], c.windowDimensions, c.windowStrides, c.padding, {
    baseDilation: c.baseDilation, windowDilation: c.windowDilation,
  });
}

describe("lax.reduceWindow against JAX (test/fixtures/window.json)", () => {
  it("covers every op, dtype and geometry the script writes", () => {
    expect(CASES.length).toBeGreaterThan(80);
    expect(new Set(CASES.map((c) => c.op))).toEqual(new Set(["add", "max", "min"]));
    expect(new Set(CASES.map((c) => c.dtype))).toEqual(new Set(["float32", "float64", "int32"]));
    expect(CASES.some((c) => c.id.startsWith("ties-"))).toBe(true);
  });

  for (const c of CASES) {
    it(`${c.id}: values, eager and under jit`, () => {
      const x = tensorOf(c.x, c.dtype);
      const f = runner(c);
      const want = tensorOf(c.out, c.dtype);
      expectClose(f(x), want, tolOf(c), "eager");
      expectClose(jit(f)(x), want, tolOf(c), "jit");
    });
    if (c.grad !== undefined) {
      it(`${c.id}: gradient (JAX's ${c.gradVia})`, () => {
        const x = tensorOf(c.x, c.dtype);
        const w = tensorOf(c.weights!, c.dtype);
        const f = runner(c);
        const loss = (x: Tensor): Tensor => np.sum(np.mul(w, f(x)));
        const want = tensorOf(c.grad!, c.dtype);
        expectClose(grad(loss)(x), want, { rtol: c.dtype === "float32" ? 1e-5 : 1e-12 }, "grad");
        expectClose(jit(grad(loss))(x), want, { rtol: c.dtype === "float32" ? 1e-5 : 1e-12 }, "jit(grad)");
      });
    }
    if (c.jvp !== undefined) {
      it(`${c.id}: tangent`, () => {
        const x = tensorOf(c.x, c.dtype);
        const t = tensorOf(c.tangent!, c.dtype);
        const [, dy] = jvp(runner(c), [x], [t]);
        expectClose(dy, tensorOf(c.jvp!, c.dtype), tolOf(c), "jvp");
      });
    }
  }
});

describe("lax.reduceWindow: semantics pinned by hand", () => {
  it("gives a max-pool cotangent to the first maximum of each window (row-major), not split", () => {
    const x = np.ones([2, 2]);
    const g = grad((x: Tensor) => np.sum(lax.reduceWindow(x, -Infinity, np.maximum, [2, 2])))(x);
    expect(vals(g)).toEqual([1, 0, 0, 0]);
    const gmin = grad((x: Tensor) => np.sum(lax.reduceWindow(x, Infinity, np.minimum, [1, 2], [1, 1], "SAME")))(np.array([[2, 2, 2]]));
    // Windows (SAME, odd element after): [2,2], [2,2], [2,pad]: the first of each.
    expect(vals(gmin)).toEqual([1, 1, 1]);
  });

  it("the backward pass of a max binds select_and_scatter_add, its tangent select_and_gather_add", () => {
    const f = (x: Tensor): Tensor => np.sum(lax.reduceWindow(x, -Infinity, np.maximum, [2], [1]));
    const x = np.array([1, 3, 2]);
    expect(trace(grad(f))(x).toString()).toContain("select_and_scatter_add");
    expect(trace((x: Tensor) => jvp(f, [x], [np.onesLike(x)])[1])(x).toString()).toContain("select_and_gather_add");
  });

  it("a traced init is combined after the windows, and differentiates", () => {
    const x = np.array([1, 2, 3]);
    const f = (init: Tensor): Tensor => np.sum(lax.reduceWindow(x, init, np.add, [2], [1], [[1, 1]]));
    expectClose(f(np.array(10)), 11 + 13 + 15 + 13);
    expectClose(grad(f)(np.array(10)), 4);
    expectClose(jit(f)(np.array(10)), 52);
  });

  it("an infinite init over integers is the dtype's extreme, as JAX converts it", () => {
    const x = np.array([1, 2, 3], { dtype: "int32" });
    expect(vals(lax.reduceWindow(x, -Infinity, np.maximum, [2]))).toEqual([2, 3]);
    expect(vals(lax.reduceWindow(x, Infinity, np.minimum, [2], [1], [[1, 0]]))).toEqual([1, 1, 2]);
  });

  it("takes its options positionally, by name, or both", () => {
    const x = np.arange(6);
    const a = lax.reduceWindow(x, 0, np.add, [2], [2], "VALID");
    const b = lax.reduceWindow(x, 0, np.add, [2], { windowStrides: [2], padding: "VALID" });
    const c = lax.reduceWindow(x, 0, np.add, [2], [2], { padding: "VALID" });
    for (const y of [a, b, c]) expect(vals(y)).toEqual([1, 5, 9]);
  });
});

describe("lax.reduceWindow under vmap", () => {
  const stack = (xs: Tensor[], axis: number): Tensor => np.stack(xs, axis);
  const examples = [0, 1, 2].map((k) => np.reshape(np.array(Array.from({ length: 20 }, (_, i) => Math.sin(1.7 * i + k) * 3), { dtype: "float64" }), [4, 5]));

  for (const [name, op] of [["max", np.maximum], ["min", np.minimum], ["add", np.add]] as const) {
    const f = (x: Tensor): Tensor => lax.reduceWindow(x, name === "add" ? 0 : name === "max" ? -Infinity : Infinity, op, [2, 3], [1, 2], "SAME", { baseDilation: [1, 2] });
    it(`${name}: vmap over axis 0 and 1 equals a loop, values and per-example gradients`, () => {
      const loop = stack(examples.map(f), 0);
      expectClose(vmap(f)(stack(examples, 0)), loop);
      expectClose(vmap(f, { inAxes: 1 })(stack(examples, 1)), loop);
      const g = (x: Tensor): Tensor => grad((x: Tensor) => np.sum(np.square(f(x))))(x);
      expectClose(vmap(g)(stack(examples, 0)), stack(examples.map(g), 0));
      expectClose(jit(vmap(g))(stack(examples, 0)), stack(examples.map(g), 0));
    });
  }
});

describe("lax.reduceWindow: derivatives of higher order against float64 finite differences", () => {
  // Tie-free values (gaps far above the finite-difference step), so the selection is locally constant.
  const x0 = Array.from({ length: 12 }, (_, i) => ((i * 7) % 12) * 0.37 - 2);
  const pool = (x: Tensor): Tensor => lax.reduceWindow(x, -Infinity, np.maximum, [2, 2], [1, 1], "SAME");
  const f = (x: Tensor): Tensor => np.sum(np.mul(np.sin(pool(x)), pool(np.mul(x, x))));

  it("grad of grad (a Hessian-vector product)", () => {
    const v = f64(x0.map((_, i) => Math.cos(i)), [3, 4]);
    const hv = (x: Tensor): Tensor => np.sum(np.mul(grad(f)(x), v));
    expectClose(grad(hv)(f64(x0, [3, 4])), fdGrad(hv, x0, [3, 4]), { rtol: 1e-6 });
  });

  it("jvp of vjp", () => {
    const ct = f64(x0.map((_, i) => 1 + (i % 3)), [3, 4]);
    const pullback = (x: Tensor): Tensor => vjp((x: Tensor) => np.mul(pool(x), pool(x)), x)[1](ct)[0] as Tensor;
    const t = x0.map((_, i) => Math.sin(3 * i));
    const [, dy] = jvp(pullback, [f64(x0, [3, 4])], [f64(t, [3, 4])]);
    expectClose(dy, fdJvp(pullback, x0, t, [3, 4]), { rtol: 1e-6 });
  });

  it("the windowed sum's transpose is its adjoint with every option", () => {
    const x = f64(x0, [3, 4]);
    const f = (x: Tensor): Tensor => lax.reduceWindow(x, 0, np.add, [2, 3], [2, 1], [[1, 2], [3, 0]], { baseDilation: [2, 1], windowDilation: [1, 2] });
    const c = f64(vals(f(x)).map((_, i) => Math.cos(i)), f(x).shape);
    const [, pb] = vjp(f, x);
    const lhs = np.sum(np.mul(pb(c)[0] as Tensor, x));
    const rhs = np.sum(np.mul(c, f(x)));
    expectClose(lhs, vals(rhs)[0]!, { rtol: 1e-12 });
  });
});

describe("lax.reduceWindow errors", () => {
  const x = np.ones([3, 4]);
  it("rejects a computation other than np.add, np.maximum, np.minimum, naming the supported ones", () => {
    const e = thrown(() => lax.reduceWindow(x, 1, np.multiply, [2, 2]));
    expect(e).toBeInstanceOf(ArgumentError);
    expect(e.message).toMatch(/lax\.reduceWindow: computation must be np\.add, np\.maximum or np\.minimum.*multiply/);
    expect(thrown(() => lax.reduceWindow(x, 0, (a, b) => np.add(a, b), [2, 2])).message).toMatch(/anonymous|itself/);
  });
  it("rejects window lists of the wrong length or with non-positive entries", () => {
    expect(thrown(() => lax.reduceWindow(x, 0, np.add, [2]))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => lax.reduceWindow(x, 0, np.add, [2]).shape).message).toMatch(/windowDimensions must be a list of 2 positive integers.*\[2\]/);
    expect(thrown(() => lax.reduceWindow(x, 0, np.add, [2, 0])).message).toMatch(/windowDimensions/);
    expect(thrown(() => lax.reduceWindow(x, 0, np.add, [2, 2], [1, -1])).message).toMatch(/windowStrides/);
    expect(thrown(() => lax.reduceWindow(x, 0, np.add, [2, 2], null, "VALID", { windowDilation: [1] })).message).toMatch(/windowDilation/);
  });
  it("rejects a bad padding", () => {
    const e = thrown(() => lax.reduceWindow(x, 0, np.add, [2, 2], [1, 1], "same" as "SAME"));
    expect(e).toBeInstanceOf(ArgumentError);
    expect(e.message).toMatch(/padding must be "SAME", "VALID", "SAME_LOWER" or 2 pairs.*"same"/);
    expect(thrown(() => lax.reduceWindow(x, 0, np.add, [2, 2], [1, 1], [[0, -1], [0, 0]])).message).toMatch(/\[\[0,-1\],\[0,0\]\]/);
  });
  it("rejects an init of another dtype or shape", () => {
    expect(thrown(() => lax.reduceWindow(x, np.array(0, { dtype: "float64" }), np.add, [2, 2]))).toBeInstanceOf(DTypeError);
    expect(thrown(() => lax.reduceWindow(x, np.zeros([2]), np.add, [2, 2])).message).toMatch(/initValue must be a scalar/);
  });
  it("rejects a sum of booleans, naming the dtype and a cast", () => {
    const e = thrown(() => lax.reduceWindow(np.array([true, false]), 0, np.add, [1]));
    expect(e).toBeInstanceOf(DTypeError);
    expect(e.message).toMatch(/lax\.reduceWindow: reduce_window_sum: args\[0\] has dtype bool, but reduce_window_sum takes float32, float64, int32, uint32\. Cast it/);
  });
  it("the primitives check their own params (a ShapeError naming the field)", () => {
    const g = { windowDimensions: [2, 2], windowStrides: [1, 1], padding: [[0, 0], [-1, 0]] as const, baseDilation: [1, 1], windowDilation: [1, 1] };
    const e = thrown(() => bindReduceWindow("reduce_window_sum", x, g));
    expect(e).toBeInstanceOf(ShapeError);
    expect(e.message).toMatch(/reduce_window_sum: padding\[1\] is \[-1,0\]/);
    expect(thrown(() => bindReduceWindow("reduce_window_max", x, { ...g, padding: [[0, 0], [0, 0]], windowDilation: [1] })).message).toMatch(
      /windowDilation must have one entry per dimension of the operand \[3,4\]/,
    );
  });
});
