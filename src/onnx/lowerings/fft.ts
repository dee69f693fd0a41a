/**
 * fft on (real, imaginary) pairs (complex-kit.ts), one transformed axis at a time, as the
 * reference kernel (src/tensor/kernels/fft.ts) computes it:
 * - Complex64 and float32 operands are widened to float64 and the result narrowed once, as the
 *   kernel computes in float64.
 * - Lengths that are powers of two (and RFFT/IRFFT of even n with n/2 one) run the kernel's own
 *   radix-2 butterflies and split steps, with its twiddles, as whole-axis gathers and arithmetic:
 *   the same operations in the same order, so NaN and ∞ spread exactly as they do in the kernel.
 * - Other lengths, where the kernel runs Bluestein's algorithm, use ONNX's DFT (opsets 18–19 name
 *   the axis by attribute, 20 and later by an input), a lane holding any NaN or ∞ all NaN as
 *   Bluestein leaves it. ONNX Runtime's double inverse DFT is accurate only to about 1e-8 at these
 *   lengths (its forward one to 1e-15), so inverses go through the forward transform,
 *   IFFT(x) = conj(FFT(conj x)) / n. IRFFT rebuilds the full Hermitian spectrum (DFT's one-sided
 *   mode has no inverse to real output) and keeps the real part.
 * - IRFFT ignores the imaginary parts of the DC bin and, for even n, of the Nyquist bin, as the
 *   kernel (and numpy) do: a NaN there does not reach the result.
 * The two implementations' roundings differ at Bluestein lengths by ε times the operand's size.
 */
import type { Aval } from "../../ir/types.js";
import { isComplex, realPartDType } from "../../tensor/dtype.js";
import type { Emitter } from "../emitter.js";
import type { AttrValue } from "../proto.js";
import { type ComplexLowering, im, pack, re } from "./complex-kit.js";

const FLOAT = 1;
const DOUBLE = 11;

const isPow2 = (n: number): boolean => (n & (n - 1)) === 0;

/**
 * `y`, the transform of `x` along `axis` by ONNX's DFT, with every lane holding a NaN or an
 * infinity filled with NaN, as the kernel's Bluestein transform (every length not a power of two)
 * leaves it: non-finite values spread over the whole lane there, where ONNX Runtime's transform
 * would leave some bins finite. `pairs`: `x` is (real, imaginary) pairs, else real.
 */
function nanLanes(em: Emitter, x: string, y: string, axis: number, pairs: boolean): string {
  const finite = em.op("Not", [em.op("Or", [em.op("IsInf", [x]), em.op("IsNaN", [x])])]);
  // ONNX Runtime reduces no bools: the lane's minimum of 0/1.
  const lane = em.op("ReduceMin", [em.op("Cast", [finite], { to: { i: 6 } }), em.int64s(pairs ? [axis, -1] : [axis])], { keepdims: { i: 1 } });
  const whole = pairs ? lane : em.op("Unsqueeze", [lane, em.int64s([-1])]);
  return em.op("Where", [em.op("Equal", [whole, em.scalar(0, "int32")]), em.scalar(NaN, "float64"), y]);
}

/** The forward DFT of float64 pairs `x` along `axis` (its index among the value's own axes); `onesided` for a real [..., 1] operand. */
function dft(em: Emitter, x: string, axis: number, onesided = false): string {
  const attrs: Record<string, AttrValue> = onesided ? { onesided: { i: 1 } } : {};
  if (em.opset >= 20) return em.op("DFT", [x, "", em.int64s([axis], true)], attrs);
  return em.op("DFT", [x], { ...attrs, axis: { i: axis } });
}

/** The conjugate of float64 pairs (the imaginary part negated, −0 for a +0). */
const conj = (em: Emitter, x: string): string => em.op("Mul", [x, em.constant("float64", [2], Float64Array.of(1, -1))]);

/** A complex value as its two float64 parts (each of the value's own shape). */
interface Parts {
  readonly r: string;
  readonly i: string;
}

/**
 * e^(−2πik/n), as the kernel's plans compute it (the angle folded into the first octant), so the
 * butterflies below multiply by the very same twiddles.
 */
