/**
 * Complex values in exported models: every complex lowering run in ONNX Runtime against
 * `evaluate` (the reference kernels) on ordinary values and the special ones (±0, ±∞, NaN, huge
 * and tiny parts, points on the branch cuts), complex64 and complex128; an FFT-based loss and its
 * gradient exported and run; and `onnx.compile` taking and returning complex tensors.
 */
import { describe, expect, it } from "vitest";
import { evaluate, grad, np, onnx, trace, valueAndGrad, type Tensor } from "../../src/index.js";
import { Emitter, OnnxExportError } from "../../src/onnx/emitter.js";
import { lowerEquation } from "../../src/onnx/lowering.js";
import { synthetic } from "../../src/onnx/lowerings/complex-kit.js";
import { fromOrt, toOrt } from "../../src/onnx/runtime.js";
import { apply1 } from "../../src/primitives/ops.js";
import type { ComplexDType } from "../../src/tensor/dtype.js";
import { fromData } from "../../src/tensor/from-js.js";
import { agree } from "../../laws/onnx-programs.js";
import { describeTensor } from "../../laws/equal.js";
import { ORT, runExported } from "./run-exported.js";


/** The tensors of a result pytree, in order. */
const outputsOf = (x: unknown): Tensor[] => [x].flat(Infinity) as Tensor[];

/** Exports `f` traced on `inputs`, runs it, and expects evaluate's values (to float32's or float64's tolerance). */
async function expectAgrees(f: (...xs: Tensor[]) => Tensor, inputs: readonly Tensor[], tol: number): Promise<void> {
  const g = trace(f)(...inputs);
  const want = outputsOf(evaluate(g, ...inputs));
  const got = await runExported(g, inputs);
  want.forEach((w, k) => {
    if (agree(got[k]!, w, tol)) return;
    // Name the first element that differs, with its operands (complex: the pair).
    const per = w.dtype.startsWith("complex") ? 2 : 1;
    const a = got[k]!.concreteData(), b = w.concreteData();
    let i = 0;
    while (i < b.length && agree(fromData([1], "float64", Float64Array.of(a[i]!)), fromData([1], "float64", Float64Array.of(b[i]!)), tol)) i++;
    const el = Math.floor(i / per);
    const at = (t: Tensor): string => {
      const d = t.concreteData(), q = t.dtype.startsWith("complex") ? 2 : 1, j = t.shape.length === 0 || d.length === q ? 0 : el;
      return `[${Array.from(d.slice(q * j, q * j + q)).join(", ")}]`;
    };
    expect.fail(`${g.toString()}\nelement ${el}: operands ${inputs.map(at).join(", ")}: evaluate ${at(w)}, ONNX Runtime ${at(got[k]!)}`);
  });
}

/** Parts every complex operand is built from: ordinary, near the cuts and limits, and special. */
const PARTS = [0, -0, 1, -2.5, 0.3, 1e-3, 19.5, -21, 700, 1e-300, 1e300, Infinity, -Infinity, NaN];

/**
 * pow's parts: without the huge ones. exp(y·ln x) with |y| near 1e300 is ill-conditioned: a
 * last-bit difference in ln x (ONNX Runtime's Log against Math.log) moves the angle of the
 * result by far more than 2π, so any two correct implementations disagree there.
 */
const POW_PARTS = PARTS.filter((p) => Math.abs(p) !== 1e300 && p !== 700);

/** Every (re, im) pair of `parts` (196 elements for PARTS) starting at pair `shift`, `n` of them cycling; `n` 0: a scalar. */
function grid(dtype: ComplexDType, n = PARTS.length ** 2, shift = 0, parts = PARTS): Tensor {
  const count = Math.max(n, 1);
  const data = dtype === "complex64" ? new Float32Array(2 * count) : new Float64Array(2 * count);
  for (let k = 0; k < count; k++) {
    const j = (k + shift) % parts.length ** 2;
    data[2 * k] = parts[Math.floor(j / parts.length)]!;
    data[2 * k + 1] = parts[j % parts.length]!;
  }
  return fromData(n === 0 ? [] : [n], dtype, data);
}

const DTYPES: readonly ComplexDType[] = ["complex64", "complex128"];
const tolOf = (d: ComplexDType): number => (d === "complex64" ? 2e-4 : 1e-9);

