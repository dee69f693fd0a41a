/**
 * Reference kernels of the gamma family of samplers, one scalar loop per element as JAX runs them:
 * Marsaglia–Tsang gamma sampling (with JAX's boost for alpha < 1 and its log-space form), the
 * derivative of a gamma sample with respect to alpha by implicit reparameterisation (JAX's
 * `random_gamma_grad`), and Poisson sampling (Knuth for small rates, Hörmann's transformed
 * rejection for large ones). Every random draw is JAX's: the same Threefry keys, split the same way,
 * and the same uniform floats. float32 work rounds after every step (`Math.fround`), so decisions
 * are JAX's except where XLA's float32 `log`/`pow` round differently from a correctly rounded one.
 */
import { erfInvF32, erfInvF64 } from "./xla-erf-inv.js";
import { threefry2x32 } from "./threefry.js";
import { digamma, lgamma } from "./special-math.js";

type Float = "float32" | "float64";

/** Rounding to the working dtype after each operation. */
const rounder = (dtype: Float): ((x: number) => number) => (dtype === "float32" ? Math.fround : (x: number) => x);

const C0 = new Int32Array(1);
const C1 = new Int32Array(1);

/** The two words of Threefry-2x32 of the counter `(0, i)` under `key` (JAX's split key `i`, or the 64-bit word `i`). */
function hash(key: readonly [number, number], i: number): [number, number] {
  C0[0] = 0;
  C1[0] = i;
  const [y0, y1] = threefry2x32(key[0], key[1], C0, C1);
  return [y0[0]!, y1[0]!];
}

/** Key `i` of `split(key, n)` (the partitionable scheme: it does not depend on `n`). */
const splitKey = (key: readonly [number, number], i: number): [number, number] => hash(key, i);

/**
 * Element `i` of `uniform(key, shape, dtype)` in [0, 1), as JAX makes it: float32 from the 32-bit
 * word `y0 ^ y1` of counter `i`, float64 from the 64-bit word `(y0, y1)`.
 */
export function unitUniformAt(key: readonly [number, number], i: number, dtype: Float): number {
  const [y0, y1] = hash(key, i);
  if (dtype === "float32") return ((y0 ^ y1) >>> 9) * 2 ** -23;
  return ((y0 >>> 0) * 2 ** 20 + ((y1 >>> 0) >>> 12)) * 2 ** -52;
}

const NORMAL_LOW = { float32: Math.fround(-1 + 2 ** -24), float64: -1 + 2 ** -53 } as const;

/**
 * `normal(key, (), dtype)`: √2 · erfinv(u) with u uniform in (−1, 1). JAX scales u by
 * `1 − nextafter(−1, 0)`, which rounds to exactly 2, so `2u + low` rounds once as XLA's fused
 * multiply-add does.
 */
function normalScalar(key: readonly [number, number], dtype: Float): number {
  const r = rounder(dtype);
  const low = NORMAL_LOW[dtype];
  const u = Math.max(low, r(2 * unitUniformAt(key, 0, dtype) + low));
  return dtype === "float32" ? r(Math.fround(Math.SQRT2) * erfInvF32(u)) : Math.SQRT2 * erfInvF64(u);
}

/**
 * One gamma(alpha, 1) sample from one key, JAX's `_gamma_one`: Marsaglia and Tsang's squeeze and
 * rejection on `d · (1 + c·x)³`, with alpha < 1 boosted to alpha + 1 and the sample multiplied by
 * `u^(1/alpha)` (or, in log space, `log u / alpha` added, which keeps tiny samples representable).
 */
export function gammaOne(key0: readonly [number, number], alphaIn: number, logSpace: boolean, dtype: Float): number {
  const r = rounder(dtype);
  const alpha = r(alphaIn);
  const boost = alpha >= 1;
  const a = boost ? alpha : r(alpha + 1);
  const third = r(1 / 3);
  const d = r(a - third);
  const c = r(third / r(Math.sqrt(d)));
  const squeeze = r(0.0331);
  let key = splitKey(key0, 0);
  const finalKey = splitKey(key0, 1);
  // JAX's initial state (X = 0, V = 1, U = 2) makes the rejection test pass once.
  let X = 0, V = 1, U = 2;
  const rejected = (): boolean =>
    U >= r(1 - r(squeeze * r(X * X))) && r(Math.log(U)) >= r(r(X * 0.5) + r(d * r(r(1 - V) + r(Math.log(V)))));
  while (rejected()) {
    const xKey = splitKey(key, 1), uKey = splitKey(key, 2);
    key = splitKey(key, 0);
    let k = xKey, x = 0, v = -1;
    while (v <= 0) {
      const sub = splitKey(k, 1);
      k = splitKey(k, 0);
      x = normalScalar(sub, dtype);
      v = r(1 + r(x * c));
    }
    X = r(x * x);
    V = r(r(v * v) * v);
    U = unitUniformAt(uKey, 0, dtype);
  }
  const u = unitUniformAt(finalKey, 0, dtype);
  if (logSpace) {
    const logU = r(Math.log1p(-u)); // −exponential(): log(1 − u), never log 0
    const logBoost = boost || logU === 0 ? 0 : r(logU * r(1 / alpha));
    return r(r(r(Math.log(d)) + r(Math.log(V))) + logBoost);
  }
  const factor = boost ? 1 : r(Math.pow(r(1 - u), r(1 / alpha)));
  return r(r(d * V) * factor);
}

