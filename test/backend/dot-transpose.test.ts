/**
 * A dot_general read only by a transpose swapping its free-dimension groups compiles to one
 * dot_general with swapped operands (src/backend/cpu/dot-transpose.ts). Checked: the plan holds
 * no transpose where the rewrite applies and keeps it where it must not apply; and jit equals eager
 * evaluation (dot_general's kernel, then the transpose kernel) bit for bit, on every GEMM path —
 * the JS kernel, thin and outer products, the WebAssembly no-packing and packed kernels, threaded —
 * for float32, float64, int32 and batched products, and through a gradient.
 */
import { describe, expect, it } from "vitest";
import { describePlan } from "../../src/backend/cpu/describe-plan.js";
import { swapTransposedDots } from "../../src/backend/cpu/dot-transpose.js";
import { type Tensor, grad, jit, np, trace } from "../../src/index.js";
import { mulberry32 } from "../kernels/reference.js";

function random(shape: number[], seed: number, dtype: "float32" | "float64" | "int32" = "float32"): Tensor {
  const rnd = mulberry32(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const data = Array.from({ length: n }, () => (dtype === "int32" ? Math.floor(rnd() * 2001) - 1000 : rnd() * 2 - 1));
  return np.array(data, { dtype }).reshape(shape);
}

const bits = (t: Tensor): string => Array.from(t.data(), (v) => (Object.is(v, -0) ? "-0" : String(v))).join(",");

function expectSameAsEager(f: (...xs: Tensor[]) => Tensor, args: Tensor[]): void {
  const eager = f(...args);
  const compiled = jit(f)(...args);
  expect(compiled.shape).toEqual(eager.shape);
  expect(compiled.dtype).toBe(eager.dtype);
  expect(bits(compiled)).toBe(bits(eager));
}

const transposedProduct = (x: Tensor, w: Tensor): Tensor => np.matmul(x, w).T;

describe("the plan of a transposed dot_general", () => {
  it("holds one dot_general and no transpose", () => {
    const g = trace(transposedProduct)(random([5, 3], 1), random([3, 4], 2));
    expect(g.equations.map((e) => e.primitive)).toEqual(["dot_general", "transpose"]);
    expect(swapTransposedDots(g).equations.map((e) => e.primitive)).toEqual(["dot_general"]);
    expect(describePlan(g)).toBe("kernel dot_general f32[4,5] (b, a) -> d");
  });

  it("keeps the transpose when the product has another reader, or the permutation is not the swap", () => {
    const twoReaders = trace((x: Tensor, w: Tensor) => {
      const p = np.matmul(x, w);
      return np.add(p.T, np.sum(p));
    })(random([4, 3], 3), random([3, 4], 4));
    expect(swapTransposedDots(twoReaders).equations.some((e) => e.primitive === "transpose")).toBe(true);
    // [b, i, j] -> [i, b, j]: the batch dim moves, which no operand swap gives.
    const batchMoved = trace((x: Tensor, w: Tensor) => np.transpose(np.matmul(x, w), [1, 0, 2]))(random([2, 4, 3], 5), random([2, 3, 5], 6));
    expect(swapTransposedDots(batchMoved).equations.some((e) => e.primitive === "transpose")).toBe(true);
    const output = trace((x: Tensor, w: Tensor) => [np.matmul(x, w), np.matmul(x, w).T])(random([4, 3], 7), random([3, 4], 8));
    expect(swapTransposedDots(output).equations.filter((e) => e.primitive === "transpose").length).toBeGreaterThanOrEqual(1);
  });
});

describe("jit of a transposed dot_general equals eager bit for bit", () => {
  // [m, k, n]: the JS kernel, thin (m = 1, n = 1), an outer product (k = 1), the WebAssembly
  // no-packing kernel on one thread and on two, and the packed kernel (k beyond one depth block).
  const SIZES: [number, number, number][] = [[5, 3, 4], [1, 40, 9], [9, 40, 1], [7, 1, 6], [48, 32, 40], [203, 256, 131], [70, 300, 90]];
  for (const dtype of ["float32", "float64"] as const) {
    for (const [m, k, n] of SIZES) {
      it(`${dtype} ${m}×${k}×${n}, each operand transposed or not`, () => {
        const x = random([m, k], m + k, dtype), w = random([k, n], k + n, dtype);
        expectSameAsEager(transposedProduct, [x, w]);
        expectSameAsEager((xt: Tensor, wv: Tensor) => np.matmul(xt.T, wv).T, [x.T, w]);
        expectSameAsEager((xv: Tensor, wt: Tensor) => np.matmul(xv, wt.T).T, [x, w.T]);
        expectSameAsEager((xt: Tensor, wt: Tensor) => np.matmul(xt.T, wt.T).T, [x.T, w.T]);
      });
    }
  }

  it("int32 (wrapping sums) and a batched product", () => {
    expectSameAsEager(transposedProduct, [random([6, 5], 9, "int32"), random([5, 7], 10, "int32")]);
    expectSameAsEager((x: Tensor, w: Tensor) => np.transpose(np.matmul(x, w), [0, 2, 1]), [random([3, 20, 30], 11), random([3, 30, 25], 12)]);
  });

  it("the weight gradient of a dense layer, float32, batch 64", () => {
    // Squares, not tanh: a fused tanh is a vectorised approximation, which jit = eager allows 2 ulp.
    const loss = (w: Tensor, x: Tensor): Tensor => {
      const h = np.matmul(x, w);
      return np.sum(np.mul(h, h));
    };
    const w = random([96, 80], 13), x = random([64, 96], 14);
    const g = trace(grad(loss))(w, x);
    expect(g.equations.some((e) => e.primitive === "transpose")).toBe(true);
    expect(describePlan(g)).not.toContain("transpose");
    expectSameAsEager(grad(loss), [w, x]);
  });
});
