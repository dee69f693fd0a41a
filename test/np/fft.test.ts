/**
 * np.fft's transforms against JAX (test/fixtures/fft.json, section "np", written by
 * scripts/gen-fft.py): values of every transform with n/s cropping and padding, axes and the
 * three norm modes, in single (float32/complex64) and double precision, eagerly and under jit;
 * vjps with complex cotangents (JAX's transposes: rfft's is not irfft); gradients of real losses;
 * vmap against a loop; the Hessian of a closed form; and the errors.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  ArgumentError, DTypeError, ShapeError, grad, jacfwd, jacrev, jit, np, vjp, vmap, type DType, type Tensor,
} from "../../src/index.js";
import { fft as bindFft } from "../../src/primitives/fft/ops.js";
import { fromData } from "../../src/tensor/from-js.js";
import { thrown } from "../support/index.js";

type Num = number | string;
interface Enc { dtype: DType; shape: number[]; data?: Num[]; re?: Num[]; im?: Num[] }
interface ValueCase { fn: string; x: Enc; kwargs: Record<string, unknown>; out: Enc }
interface VjpCase { fn: string; x: Enc; kwargs: Record<string, unknown>; ct: Enc; xbar: Enc }
interface GradCase { loss: string; fn: string; x: Enc; kwargs: Record<string, unknown>; w: Enc; grad: Enc }

const FIXTURE = JSON.parse(readFileSync(new URL("../fixtures/fft.json", import.meta.url), "utf8")) as {
  np: { values: ValueCase[]; vjps: VjpCase[]; grads: GradCase[] };
};
const num = (v: Num): number => (v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : Number(v));

/** The fixture's array as a tensor (complex parts interleaved into the complex storage). */
function tensorOf(e: Enc): Tensor {
  if (e.re !== undefined) {
    const data = e.dtype === "complex64" ? new Float32Array(2 * e.re.length) : new Float64Array(2 * e.re.length);
    e.re.forEach((v, i) => (data[2 * i] = num(v)));
    e.im!.forEach((v, i) => (data[2 * i + 1] = num(v)));
    return fromData(e.shape, e.dtype, data);
  }
  const data = e.dtype === "float32" ? Float32Array.from(e.data!, num) : Float64Array.from(e.data!, num);
  return fromData(e.shape, e.dtype, data);
}

/** The fixture's values as one flat list (complex: re, im interleaved, as stored). */
function flatOf(e: Enc): number[] {
  if (e.re === undefined) return e.data!.map(num);
  return e.re.flatMap((r, i) => [num(r), num(e.im![i]!)]);
}

const TOL: Record<string, number> = { float32: 5e-6, complex64: 5e-6, float64: 1e-13, complex128: 1e-13 };

/** Same dtype and shape; max |got − want| within a tolerance of the rms of want (FFT errors are relative to the norm). */
function expectClose(got: Tensor, want: Enc, what: string): void {
  expect(got.dtype, `${what}: dtype`).toBe(want.dtype);
  expect(got.shape, `${what}: shape`).toEqual(want.shape);
  const g = Array.from(got.data() as ArrayLike<number>);
  const w = flatOf(want);
  expect(g.length, `${what}: storage length`).toBe(w.length);
  const rms = Math.sqrt(w.reduce((s, v) => s + v * v, 0) / Math.max(1, w.length)) || 1;
  const worst = g.reduce((m, v, i) => Math.max(m, Math.abs(v - w[i]!)), 0);
  expect(worst / rms, `${what}: max error over rms`).toBeLessThan(TOL[want.dtype]!);
}

type Fn = (x: Tensor, kw: Record<string, unknown>) => Tensor;
const FNS: Record<string, Fn> = {
  fft: (x, kw) => np.fft.fft(x, kw),
  ifft: (x, kw) => np.fft.ifft(x, kw),
  fft2: (x, kw) => np.fft.fft2(x, kw),
  ifft2: (x, kw) => np.fft.ifft2(x, kw),
  fftn: (x, kw) => np.fft.fftn(x, kw),
  ifftn: (x, kw) => np.fft.ifftn(x, kw),
  rfft: (x, kw) => np.fft.rfft(x, kw),
  irfft: (x, kw) => np.fft.irfft(x, kw),
  rfft2: (x, kw) => np.fft.rfft2(x, kw),
  irfft2: (x, kw) => np.fft.irfft2(x, kw),
  rfftn: (x, kw) => np.fft.rfftn(x, kw),
  irfftn: (x, kw) => np.fft.irfftn(x, kw),
  hfft: (x, kw) => np.fft.hfft(x, kw),
  ihfft: (x, kw) => np.fft.ihfft(x, kw),
};

