/**
 * Discrete Fourier transforms over interleaved complex float64 buffers (re, im, re, im, …), in
 * O(n log n) for every length: an iterative radix-2 transform for powers of two, and Bluestein's
 * chirp-z algorithm (a length-n DFT as a circular convolution of power-of-two length m ≥ 2n − 1)
 * for every other length, primes included. Plans (twiddles, bit reversal, the chirp and its
 * spectrum) are built once per length and cached. Twiddles are computed directly from cos/sin of
 * exact angles (never by a recurrence) and the chirp's phase πk²/n is reduced mod 2n in integers,
 * so the float64 error stays ~1e-16·log n relative to the input's norm.
 *
 * Conventions as numpy's (and XLA's): forward X[k] = Σ x[j]·e^(−2πi jk/n); the inverse carries the
 * 1/n factor. Inputs are never mutated: every function returns a new buffer.
 */
import { InternalError } from "../../errors.js";

// ─── Plans ──────────────────────────────────────────────────────────────────────────────────────

/** A radix-2 plan: bit-reversal permutation and the n/2 forward twiddles e^(−2πik/n). */
interface Radix2Plan {
  readonly kind: "radix2";
  readonly n: number;
  readonly rev: Uint32Array;
  readonly cos: Float64Array;
  readonly sin: Float64Array; // sin of the forward angle −2πk/n
}

/**
 * A Bluestein plan: the chirp w[k] = e^(−πi k²/n) for k < n, and the spectrum (length m, radix-2)
 * of the filter b[k] = conj(w[|k|]) wrapped circularly, so X = w · (IFFT(FFT(x·w) · B)).
 */
interface BluesteinPlan {
  readonly kind: "bluestein";
  readonly n: number;
  readonly chirp: Float64Array; // interleaved w[k]
  readonly inner: Radix2Plan;
  readonly filter: Float64Array; // interleaved FFT_m(b)
}

type Plan = Radix2Plan | BluesteinPlan;

/** Plans by length (insertion order = age); a plan is a few arrays of O(n), reused by every call of that length. */
const plans = new Map<number, Plan>();
/**
 * At most this many doubles (64 MiB) of plans are kept: the oldest go first, so a session that
 * transforms many large odd lengths (a Bluestein plan of n holds 2n + 2m doubles, m < 4n the
 * power of two it convolves at) stays bounded.
 */
const PLAN_BUDGET = 1 << 23;

/** Doubles held by a plan (a Bluestein plan counts its inner radix-2 plan, which is cached too). */
const weightOf = (p: Plan): number => (p.kind === "radix2" ? 2 * p.n : 2 * p.n + 2 * p.inner.n);

const isPow2 = (n: number): boolean => n > 0 && (n & (n - 1)) === 0;

function radix2Plan(n: number): Radix2Plan {
  const bits = Math.round(Math.log2(n));
  const rev = new Uint32Array(n);
  for (let i = 1; i < n; i++) rev[i] = (rev[i >> 1]! >> 1) | ((i & 1) << (bits - 1));
  const half = n >> 1;
  const cos = new Float64Array(half);
  const sin = new Float64Array(half);
  for (let k = 0; k < half; k++) {
    const [c, s] = unitRoot(k, n);
    cos[k] = c;
    sin[k] = s;
  }
  return { kind: "radix2", n, rev, cos, sin };
}

/**
 * e^(−2πi k/n) for 0 ≤ k < n, accurate to an ulp: the angle is folded into the first octant by
 * the symmetries of cos/sin, so no large argument loses bits.
 */
function unitRoot(k: number, n: number): [number, number] {
  // 2πk/n = qπ/2 + θ with q the nearest quarter turn; 4k − qn is an exact integer, so θ is exact to an ulp.
  const q = Math.round((4 * k) / n);
  const r = k * 4 - q * n;
  const theta = (Math.PI * r) / (2 * n); // |theta| ≤ π/4
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  // e^(−i(qπ/2 + theta)) = (−i)^q · e^(−iθ)
  let re: number, im: number;
  switch (((q % 4) + 4) % 4) {
    case 0:
      [re, im] = [c, -s];
      break;
    case 1:
      [re, im] = [-s, -c];
      break;
    case 2:
      [re, im] = [-c, s];
      break;
    default:
      [re, im] = [s, c];
  }
  return [re, im];
}

