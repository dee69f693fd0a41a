/**
 * Convolutions against JAX (test/fixtures/conv.json, written by scripts/gen-conv.py): values and
 * gradients with respect to both operands (float32 and float64; strides, SAME/SAME_LOWER/VALID and
 * explicit padding, both dilations, NHWC/HWIO and mixed layouts, feature and batch groups,
 * depthwise, 0-, 1-, 2- and 3-d, conv/convWithGeneralPadding/convTranspose), each case again
 * under jit, second derivatives through the transpose of a transpose; vmap over the input, the
 * kernel and both (with groups) against a loop; and the errors.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ArgumentError, DTypeError, ShapeError, Tensor, grad, jit, lax, np, vmap, type DType } from "../../src/index.js";
import { expectClose, thrown, vals } from "../support/index.js";

interface Encoded { dtype: DType; shape: number[]; data: (number | string)[] }
interface Case {
  id: string;
  op: "conv_general_dilated" | "conv" | "conv_with_general_padding" | "conv_transpose";
  dtype: DType;
  kwargs: Record<string, any>;
  lhs: Encoded; rhs: Encoded; out: Encoded; weights: Encoded; gradLhs: Encoded; gradRhs: Encoded;
  u?: Encoded; second?: Encoded;
}

const FIXTURE = JSON.parse(readFileSync(new URL("../fixtures/conv.json", import.meta.url), "utf8")) as { cases: Case[] };
const CASES = FIXTURE.cases;
const decode = (v: number | string): number => (v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : (v as number));
const tensorOf = (e: Encoded): Tensor => np.reshape(np.array(e.data.map(decode), { dtype: e.dtype }), e.shape);

/** How fluxion calls each JAX function of the fixture, from the case's keywords. */
const RUNNERS: Record<Case["op"], (lhs: Tensor, rhs: Tensor, kw: Record<string, any>) => Tensor> = {
  conv_general_dilated: (l, r, { windowStrides, padding, ...kw }) => lax.convGeneralDilated(l, r, windowStrides, padding, kw),
  conv: (l, r, { windowStrides, padding }) => lax.conv(l, r, windowStrides, padding),
  conv_with_general_padding: (l, r, { windowStrides, padding, lhsDilation, rhsDilation }) =>
    lax.convWithGeneralPadding(l, r, windowStrides, padding, lhsDilation, rhsDilation),
  conv_transpose: (l, r, { strides, padding, ...kw }) => lax.convTranspose(l, r, strides, padding, kw),
};

/**
 * float32: the kernel accumulates in float32 (as XLA does), JAX in its own order, so sums of a few
 * dozen products differ by a few ulps of their largest term; 1e-5 absolute covers that with room.
 */
const TOL: Record<string, { rtol: number; atol: number }> = { float32: { rtol: 1e-5, atol: 2e-5 }, float64: { rtol: 1e-12, atol: 1e-12 } };