const title = (fn: string, x: Enc, kw: Record<string, unknown>): string => `${fn} ${x.dtype}[${x.shape.join(",")}] ${JSON.stringify(kw)}`;

describe("np.fft values vs JAX", () => {
  for (const c of FIXTURE.np.values) {
    it(title(c.fn, c.x, c.kwargs), () => expectClose(FNS[c.fn]!(tensorOf(c.x), c.kwargs), c.out, "eager"));
    it(`${title(c.fn, c.x, c.kwargs)} under jit`, () => expectClose(jit((x: Tensor) => FNS[c.fn]!(x, c.kwargs))(tensorOf(c.x)), c.out, "jit"));
  }
  it("covers every transform in both precisions", () => {
    for (const fn of Object.keys(FNS)) {
      for (const dt of ["single", "double"]) {
        const has = FIXTURE.np.values.some((c) => c.fn === fn && (dt === "single") === (c.x.dtype === "float32" || c.x.dtype === "complex64"));
        expect(has, `${fn} ${dt}`).toBe(true);
      }
    }
  });
});

describe("np.fft vjps vs JAX (transposes with complex cotangents)", () => {
  for (const c of FIXTURE.np.vjps) {
    it(title(c.fn, c.x, c.kwargs), () => {
      const [, pullback] = vjp((x: Tensor) => FNS[c.fn]!(x, c.kwargs), tensorOf(c.x));
      const [xbar] = pullback(tensorOf(c.ct));
      expectClose(xbar!, c.xbar, "vjp");
    });
  }
});

/** The losses of the fixture (w: real weights of the output's shape). */
const LOSSES: Record<string, (y: Tensor, w: Tensor) => Tensor> = {
  sum_abs2_rfft: (y) => np.sum(np.square(np.abs(y))),
  weighted_real_imag: (y, w) => np.sum(np.add(np.multiply(w, np.real(y)), np.square(np.imag(y)))),
  weighted_real_out: (y, w) => np.sum(np.multiply(w, np.square(y))),
};

describe("np.fft gradients of real losses vs JAX", () => {
  for (const c of FIXTURE.np.grads) {
    it(`${c.loss}: ${title(c.fn, c.x, c.kwargs)}`, () => {
      const w = tensorOf(c.w);
      const g = grad((x: Tensor) => LOSSES[c.loss]!(FNS[c.fn]!(x, c.kwargs), w))(tensorOf(c.x));
      expectClose(g, c.grad, "grad");
    });
  }
});

describe("np.fft under vmap and second order", () => {
  const x = np.reshape(np.sin(np.arange(0, 60, 1, "float64")), [3, 4, 5]);

  it("vmap of fft over a middle axis equals the loop", () => {
    const f = (t: Tensor): Tensor => np.fft.fft(t, { n: 7, norm: "ortho" });
    const batched = vmap(f, { inAxes: 1 })(x); // maps axis 1: per-example [3, 5] → [3, 7], stacked in front
    for (let i = 0; i < 4; i++) {
      const one = f(np.take(x, i, 1));
      expect(Array.from(np.take(batched, i, 0).data() as Float64Array)).toEqual(Array.from(one.data() as Float64Array));
    }
  });

  it("vmap of rfft2 and of its gradient equal the loop", () => {
    const f = (t: Tensor): Tensor => np.sum(np.square(np.abs(np.fft.rfft2(t))));
    const g = vmap(grad(f))(x);
    const y = vmap((t: Tensor) => np.fft.irfft2(np.fft.rfft2(t), { s: [4, 5] }))(x);
    for (let i = 0; i < 3; i++) {
      const xi = np.take(x, i, 0);
      const gi = Array.from(grad(f)(xi).data() as Float64Array);
      Array.from(np.take(g, i, 0).data() as Float64Array).forEach((v, j) => expect(v).toBeCloseTo(gi[j]!, 10));
      Array.from(np.take(y, i, 0).data() as Float64Array).forEach((v, j) => expect(v).toBeCloseTo((xi.data() as Float64Array)[j]!, 12));
    }
  });

  it("the Hessian of Σ|fft(x)|² = N·Σx² is 2N·I, forward over reverse and reverse over reverse", () => {
    const N = 6;
    const f = (t: Tensor): Tensor => np.sum(np.square(np.abs(np.fft.fft(t))));
    const x0 = np.array([0.3, -1.2, 2, 0.5, -0.7, 1.1], { dtype: "float64" });
    for (const h of [jacfwd(grad(f))(x0), jacrev(grad(f))(x0)]) {
      const rows = h.toArray() as number[][];
      rows.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(i === j ? 2 * N : 0, 9)));
    }
  });

  it("ortho transforms keep the norm (Parseval) for a prime length", () => {
    const t = np.sin(np.arange(0, 13, 1, "float64"));
    const energy = (y: Tensor): number => Number(np.sum(np.square(np.abs(y))).item());
    expect(energy(np.fft.fft(t, { norm: "ortho" }))).toBeCloseTo(energy(t), 12);
  });
});