describe("onnx.exportGraph on complex values", () => {
  const unary = ["neg", "exp", "log", "sqrt", "rsqrt", "sin", "cos", "tan", "tanh", "expm1", "log1p", "logistic", "sign", "abs", "real", "imag", "conj"] as const;
  for (const dtype of DTYPES) {
    it(`unary primitives on ${dtype}: every pair of special and ordinary parts`, async () => {
      const z = grid(dtype);
      for (const name of unary) await expectAgrees((x) => apply1(name, [x], {}), [z], tolOf(dtype));
      for (const y of [0, 1, 2, 3, 5, -1, -2]) await expectAgrees((x) => apply1("integer_pow", [x], { y }), [z], tolOf(dtype));
    });

    it(`binary primitives on ${dtype}: pairs of special operands, and a scalar against a vector`, async () => {
      const n = PARTS.length ** 2;
      const a = grid(dtype);
      const m = POW_PARTS.length ** 2;
      const p = grid(dtype, m, 0, POW_PARTS);
      for (const shift of [1, 37, 101]) {
        const b = grid(dtype, n, shift);
        for (const name of ["add", "sub", "mul", "div", "eq", "ne"] as const) await expectAgrees((x, y) => apply1(name, [x, y], {}), [a, b], tolOf(dtype));
        await expectAgrees((x, y) => apply1("pow", [x, y], {}), [p, grid(dtype, m, shift, POW_PARTS)], tolOf(dtype));
      }
      const s = grid(dtype, 0, 30);
      for (const name of ["mul", "div"] as const) {
        await expectAgrees((x, y) => apply1(name, [x, y], {}), [a, s], tolOf(dtype));
        await expectAgrees((x, y) => apply1(name, [x, y], {}), [s, a], tolOf(dtype));
      }
      const ps = grid(dtype, 0, 30, POW_PARTS);
      await expectAgrees((x, y) => apply1("pow", [x, y], {}), [p, ps], tolOf(dtype));
      await expectAgrees((x, y) => apply1("pow", [x, y], {}), [ps, p], tolOf(dtype));
    });
  }

  it("casts to, from and between complex dtypes (complex → real takes the real part, then saturates)", async () => {
    const z = grid("complex128");
    for (const to of ["complex64", "float64", "float32", "int32", "uint32", "bool"] as const) {
      await expectAgrees((x) => apply1("convert_element_type", [x], { newDtype: to, weakType: false } as never), [z], 2e-4);
    }
    const r = fromData([4], "int32", Int32Array.of(-3, 0, 7, 2147483647));
    await expectAgrees((x) => apply1("convert_element_type", [x], { newDtype: "complex64", weakType: false } as never), [r], 2e-4);
  });

  it("movement, selection, sums and contractions carry the pair axis", async () => {
    const z = fromData([2, 3], "complex128", Float64Array.from({ length: 12 }, (_, k) => (k % 5) - 2 + k / 7));
    const w = fromData([3, 2], "complex128", Float64Array.from({ length: 12 }, (_, k) => 1 - k / 3));
    await expectAgrees((x) => np.transpose(x), [z], 1e-9);
    await expectAgrees((x) => np.reshape(x, [3, 2]), [z], 1e-9);
    await expectAgrees((x) => np.broadcastTo(x, [4, 2, 3]), [z], 1e-9);
    await expectAgrees((x) => np.sum(x, 1), [z], 1e-9);
    await expectAgrees((x) => np.concatenate([x, x], 0), [z], 1e-9);
    await expectAgrees((x) => np.flip(x, 1), [z], 1e-9);
    await expectAgrees((x) => np.pad(x, [[1, 0], [0, 2]]), [z], 1e-9);
    await expectAgrees((x) => x.slice([1, 2], [0, 2]), [z], 1e-9);
    await expectAgrees((x, y) => np.matmul(x, y), [z, w], 1e-9);
    await expectAgrees((x, y) => np.where(np.greater(np.real(x), 0), x, y), [z, np.transpose(w)], 1e-9);
  });

  it("an FFT-based loss and its gradient, exported, give evaluate's values", async () => {
    // Power in a band of the spectrum after a complex filter: rfft, complex multiply, irfft, fft.
    const loss = (x: Tensor, h: Tensor): Tensor => {
      const spec = np.fft.rfft(x);
      const y = np.fft.irfft(spec.mul(h), 8);
      return np.sum(np.abs(np.fft.fft(y.astype("complex64"))).slice([1, 4])).add(np.sum(np.real(np.fft.ifft2(np.outer(spec, spec)))));
    };
    const x = fromData([8], "float32", Float32Array.from([0.5, -1, 2, 0.25, 3, -0.75, 1, 0]));
    const h = fromData([5], "complex64", Float32Array.from([1, 0, 0.5, -0.5, 0.25, 1, -1, 0.5, 2, 0]));
    await expectAgrees((a, b) => loss(a, b), [x, h], 2e-4);
    const g = trace((a: Tensor, b: Tensor) => valueAndGrad(loss, { argnums: [0, 1] })(a, b))(x, h);
    const want = outputsOf(evaluate(g, x, h));
    const got = await runExported(g, [x, h]);
    expect(got.map((t) => t.dtype)).toEqual(["float32", "float32", "complex64"]);
    want.forEach((w, k) => expect(agree(got[k]!, w, 2e-4), `output ${k}: ${describeTensor(w)} vs ${describeTensor(got[k]!)}`).toBe(true));
  });

  it("transforms over two and three axes, every type, in complex128, agree to 1e-9", async () => {
    const c = fromData([2, 3, 4, 5], "complex128", Float64Array.from({ length: 240 }, (_, k) => Math.sin(k * 1.7) * 3));
    const r = np.real(c);
    await expectAgrees((x) => np.fft.fftn(x, null, [1, 2, 3]), [c], 1e-9);
    await expectAgrees((x) => np.fft.ifftn(x, null, [2, 3]), [c], 1e-9);
    await expectAgrees((x) => np.fft.rfftn(x, null, [1, 2, 3]), [r], 1e-9);
    await expectAgrees((x) => np.fft.irfftn(x, [4, 8], [2, 3]), [c], 1e-9);
    await expectAgrees((x) => np.fft.irfft(x, 9), [c], 1e-9);
  });

  it("exports with every opset DFT has two signatures in (18–19: axis attribute; 20–26: axis input)", async () => {
    const c = fromData([3, 6], "complex64", Float32Array.from({ length: 36 }, (_, k) => k / 5 - 3));
    const g = trace((x: Tensor) => np.fft.fft(x))(c);
    const want = outputsOf(evaluate(g, c));
    for (const opset of [18, 19, 20, 21, 22, 23, 24, 25, 26]) {
      const session = await ORT.InferenceSession.create(onnx.exportGraph(g, { opset }));
      const out = await session.run({ [session.inputNames[0]!]: toOrt(ORT, c, "x") });
      expect(agree(fromOrt(out[session.outputNames[0]!]!, g.outputs[0]!.aval, "out"), want[0]!, 2e-4), `opset ${opset}`).toBe(true);
    }
  });

  it("refuses by name a primitive with no complex form yet", () => {
    // Every primitive whose shape rule takes complex operands has a complex lowering now, so the
    // refusal is checked on an equation built directly: max, which has none, on complex64 avals.
    const c64 = { shape: [4], dtype: "complex64" as const };
    const e = synthetic("max", {}, [c64, c64], [c64]);
    const em = new Emitter(21, lowerEquation);
    expect(() => lowerEquation(em, e as never)).toThrow(OnnxExportError);
    expect(() => lowerEquation(em, e as never)).toThrow(/max has no ONNX lowering for complex operands yet/);
  });
});