describe("convolutions against JAX (test/fixtures/conv.json)", () => {
  it("covers every wrapper, both float dtypes, and the kinds of convolution the issue lists", () => {
    expect(new Set(CASES.map((c) => c.op))).toEqual(new Set(Object.keys(RUNNERS)));
    expect(new Set(CASES.map((c) => c.dtype))).toEqual(new Set(["float32", "float64"]));
    for (const kind of ["featureGroupCount", "batchGroupCount", "lhsDilation", "rhsDilation", "dimensionNumbers", "transposeKernel"]) {
      expect(CASES.some((c) => kind in c.kwargs), kind).toBe(true);
    }
    expect(CASES.filter((c) => c.second !== undefined).length).toBeGreaterThanOrEqual(6);
  });

  for (const c of CASES) {
    const run = RUNNERS[c.op];
    const tol = TOL[c.dtype]!;
    it(`${c.id}: value, under jit, and gradients with respect to lhs and rhs`, () => {
      const lhs = tensorOf(c.lhs), rhs = tensorOf(c.rhs), w = tensorOf(c.weights);
      expectClose(run(lhs, rhs, c.kwargs), tensorOf(c.out), tol, "value");
      expectClose(jit((a: Tensor, b: Tensor) => run(a, b, c.kwargs))(lhs, rhs), tensorOf(c.out), tol, "value under jit");
      const loss = (a: Tensor, b: Tensor): Tensor => np.sum(np.mul(w, run(a, b, c.kwargs)));
      const [gl, gr] = grad(loss, { argnums: [0, 1] })(lhs, rhs) as [Tensor, Tensor];
      expectClose(gl, tensorOf(c.gradLhs), tol, "gradient with respect to lhs");
      expectClose(gr, tensorOf(c.gradRhs), tol, "gradient with respect to rhs");
      const [jl, jr] = jit(grad(loss, { argnums: [0, 1] }))(lhs, rhs) as [Tensor, Tensor];
      expectClose(jl, tensorOf(c.gradLhs), tol, "jit(grad) with respect to lhs");
      expectClose(jr, tensorOf(c.gradRhs), tol, "jit(grad) with respect to rhs");
    });
    if (c.second !== undefined) {
      it(`${c.id}: a second derivative (d/d rhs of <u, d/d lhs>) matches JAX`, () => {
        const lhs = tensorOf(c.lhs), rhs = tensorOf(c.rhs), w = tensorOf(c.weights), u = tensorOf(c.u!);
        const sq = (a: Tensor, b: Tensor): Tensor => np.divide(np.sum(np.mul(w, np.square(run(a, b, c.kwargs)))), 2);
        const inner = (b: Tensor): Tensor => np.sum(np.mul(u, grad(sq)(lhs, b)));
        expectClose(grad(inner)(rhs), tensorOf(c.second!), { rtol: tol.rtol * 10, atol: tol.atol * 10 }, "second derivative");
      });
    }
  }
});

describe("vmap folds the mapped axis into the convolution and equals a loop", () => {
  const stackOf = (xs: Tensor[]): Tensor => np.stack(xs);
  const randn = (shape: number[], seed: number): Tensor => {
    let s = seed;
    const n = shape.reduce((a, b) => a * b, 1);
    const data = Array.from({ length: n }, () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1);
    return np.reshape(np.array(data, { dtype: "float64" }), shape);
  };
  const configs: { name: string; lhs: number[]; rhs: number[]; f: (l: Tensor, r: Tensor) => Tensor }[] = [
    { name: "plain NCHW, strided SAME", lhs: [2, 2, 5, 4], rhs: [3, 2, 3, 2], f: (l, r) => lax.convGeneralDilated(l, r, [2, 1], "SAME") },
    {
      name: "NHWC with dilations", lhs: [2, 5, 5, 2], rhs: [2, 2, 2, 3],
      f: (l, r) => lax.convGeneralDilated(l, r, [1, 1], [[1, 0], [0, 2]], { lhsDilation: [2, 1], rhsDilation: [1, 2], dimensionNumbers: ["NHWC", "HWIO", "NHWC"] }),
    },
    { name: "feature groups", lhs: [2, 4, 4, 4], rhs: [6, 2, 2, 2], f: (l, r) => lax.convGeneralDilated(l, r, [1, 1], "VALID", { featureGroupCount: 2 }) },
    { name: "batch groups", lhs: [4, 3, 4, 3], rhs: [4, 3, 2, 2], f: (l, r) => lax.convGeneralDilated(l, r, [1, 1], "VALID", { batchGroupCount: 2 }) },
  ];
  for (const { name, lhs, rhs, f } of configs) {
    it(`${name}: over lhs, over rhs, over both, and at another axis`, () => {
      const L = randn([3, ...lhs], 1), R = randn([3, ...rhs], 2);
      const l0 = L.get(0), r0 = R.get(0);
      const idx = [0, 1, 2];
      expectClose(vmap((l: Tensor) => f(l, r0))(L), stackOf(idx.map((i) => f(L.get(i), r0))), {}, "over lhs");
      expectClose(vmap((r: Tensor) => f(l0, r))(R), stackOf(idx.map((i) => f(l0, R.get(i)))), {}, "over rhs");
      expectClose(vmap(f)(L, R), stackOf(idx.map((i) => f(L.get(i), R.get(i)))), {}, "over both");
      const Lt = np.moveaxis(L, 0, 2);
      expectClose(vmap((l: Tensor) => f(l, r0), { inAxes: 2 })(Lt), stackOf(idx.map((i) => f(L.get(i), r0))), {}, "lhs mapped at axis 2");
      // Per-example gradients of the kernel, the pattern of vmap(grad(loss)).
      const g = vmap(grad((r: Tensor, l: Tensor) => np.sum(np.square(f(l, r)))), { inAxes: [null, 0] })(r0, L);
      const loop = stackOf(idx.map((i) => grad((r: Tensor) => np.sum(np.square(f(L.get(i), r))))(r0)));
      expectClose(g, loop, {}, "per-example kernel gradients");
    });
  }
});