function unitRoot(k: number, n: number): [number, number] {
  const q = Math.round((4 * k) / n);
  const theta = (Math.PI * (k * 4 - q * n)) / (2 * n);
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  switch (((q % 4) + 4) % 4) {
    case 0:
      return [c, -s];
    case 1:
      return [-s, -c];
    case 2:
      return [-c, s];
    default:
      return [s, c];
  }
}

/** A float64 constant of `values` laid along `axis` of a rank-`rank` value (broadcast over the others). */
function alongAxis(em: Emitter, values: readonly number[], axis: number, rank: number): string {
  const shape = Array.from({ length: rank }, (_, k) => (k === axis ? values.length : 1));
  return em.constant("float64", shape, Float64Array.from(values));
}

const gather = (em: Emitter, v: string, idx: readonly number[], axis: number): string => em.op("Gather", [v, em.int64s(idx)], { axis: { i: axis } });

/**
 * The kernel's radix-2 transform (unnormalised; `inverse`: conjugate twiddles) of length n, a
 * power of two, along `axis` of parts of rank `rank`: the bit-reversal permutation, then each
 * stage's butterflies (x_a, x_b) ← (x_a + w·x_b, x_a − w·x_b) as whole-axis gathers, with the
 * kernel's twiddles and its order of operations — so its results, NaN and ∞ included, are the kernel's.
 */
function radix2(em: Emitter, z: Parts, axis: number, rank: number, n: number, inverse: boolean): Parts {
  if (n === 1) return z;
  const bits = Math.round(Math.log2(n));
  const rev = new Array<number>(n).fill(0);
  for (let i = 1; i < n; i++) rev[i] = (rev[i >> 1]! >> 1) | ((i & 1) << (bits - 1));
  let r = gather(em, z.r, rev, axis);
  let i = gather(em, z.i, rev, axis);
  const sign = inverse ? -1 : 1;
  const mul = (a: string, b: string): string => em.op("Mul", [a, b]);
  for (let size = 2; size <= n; size <<= 1) {
    const half = size >> 1;
    const step = n / size;
    const A: number[] = [], B: number[] = [], wr: number[] = [], wi: number[] = [];
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < half; k++) {
        const [c, s] = unitRoot(k * step, n);
        A.push(start + k);
        B.push(start + k + half);
        wr.push(c);
        wi.push(sign * s);
      }
    }
    const cr = alongAxis(em, wr, axis, rank), ci = alongAxis(em, wi, axis, rank);
    const ar = gather(em, r, A, axis), ai = gather(em, i, A, axis);
    const br = gather(em, r, B, axis), bi = gather(em, i, B, axis);
    const xr = em.op("Sub", [mul(br, cr), mul(bi, ci)]);
    const xi = em.op("Add", [mul(br, ci), mul(bi, cr)]);
    // Positions A then B were concatenated: put each back in its place.
    const order = [...A, ...B];
    const back = order.map((_, p) => order.indexOf(p));
    r = gather(em, em.op("Concat", [em.op("Add", [ar, xr]), em.op("Sub", [ar, xr])], { axis: { i: axis } }), back, axis);
    i = gather(em, em.op("Concat", [em.op("Add", [ai, xi]), em.op("Sub", [ai, xi])], { axis: { i: axis } }), back, axis);
  }
  return { r, i };
}

/** The forward (or `inverse`, with its 1/n) complex transform of float64 pairs along `axis` (length n), as the kernel's. */
function transform(em: Emitter, x: string, shape: readonly number[], axis: number, inverse: boolean): string {
  const n = shape[axis]!;
  if (n === 1) return x;
  if (isPow2(n)) {
    const y = radix2(em, { r: re(em, x), i: im(em, x) }, axis, shape.length, n, inverse);
    const scale = (v: string): string => (inverse ? em.op("Mul", [v, em.scalar(1 / n, "float64")]) : v);
    return pack(em, scale(y.r), scale(y.i), shape);
  }
  // Bluestein's lengths: ONNX's DFT (the inverse through the forward one: ONNX Runtime's double
  // inverse is inaccurate there), any NaN or ∞ spreading over the lane as in the kernel.
  const y = inverse ? em.op("Div", [conj(em, dft(em, conj(em, x), axis)), em.scalar(n, "float64")]) : dft(em, x, axis);
  return nanLanes(em, x, y, axis, true);
}

