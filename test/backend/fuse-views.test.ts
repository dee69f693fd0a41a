/**
 * jit's fusion through views and into reductions: movement ops (broadcast_in_dim, transpose,
 * slice, rev, reshape) read as index arithmetic by their readers' loops, and elementwise chains
 * fused into reduce_sum / reduce_max / reduce_min. What fuses is read from `describePlan`; every
 * fused result is compared bit for bit with eager evaluation (the unfused kernels), over random
 * shapes, permutations and axes, NaN, ±0 and ±∞ inputs, size-1 broadcasts and empty arrays; the
 * accuracy of a fused float32 sum is checked against a float64 reference.
 */
import * as fc from "fast-check";
import { describe, expect, it, onTestFinished } from "vitest";
import { jit, np, trace, type Tensor } from "../../src/index.js";
import { describePlan, planSteps } from "../../src/backend/cpu/describe-plan.js";
import { setCodegenEnabled } from "../../src/backend/cpu/codegen.js";
import { lastFusedSource } from "../../src/backend/cpu/fuse.js";
import { setWasmFusionEnabled, wasmFusedLoopsBuilt } from "../../src/backend/wasm/fused-loop.js";
import { contiguousView, reshapeView, transposeView, sliceView, revView, broadcastView, padView } from "../../src/backend/cpu/view.js";
import * as ops from "../../src/primitives/ops.js";

/** True if a and b hold the same bits (NaN equal to NaN, -0 distinct from 0). */
function sameBits(a: Tensor, b: Tensor): boolean {
  if (a.dtype !== b.dtype || a.shape.join(",") !== b.shape.join(",")) return false;
  const x = a.data(), y = b.data();
  for (let i = 0; i < x.length; i++) if (!(Object.is(x[i], y[i]) || (Number.isNaN(x[i]) && Number.isNaN(y[i])))) return false;
  return true;
}

function expectSameBits(jitted: readonly Tensor[], eager: readonly Tensor[]): void {
  expect(jitted.length).toBe(eager.length);
  jitted.forEach((t, k) => {
    expect(t.shape).toEqual(eager[k]!.shape);
    expect(sameBits(t, eager[k]!), `output ${k}: jit ${Array.from(t.data()).slice(0, 8)} eager ${Array.from(eager[k]!.data()).slice(0, 8)}`).toBe(true);
  });
}

/** Deterministic values with specials mixed in: NaN, ±0, ±∞ and ordinary numbers of any sign. */
function values(n: number, seed: number, specials: boolean): number[] {
  let s = seed >>> 0 || 1;
  const next = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const special = [NaN, -0, 0, Infinity, -Infinity];
  return Array.from({ length: n }, () => (specials && next() < 0.05 ? special[Math.floor(next() * special.length)]! : (next() - 0.5) * 6));
}

const tensor = (shape: number[], seed: number, dtype: "float32" | "float64" = "float32", specials = true): Tensor =>
  np.array(values(shape.reduce((a, b) => a * b, 1), seed, specials), { dtype }).reshape(shape);

/** The plan's kernel steps for primitives in `names`. */
const kernelsOf = (plan: string, names: readonly string[]): string[] =>
  plan.split("\n").filter((l) => names.some((n) => l.startsWith(`kernel ${n} `)));

const MOVEMENT = ["broadcast_in_dim", "transpose", "slice", "rev", "reshape"];

