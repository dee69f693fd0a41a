/**
 * The ONNX lowerings of sort, argsort, top_k, the cumulative reductions ONNX lacks (cumprod, cummax,
 * cummin, cumlogsumexp), reduce_xor, population_count, clz and nextafter, on their edge cases: ties
 * (stability), NaN, −0 against +0, ±∞, reversed scans, integer extremes, subnormals. Each model
 * runs in ONNX Runtime and must give exactly what `evaluate` gives — the same bits, zeros' signs
 * included (law 14b allows float32 a relative 2e-4 and takes −0 = +0) — and a few results are
 * also pinned to values computed by hand. Where python3 has the `onnx` package, the ONNX checker
 * (full check, with shape inference) must accept every model exported here.
 */
import * as ort from "onnxruntime-node";
import { checkModels } from "./onnx-checker.js";
import { afterAll, describe, expect, it } from "vitest";
import { evaluate, trace } from "../../src/index.js";
import type { Graph } from "../../src/ir/graph.js";
import { exportGraph } from "../../src/onnx/export.js";
import { type OrtModule, fromOrt, toOrt } from "../../src/onnx/runtime.js";
import { cumulative, reduceXor } from "../../src/primitives/cumulative/ops.js";
import * as ops from "../../src/primitives/ops.js";
import { sort, topK } from "../../src/primitives/sorting/ops.js";
import { type DType, allocate } from "../../src/tensor/dtype.js";
import { fromData } from "../../src/tensor/from-js.js";
import type { Tensor } from "../../src/tensor/tensor.js";

const ORT = ort as unknown as OrtModule;
const exported: Uint8Array[] = [];

function tensor(shape: readonly number[], dtype: DType, values: readonly number[]): Tensor {
  const data = allocate(dtype, values.length);
  values.forEach((v, i) => (data[i] = v));
  return fromData(shape, dtype, data);
}

/** Runs `f` traced on `inputs` in ONNX Runtime; returns its outputs and evaluate's. */
async function both(f: (...xs: Tensor[]) => Tensor | Tensor[], inputs: readonly Tensor[]): Promise<{ got: Tensor[]; want: Tensor[] }> {
  const g: Graph = trace((...xs: Tensor[]) => {
    const r = f(...xs);
    return Array.isArray(r) ? r : [r];
  })(...inputs);
  const want = evaluate(g, ...inputs) as Tensor[];
  const bytes = exportGraph(g);
  exported.push(bytes);
  const session = await ORT.InferenceSession.create(bytes);
  const feeds = Object.fromEntries(session.inputNames.map((n, k) => [n, toOrt(ORT, inputs[k]!, "test")]));
  const result = await session.run(feeds);
  const got = session.outputNames.map((n, k) => fromOrt(result[n]!, want[k]!, n));
  return { got, want };
}

/** The same dtype, shape and values, compared with Object.is (−0 ≠ +0, NaN = NaN). */
function expectSame(got: readonly Tensor[], want: readonly Tensor[]): void {
  expect(got.length).toBe(want.length);
  got.forEach((t, k) => {
    expect(t.dtype).toBe(want[k]!.dtype);
    expect(t.shape).toEqual(want[k]!.shape);
    const a = Array.from(t.concreteData());
    const b = Array.from(want[k]!.concreteData());
    expect(a.map((v, i) => (Object.is(v, b[i]) ? "same" : `${v} vs ${b[i]} at ${i}`))).toEqual(b.map(() => "same"));
  });
}

/** Runs in ONNX Runtime, checks it equals evaluate exactly, and returns the values. */
async function exact(f: (...xs: Tensor[]) => Tensor | Tensor[], inputs: readonly Tensor[]): Promise<number[][]> {
  const { got, want } = await both(f, inputs);
  expectSame(got, want);
  return got.map((t) => Array.from(t.concreteData()));
}

/**
 * As `exact`, but finite nonzero floats may differ by `tol` relative (log-sum-exp runs in a
 * different order than the kernel's); NaN, ±∞ and zeros (with their signs) must still match.
 */
async function nearly(f: (...xs: Tensor[]) => Tensor | Tensor[], inputs: readonly Tensor[], tol: number): Promise<number[][]> {
  const { got, want } = await both(f, inputs);
  got.forEach((t, k) => {
    expect(t.shape).toEqual(want[k]!.shape);
    const a = Array.from(t.concreteData());
    const b = Array.from(want[k]!.concreteData());
    const ok = (v: number, w: number): boolean =>
      Object.is(v, w) || (Number.isFinite(w) && w !== 0 && Math.abs(v - w) <= tol * Math.abs(w));
    expect(a.map((v, i) => (ok(v, b[i]!) ? "close" : `${v} vs ${b[i]} at ${i}`))).toEqual(b.map(() => "close"));
  });
  return got.map((t) => Array.from(t.concreteData()));
}