function bluesteinPlan(n: number): BluesteinPlan {
  let m = 1;
  while (m < 2 * n - 1) m *= 2;
  const inner = planFor(m) as Radix2Plan;
  const chirp = new Float64Array(2 * n);
  // Phase of w[k] is −π k²/n = −2π (k² mod 2n)/(2n); k² mod 2n by the recurrence (k+1)² = k² + 2k + 1.
  const twoN = 2 * n;
  let sq = 0;
  for (let k = 0; k < n; k++) {
    const [c, s] = unitRoot(sq, twoN);
    chirp[2 * k] = c;
    chirp[2 * k + 1] = s;
    sq = (sq + 2 * k + 1) % twoN;
  }
  const b = new Float64Array(2 * m);
  for (let k = 0; k < n; k++) {
    const re = chirp[2 * k]!;
    const im = -chirp[2 * k + 1]!; // conj(w[k])
    b[2 * k] = re;
    b[2 * k + 1] = im;
    if (k > 0) {
      b[2 * (m - k)] = re;
      b[2 * (m - k) + 1] = im;
    }
  }
  radix2InPlace(b, 0, inner, false);
  return { kind: "bluestein", n, chirp, inner, filter: b };
}

/** The cached plan of length n ≥ 1. */
function planFor(n: number): Plan {
  const cached = plans.get(n);
  if (cached !== undefined) return cached;
  const plan = isPow2(n) ? radix2Plan(n) : bluesteinPlan(n);
  plans.set(n, plan);
  let total = 0;
  for (const p of plans.values()) total += weightOf(p);
  for (const [len, p] of plans) {
    if (total <= PLAN_BUDGET || len === n) break;
    plans.delete(len); // arrays still referenced by a plan in use stay alive until it finishes
    total -= weightOf(p);
  }
  return plan;
}

// ─── One lane ───────────────────────────────────────────────────────────────────────────────────

/**
 * The unnormalised DFT (inverse: conjugate twiddles) of the n complex values at buf[off…off+2n),
 * in place, for n a power of two.
 */
function radix2InPlace(buf: Float64Array, off: number, plan: Radix2Plan, inverse: boolean): void {
  const { n, rev, cos, sin } = plan;
  for (let i = 0; i < n; i++) {
    const j = rev[i]!;
    if (j > i) {
      const a = off + 2 * i;
      const b = off + 2 * j;
      const tr = buf[a]!;
      const ti = buf[a + 1]!;
      buf[a] = buf[b]!;
      buf[a + 1] = buf[b + 1]!;
      buf[b] = tr;
      buf[b + 1] = ti;
    }
  }
  const sign = inverse ? -1 : 1;
  for (let size = 2; size <= n; size <<= 1) {
    const half = size >> 1;
    const step = n / size;
    // Short butterflies (early stages) loop over the twiddle outside, so each is loaded once;
    // long ones walk each block in memory order.
    if (half < 16) {
      for (let k = 0; k < half; k++) {
        const wr = cos[k * step]!;
        const wi = sign * sin[k * step]!;
        for (let a = off + 2 * k; a < off + 2 * n; a += 2 * size) butterfly(buf, a, a + 2 * half, wr, wi);
      }
    } else {
      for (let start = 0; start < n; start += size) {
        const a0 = off + 2 * start;
        for (let k = 0, t = 0; k < half; k++, t += step) butterfly(buf, a0 + 2 * k, a0 + 2 * (k + half), cos[t]!, sign * sin[t]!);
      }
    }
  }
}