describe("np.fft errors", () => {
  const x = np.ones([2, 5]);
  it("a missing axis is a ShapeError naming the axis and the shape", () => {
    const e = thrown(() => np.fft.fft(x, { axis: 2 }));
    expect(e).toBeInstanceOf(ShapeError);
    expect(e.message).toMatch(/np\.fft\.fft: axis 2 is out of range for an array of shape \[2,5\]/);
    expect(thrown(() => np.fft.rfftn(x, { axes: [0, -3] }))).toBeInstanceOf(ShapeError);
  });
  it("a bad norm is an ArgumentError listing the modes", () => {
    const e = thrown(() => np.fft.ifft(x, { norm: "unitary" as never }));
    expect(e).toBeInstanceOf(ArgumentError);
    expect(e.message).toMatch(/"backward".*"ortho".*"forward"/);
  });
  it("n < 1, and an irfft of one bin without n, are ArgumentErrors", () => {
    expect(thrown(() => np.fft.fft(x, 0))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => np.fft.rfft(x, { n: -2 }))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => np.fft.fftn(x, { s: [2.5, 3] }))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => np.fft.irfft(np.ones([3, 1])))).toBeInstanceOf(ArgumentError);
  });
  it("complex input to rfft is a DTypeError; wrong axis counts are ArgumentErrors", () => {
    expect(thrown(() => np.fft.rfft(np.fft.fft(x)))).toBeInstanceOf(DTypeError);
    expect(thrown(() => np.fft.fft2(x, { axes: [0] }))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => np.fft.fftn(x, { s: [2], axes: [0, 1] }))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => np.fft.fftn(x, { axes: [1, 1] }))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => np.fft.fft(x, { axis: [0, 1] as never }))).toBeInstanceOf(ArgumentError);
  });
});

describe("np.fft dtypes, edges and the primitive's checks", () => {
  it("integer and bool inputs transform in complex64 (real ones in float32), as JAX without x64", () => {
    expect(np.fft.fft(np.array([1, 2, 3], { dtype: "int32" })).dtype).toBe("complex64");
    expect(np.fft.rfft(np.array([true, false, true])).dtype).toBe("complex64");
    expect(np.fft.irfft(np.fft.rfft(np.array([1, 2, 3, 4], { dtype: "int32" }))).dtype).toBe("float32");
    expect(np.fft.fft(np.array([1, 2], { dtype: "float64" })).dtype).toBe("complex128");
  });

  it("fftn of a 0-d array transforms no axis and returns it as complex (JAX's result)", () => {
    const y = np.fft.fftn(np.array(2.5));
    expect(y.dtype).toBe("complex64");
    expect(y.shape).toEqual([]);
    expect(Array.from(y.data() as Float32Array)).toEqual([2.5, 0]);
  });

  it("grad through jit of an rfft loss equals the eager gradient", () => {
    const x0 = np.array([0.5, -1, 2, 0.25, 1.5], { dtype: "float64" });
    const f = (t: Tensor): Tensor => np.sum(np.square(np.abs(np.fft.rfft(t))));
    const eager = grad(f)(x0).toArray() as number[];
    const jitted = grad(jit(f))(x0).toArray() as number[];
    jitted.forEach((v, i) => expect(v).toBeCloseTo(eager[i]!, 12));
  });

  it("the primitive refuses operands that do not end in fftLengths, or the wrong dtype", () => {
    const c = np.fft.fft(np.ones([2, 3]));
    expect(String(thrown(() => bindFft(c, "FFT", [4])))).toMatch(/ShapeError: fft: FFT operand of shape \[2,3\] must end in fftLengths \[4\]/);
    expect(thrown(() => bindFft(c, "IRFFT", [6]))).toBeInstanceOf(ShapeError); // 6 needs 4 bins, not 3
    expect(bindFft(c, "IRFFT", [4]).shape).toEqual([2, 4]); // 3 bins are ⌊4/2⌋ + 1 (and ⌊5/2⌋ + 1)
    expect(thrown(() => bindFft(np.ones([3]), "FFT", [3]))).toBeInstanceOf(DTypeError);
    expect(thrown(() => bindFft(c, "RFFT", [3]))).toBeInstanceOf(DTypeError);
    expect(thrown(() => bindFft(c, "FFT", [1, 2, 3]))).toBeInstanceOf(ShapeError);
  });
});