describe("views (view.ts)", () => {
  /** Reads every element of `v` from `src` (row-major over v's shape). */
  const read = (src: readonly number[], v: ReturnType<typeof contiguousView>): number[] => {
    const out: number[] = [];
    const idx = new Array<number>(v.shape.length).fill(0);
    const n = v.shape.reduce((a, b) => a * b, 1);
    for (let k = 0; k < n; k++) {
      const inside = idx.every((i, d) => v.masks === undefined || (i >= v.masks[d]![0] && i < v.masks[d]![1]));
      out.push(inside ? src[v.offset + idx.reduce((acc, i, d) => acc + i * v.strides[d]!, 0)]! : v.fill!);
      for (let d = v.shape.length - 1; d >= 0; d--) if (++idx[d]! < v.shape[d]!) break; else idx[d] = 0;
    }
    return out;
  };

  it("compose like the kernels: transpose, slice with steps, rev, broadcast, reshape of a contiguous or split view", () => {
    const x = tensor([3, 4, 5], 7, "float64", false);
    const src = Array.from(x.data());
    const base = contiguousView([3, 4, 5]);
    const t = transposeView(base, [2, 0, 1]);
    expect(read(src, t)).toEqual(Array.from(ops.transpose(x, [2, 0, 1]).data()));
    const s = sliceView(t, [1, 0, 1], [5, 3, 4], [2, 1, 2]);
    const sx = ops.slice(ops.transpose(x, [2, 0, 1]), [1, 0, 1], [5, 3, 4], [2, 1, 2]);
    expect(read(src, s)).toEqual(Array.from(sx.data()));
    const r = revView(s, [0, 2]);
    expect(read(src, r)).toEqual(Array.from(ops.rev(sx, [0, 2]).data()));
    const b = broadcastView(r, [4, 2, 3, 2], [1, 2, 3]);
    expect(read(src, b)).toEqual(Array.from(ops.broadcastInDim(ops.rev(sx, [0, 2]), [4, 2, 3, 2], [1, 2, 3]).data()));
    // Splitting a dim of a transposed view is a view; merging its permuted dims is not.
    const split = reshapeView(t, [5, 3, 2, 2]);
    expect(split).toBeDefined();
    expect(read(src, split!)).toEqual(Array.from(ops.reshape(ops.transpose(x, [2, 0, 1]), [5, 3, 2, 2]).data()));
    expect(reshapeView(t, [15, 4])).toBeUndefined();
    // A slice keeping whole rows stays contiguous: any reshape of it is a view.
    const rows = sliceView(base, [1, 0, 0], [3, 4, 5], [1, 1, 1]);
    expect(read(src, reshapeView(rows, [40])!)).toEqual(src.slice(20));
  });

  it("pad is a masked view (cropping where negative) that composes with transpose, slice, rev and broadcast", () => {
    const x = tensor([3, 4], 21, "float64", false);
    const src = Array.from(x.data());
    const config = [[2, -1, 0], [-1, 3, 0]] as const;
    const p = padView(contiguousView([3, 4]), config, 7)!;
    const px = ops.pad(x, 7, config);
    expect(read(src, p)).toEqual(Array.from(px.data()));
    const chain = broadcastView(revView(sliceView(transposeView(p, [1, 0]), [1, 0], [6, 4], [2, 3]), [0, 1]), [2, 3, 2], [1, 2]);
    const cx = ops.broadcastInDim(ops.rev(ops.slice(ops.transpose(px, [1, 0]), [1, 0], [6, 4], [2, 3]), [0, 1]), [2, 3, 2], [1, 2]);
    expect(read(src, chain)).toEqual(Array.from(cx.data()));
    // Interior padding and reshapes across padding are not views.
    expect(padView(contiguousView([3, 4]), [[0, 0, 1], [0, 0, 0]], 0)).toBeUndefined();
    expect(reshapeView(p, [p.shape[0]! * p.shape[1]!])).toBeUndefined();
  });
});