/** `v` as float64 (from float32, or as is). */
const widen = (em: Emitter, v: string, partDtype: string): string => (partDtype === "float32" ? em.op("Cast", [v], { to: { i: DOUBLE } }) : v);

/**
 * IRFFT's last axis: the real inverse of the ⌊n/2⌋+1 bins of float64 pairs `x` (of logical
 * `shape`) along `axis`, to n samples, as the kernel: for even n with n/2 a power of two, its
 * split step and a radix-2 inverse of length n/2 (even samples from the real parts, odd from the
 * imaginary); otherwise the full Hermitian spectrum (bins ⌊n/2⌋+1 … n−1 the conjugates of bins
 * n−⌊n/2⌋−1 … 1) through ONNX's DFT, its real part kept.
 */
function hermitianInverse(em: Emitter, x: string, shape: readonly number[], axis: number, n: number): string {
  const m = Math.floor(n / 2) + 1;
  const rank = shape.length;
  // The imaginary parts the kernel ignores: DC's, and Nyquist's for even n.
  const ignored = new Uint8Array(m);
  ignored[0] = 1;
  if (n % 2 === 0 && n >= 2) ignored[m - 1] = 1;
  const mask = em.constant("bool", [m, ...shape.slice(axis + 1).map(() => 1)], ignored);
  const xr = re(em, x);
  const xi = em.op("Where", [mask, em.scalar(0, "float64"), im(em, x)]);
  if (n === 1) return xr;
  const h = n / 2;
  if (n % 2 === 0 && isPow2(h)) {
    const idx = Array.from({ length: h }, (_, b) => b);
    const mirror = idx.map((b) => h - b);
    const D = (a: string, b: string): string => em.op("Div", [a, b]);
    const two = em.scalar(2, "float64");
    const ar = gather(em, xr, idx, axis), ai = gather(em, xi, idx, axis);
    const yr = gather(em, xr, mirror, axis), yi = em.op("Neg", [gather(em, xi, mirror, axis)]);
    const er = D(em.op("Add", [ar, yr]), two), ei = D(em.op("Add", [ai, yi]), two);
    const dr0 = D(em.op("Sub", [ar, yr]), two), di0 = D(em.op("Sub", [ai, yi]), two);
    const tw = idx.map((b) => unitRoot(b, n));
    const wr = alongAxis(em, tw.map(([c]) => c), axis, rank), wi = alongAxis(em, tw.map(([, s]) => -s), axis, rank);
    const dr = em.op("Sub", [em.op("Mul", [dr0, wr]), em.op("Mul", [di0, wi])]);
    const di = em.op("Add", [em.op("Mul", [dr0, wi]), em.op("Mul", [di0, wr])]);
    const z = radix2(em, { r: em.op("Sub", [er, di]), i: em.op("Add", [ei, dr]) }, axis, rank, h, true);
    // Sample 2j is z_j's real part, 2j+1 its imaginary part: interleave them along the axis.
    const col = (v: string): string => em.op("Unsqueeze", [D(v, em.scalar(h, "float64")), em.int64s([axis + 1])]);
    const outShape = shape.map((d, k) => (k === axis ? n : d));
    return em.op("Reshape", [em.op("Concat", [col(z.r), col(z.i)], { axis: { i: axis + 1 } }), em.int64s(outShape)]);
  }
  const head = pack(em, xr, xi, shape);
  // Bins m … n−1 mirror bins n−m … 1.
  const mirrored = Array.from({ length: n - m }, (_, j) => n - (m + j));
  const tail = conj(em, gather(em, head, mirrored, axis));
  const full = em.op("Concat", [head, tail], { axis: { i: axis } });
  const y = em.op("Div", [conj(em, dft(em, conj(em, full), axis)), em.scalar(n, "float64")]);
  return re(em, nanLanes(em, head, y, axis, true));
}