/**
 * Gamma samples for a batch of keys: key `b` (words `keys[2b]`, `keys[2b+1]`) is split into
 * `perKey` keys, one per element of its block of `alphas` (JAX's `_gamma_impl`).
 */
export function gammaSamples(keys: ArrayLike<number>, alphas: ArrayLike<number>, logSpace: boolean, dtype: Float, out: Float32Array | Float64Array): void {
  const nKeys = keys.length / 2;
  const perKey = nKeys === 0 ? 0 : alphas.length / nKeys;
  for (let b = 0; b < nKeys; b++) {
    const key: [number, number] = [keys[2 * b]!, keys[2 * b + 1]!];
    for (let j = 0; j < perKey; j++) out[b * perKey + j] = gammaOne(splitKey(key, j), alphas[b * perKey + j]!, logSpace, dtype);
  }
}

// ---- the derivative of a sample with respect to alpha --------------------------------------------

/**
 * d sample / d alpha at a gamma(a, 1) sample x, by implicit reparameterisation (JAX's
 * `random_gamma_grad`): −(∂P(a, x)/∂a) / p(x; a), with P the regularised lower incomplete gamma
 * function, from its power series (x ≤ 1 or x ≤ a) or its continued fraction, differentiated term
 * by term. Iterates until the derivative's terms fall below the dtype's epsilon, as JAX does.
 */
export function gammaSampleGrad(a: number, x: number, dtype: Float): number {
  if (Number.isNaN(a) || Number.isNaN(x) || x < 0 || a <= 0) return NaN;
  if (x === 0) return 0;
  const eps = dtype === "float32" ? 2 ** -23 : 2 ** -52;
  const maxLog = dtype === "float32" ? Math.log(3.4028234663852886e38) : Math.log(Number.MAX_VALUE);
  // JAX's underflow guard skips the iterations but still evaluates the closing formula.
  const iterate = !(a * Math.log(x) - x - lgamma(a) < -maxLog);
  if (x > 1 && x > a) return -continuedFractionGrad(x, a, eps, iterate);
  return seriesGrad(x, a, eps, iterate);
}

/** The power series' sample derivative (JAX's `_igamma_series` in SAMPLE_DERIVATIVE mode). */
function seriesGrad(x: number, a: number, eps: number, iterate: boolean): number {
  let r = a, c = 1, ans = 1, dcDa = 0, dansDa = 0;
  // At most 2000 terms, as the continued fraction: for x ≈ a ≫ 1 the terms shrink so slowly that
  // an uncapped loop ran for hours (a = x = 1e20 needs ~1e10 terms); there the derivative is
  // only approximate, as JAX's is.
  for (let more = iterate, n = 0; more && n < 2000; n++) {
    r += 1;
    dcDa = dcDa * (x / r) - (c * x) / (r * r);
    dansDa += dcDa;
    c *= x / r;
    ans += c;
    more = Math.abs(dcDa / dansDa) > eps;
  }
  const dlogaxDa = Math.log(x) - digamma(a + 1);
  return (-(dansDa + ans * dlogaxDa) * x) / a;
}

/** The continued fraction's sample derivative (JAX's `_igammac_continued_fraction`, SAMPLE_DERIVATIVE mode). */
function continuedFractionGrad(x: number, a: number, eps: number, iterate: boolean): number {
  let y = 1 - a, z = x + y + 1, c = 0;
  let pkm2 = 1, qkm2 = x, pkm1 = x + 1, qkm1 = z * x;
  let ans = pkm1 / qkm1;
  let dpkm2 = 0, dqkm2 = 0, dpkm1 = 0, dqkm1 = -x;
  let dansDa = (dpkm1 - ans * dqkm1) / qkm1;
  for (let more = iterate; more && c < 2000; ) {
    c += 1;
    y += 1;
    z += 2;
    const yc = y * c;
    const pk = pkm1 * z - pkm2 * yc;
    const qk = qkm1 * z - qkm2 * yc;
    const nonzero = qk !== 0;
    if (nonzero) ans = pk / qk;
    const dpk = dpkm1 * z - pkm1 - dpkm2 * yc + pkm2 * c;
    const dqk = dqkm1 * z - qkm1 - dqkm2 * yc + qkm2 * c;
    const dansNew = nonzero ? (dpk - ans * dqk) / qk : dansDa;
    const gradStep = nonzero ? Math.abs(dansNew - dansDa) : 1;
    [pkm2, pkm1, qkm2, qkm1] = [pkm1, pk, qkm1, qk];
    [dpkm2, dqkm2, dpkm1, dqkm1] = [dpkm1, dqkm1, dpk, dqk];
    // Rescale when the convergents grow large (their ratio is unchanged).
    if (Math.abs(pk) > 1 / eps) {
      pkm2 *= eps; pkm1 *= eps; qkm2 *= eps; qkm1 *= eps;
      dpkm2 *= eps; dqkm2 *= eps; dpkm1 *= eps; dqkm1 *= eps;
    }
    dansDa = dansNew;
    more = gradStep > eps;
  }
  const dlogaxDa = Math.log(x) - digamma(a);
  return -(dansDa + ans * dlogaxDa) * x;
}