/** One radix-2 butterfly on complex values at a and b: (x_a, x_b) ← (x_a + w·x_b, x_a − w·x_b). */
function butterfly(buf: Float64Array, a: number, b: number, wr: number, wi: number): void {
  const br = buf[b]!;
  const bi = buf[b + 1]!;
  const xr = br * wr - bi * wi;
  const xi = br * wi + bi * wr;
  const ar = buf[a]!;
  const ai = buf[a + 1]!;
  buf[a] = ar + xr;
  buf[a + 1] = ai + xi;
  buf[b] = ar - xr;
  buf[b + 1] = ai - xi;
}

/**
 * Bluestein: X[k] = w[k] · Σ_j (x[j]·w[j]) · conj(w[k − j]), with w[k] = e^(∓πik²/n) — a circular
 * convolution of length m done by radix-2 transforms. `work` holds 2m doubles.
 */
function bluesteinInPlace(buf: Float64Array, off: number, plan: BluesteinPlan, inverse: boolean, work: Float64Array): void {
  const { n, chirp, inner, filter } = plan;
  const m = inner.n;
  // The inverse transform is the forward one of the conjugate, conjugated: conj the chirp on the way.
  const s = inverse ? -1 : 1;
  work.fill(0, 0, 2 * m);
  for (let k = 0; k < n; k++) {
    const xr = buf[off + 2 * k]!;
    const xi = s * buf[off + 2 * k + 1]!;
    const wr = chirp[2 * k]!;
    const wi = chirp[2 * k + 1]!;
    work[2 * k] = xr * wr - xi * wi;
    work[2 * k + 1] = xr * wi + xi * wr;
  }
  radix2InPlace(work, 0, inner, false);
  for (let k = 0; k < m; k++) {
    const ar = work[2 * k]!;
    const ai = work[2 * k + 1]!;
    const br = filter[2 * k]!;
    const bi = filter[2 * k + 1]!;
    work[2 * k] = ar * br - ai * bi;
    work[2 * k + 1] = ar * bi + ai * br;
  }
  radix2InPlace(work, 0, inner, true);
  const scale = 1 / m;
  for (let k = 0; k < n; k++) {
    const ar = work[2 * k]! * scale;
    const ai = work[2 * k + 1]! * scale;
    const wr = chirp[2 * k]!;
    const wi = chirp[2 * k + 1]!;
    buf[off + 2 * k] = ar * wr - ai * wi;
    buf[off + 2 * k + 1] = s * (ar * wi + ai * wr);
  }
}

/** A lane transformer of length n: scratch for Bluestein is allocated once per call of the kernel. */
function laneTransform(n: number, inverse: boolean): (buf: Float64Array, off: number) => void {
  if (n === 1) return () => {};
  const plan = planFor(n);
  if (plan.kind === "radix2") return (buf, off) => radix2InPlace(buf, off, plan, inverse);
  const work = new Float64Array(2 * plan.inner.n);
  return (buf, off) => bluesteinInPlace(buf, off, plan, inverse, work);
}

// ─── Batched along one axis ─────────────────────────────────────────────────────────────────────

/** Sizes around `axis` of a row-major shape: O lanes groups before it, n along it, K after it. */
function around(shape: readonly number[], axis: number): { O: number; n: number; K: number } {
  if (!Number.isInteger(axis) || axis < 0 || axis >= shape.length) {
    throw new InternalError(`fft kernel: axis ${axis} is out of range for shape [${shape.join(", ")}]`);
  }
  let O = 1;
  let K = 1;
  for (let i = 0; i < axis; i++) O *= shape[i]!;
  for (let i = axis + 1; i < shape.length; i++) K *= shape[i]!;
  return { O, n: shape[axis]!, K };
}

/**
 * The DFT of the complex array `x` (interleaved, 2·size doubles, of `shape`) along `axis`:
 * forward X[k] = Σ x[j]·e^(−2πijk/n), or when `inverse` x[j] = (1/n) Σ X[k]·e^(+2πijk/n).
 * Each lane is gathered into a contiguous scratch (stride K), transformed and scattered back.
 * @example `Array.from(fftAxis(new Float64Array([1, 0, 2, 0]), [2], 0, false))` // [3, 0, -1, 0]
 */