const SPECIAL = [3, NaN, -0, 0, -Infinity, Infinity, 1, NaN, 0, -0, 3, -2];

describe("ONNX export of sort, argsort and top_k", () => {
  it("argsort is stable and puts NaN last, with −0 and +0 tied (float32 and float64, every axis)", async () => {
    for (const dtype of ["float32", "float64"] as const) {
      const [[perm]] = [await exact((x) => ops.argsort(x, 0), [tensor([12], dtype, SPECIAL)])];
      // Hand-sorted: −∞, −2, the zeros in index order, 1, the 3s, +∞, the NaNs.
      expect(perm).toEqual([4, 11, 2, 3, 8, 9, 6, 0, 10, 5, 1, 7]);
      const x = tensor([3, 4], dtype, SPECIAL);
      await exact((v) => ops.argsort(v, 0), [x]);
      await exact((v) => ops.argsort(v, -1), [x]);
    }
  });

  it("sort orders several operands lexicographically by its keys, stably, for every dtype", async () => {
    const a = tensor([2, 6], "float64", [1, 1, NaN, 0, -0, 1, 2, 2, 2, 2, 2, 2]);
    const b = tensor([2, 6], "int32", [5, -3, 0, 2, 1, -3, 7, 7, -1, 7, 7, 0]);
    const c = tensor([2, 6], "uint32", [4294967295, 2147483648, 0, 1, 2147483647, 3, 9, 8, 7, 6, 5, 4]);
    const d = tensor([2, 6], "bool", [1, 0, 1, 0, 1, 0, 0, 0, 1, 1, 0, 1]);
    const [sa, sb] = await exact((x, y, z, w) => sort([x!, y!, z!, w!], 1, 2), [a, b, c, d]);
    // −0 = +0 on the first key, so the second decides; ties on both keep index order.
    expect(sa!.slice(0, 6)).toEqual([-0, 0, 1, 1, 1, NaN]);
    expect(sb!.slice(0, 6)).toEqual([1, 2, -3, -3, 5, 0]);
    for (const numKeys of [1, 2, 3, 4]) await exact((x, y, z, w) => sort([z!, w!, y!, x!], 0, numKeys), [a, b, c, d]);
    // uint32 above 2^31 and bools as keys of their own.
    const [su] = await exact((z) => sort([z!], 1, 1), [c]);
    expect(su!.slice(0, 6)).toEqual([0, 1, 3, 2147483647, 2147483648, 4294967295]);
    await exact((w) => sort([w!], 1, 1), [d]);
  });

  it("top_k ranks NaN above +∞ and +0 above −0, ties in index order", async () => {
    for (const dtype of ["float32", "float64"] as const) {
      const [values, indices] = await exact((x) => topK(x!, 8, 0), [tensor([12], dtype, SPECIAL)]);
      expect(values).toEqual([NaN, NaN, Infinity, 3, 3, 1, 0, 0]);
      expect(indices).toEqual([1, 7, 5, 0, 10, 6, 3, 8]);
      const [rest] = await exact((x) => topK(x!, 12, 0)[1]!, [tensor([12], dtype, SPECIAL)]);
      expect(rest!.slice(8)).toEqual([2, 9, 11, 4]);
      await exact((x) => topK(x!, 2, 0), [tensor([3, 4], dtype, SPECIAL)]);
      await exact((x) => topK(x!, 3, 1), [tensor([3, 4], dtype, SPECIAL)]);
    }
    const [u, ui] = await exact((x) => topK(x!, 3, 0), [tensor([5], "uint32", [7, 4294967295, 7, 2147483648, 0])]);
    expect(u).toEqual([4294967295, 2147483648, 7]);
    expect(ui).toEqual([1, 3, 0]);
    await exact((x) => topK(x!, 4, 1), [tensor([2, 5], "int32", [-2147483648, 5, 5, 2147483647, 0, 1, 1, 1, 1, 1])]);
  });
});