describe("movement ops fuse into their readers' loops", () => {
  it("a bias add x + broadcast(b) is one loop reading b in place", () => {
    const f = (x: Tensor, b: Tensor): Tensor => ops.mul(x, ops.add(x, ops.broadcastInDim(b, [6, 5], [1])));
    const x = tensor([6, 5], 1), b = tensor([5], 2);
    expect(describePlan(trace(f)(x, b))).toBe("fused[broadcast_in_dim, add, mul] f32[6,5] (b, a) -> e");
    expectSameBits([jit(f)(x, b)], [f(x, b)]);
  });

  it("a bias add before a tanh: without WebAssembly one view loop, bit for bit; with it, the broadcast written then a SIMD loop within tanh's 2 ulp", () => {
    const f = (x: Tensor, b: Tensor): Tensor => np.tanh(ops.add(x, ops.broadcastInDim(b, [6, 5], [1])));
    const x = tensor([6, 5], 1), b = tensor([5], 2);
    expect(describePlan(trace(f)(x, b))).toBe("fused[broadcast_in_dim, add, tanh] f32[6,5] (b, a) -> e");
    // Structurally different programs: equal graphs would share one plan, compiled either way.
    const g = (x: Tensor, b: Tensor): Tensor => np.tanh(ops.add(ops.broadcastInDim(b, [6, 5], [1]), x));
    const wasmWas = setWasmFusionEnabled(false);
    try {
      expectSameBits([jit(g)(x, b)], [g(x, b)]);
    } finally {
      setWasmFusionEnabled(wasmWas);
    }
    const built = wasmFusedLoopsBuilt();
    const got = jit(f)(x, b).data(), want = f(x, b).data();
    expect(wasmFusedLoopsBuilt()).toBe(built + 1);
    for (let i = 0; i < want.length; i++) {
      const ulp = 2 ** (Math.floor(Math.log2(Math.abs(want[i]!))) - 23);
      expect(Math.abs(got[i]! - want[i]!)).toBeLessThanOrEqual(2 * ulp);
    }
  });

  it("a broadcast scalar is a loop scalar of a plain elementwise loop", () => {
    const f = (g: Tensor, s: Tensor): Tensor => ops.mul(g, ops.broadcastInDim(s, [7], []));
    const g = tensor([7], 3), s = np.array(-0.0);
    expect(describePlan(trace(f)(g, s))).toBe("fused[broadcast_in_dim, mul] f32[7] (b, a) -> d");
    expectSameBits([jit(f)(g, s)], [f(g, s)]);
    // The plain elementwise loop (no view arithmetic): g is its only array, the scalar a loop scalar.
    // Its JS source is read, so the WebAssembly loop that compileFused tries first is off here.
    const wasmWas = setWasmFusionEnabled(false);
    try {
      expectSameBits([jit((g: Tensor, s: Tensor) => ops.mul(s, ops.mul(g, ops.broadcastInDim(s, [7], []))))(g, s)], [ops.mul(s, f(g, s))]);
    } finally {
      setWasmFusionEnabled(wasmWas);
    }
    expect(lastFusedSource()).toContain("const s0 = scalars[0];");
    expect(lastFusedSource()).not.toContain("a1");
  });

  it("a softmax is three steps: the max, the shifted exponential with its sum, the division", () => {
    const softmax = (x: Tensor): Tensor => {
      const m = ops.reduceMax(x, [1]);
      const e = np.exp(ops.sub(x, ops.broadcastInDim(m, [4, 300], [0])));
      return ops.div(e, ops.broadcastInDim(ops.reduceSum(e, [1]), [4, 300], [0]));
    };
    const x = tensor([4, 300], 4);
    expect(describePlan(trace(softmax)(x))).toMatchInlineSnapshot(`
      "kernel reduce_max f32[4] (a) -> b
      fused[broadcast_in_dim, sub, exp, reduce_sum] f32[4,300] (b, a) -> e, f:f32[4]
      fused[broadcast_in_dim, div] f32[4,300] (f, e) -> h"
    `);
    expectSameBits([jit(softmax)(x)], [softmax(x)]);
  });

  it("a transpose and a reversed strided slice feed an elementwise chain without copies", () => {
    const f = (x: Tensor, y: Tensor): Tensor =>
      ops.mul(np.sin(ops.transpose(x, [1, 0])), ops.rev(ops.slice(y, [0, 1], [8, 7], [2, 2]), [0]));
    const x = tensor([3, 4], 5), y = tensor([8, 7], 6);
    const plan = describePlan(trace(f)(x, y));
    expect(kernelsOf(plan, MOVEMENT)).toEqual([]);
    expect(plan.split("\n")).toHaveLength(1);
    expectSameBits([jit(f)(x, y)], [f(x, y)]);
  });

  it("a movement result also needed elsewhere is materialised for that reader, and read as a view in the loop", () => {
    const f = (x: Tensor): Tensor[] => {
      const t = ops.transpose(x, [1, 0]);
      return [np.exp(t), t];
    };
    const x = tensor([3, 5], 8);
    expect(describePlan(trace(f)(x))).toBe("kernel transpose f32[5,3] (a) -> b\nfused[transpose, exp] f32[5,3] (a) -> c");
    expectSameBits(jit(f)(x), f(x));
  });

  it("a pad is read as a masked view: its padding value as the array stores it, crops where negative", () => {
    const f = (x: Tensor, y: Tensor): Tensor => ops.add(ops.pad(np.sin(x), 0.1, [[1, -1, 0], [0, 2, 0]]), y);
    for (const dtype of ["float32", "float64"] as const) {
      const x = tensor([4, 3], 22, dtype), y = tensor([4, 5], 23, dtype);
      expect(describePlan(trace(f)(x, y))).toMatch(/^kernel sin \w+\[4,3\] \(a\) -> c\nfused\[pad, add\] \w+\[4,5\] \(c, b\) -> e$/);
      expectSameBits([jit(f)(x, y)], [f(x, y)]);
    }
    const g = (x: Tensor): Tensor => ops.transpose(ops.pad(x, -3, [[2, 1, 0], [-1, 0, 0]]), [1, 0]);
    const xi = np.array([...Array(12).keys()], { dtype: "int32" }).reshape([3, 4]);
    expect(describePlan(trace(g)(xi))).toBe("fused[pad, transpose] i32[3,6] (a) -> c");
    expectSameBits([jit(g)(xi)], [g(xi)]);
  });

  it("a chain of movement ops that must be materialised is copied in one pass (any dtype), not op by op", () => {
    const f = (x: Tensor): Tensor => ops.rev(ops.transpose(ops.slice(x, [1, 0], [6, 4], [2, 1]), [1, 0]), [1]);
    for (const x of [tensor([6, 4], 17), tensor([6, 4], 18, "float64"), np.array([...Array(24).keys()], { dtype: "int32" }).reshape([6, 4])]) {
      expect(describePlan(trace(f)(x))).toMatch(/^fused\[slice, transpose, rev\] \w+\[4,3\] \(a\) -> d$/);
      expectSameBits([jit(f)(x)], [f(x)]);
    }
    // A kernel reader (here a cumulative sum) gets the copy too.
    const g = (x: Tensor): Tensor => np.cumsum(ops.transpose(ops.broadcastInDim(x, [3, 4, 2], [1, 2]), [2, 0, 1]), 2);
    const y = tensor([4, 2], 19);
    expect(kernelsOf(describePlan(trace(g)(y)), MOVEMENT)).toEqual([]);
    expectSameBits([jit(g)(y)], [g(y)]);
  });

  it("a view of a value computed in the same loop's shape splits the loop (it cannot read ahead)", () => {
    const f = (x: Tensor): Tensor => {
      const s = np.sin(x);
      return ops.add(s, ops.transpose(s, [1, 0]));
    };
    const x = tensor([4, 4], 9);
    expect(describePlan(trace(f)(x))).toBe("kernel sin f32[4,4] (a) -> b\nfused[transpose, add] f32[4,4] (b) -> d");
    expectSameBits([jit(f)(x)], [f(x)]);
  });

  it("runs the same equations as kernels when code generation is off", () => {
    const f = (x: Tensor, b: Tensor): Tensor => ops.reduceSum(np.exp(ops.add(ops.transpose(x, [1, 0]), ops.broadcastInDim(b, [5, 3], [0]))), [0]);
    const x = tensor([3, 5], 10), b = tensor([5], 11);
    const was = setCodegenEnabled(false);
    try {
      expectSameBits([jit(f)(x, b)], [f(x, b)]);
    } finally {
      setCodegenEnabled(was);
    }
  });
});