/**
 * A direct float64 convolution (NCH… input, OIH… kernel, feature groups), the textbook sum over
 * output positions, taps and channels: an independent reference for shapes too large for the
 * fixture, which reach the kernel's chunked rows, sliced contraction and untabulated tap offsets.
 */
function naiveConv(
  x: number[], xs: number[], w: number[], ws: number[], strides: number[], pads: [number, number][], lhsDil: number[], rhsDil: number[], groups: number,
): { data: number[]; shape: number[] } {
  const [N, C, ...inSp] = xs as [number, number, ...number[]];
  const [O, I, ...kSp] = ws as [number, number, ...number[]];
  const n = inSp.length;
  const dil = (d: number, r: number): number => (d === 0 ? 0 : 1 + r * (d - 1));
  const outSp = inSp.map((d, i) => Math.max(0, Math.floor((dil(d, lhsDil[i]!) + pads[i]![0] + pads[i]![1] - dil(kSp[i]!, rhsDil[i]!)) / strides[i]!) + 1));
  const size = (s: number[]): number => s.reduce((a, b) => a * b, 1);
  const unravel = (q: number, s: number[]): number[] => s.map((_, i) => Math.floor(q / size(s.slice(i + 1))) % s[i]!);
  const P = size(outSp), T = size(kSp), inP = size(inSp), Og = O / groups;
  const data = new Array<number>(N * O * P).fill(0);
  const kts = Array.from({ length: T }, (_, t) => unravel(t, kSp));
  for (let b = 0; b < N; b++) for (let o = 0; o < O; o++) for (let p = 0; p < P; p++) {
    const op = unravel(p, outSp);
    let acc = 0;
    for (let t = 0; t < T; t++) {
      const kt = kts[t]!;
      let flat = 0, ok = true;
      for (let d = 0; d < n && ok; d++) {
        const pos = op[d]! * strides[d]! + kt[d]! * rhsDil[d]! - pads[d]![0];
        if (pos < 0 || pos % lhsDil[d]! !== 0 || pos / lhsDil[d]! >= inSp[d]!) ok = false;
        else flat = flat * inSp[d]! + pos / lhsDil[d]!;
      }
      if (!ok) continue;
      for (let i = 0; i < I; i++) acc += x[(b * C + Math.floor(o / Og) * I + i) * inP + flat]! * w[(o * I + i) * T + t]!;
    }
    data[(b * O + o) * P + p] = acc;
  }
  return { data, shape: [N, O, ...outSp] };
}

