/**
 * The CPU backend's dot_general kernels of its own (src/backend/cpu/lowerings/dot.ts): outer
 * products as a WebAssembly SIMD loop and matrix-vector products four rows at a time. Both must
 * give the reference kernel's bits (tensor/kernels/matmul.ts `dotGeneral`) on every shape they take
 * — row tails past the last vector, batch dims, float32 products that underflow to −0, exact −0
 * products (which the reference turns into +0), NaN and ±∞ — and leave other shapes to it. Then
 * the workload they are for: per-example gradients under jit against the float64 closed form,
 * with the results of earlier calls held and unchanged by later calls.
 */
import { describe, expect, it } from "vitest";
import { CPU_LOWERINGS, type CpuLowering } from "../../src/backend/cpu/lowering.js";
import { jit, grad, nn, np, vmap, type Tensor } from "../../src/index.js";
import type { DType } from "../../src/tensor/dtype.js";
import { fromData } from "../../src/tensor/from-js.js";
import { type DotDims, dotGeneral } from "../../src/tensor/kernels/matmul.js";
import { aval } from "../../src/ir/types.js";
import { outerRows } from "../../src/backend/wasm/outer-kernel.js";

const kernel = (CPU_LOWERINGS.dot_general as CpuLowering<"dot_general">).kernel!;

/** Deterministic values with the specials mixed in (every `every`-th slot, in turn). */
function values(n: number, seed: number, dtype: "float32" | "float64", every = 7): Float32Array | Float64Array {
  const specials = [0, -0, NaN, Infinity, -Infinity, 1e-30, -1e-30, 5e-324, 1e300];
  const out = dtype === "float32" ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = Math.sin(i * 12.9898 + seed * 78.233) * 43758.5453;
    out[i] = i % every === 3 ? specials[(i / every + seed) % specials.length | 0]! : (s - Math.floor(s)) * 4 - 2;
  }
  return out;
}

function resultShape(aShape: readonly number[], bShape: readonly number[], d: DotDims): number[] {
  const free = (shape: readonly number[], used: readonly number[]): number[] => shape.filter((_, i) => !used.includes(i));
  return [...d.lhsBatch.map((i) => aShape[i]!), ...free(aShape, [...d.lhsBatch, ...d.lhsContract]), ...free(bShape, [...d.rhsBatch, ...d.rhsContract])];
}

/**
 * Where the lowering's result first differs from the reference kernel's (−0 apart from +0; NaN
 * payloads are not compared), as "index: got vs want", or "" where they agree.
 */
function both(aShape: number[], bShape: number[], dims: DotDims, dtype: "float32" | "float64", seed: number, every?: number): string {
  const size = (s: number[]): number => s.reduce((x, y) => x * y, 1);
  const a = values(size(aShape), seed, dtype, every);
  const b = values(size(bShape), seed + 1, dtype, every);
  const shape = resultShape(aShape, bShape, dims);
  const got = kernel([fromData(aShape, dtype, a), fromData(bShape, dtype, b)], { dims }, [aval(shape, dtype as DType)])[0]!.concreteData();
  const want = dotGeneral(a, aShape, b, bShape, dims, dtype);
  if (got.length !== want.length) return `length ${got.length} vs ${want.length}`;
  for (let i = 0; i < got.length; i++) {
    const [g, w] = [got[i]!, want[i]!];
    if (!Object.is(g, w) && !(Number.isNaN(g) && Number.isNaN(w))) return `${i}: ${Object.is(g, -0) ? "-0" : g} vs ${Object.is(w, -0) ? "-0" : w}`;
  }
  return "";
}

const none: readonly number[] = [];

