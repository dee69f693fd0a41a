/**
 * The rejection samplers exported: random_gamma (Marsaglia–Tsang, with the boost below alpha 1
 * and its log-space form) and random_poisson (Knuth below rate 10, transformed rejection above)
 * run in ONNX Runtime as vectorised Loops and give the reference kernels' samples — float32 and
 * Poisson bit for bit, float64 gamma to a few ulps (its normals' log1p and the final log/pow are
 * ONNX Runtime's float64 ones) — on batches of keys, on the edge values (alpha ≤ 0, NaN, ±∞,
 * subnormal, the float extremes; rate 0, negative, NaN, ∞, rates whose samples wrap int32), and,
 * for large samples, with the moments of the gamma and Poisson laws.
 */
import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { grad, np, onnx, random, trace, vmap, type Tensor } from "../../src/index.js";
import { randomGamma, randomPoisson } from "../../src/primitives/random/ops.js";
import { type OrtModule, fromOrt, toOrt } from "../../src/onnx/runtime.js";

const ORT = ort as unknown as OrtModule;

/** Exports `f` traced at `args` and runs it in ONNX Runtime on `args`; returns its first output. */
async function inOnnx(f: (...xs: Tensor[]) => Tensor, args: readonly Tensor[]): Promise<Tensor> {
  const g = trace(f)(...args);
  const session = await ORT.InferenceSession.create(onnx.exportGraph(g));
  const feeds = Object.fromEntries(session.inputNames.map((n, k) => [n, toOrt(ORT, args[k]!, "test")]));
  const result = await session.run(feeds);
  return fromOrt(result[session.outputNames[0]!]!, g.outputs[0]!.aval, "out");
}

/**
 * How far `a` is from `b`: for float32 the distance in ulps (0 when equal, NaN = NaN); for float64
 * in units of 2⁻⁵² · max(1, |b|) — an ulp of the value, or of 1 below 1, since a log-space sample
 * is a sum (log d + log V + log-boost) whose terms, each within an ulp, may nearly cancel.
 * ∞ when only one is NaN, or they differ in sign or infinity.
 */
function distance(a: number, b: number, dtype: "float32" | "float64"): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  if (a === b) return 0;
  if (Math.sign(a) !== Math.sign(b) || !Number.isFinite(a) || !Number.isFinite(b)) return Infinity;
  if (dtype === "float64") return Math.abs(a - b) / (2 ** -52 * Math.max(1, Math.abs(b)));
  const i = new Int32Array(new Float32Array([a, b]).buffer);
  return Math.abs(i[0]! - i[1]!);
}

/** The largest distance between two tensors' elements (same dtype and shape checked). */
function worst(got: Tensor, want: Tensor): number {
  expect(got.dtype).toBe(want.dtype);
  expect(got.shape).toEqual(want.shape);
  const a = got.concreteData(), b = want.concreteData();
  let w = 0;
  for (let i = 0; i < b.length; i++) w = Math.max(w, distance(a[i]!, b[i]!, want.dtype as "float32" | "float64"));
  return w;
}

/** Alphas covering the boost (< 1), the ordinary range, the large range and every edge value. */
const EDGE_ALPHAS = [0, -0, -0.5, -1, -2, NaN, Infinity, -Infinity, 1e-45, 5e-324, 1e-30, 3.4e38, 1.7e308, 1 / 3, -2 / 3];
const ORDINARY_ALPHAS = [0.01, 0.1, 0.3, 0.5, 0.999, 1, 1.5, 2, 3.7, 6, 10, 50, 1e3, 1e6, 1e10];
const ALPHAS = [...EDGE_ALPHAS, ...ORDINARY_ALPHAS];

/** A batch of `n` keys from `seed`. */
const keysOf = (seed: number, n: number): Tensor => random.keyData(random.split(random.key(seed), n));

