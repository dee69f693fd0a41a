/**
 * Exported random draws: a function of a key that draws with fluxion's random API (split, fold_in,
 * bits, uniform, normal) exports to ONNX, and ONNX Runtime, given the key as an input, produces
 * the draws fluxion makes eagerly — the same bits (Threefry is reproduced exactly), the same
 * uniform floats, and normals within a few ulps (their inverse error function runs through ONNX
 * Runtime's log and sqrt). Several keys, shapes and both float dtypes; and a vmap over a batch of
 * keys, which makes the primitives' batched form.
 */
import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { onnx, random, trace, vmap, type Tensor } from "../../src/index.js";
import { type OrtModule, fromOrt, toOrt } from "../../src/onnx/runtime.js";
import { threefry2x32 } from "../../src/tensor/kernels/threefry.js";

const ORT = ort as unknown as OrtModule;

/** Exports `f` traced at `args` and runs it in ONNX Runtime on `args`; returns its outputs. */
async function inOnnx(f: (...xs: Tensor[]) => Tensor | Tensor[], args: readonly Tensor[]): Promise<Tensor[]> {
  const g = trace(f)(...args);
  const session = await ORT.InferenceSession.create(onnx.exportGraph(g));
  const feeds = Object.fromEntries(session.inputNames.map((n, k) => [n, toOrt(ORT, args[k]!, "test")]));
  const result = await session.run(feeds);
  return session.outputNames.map((n, k) => fromOrt(result[n]!, g.outputs[k]!.aval, n));
}

const flat = (x: Tensor | Tensor[]): Tensor[] => (Array.isArray(x) ? x : [x]);

/** Same dtype, shape and elements (bit-identical for words; within `rel` for floats). */
function expectSame(got: Tensor, want: Tensor, rel = 0): void {
  expect(got.dtype).toBe(want.dtype);
  expect(got.shape).toEqual(want.shape);
  const a = got.concreteData(), b = want.concreteData();
  expect(a.length).toBe(b.length);
  for (let i = 0; i < b.length; i++) {
    if (rel === 0) expect(a[i]).toBe(b[i]);
    else expect(Math.abs(a[i]! - b[i]!)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(b[i]!)));
  }
}

const KEYS = [0, 1, 42, 2 ** 32 - 1, -1, 123456789012].map((s) => random.key(s));
const SHAPES: number[][] = [[], [1], [5], [3, 4], [2, 3, 2]];

describe("ONNX export of random draws", () => {
  it("random.bits, split and foldIn give fluxion's words exactly", async () => {
    for (const k of KEYS) {
      for (const shape of SHAPES) {
        const f = (key: Tensor): Tensor[] => [random.bits(key, shape), random.keyData(random.split(key, 3)), random.keyData(random.foldIn(key, 7))];
        const got = await inOnnx(f, [k]);
        flat(f(k)).forEach((w, i) => expectSame(got[i]!, w));
      }
    }
  });

  it("the words are Threefry-2x32's: counter 0 under key (0, 0) is Random123's known answer", async () => {
    // Random123's kat_vectors: threefry2x32_20 of (0, 0) under key (0, 0) is (0x6b200159, 0x99ba4efe).
    const [y0, y1] = threefry2x32(0, 0, Int32Array.of(0), Int32Array.of(0));
    expect([y0[0]! >>> 0, y1[0]! >>> 0]).toEqual([0x6b200159, 0x99ba4efe]);
    const [split] = await inOnnx((key: Tensor) => random.keyData(random.split(key, 1)), [random.key(0)]);
    expect(Array.from(split!.concreteData())).toEqual([0x6b200159, 0x99ba4efe]);
  });

  it("random.uniform gives fluxion's floats exactly, float32 and float64", async () => {
    for (const k of KEYS) {
      for (const shape of SHAPES) {
        for (const dtype of ["float32", "float64"] as const) {
          const f = (key: Tensor): Tensor => random.uniform(key, shape, dtype);
          const [got] = await inOnnx(f, [k]);
          expectSame(got!, f(k));
        }
      }
    }
  });

  it("random.normal gives fluxion's samples to within a few ulps, float32 and float64", async () => {
    for (const k of KEYS) {
      for (const shape of [[], [7], [4, 5]]) {
        for (const [dtype, rel] of [["float32", 4e-7], ["float64", 1e-14]] as const) {
          const f = (key: Tensor): Tensor => random.normal(key, shape, dtype);
          const [got] = await inOnnx(f, [k]);
          expectSame(got!, f(k), rel);
        }
      }
    }
  });

  it("a vmap over a batch of keys draws each key's own stream", async () => {
    const keys = random.split(random.key(9), 4);
    const f = (ks: Tensor): Tensor => vmap((key: Tensor) => random.uniform(random.foldIn(key, 3), [2, 3]))(ks);
    const [got] = await inOnnx(f, [keys]);
    const want = f(keys);
    expectSame(got!, want);
    // Each row is what the key alone draws (the batch changes nothing).
    const row1 = random.uniform(random.foldIn(keys.get(1), 3), [2, 3]).concreteData();
    expect(Array.from(got!.concreteData()).slice(6, 12)).toEqual(Array.from(row1));
  });
});