describe("larger convolutions against a direct float64 sum", () => {
  const rand = (n: number, seed: number): number[] => {
    let s = seed;
    return Array.from({ length: n }, () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1);
  };
  const cases: { name: string; xs: number[]; ws: number[]; strides: number[]; pads: [number, number][]; lhsDil: number[]; rhsDil: number[]; groups: number }[] = [
    // K = 9·200 = 1800 > 1536: the contraction is cut into slices summed in float64.
    { name: "a long contraction (sliced)", xs: [2, 200, 6, 5], ws: [3, 200, 3, 3], strides: [1, 1], pads: [[1, 1], [1, 1]], lhsDil: [1, 1], rhsDil: [1, 1], groups: 1 },
    // 1 440 output rows of K = 1 000: more rows than one im2col chunk holds.
    { name: "more output rows than one chunk", xs: [10, 40, 12, 12], ws: [2, 40, 5, 5], strides: [1, 1], pads: [[2, 2], [2, 2]], lhsDil: [1, 1], rhsDil: [1, 1], groups: 1 },
    // 2 101 outputs × 2 000 taps > 2²² tabulated offsets, with a sliced contraction and grouped features.
    { name: "untabulated tap offsets, groups", xs: [1, 2, 4100], ws: [2, 1, 2000], strides: [1], pads: [[0, 0]], lhsDil: [1], rhsDil: [1], groups: 2 },
    { name: "dilated and strided, 3-d", xs: [2, 3, 5, 4, 6], ws: [4, 3, 2, 3, 2], strides: [2, 1, 2], pads: [[1, 0], [0, 2], [1, 1]], lhsDil: [1, 2, 1], rhsDil: [2, 1, 1], groups: 1 },
  ];
  for (const c of cases) {
    it(`${c.name}: float64 and float32, NCHW and NHWC`, () => {
      const xv = rand(c.xs.reduce((a, b) => a * b, 1), 3), wv = rand(c.ws.reduce((a, b) => a * b, 1), 4);
      const want = naiveConv(xv, c.xs, wv, c.ws, c.strides, c.pads, c.lhsDil, c.rhsDil, c.groups);
      const opts = { lhsDilation: c.lhsDil, rhsDilation: c.rhsDil, featureGroupCount: c.groups };
      for (const dtype of ["float64", "float32"] as const) {
        const x = np.reshape(np.array(xv, { dtype }), c.xs), w = np.reshape(np.array(wv, { dtype }), c.ws);
        const tol = dtype === "float64" ? { rtol: 1e-12, atol: 1e-10 } : { rtol: 1e-4, atol: 1e-4 };
        const got = lax.convGeneralDilated(x, w, c.strides, c.pads, opts);
        expect(got.shape).toEqual(want.shape);
        expectClose(got, want.data, tol, `${dtype} channels-first`);
        // The same convolution in channels-last layouts (NH…C, H…IO, NH…C) goes through the layout passes.
        const n = c.xs.length;
        const last = (t: Tensor): Tensor => np.moveaxis(t, 1, n - 1);
        const spatial = "HWD".slice(0, n - 2);
        const dn = [`N${spatial}C`, `${spatial}IO`, `N${spatial}C`] as [string, string, string];
        const wl = np.transpose(w, [...Array.from({ length: n - 2 }, (_, i) => i + 2), 1, 0]);
        const gotLast = lax.convGeneralDilated(last(x), wl, c.strides, c.pads, { ...opts, dimensionNumbers: dn });
        expectClose(np.moveaxis(gotLast, n - 1, 1), want.data, tol, `${dtype} channels-last`);
      }
    });
  }
});