describe("elementwise chains fuse into reductions", () => {
  const chain = (x: Tensor): Tensor => np.tanh(ops.add(ops.mul(np.sin(x), x), ops.mul(ops.broadcastInDim(np.array(0.5, { dtype: x.dtype }), x.shape, []), np.exp(np.neg(x)))));

  it("W3's sum of a chain is one loop with no array written, accurate to ~1e-7 against float64", () => {
    const f = (x: Tensor): Tensor => ops.reduceSum(chain(x), [0]);
    const x = tensor([100_000], 12, "float32", false);
    const plan = planSteps(trace(f)(x));
    expect(plan).toHaveLength(1);
    expect(plan[0]!.kind === "fused" && plan[0]!.writes.map((w) => w.aval.shape)).toEqual([[]]);
    const got = jit(f)(x);
    expectSameBits([got], [f(x)]);
    const exact = Array.from(x.data()).reduce((acc, v) => acc + Math.tanh(Math.sin(v) * v + 0.5 * Math.exp(-v)), 0);
    expect(Math.abs(got.item() - exact) / Math.abs(exact)).toBeLessThan(2e-7);
  });

  it("column sums, max and min over leading and middle axes fuse and keep the kernel's bits", () => {
    // The view loop's bits: a chain with exp would otherwise run as a WebAssembly loop with its
    // vector exp (plainLoopOf), which is an approximation of its own.
    const wasmWas = setWasmFusionEnabled(false);
    onTestFinished(() => void setWasmFusionEnabled(wasmWas));
    const x = tensor([70, 3, 9], 13);
    for (const [name, red] of [["reduce_sum", ops.reduceSum], ["reduce_max", ops.reduceMax], ["reduce_min", ops.reduceMin]] as const) {
      for (const axes of [[0], [1], [0, 1], [2], [1, 2], [0, 1, 2]]) {
        const f = (x: Tensor): Tensor => red(np.exp(ops.mul(x, x)), axes);
        expect(describePlan(trace(f)(x))).toMatch(new RegExp(`^fused\\[mul, exp, ${name}\\]`));
        expectSameBits([jit(f)(x)], [f(x)]);
      }
    }
  });

  it("float64 sums of long rows and many rows accumulate in the kernel's pairwise order (any other order changes bits)", () => {
    // Terms of widely varied magnitude, so that a different summation order rounds differently.
    const wide = (x: Tensor): Tensor => np.exp(ops.mul(x, ops.broadcastInDim(np.array(4, { dtype: "float64" }), x.shape, [])));
    for (const [shape, axes] of [[[3, 1000], [1]], [[1300], [0]], [[100, 7], [0]], [[2, 150, 3], [1]], [[700, 2], [0, 1]]] as const) {
      const f = (x: Tensor): Tensor => ops.reduceSum(wide(x), axes);
      const x = tensor([...shape], 16, "float64", false);
      expect(describePlan(trace(f)(x))).toMatch(/^fused\[broadcast_in_dim, mul, exp, reduce_sum\][^\n]*$/);
      expectSameBits([jit(f)(x)], [f(x)]);
    }
  });

  it("an interleaved reduction (kept, reduced, kept, reduced axes) stays a kernel", () => {
    const f = (x: Tensor): Tensor => ops.reduceSum(np.exp(x), [0, 2]);
    const x = tensor([3, 4, 5, 6], 14);
    expect(describePlan(trace(f)(x))).toBe("kernel exp f32[3,4,5,6] (a) -> b\nkernel reduce_sum f32[4,6] (b) -> c");
    expectSameBits([jit(f)(x)], [f(x)]);
  });

  it("empty arrays: an empty loop, and reductions to their identities", () => {
    for (const axes of [[0], [1], [0, 1]]) {
      const f = (x: Tensor): Tensor[] => [ops.reduceSum(np.exp(x), axes), ops.reduceMax(np.sin(x), axes), ops.reduceMin(np.sin(x), axes)];
      const x = tensor([0, 4], 15);
      expectSameBits(jit(f)(x), f(x));
    }
    const g = (x: Tensor, b: Tensor): Tensor => ops.add(x, ops.broadcastInDim(b, [0, 3], [1]));
    expectSameBits([jit(g)(tensor([0, 3], 1), tensor([3], 2))], [g(tensor([0, 3], 1), tensor([3], 2))]);
  });

  it("a 0-d chain into a sum over no axes keeps the kernel's +0 for -0", () => {
    const f = (x: Tensor): Tensor => ops.reduceSum(ops.mul(x, x), []);
    const x = np.array(-0.0);
    expectSameBits([jit(f)(ops.neg(x))], [f(ops.neg(x))]);
    const g = (x: Tensor): Tensor => ops.reduceSum(ops.neg(x), [1]);
    expectSameBits([jit(g)(np.zeros([3, 1]))], [g(np.zeros([3, 1]))]);
  });
});