describe("onnx.compile with complex tensors", () => {
  it("takes complex arguments and returns complex results as fluxion tensors", async () => {
    const f = onnx.compile((z: Tensor, w: Tensor) => ({ prod: z.mul(w), spectrum: np.fft.fft(z), size: np.abs(z) }));
    const z = fromData([4], "complex64", Float32Array.from([1, 2, -3, 0.5, 0, -1, 4, 4]));
    const w = fromData([4], "complex64", Float32Array.from([0.5, 0.5, 1, -1, 2, 0, -1, 3]));
    const got = await f(z, w);
    const want = { prod: z.mul(w), spectrum: np.fft.fft(z), size: np.abs(z) };
    expect(got.prod.dtype).toBe("complex64");
    expect(got.spectrum.shape).toEqual([4]);
    for (const k of ["prod", "spectrum", "size"] as const) expect(agree(got[k], want[k], 2e-4), k).toBe(true);
    // A closed form: the DFT of z sums to n·z[0].
    const s = await onnx.compile((x: Tensor) => np.sum(np.fft.fft(x)))(z);
    expect(Array.from(s.concreteData())).toEqual([4, 8]);
  });

  it("differentiates through complex intermediates of a real loss (JAX's conjugate convention)", async () => {
    const loss = (x: Tensor): Tensor => np.sum(np.abs(np.fft.rfft(x)).mul(np.abs(np.fft.rfft(x))));
    const x = fromData([6], "float64", Float64Array.from([1, -2, 0.5, 3, 0, 1]));
    const g = await onnx.compile(grad(loss))(x);
    // Parseval: Σ|rfft x|² weights every bin but DC and Nyquist twice, so d/dx is 2·(n·x − …);
    // compare with the reference kernels' gradient.
    expect(agree(g, grad(loss)(x), 1e-9)).toBe(true);
  });
});
