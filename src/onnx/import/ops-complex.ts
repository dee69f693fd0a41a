/**
 * ONNX's DFT, the one op on (real, imaginary) pairs: the operand's trailing axis of 1 (real) or
 * 2 (complex) is made a fluxion complex tensor, transformed by np.fft, and written back as pairs.
 * This is how `onnx.exportGraph` spells fft at lengths that are not powers of two, so an exported
 * FFT model imports too.
 */
import * as np from "../../np/index.js";
import * as cops from "../../primitives/complex/ops.js";
import { isFloat } from "../../tensor/dtype.js";
import type { Tensor } from "../../tensor/tensor.js";
import { asPairs, pairPart } from "./complex-boundary.js";
import type { NodeCtx, OpImport } from "./kit.js";

/** DFT (opset 17: axis attribute, default 1; opset 20: axis input, default −2), inverse, onesided forward (RFFT), dft_length. */
function dft(c: NodeCtx): Tensor {
  const x = c.t(0);
  const r = x.shape.length;
  const last = x.shape[r - 1];
  if (!isFloat(x.dtype) || r < 2 || (last !== 1 && last !== 2)) {
    c.fail(`the operand must be float32 or float64 with a trailing axis of 1 (real) or 2 (complex); got ${x.dtype}[${x.shape.join(", ")}]`);
  }
  const given = c.opset >= 20 ? c.s(2)?.[0] ?? -2 : c.attrs.int("axis", 1);
  const axis = given < 0 ? given + r : given;
  if (!Number.isInteger(axis) || axis < 0 || axis > r - 2) c.fail(`axis ${given} is not a signal axis of a rank-${r} operand (from ${-r} to −2 or 0 to ${r - 2})`);
  const n = c.s(1)?.[0];
  if (n !== undefined && !(Number.isInteger(n) && n >= 1)) c.fail(`dft_length must be a positive integer; got ${n}`);
  const inverse = c.attrs.int("inverse", 0) !== 0;
  const onesided = c.attrs.int("onesided", 0) !== 0;
  if (onesided && inverse) c.fail("onesided=1 with inverse=1 (IRFFT) is not supported: write the inverse on the full spectrum");
  if (onesided && last !== 1) c.fail("onesided=1 takes a real operand (a trailing axis of 1), as the ONNX specification says");
  const re = pairPart(x, 0);
  if (onesided) return asPairs(np.fft.rfft(re, n ?? null, axis));
  const z = last === 2 ? cops.complex(re, pairPart(x, 1)) : cops.complex(re, np.zerosLike(re));
  return asPairs(inverse ? np.fft.ifft(z, n ?? null, axis) : np.fft.fft(z, n ?? null, axis));
}

/** The complex-pair ops the importer reads. */
export const COMPLEX_OPS: Readonly<Record<string, OpImport>> = { DFT: dft };