describe("fused views and reductions equal eager, bit for bit, over random programs", () => {
  const caseArb = fc
    .record({
      shape: fc.array(fc.oneof(fc.integer({ min: 1, max: 4 }), fc.constantFrom(0, 1, 37, 300)), { minLength: 1, maxLength: 4 }),
      seed: fc.integer({ min: 1, max: 1e9 }),
      dtype: fc.constantFrom("float32" as const, "float64" as const),
      keys: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 8, maxLength: 8 }),
      mask: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
      returnAll: fc.boolean(),
    })
    .filter(({ shape }) => shape.reduce((a, b) => a * b, 1) <= 40_000);

  it("transpose, rev, a size-1 broadcast, strided slices, then a reduction over random axes", () =>
    fc.assert(
      fc.property(caseArb, ({ shape, seed, dtype, keys, mask, returnAll }) => {
        const perm = [...shape.keys()].sort((a, b) => keys[a]! - keys[b]!);
        const tShape = perm.map((p) => shape[p]!);
        const revDims = [...tShape.keys()].filter((d) => mask[d]);
        const axes = [...tShape.keys()].filter((d) => keys[(d + 4) % 8]! < 0.5);
        const x = tensor(shape, seed, dtype);
        // A row of size 1 along the last dim, stretched over it.
        const b = tensor([...tShape.slice(0, -1), 1], seed + 1, dtype);
        const steps = tShape.map((_, d) => (mask[(d + 1) % 4] ? 2 : 1));
        // Padding (or cropping, never below size 0) on each dim.
        const pads = tShape.map((n, d) => [Math.max(-n, Math.floor(keys[d]! * 4) - 1), Math.max(-n, Math.floor(keys[(d + 2) % 8]! * 3) - 1), 0] as const)
          .map(([lo, hi, i], d) => [lo, Math.max(hi, -tShape[d]! - lo), i] as const);
        const f = (x: Tensor, b: Tensor): Tensor[] => {
          const t = ops.transpose(x, perm);
          const u = ops.add(np.sin(t), ops.rev(t, revDims));
          const v = ops.mul(u, ops.broadcastInDim(ops.reshape(b, [...tShape.slice(0, -1), 1]), tShape, [...tShape.keys()]));
          const w = np.exp(ops.slice(v, tShape.map(() => 0), tShape, steps));
          const padded = np.sin(ops.pad(v, -0.5, pads));
          const red = [ops.reduceSum(w, axes), ops.reduceMax(v, axes), ops.reduceSum(padded, axes)];
          // A movement chain returned as it is: copied out through its composed view.
          return returnAll ? [...red, w, ops.slice(ops.rev(t, revDims), tShape.map(() => 0), tShape, steps)] : red;
        };
        expectSameBits(jit(f)(x, b), f(x, b));
      }),
      { numRuns: 60 },
    ));

  it("the plans of those programs run no movement kernel when everything is read by loops", () => {
    const f = (x: Tensor, b: Tensor): Tensor =>
      ops.reduceSum(np.exp(ops.mul(ops.rev(ops.transpose(x, [1, 0]), [0]), ops.broadcastInDim(b, [5, 4], [0]))), [1]);
    const plan = describePlan(trace(f)(tensor([4, 5], 1), tensor([5], 2)));
    expect(kernelsOf(plan, MOVEMENT)).toEqual([]);
    expect(plan).toBe("fused[transpose, rev, broadcast_in_dim, mul, exp, reduce_sum] f32[5,4] (a, b) -> h:f32[5]");
  });

  it("a pad (or slice, rev) of a broadcast 0-d value keeps its padding: only the broadcast itself is that value everywhere", () => {
    const s = np.array(-1.5, { dtype: "float64" });
    const y = np.array([-2, -3, -4], { dtype: "float64" });
    const fs: ((s: Tensor, y: Tensor) => Tensor)[] = [
      (s, y) => ops.add(ops.pad(ops.broadcastInDim(s, [1], []), 0, [[0, 2, 0]]), y),
      (s, y) => ops.mul(ops.pad(ops.broadcastInDim(s, [1], []), 0.5, [[1, 1, 0]]), y),
      (s) => ops.add(ops.broadcastInDim(s, [3], []), ops.pad(ops.broadcastInDim(s, [1], []), 0, [[0, 2, 0]])),
      (s, y) => ops.mul(ops.mul(ops.pad(ops.broadcastInDim(s, [2], []), 0, [[1, 0, 0]]), ops.broadcastInDim(s, [3], [])), y),
    ];
    for (const f of fs) expectSameBits([jit(f)(s, y)], [f(s, y)]);
  });
});