describe("dot_general's CPU kernels give the reference kernel's bits", () => {
  for (const dtype of ["float32", "float64"] as const) {
    it(`outer products, ${dtype}: row tails, batch dims, specials`, () => {
      for (const [aShape, bShape, nb] of [
        [[128], [128, 100], 1], // W4: batch 128, one row of 100 each
        [[16], [16, 37], 1], // a row tail past the last vector
        [[3, 5], [3, 7], 1], // several rows per batch
        [[2, 3, 4], [2, 3, 33], 2], // two batch dims
        [[40], [50], 0], // a plain outer product
        [[9, 7], [9, 1], 1], // nothing for the vector loop
      ] as [number[], number[], number][]) {
        const batch = Array.from({ length: nb }, (_, i) => i);
        const dims: DotDims = { lhsContract: none, rhsContract: none, lhsBatch: batch, rhsBatch: batch };
        for (const seed of [1, 2, 3]) {
          expect(both(aShape, bShape, dims, dtype, seed, 5), `${aShape} ⊗ ${bShape} seed ${seed}`).toBe("");
        }
      }
    });

    it(`matrix times vector, ${dtype}: row tails, several contracted dims, specials`, () => {
      for (const [aShape, bShape] of [
        [[128, 100], [100]], // W4's logits
        [[13, 9], [9]],
        [[4, 1], [1]],
        [[2, 3, 4, 5], [4, 5]], // two contracted dims, two free
        [[7, 64], [64]],
      ] as [number[], number[]][]) {
        const kd = bShape.length;
        const dims: DotDims = {
          lhsContract: Array.from({ length: kd }, (_, i) => aShape.length - kd + i),
          rhsContract: Array.from({ length: kd }, (_, i) => i),
          lhsBatch: none,
          rhsBatch: none,
        };
        for (const seed of [1, 2]) {
          for (const every of [1000, 11]) {
            expect(both(aShape, bShape, dims, dtype, seed, every), `${aShape} · ${bShape} seed ${seed}`).toBe("");
          }
        }
      }
    });
  }

  it("outer products larger than the loop's memory window stream through it in blocks, or run in JS", () => {
    const dims: DotDims = { lhsContract: none, rhsContract: none, lhsBatch: [0], rhsBatch: [0] };
    // float32: 40 batches of 30 × 1001 take two blocks, as do float64's 24 batches of 25 × 999.
    // The last: one batch beyond the window (4 MB), the JS loop.
    for (const [aShape, bShape, dtype] of [
      [[40, 30], [40, 1001], "float32"],
      [[24, 25], [24, 999], "float64"],
      [[1, 1100], [1, 1000], "float32"],
    ] as [number[], number[], "float32" | "float64"][]) {
      expect(both(aShape, bShape, dims, dtype, 4, 13), `${aShape} ⊗ ${bShape} ${dtype}`).toBe("");
    }
  });

  it("a float32 product that underflows stays −0; an exact −0 product becomes +0", () => {
    const dims: DotDims = { lhsContract: none, rhsContract: none, lhsBatch: [0], rhsBatch: [0] };
    const a = Float32Array.of(-1e-30, -0, 2);
    const b = Float32Array.from({ length: 3 * 256 }, (_, i) => (i % 3 === 0 ? 1e-30 : i % 3 === 1 ? 0 : -0));
    const out = kernel([fromData([3], "float32", a), fromData([3, 256], "float32", b)], { dims }, [aval([3, 256], "float32")])[0]!.concreteData();
    expect(Object.is(out[0], -0)).toBe(true); // −1e-30 · 1e-30 rounds to −0 in float32
    expect(Object.is(out[1], 0)).toBe(true); // −1e-30 · 0 = −0 exactly: + 0 makes +0
    expect(Object.is(out[256], 0)).toBe(true); // −0 · 1e-30
    expect(Object.is(out[2 * 256 + 2], 0)).toBe(true); // 2 · −0
  });

  it("the outer products run in WebAssembly here (Node has SIMD and shared memory)", () => {
    const out = new Float32Array(3 * 10);
    const b = Float32Array.from({ length: 30 }, (_, i) => i - 25);
    // Columns 0–7 are the loop's (two vectors a row); 8 and 9 are left to the caller.
    expect(outerRows(Float32Array.of(1, -2, 0), b, out, 3, 1, 10)).toBe(8);
    expect(Array.from(out.subarray(10, 18))).toEqual([30, 28, 26, 24, 22, 20, 18, 16]);
    expect(Array.from(out.subarray(20, 28)).every((v) => Object.is(v, 0))).toBe(true); // 0 · (−5…2) + 0
  });

  it("other shapes and dtypes run the reference kernel", () => {
    const dims: DotDims = { lhsContract: [1], rhsContract: [0], lhsBatch: none, rhsBatch: none };
    const a = Int32Array.from({ length: 12 }, (_, i) => i - 5);
    const b = Int32Array.from({ length: 4 }, (_, i) => 3 * i - 2);
    const got = kernel([fromData([3, 4], "int32", a), fromData([4], "int32", b)], { dims }, [aval([3], "int32")])[0]!.concreteData();
    expect(Array.from(got)).toEqual(Array.from(dotGeneral(a, [3, 4], b, [4], dims, "int32")));
  });
});

describe("per-example gradients under jit (the workload these kernels are for)", () => {
  const B = 128;
  const D = 100;
  const loss = (w: Tensor, x: Tensor, y: Tensor): Tensor => {
    const z = np.dot(x, w);
    return np.sub(nn.softplus(z), np.mul(y, z));
  };
  const perExample = jit(vmap(grad(loss), { inAxes: [null, 0, 0] }) as (w: Tensor, x: Tensor, y: Tensor) => Tensor);
  const inputs = (seed: number): { w: Float32Array; x: Float32Array; y: Float32Array } => ({
    w: Float32Array.from({ length: D }, (_, i) => 0.3 * Math.sin(i * 1.3 + seed)),
    x: Float32Array.from({ length: B * D }, (_, i) => Math.cos(i * 0.37 + 2 * seed)),
    y: Float32Array.from({ length: B }, (_, i) => (i * 7 + seed) % 2),
  });
  /** (σ(w·x_b) − y_b)·x_b in float64. */
  const closedForm = ({ w, x, y }: ReturnType<typeof inputs>): Float64Array => {
    const out = new Float64Array(B * D);
    for (let b = 0; b < B; b++) {
      let z = 0;
      for (let k = 0; k < D; k++) z += w[k]! * x[b * D + k]!;
      const r = 1 / (1 + Math.exp(-z)) - y[b]!;
      for (let k = 0; k < D; k++) out[b * D + k] = r * x[b * D + k]!;
    }
    return out;
  };

  it("match the float64 closed form, and results held from earlier calls stay as they were", () => {
    const held: { out: Tensor; copy: Float32Array }[] = [];
    for (let call = 0; call < 12; call++) {
      const v = inputs(call);
      const out = perExample(np.array(v.w), np.array(v.x).reshape([B, D]), np.array(v.y));
      const got = out.data() as Float32Array;
      const want = closedForm(v);
      let err = 0;
      for (let i = 0; i < got.length; i++) err = Math.max(err, Math.abs(got[i]! - want[i]!));
      expect(err, `call ${call}`).toBeLessThan(1e-5);
      held.push({ out, copy: got });
    }
    for (const [call, { out, copy }] of held.entries()) expect(out.data(), `call ${call}'s result`).toEqual(copy);
  });
});