describe("ONNX export of the cumulative reductions", () => {
  const names = ["cumprod", "cummax", "cummin", "cumlogsumexp"] as const;

  it("keeps NaN, ±∞ and the sign of zeros as the kernels do, forward and reversed, on every axis", async () => {
    const x = tensor([3, 4], "float64", SPECIAL);
    for (const name of names) {
      for (const dtype of ["float32", "float64"] as const) {
        for (const axis of [0, 1]) {
          for (const reverse of [false, true]) {
            const f = (v: Tensor): Tensor => cumulative(name, v, axis, reverse);
            const input = tensor([3, 4], dtype, Array.from(x.concreteData()));
            if (name === "cumlogsumexp") await nearly(f, [input], dtype === "float32" ? 2 ** -23 : 2 ** -50);
            else await exact(f, [input]);
          }
        }
      }
    }
  });

  it("takes the same values through Scan on wide tensors (many lanes, a short axis)", async () => {
    const wide = Array.from({ length: 3 * 4096 }, (_, i) => SPECIAL[i % SPECIAL.length]! * (1 + (i % 7)));
    for (const name of names) {
      for (const reverse of [false, true]) {
        const f = (v: Tensor): Tensor => cumulative(name, v, 0, reverse);
        if (name === "cumlogsumexp") await nearly(f, [tensor([3, 4096], "float64", wide)], 2 ** -50);
        else await exact(f, [tensor([3, 4096], "float32", wide)]);
      }
    }
  });

  it("resolves ±0 ties as Math.max and Math.min do", async () => {
    const [mx] = await exact((v) => cumulative("cummax", v!, 0), [tensor([4], "float32", [-0, -0, 0, -0])]);
    expect(mx!.map((v) => Object.is(v, -0))).toEqual([true, true, false, false]);
    const [mn] = await exact((v) => cumulative("cummin", v!, 0, true), [tensor([4], "float64", [0, -0, 0, 0])]);
    expect(mn!.map((v) => Object.is(v, -0))).toEqual([true, true, false, false]);
  });

  it("multiplies in the kernel's order (float64 overflow where it overflows) and float32 through float64", async () => {
    const [p64] = await exact((v) => cumulative("cumprod", v!, 0), [tensor([3], "float64", [1.7e308, 1.7e308, 5e-324])]);
    expect(p64).toEqual([1.7e308, Infinity, Infinity]);
    // Float32 products overflow only in float32: the kernel's running product is float64.
    const [p32] = await exact((v) => cumulative("cumprod", v!, 0), [tensor([3], "float32", [1e30, 1e30, 1e-30])]);
    expect(p32).toEqual([Math.fround(1e30), Infinity, Math.fround(1e30)]);
    // int32 and uint32 products wrap.
    const [pi] = await exact((v) => cumulative("cumprod", v!, 0), [tensor([3], "int32", [65536, 65536, 3])]);
    expect(pi).toEqual([65536, 0, 0]);
    await exact((v) => cumulative("cumprod", v!, 1, true), [tensor([2, 3], "uint32", [65535, 65537, 4294967295, 3, 2147483648, 2])]);
    // Long lanes: doubling rounds for max, min and integer products, Scan for float products.
    const long = Array.from({ length: 777 }, (_, i) => Math.round(Math.sin(i * 7) * 1e6));
    for (const name of ["cummax", "cummin", "cumprod"] as const) {
      for (const dtype of ["int32", "float64"] as const) {
        await exact((v) => cumulative(name, v!, 0), [tensor([777], dtype, dtype === "float64" && name === "cumprod" ? long.map((v) => 1 + v * 1e-7) : long)]);
        await exact((v) => cumulative(name, v!, 0, true), [tensor([777], dtype, dtype === "float64" && name === "cumprod" ? long.map((v) => 1 + v * 1e-7) : long)]);
      }
    }
    for (const name of ["cummax", "cummin"] as const) {
      await exact((v) => cumulative(name, v!, 0), [tensor([4], "uint32", [2147483648, 5, 4294967295, 0])]);
      await exact((v) => cumulative(name, v!, 0, true), [tensor([4], "int32", [-2147483648, 5, 2147483647, 0])]);
    }
  });

  it("cumlogsumexp is stable at large magnitudes and exact at −∞", async () => {
    const [big] = await nearly((v) => cumulative("cumlogsumexp", v!, 0), [tensor([3], "float64", [1000, 1000, -Infinity])], 2 ** -50);
    expect(big![1]).toBeCloseTo(1000 + Math.LN2, 12);
    const [inf] = await exact((v) => cumulative("cumlogsumexp", v!, 0, true), [tensor([3], "float32", [-Infinity, -Infinity, -3])]);
    expect(inf).toEqual([-3, -3, -3]);
    await nearly((v) => cumulative("cumlogsumexp", v!, 0), [tensor([5], "float64", [-1e-20, 40, -40, 1e300, -1e300])], 2 ** -50);
    // A long lane (doubling rounds, not the kernel's order): within a few ulps of it.
    const long = Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 30 - 0.01 * i);
    await nearly((v) => cumulative("cumlogsumexp", v!, 0), [tensor([1000], "float64", long)], 2 ** -45);
    await nearly((v) => cumulative("cumlogsumexp", v!, 0, true), [tensor([1000], "float32", long)], 2 ** -22);
  });
});