describe("ONNX export of the rejection samplers", () => {
  for (const dtype of ["float32", "float64"] as const) {
    for (const logSpace of [false, true]) {
      it(`random_gamma ${dtype}${logSpace ? " in log space" : ""}: the kernel's samples for a batch of keys, edge alphas included`, async () => {
        // Three keys, each with its block of every alpha twice (two streams per alpha and key).
        const keys = keysOf(logSpace ? 7 : 3, 3);
        const alpha = np.array([0, 1, 2].map(() => [...ALPHAS, ...ALPHAS]), { dtype });
        const f = (k: Tensor, a: Tensor): Tensor => randomGamma(k, a, logSpace);
        const got = await inOnnx(f, [keys, alpha]);
        const far = worst(got, f(keys, alpha));
        // float32: bit for bit. float64: the last bits of ONNX Runtime's log/log1p/pow.
        expect(far).toBeLessThanOrEqual(dtype === "float32" ? 0 : 8);
      });
    }
  }

  it("random.gamma and random.loggamma through the public API, many streams: float32 bit for bit, float64 within a few ulps", async () => {
    for (const dtype of ["float32", "float64"] as const) {
      for (const a of [0.2, 0.9, 1, 2.5, 30]) {
        const alpha = np.full([400], a, dtype);
        for (const draw of [random.gamma, random.loggamma]) {
          const f = (k: Tensor, x: Tensor): Tensor => draw(k, x);
          const got = await inOnnx(f, [random.key(11), alpha]);
          expect(worst(got, f(random.key(11), alpha))).toBeLessThanOrEqual(dtype === "float32" ? 0 : 8);
        }
      }
    }
  });

  it("a batch of keys of rank 2, and vmap over keys: the batched primitives' samples", async () => {
    const keys = random.keyData(random.split(random.key(13), [2, 3]));
    const alpha = np.array([0.4, 2.5, 9, 0.05], { dtype: "float32" });
    const gammaOfKeys = (k: Tensor): Tensor => randomGamma(k, np.broadcastTo(alpha, [2, 3, 4]), false);
    expect(worst(await inOnnx(gammaOfKeys, [keys]), gammaOfKeys(keys))).toBe(0);
    const lam = np.array([3, 30], { dtype: "float32" });
    const poissonOfKeys = (k: Tensor): Tensor => randomPoisson(k, np.broadcastTo(lam, [2, 3, 2]));
    expect(Array.from((await inOnnx(poissonOfKeys, [keys])).concreteData())).toEqual(Array.from(poissonOfKeys(keys).concreteData()));
    // vmap of the public draws over a batch of keys makes the batched primitives.
    const batch = keysOf(17, 5);
    const both = (k: Tensor): Tensor => vmap((key: Tensor) => random.gamma(key, alpha).add(random.poisson(key, np.array([3, 30, 0.5, 12], { dtype: "float32" })).astype("float32")))(k) as Tensor;
    expect(trace(both)(batch).toString()).toMatch(/random_gamma[\s\S]*random_poisson|random_poisson[\s\S]*random_gamma/);
    expect(worst(await inOnnx(both, [batch]), both(batch))).toBe(0);
  });

  it("the gradient of a gamma sample with respect to alpha (random_gamma with random_gamma_grad) exports", async () => {
    for (const [dtype, rel] of [["float64", 1e-10], ["float32", 1e-5]] as const) {
      const alpha = np.array([0.3, 0.9, 1, 2.5, 7, 40], { dtype });
      const dSum = (a: Tensor): Tensor => grad((x: Tensor) => random.gamma(random.key(4), x).sum())(a) as Tensor;
      const got = (await inOnnx(dSum, [alpha])).concreteData();
      const want = dSum(alpha).concreteData();
      for (let i = 0; i < want.length; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(want[i]!)));
    }
  });

  it("random_poisson: the kernel's samples bit for bit, for a batch of keys, both regimes and the edge rates", async () => {
    const rates = [0, -0, -1, -Infinity, NaN, 1e-30, 0.01, 0.5, 1, 3, 9.99, 10, 10.5, 17, 40, 100, 1e3, 1e4, 1e6, 1e9, 3e9, 5e9, 1e20, 3.4e38, Infinity];
    for (const dtype of ["float32", "float64"] as const) {
      const keys = keysOf(5, 4);
      const lam = np.array([0, 1, 2, 3].map(() => [...rates, ...rates]), { dtype });
      const got = await inOnnx(randomPoisson, [keys, lam]);
      const want = randomPoisson(keys, lam);
      expect(got.dtype).toBe("int32");
      expect(Array.from(got.concreteData())).toEqual(Array.from(want.concreteData()));
    }
    // One key, a rank-2 block: the whole block loops until all of it has accepted.
    const lam = np.array([[12, 15, 300], [2, 80, 5000]], { dtype: "float32" });
    const got = await inOnnx((k: Tensor, l: Tensor) => random.poisson(k, l), [random.key(9), lam]);
    expect(Array.from(got.concreteData())).toEqual(Array.from(random.poisson(random.key(9), lam).concreteData()));
  });

  it("large samples have the laws' moments: gamma mean and variance alpha, Poisson mean and variance lam", async () => {
    const n = 20000;
    const moments = (x: ArrayLike<number>): [number, number] => {
      let s = 0, s2 = 0;
      for (let i = 0; i < x.length; i++) s += x[i]!;
      const mean = s / x.length;
      for (let i = 0; i < x.length; i++) s2 += (x[i]! - mean) ** 2;
      return [mean, s2 / (x.length - 1)];
    };
    for (const a of [0.3, 1, 4.5]) {
      const x = (await inOnnx((k: Tensor, al: Tensor) => random.gamma(k, al), [random.key(21), np.full([n], a, "float64")])).concreteData();
      const [mean, variance] = moments(x);
      // Standard errors: sqrt(a / n) for the mean; the variance's from the fourth moment 3a² + 6a.
      expect(Math.abs(mean - a)).toBeLessThan(5 * Math.sqrt(a / n));
      expect(Math.abs(variance - a)).toBeLessThan(5 * Math.sqrt((3 * a * a + 6 * a - a * a) / n));
    }
    for (const lam of [3, 50]) {
      const x = (await inOnnx((k: Tensor, l: Tensor) => random.poisson(k, l), [random.key(22), np.full([n], lam, "float32")])).concreteData();
      const [mean, variance] = moments(x);
      // Poisson: variance lam; the variance's variance is (lam + 2 lam²) / n.
      expect(Math.abs(mean - lam)).toBeLessThan(5 * Math.sqrt(lam / n));
      expect(Math.abs(variance - lam)).toBeLessThan(5 * Math.sqrt((lam + 2 * lam * lam) / n));
    }
  });
});