describe("bad input", () => {
  const x = np.zeros([2, 3, 5, 5]);
  it("names both shapes and the dimension numbers, with the right error class", () => {
    const cases: [() => unknown, new (...a: any[]) => Error, RegExp][] = [
      [() => lax.conv(x, np.zeros([4, 2, 3, 3]), [1, 1], "SAME"), ShapeError, /lhs feature size 3 must equal the rhs input feature size 2 \(lhs \[2,3,5,5\], rhs \[4,2,3,3\], dimension numbers \("NCHW", "OIHW", "NCHW"\)\)/],
      [() => lax.convGeneralDilated(np.zeros([2, 5, 5, 3]), np.zeros([3, 3, 2, 4]), [1, 1], "SAME", { dimensionNumbers: ["NHWC", "HWIO", "NHWC"] }), ShapeError, /\("NHWC", "HWIO", "NHWC"\)/],
      [() => lax.convGeneralDilated(x, np.zeros([4, 1, 3, 3]), [1, 1], "SAME", { featureGroupCount: 2 }), ShapeError, /featureGroupCount 2 must divide the lhs feature size 3/],
      [() => lax.convGeneralDilated(x, np.zeros([3, 3, 3, 3]), [1, 1], "SAME", { batchGroupCount: 2 }), ShapeError, /batchGroupCount 2 must divide the lhs batch size 2|multiple of batchGroupCount/],
      [() => lax.convGeneralDilated(x, np.zeros([4, 3, 3, 3]), [1, 1], "SAME", { dimensionNumbers: ["NCHW", "OIHW"] as any }), ArgumentError, /dimensionNumbers/],
      [() => lax.convGeneralDilated(x, np.zeros([4, 3, 3, 3]), [1, 1], "SAME", { dimensionNumbers: ["NCHW", "OIHX", "NCHW"] }), ArgumentError, /same spatial letters.*\[2,3,5,5\].*\[4,3,3,3\]/],
      [() => lax.convGeneralDilated(x, np.zeros([4, 3, 3, 3]), [1, 1], "SAME", { dimensionNumbers: ["NCHW", "OIHWX", "NCHW"] }), ShapeError, /has 5 letters/],
      [() => lax.convGeneralDilated(x, np.zeros([4, 3, 3, 3]), [1, 1], "SAME", { dimensionNumbers: ["NCHW", "OOHW", "NCHW"] }), ArgumentError, /'I'/],
      [() => lax.conv(x, np.zeros([4, 3, 3]), [1, 1], "SAME"), ShapeError, /same rank.*\[2,3,5,5\].*\[4,3,3\]/],
      [() => lax.conv(x, np.zeros([4, 3, 3, 3]), [1], "SAME"), ArgumentError, /windowStrides must be 2 positive integers/],
      [() => lax.conv(x, np.zeros([4, 3, 3, 3]), [1, 1], "FULL" as any), ArgumentError, /padding "FULL"/],
      [() => lax.convGeneralDilated(x, np.zeros([4, 3, 3, 3]), [1, 1], "SAME", { lhsDilation: [2, 2] }), ArgumentError, /convTranspose/],
      [() => lax.convGeneralDilated(x, np.zeros([4, 3, 3, 3]), [1, 1], [[-6, 0], [0, 0]]), ShapeError, /negative padding/],
      [() => lax.conv(np.zeros([1, 1, 3, 3], "int32"), np.zeros([1, 1, 2, 2], "int32"), [1, 1], "VALID"), DTypeError, /float32 or float64/],
      [() => lax.conv(np.zeros([1, 1, 3, 3]), np.zeros([1, 1, 2, 2], "float64"), [1, 1], "VALID"), DTypeError, /float32 but rhs is float64/],
      [() => lax.convGeneralDilated(x, np.zeros([4, 3, 3, 3]), [1, 1], "SAME", { bogus: 1 } as any), ArgumentError, /unknown option "bogus"/],
    ];
    for (const [f, cls, re] of cases) {
      const e = thrown(f);
      expect(e, String(f)).toBeInstanceOf(cls);
      expect(e.message).toMatch(re);
    }
  });
});

describe("examples", () => {
  it("the TSDoc examples hold", () => {
    expect(lax.convGeneralDilated(np.ones([1, 1, 4]), np.ones([1, 1, 2]), [1], "VALID").toArray()).toEqual([[[2, 2, 2]]]);
    expect(lax.conv(np.ones([1, 1, 3, 3]), np.ones([1, 1, 2, 2]), [1, 1], "VALID").shape).toEqual([1, 1, 2, 2]);
    expect(lax.convWithGeneralPadding(np.ones([1, 1, 3]), np.ones([1, 1, 2]), [1], [[1, 1]], [2], [1]).shape).toEqual([1, 1, 6]);
    expect(lax.convTranspose(np.ones([1, 2, 1]), np.ones([2, 1, 1]), [2], "SAME").shape).toEqual([1, 4, 1]);
  });

  it("takes JAX's optional arguments positionally too", () => {
    const l = np.arange(8, undefined, 1, "float32").reshape([1, 2, 4]), r = np.ones([2, 2, 2]);
    const a = lax.convGeneralDilated(l, r, [1], "VALID", null, [2], null, 1);
    const b = lax.convGeneralDilated(l, r, [1], "VALID", { rhsDilation: [2] });
    expect(vals(a)).toEqual(vals(b));
  });
});