/** The derivative of a gamma sample for every pair of `alphas` and `samples` (equal lengths). */
export function gammaSampleGrads(alphas: ArrayLike<number>, samples: ArrayLike<number>, dtype: Float, out: Float32Array | Float64Array): void {
  for (let i = 0; i < out.length; i++) out[i] = gammaSampleGrad(alphas[i]!, samples[i]!, dtype);
}

// ---- Poisson ------------------------------------------------------------------------------------

/**
 * Poisson samples for a batch of keys, JAX's `_poisson`: each key draws one whole block of rates
 * (element `j` of a block reads counter `j` of each uniform draw). Rates below 10 (and NaN) use
 * Knuth's product of uniforms; larger ones Hörmann's transformed rejection, whose loop runs until
 * every element of the block has accepted — and, as in JAX, a later acceptance replaces an earlier
 * one, so an element's sample depends on how long its block loops. Rate 0 gives 0. Arithmetic is
 * float32, as JAX's (the rates are converted to float32).
 */
export function poissonSamples(keys: ArrayLike<number>, lams: ArrayLike<number>, out: Int32Array): void {
  const nKeys = keys.length / 2;
  const perKey = nKeys === 0 ? 0 : lams.length / nKeys;
  const f = Math.fround;
  for (let b = 0; b < nKeys; b++) {
    const key: [number, number] = [keys[2 * b]!, keys[2 * b + 1]!];
    const lam = Array.from({ length: perKey }, (_, j) => f(lams[b * perKey + j]!));
    const knuth = lam.map((l) => Number.isNaN(l) || l < 10);
    const small = knuthBlock(key, lam.map((l, j) => (knuth[j] ? l : 0)));
    const large = rejectionBlock(key, lam.map((l, j) => (knuth[j] ? 1e5 : l)));
    for (let j = 0; j < perKey; j++) out[b * perKey + j] = lam[j] === 0 ? 0 : knuth[j] ? small[j]! : large[j]!;
  }
}

/** Knuth's algorithm on one block: count uniforms until their product falls to e^−lam (minus one). */
function knuthBlock(key: [number, number], lam: readonly number[]): number[] {
  const f = Math.fround;
  const subkeys: [number, number][] = [];
  let rng = key;
  const subkey = (i: number): [number, number] => {
    while (subkeys.length <= i) {
      subkeys.push(splitKey(rng, 1));
      rng = splitKey(rng, 0);
    }
    return subkeys[i]!;
  };
  return lam.map((l, j) => {
    let k = 0, logProd = 0, i = 0;
    while (logProd > -l) {
      k += 1;
      logProd = f(logProd + f(Math.log(unitUniformAt(subkey(i++), j, "float32"))));
    }
    return k - 1;
  });
}

/** Hörmann's transformed rejection (PTRS) on one block, looping until every element has accepted. */
function rejectionBlock(key0: [number, number], lam: readonly number[]): number[] {
  const f = Math.fround;
  const n = lam.length;
  const logLam = lam.map((l) => f(Math.log(l)));
  const bs = lam.map((l) => f(f(0.931) + f(f(2.53) * f(Math.sqrt(l)))));
  const as = bs.map((b) => f(f(-0.059) + f(f(0.02483) * b)));
  const invAlpha = bs.map((b) => f(f(1.1239) + f(f(1.1328) / f(b - f(3.4)))));
  const vR = bs.map((b) => f(f(0.9277) - f(f(3.6224) / f(b - 2))));
  const kOut = new Array<number>(n).fill(-1);
  const accepted = new Array<boolean>(n).fill(false);
  let key = key0;
  while (accepted.some((x) => !x)) {
    const k0 = splitKey(key, 1), k1 = splitKey(key, 2);
    key = splitKey(key, 0);
    for (let j = 0; j < n; j++) {
      const l = lam[j]!, a = as[j]!, b = bs[j]!;
      const u = f(unitUniformAt(k0, j, "float32") - 0.5);
      const v = unitUniformAt(k1, j, "float32");
      const us = f(0.5 - Math.abs(u));
      const k = Math.floor(f(f(f(f(f(2 * a) / us) + b) * u) + l) + f(0.43));
      const s = f(Math.log(f(f(v * invAlpha[j]!) / f(f(a / f(us * us)) + b))));
      const t = f(f(-l + f(k * logLam[j]!)) - f(lgamma(f(k + 1))));
      const accept1 = us >= f(0.07) && v <= vR[j]!;
      const reject = k < 0 || (us < f(0.013) && v > us);
      if (accept1 || (!reject && s <= t)) {
        kOut[j] = k;
        accepted[j] = true;
      }
    }
  }
  return kOut;
}