export function fftAxis(x: Float64Array, shape: readonly number[], axis: number, inverse: boolean): Float64Array {
  const { O, n, K } = around(shape, axis);
  const out = new Float64Array(x);
  if (n <= 1 || O * K === 0) return out;
  const run = laneTransform(n, inverse);
  const scale = inverse ? 1 / n : 1;
  const lane = new Float64Array(2 * n);
  for (let o = 0; o < O; o++) {
    for (let k = 0; k < K; k++) {
      const base = o * n * K + k;
      for (let j = 0; j < n; j++) {
        const src = 2 * (base + j * K);
        lane[2 * j] = out[src]!;
        lane[2 * j + 1] = out[src + 1]!;
      }
      run(lane, 0);
      for (let j = 0; j < n; j++) {
        const dst = 2 * (base + j * K);
        out[dst] = lane[2 * j]! * scale;
        out[dst + 1] = lane[2 * j + 1]! * scale;
      }
    }
  }
  return out;
}

/**
 * The forward DFT of the real array `x` (of `shape`) along `axis`, keeping the n/2 + 1 bins
 * k = 0…⌊n/2⌋ that determine the rest (X[n − k] = conj X[k]): the result is complex interleaved,
 * of `shape` with axis length ⌊n/2⌋ + 1. An even length runs as one complex transform of half
 * the length (even samples as real parts, odd as imaginary) and a split step.
 * @example `Array.from(rfftAxis(new Float64Array([1, 2, 3, 4]), [4], 0))` // [10, 0, -2, 2, -2, 0]
 */
export function rfftAxis(x: ArrayLike<number>, shape: readonly number[], axis: number): Float64Array {
  const { O, n, K } = around(shape, axis);
  const bins = Math.floor(n / 2) + 1;
  const out = new Float64Array(2 * O * bins * K);
  if (O * K === 0 || n === 0) return out;
  const even = n % 2 === 0 && n >= 2;
  const h = even ? n / 2 : n;
  const run = laneTransform(h, false);
  const lane = new Float64Array(2 * h);
  // Split-step twiddles e^(−2πik/n), k ≤ n/2, from the length-n unit roots.
  const tw = even ? splitTwiddles(n) : undefined;
  for (let o = 0; o < O; o++) {
    for (let k = 0; k < K; k++) {
      const base = o * n * K + k;
      if (even) for (let j = 0; j < h; j++) {
        lane[2 * j] = x[base + 2 * j * K]!;
        lane[2 * j + 1] = x[base + (2 * j + 1) * K]!;
      }
      else for (let j = 0; j < n; j++) {
        lane[2 * j] = x[base + j * K]!;
        lane[2 * j + 1] = 0;
      }
      run(lane, 0);
      const obase = o * bins * K + k;
      if (!even) {
        for (let b = 0; b < bins; b++) {
          out[2 * (obase + b * K)] = lane[2 * b]!;
          out[2 * (obase + b * K) + 1] = lane[2 * b + 1]!;
        }
        continue;
      }
      // Z = FFT_h(e + i·o); E[b] = (Z[b] + conj Z[h−b])/2, Od[b] = (Z[b] − conj Z[h−b])/(2i); X[b] = E[b] + w^b·Od[b].
      for (let b = 0; b < bins; b++) {
        const p = b % h;
        const q = (h - b) % h;
        const zr = lane[2 * p]!;
        const zi = lane[2 * p + 1]!;
        const cr = lane[2 * q]!;
        const ci = -lane[2 * q + 1]!;
        const er = (zr + cr) / 2;
        const ei = (zi + ci) / 2;
        const dr = (zi - ci) / 2; // (Z − conj Z')/(2i): real part is Im-difference / 2
        const di = -(zr - cr) / 2;
        const wr = tw![2 * b]!;
        const wi = tw![2 * b + 1]!;
        const dst = 2 * (obase + b * K);
        out[dst] = er + (dr * wr - di * wi);
        out[dst + 1] = ei + (dr * wi + di * wr);
      }
    }
  }
  return out;
}