describe("ONNX export of reduce_xor, population_count, clz and nextafter", () => {
  it("reduce_xor folds any axes, odd sizes included, on int32, uint32 and bool", async () => {
    const values = Array.from({ length: 30 }, (_, i) => (i * 2654435761) % 4294967296);
    const u = tensor([2, 3, 5], "uint32", values);
    for (const axes of [[0], [1], [2], [0, 2], [-1, 0], [0, 1, 2], []]) await exact((v) => reduceXor(v!, axes), [u]);
    const [all] = await exact((v) => reduceXor(v!, [0]), [tensor([3], "int32", [-1, 5, 6])]);
    expect(all).toEqual([-1 ^ 5 ^ 6]);
    const [parity] = await exact((v) => reduceXor(v!, [1]), [tensor([2, 3], "bool", [1, 1, 1, 1, 0, 1])]);
    expect(parity).toEqual([1, 0]);
  });

  it("population_count and clz on the 32-bit extremes", async () => {
    const ints = [0, 1, -1, 2147483647, -2147483648, 12345, -12345, 65536];
    const [pc] = await exact((v) => ops.unaryOp("population_count", v!), [tensor([8], "int32", ints)]);
    expect(pc).toEqual([0, 1, 32, 31, 1, 6, 27, 1]);
    const [lz] = await exact((v) => ops.unaryOp("clz", v!), [tensor([8], "int32", ints)]);
    expect(lz).toEqual([32, 31, 0, 1, 0, 18, 0, 15]);
    const uints = [0, 1, 4294967295, 2147483648, 2147483647, 255];
    await exact((v) => ops.unaryOp("population_count", v!), [tensor([6], "uint32", uints)]);
    const [ulz] = await exact((v) => ops.unaryOp("clz", v!), [tensor([6], "uint32", uints)]);
    expect(ulz).toEqual([32, 31, 0, 0, 1, 24]);
  });

  it("nextafter steps exactly one ulp, through subnormals, zeros, powers of two and the infinities", async () => {
    for (const dtype of ["float32", "float64"] as const) {
      const f = dtype === "float32" ? Math.fround : (v: number) => v;
      const tiny = dtype === "float32" ? 2 ** -149 : 2 ** -1074;
      const minNormal = dtype === "float32" ? 2 ** -126 : 2 ** -1022;
      const max = dtype === "float32" ? 3.4028234663852886e38 : Number.MAX_VALUE;
      const xs = [0, -0, tiny, -tiny, 2 * tiny, minNormal, -minNormal, 1, -1, 1.5, 2, f(0.1), max, -max, Infinity, -Infinity, NaN, f(1e-40), 1024];
      const ys = [Infinity, -Infinity, 0, -0, NaN, 1];
      const x = tensor([xs.length, ys.length], dtype, xs.flatMap((v) => ys.map(() => v)));
      const y = tensor([xs.length, ys.length], dtype, xs.flatMap(() => ys));
      await exact((a, b) => ops.binaryOp("nextafter", a!, b!), [x, y]);
      // Scalar operands broadcast.
      await exact((a, b) => ops.binaryOp("nextafter", a!, b!), [tensor([], dtype, [1]), tensor([3], dtype, [0, 2, 1])]);
    }
    const [up, down, zero] = await exact((a, b, c) => [ops.binaryOp("nextafter", a!, b!), ops.binaryOp("nextafter", b!, a!), ops.binaryOp("nextafter", c!, a!)], [
      tensor([2], "float64", [1, 2]),
      tensor([2], "float64", [2, 1]),
      tensor([2], "float64", [-(2 ** -1074), 2 ** -1074]),
    ]);
    expect(up).toEqual([1 + 2 ** -52, 2 - 2 ** -52]);
    expect(down).toEqual([2 - 2 ** -52, 1 + 2 ** -52]);
    expect(zero!.map((v) => Object.is(v, -0))).toEqual([true, false]);
  });
});

afterAll(() => {
  const checked = checkModels(exported.map((bytes, k) => [`model-${k}`, bytes] as const), "sorting");
  if (checked !== undefined) expect(checked.accepted).toBe(exported.length);
}, 120_000);