/**
 * RFFT's last axis (length n) of float64 real `x` of logical `shape`, as the kernel: for even n
 * with n/2 a power of two, a radix-2 transform of length n/2 of (even samples + i·odd samples)
 * and its split step; otherwise ONNX's one-sided DFT.
 */
function realForward(em: Emitter, x: string, shape: readonly number[], axis: number, n: number): string {
  const rank = shape.length;
  const bins = Math.floor(n / 2) + 1;
  const outShape = shape.map((d, k) => (k === axis ? bins : d));
  if (n === 1) return pack(em, x, em.scalar(0, "float64"), outShape);
  const h = n / 2;
  if (n % 2 === 0 && isPow2(h)) {
    const evens = Array.from({ length: h }, (_, j) => 2 * j);
    const z = radix2(em, { r: gather(em, x, evens, axis), i: gather(em, x, evens.map((j) => j + 1), axis) }, axis, rank, h, false);
    const b = Array.from({ length: bins }, (_, k) => k);
    const D = (a: string, c: string): string => em.op("Div", [a, c]);
    const two = em.scalar(2, "float64");
    const zr = gather(em, z.r, b.map((k) => k % h), axis), zi = gather(em, z.i, b.map((k) => k % h), axis);
    const cr = gather(em, z.r, b.map((k) => (h - k) % h), axis), ci = em.op("Neg", [gather(em, z.i, b.map((k) => (h - k) % h), axis)]);
    const er = D(em.op("Add", [zr, cr]), two), ei = D(em.op("Add", [zi, ci]), two);
    const dr = D(em.op("Sub", [zi, ci]), two), di = D(em.op("Neg", [em.op("Sub", [zr, cr])]), two);
    const tw = b.map((k) => unitRoot(k, n));
    const wr = alongAxis(em, tw.map(([c]) => c), axis, rank), wi = alongAxis(em, tw.map(([, s]) => s), axis, rank);
    const outR = em.op("Add", [er, em.op("Sub", [em.op("Mul", [dr, wr]), em.op("Mul", [di, wi])])]);
    const outI = em.op("Add", [ei, em.op("Add", [em.op("Mul", [dr, wi]), em.op("Mul", [di, wr])])]);
    return pack(em, outR, outI, outShape);
  }
  return nanLanes(em, x, dft(em, em.op("Unsqueeze", [x, em.int64s([-1])]), axis, true), axis, false);
}

/** fft: FFT, IFFT, RFFT and IRFFT over the trailing `fftLengths.length` axes. */
export const FFT_LOWERING: ComplexLowering<"fft"> = (em, e, [x], [out]) => {
  const { fftType, fftLengths } = e.params;
  const inAval: Aval = e.inputs[0]!.aval;
  const rank = inAval.shape.length;
  const axes = fftLengths.map((_, k) => rank - fftLengths.length + k);
  const last = rank - 1;
  const part = isComplex(inAval.dtype) ? realPartDType(inAval.dtype) : inAval.dtype;
  const narrow = (v: string): string => (part === "float32" ? em.op("Cast", [v], { to: { i: FLOAT } }) : v);
  const wide = widen(em, x!, part);
  let y = wide;
  let shape = inAval.shape;
  switch (fftType) {
    case "FFT":
    case "IFFT":
      axes.forEach((a) => (y = transform(em, y, shape, a, fftType === "IFFT")));
      break;
    case "RFFT": {
      y = realForward(em, wide, shape, last, fftLengths[fftLengths.length - 1]!);
      shape = e.outputs[0]!.aval.shape;
      axes.slice(0, -1).forEach((a) => (y = transform(em, y, shape, a, false)));
      break;
    }
    case "IRFFT": {
      // numpy's order, as the kernel: the complex inverse over the other axes, then the Hermitian one.
      axes.slice(0, -1).forEach((a) => (y = transform(em, y, shape, a, true)));
      y = hermitianInverse(em, y, shape, last, fftLengths[fftLengths.length - 1]!);
      break;
    }
  }
  em.node("Identity", [narrow(y)], [out!]);
};