/** e^(−2πik/n) for k = 0…n/2, interleaved. */
function splitTwiddles(n: number): Float64Array {
  const half = n / 2;
  const tw = new Float64Array(2 * (half + 1));
  for (let k = 0; k <= half; k++) {
    const [c, s] = unitRoot(k, n);
    tw[2 * k] = c;
    tw[2 * k + 1] = s;
  }
  return tw;
}

/**
 * The inverse of rfftAxis: from the ⌊n/2⌋ + 1 complex bins of `x` (interleaved, of `shape`, whose
 * `axis` holds those bins) the real length-n signal along `axis`, reading the spectrum as
 * Hermitian — the missing bins are conj X[n − k], and the imaginary parts of X[0] (and of X[n/2]
 * for even n) are ignored, as numpy's irfft does. Includes the 1/n factor.
 * @example `Array.from(irfftAxis(new Float64Array([10, 0, -2, 2, -2, 0]), [3], 0, 4))` // [1, 2, 3, 4]
 */
export function irfftAxis(x: Float64Array, shape: readonly number[], axis: number, n: number): Float64Array {
  const { O, n: bins, K } = around(shape, axis);
  if (bins !== Math.floor(n / 2) + 1) {
    throw new InternalError(`irfft kernel: ${bins} bins along axis ${axis}, but length ${n} needs ${Math.floor(n / 2) + 1}`);
  }
  const out = new Float64Array(O * n * K);
  if (O * K === 0 || n === 0) return out;
  const even = n % 2 === 0 && n >= 2;
  const h = even ? n / 2 : n;
  const run = laneTransform(h, true);
  const lane = new Float64Array(2 * h);
  const tw = even ? splitTwiddles(n) : undefined;
  for (let o = 0; o < O; o++) {
    for (let k = 0; k < K; k++) {
      const ibase = o * bins * K + k;
      const re = (b: number): number => x[2 * (ibase + b * K)]!;
      const im = (b: number): number => (b === 0 || (even && b === n / 2) ? 0 : x[2 * (ibase + b * K) + 1]!);
      const obase = o * n * K + k;
      if (!even) {
        for (let j = 0; j < n; j++) {
          const b = j < bins ? j : n - j;
          lane[2 * j] = re(b);
          lane[2 * j + 1] = j < bins ? im(b) : -im(b);
        }
        run(lane, 0);
        for (let j = 0; j < n; j++) out[obase + j * K] = lane[2 * j]! / n;
        continue;
      }
      // Undo the split: E[b] = (X[b] + conj X[h−b])/2, Od[b] = (X[b] − conj X[h−b])·conj(w^b)/2,
      // Z[b] = E[b] + i·Od[b]; then z = IFFT_h(Z) holds even samples in re, odd in im.
      for (let b = 0; b < h; b++) {
        const xr = re(b);
        const xi = im(b);
        const yr = re(h - b);
        const yi = -im(h - b);
        const er = (xr + yr) / 2;
        const ei = (xi + yi) / 2;
        const dr0 = (xr - yr) / 2;
        const di0 = (xi - yi) / 2;
        const wr = tw![2 * b]!;
        const wi = -tw![2 * b + 1]!;
        const dr = dr0 * wr - di0 * wi;
        const di = dr0 * wi + di0 * wr;
        lane[2 * b] = er - di;
        lane[2 * b + 1] = ei + dr;
      }
      run(lane, 0);
      for (let j = 0; j < h; j++) {
        out[obase + 2 * j * K] = lane[2 * j]! / h;
        out[obase + (2 * j + 1) * K] = lane[2 * j + 1]! / h;
      }
    }
  }
  return out;
}
