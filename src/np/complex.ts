/**
 * Complex numbers: np.complex, np.real, np.imag, np.conj (np.conjugate), np.angle, np.iscomplexobj.
 * A complex tensor (complex64 or complex128) stores re/im interleaved; `toArray()` gives `[re, im]`
 * pairs. Real inputs are accepted where numpy accepts them: np.real(x) of a real x is x, np.imag
 * its zeros, np.conj x itself. docs/complex.md states the autodiff convention (JAX's).
 */
import * as cops from "../primitives/complex/ops.js";
import * as ops from "../primitives/ops.js";
import { isComplex, realPartDType } from "../tensor/dtype.js";
import { scalar } from "../tensor/from-js.js";
import type { Tensor, TensorLike } from "../tensor/tensor.js";
import { ArgumentError, describeValue } from "../errors.js";
import { prepareOperands, tensorArg, toFloat } from "./coerce.js";
import { optionalArgs } from "./options.js";

/**
 * re + i·im, broadcasting (numpy's `re + 1j * im`): float32 parts (and ints, bools) give
 * complex64, float64 parts complex128. fluxion's constructor of complex arrays from real data.
 * @example `np.complex([1, 2], [3, 4]).toArray()` // [[1, 3], [2, 4]]
 */
export function complex(re: TensorLike, im: TensorLike): Tensor {
  const [a, b] = prepareOperands("complex", [re, im]).map(toFloat);
  if (isComplex(a!.dtype)) {
    // Complex parts: re + i·im as arithmetic (numpy's formula), so complex inputs still mean something.
    return ops.add(a!, ops.mul(b!, cops.complex(scalar(0, realPartDType(a!.dtype)), scalar(1, realPartDType(a!.dtype)))));
  }
  return cops.complex(a!, b!);
}

/**
 * The real part (a real array is returned as it is, as numpy does).
 * @example `np.real(np.complex(1, 2)).item()` // 1
 */
export function real(x: TensorLike): Tensor {
  const t = tensorArg("real", x);
  return isComplex(t.dtype) ? cops.real(t) : t;
}

/**
 * The imaginary part (zeros of a real array's dtype for a real array, as numpy does).
 * @example `np.imag(np.complex(1, 2)).item()` // 2
 */
export function imag(x: TensorLike): Tensor {
  const t = tensorArg("imag", x);
  if (isComplex(t.dtype)) return cops.imag(t);
  return ops.broadcastInDim(scalar(0, t.dtype), t.shape, []);
}

/**
 * The complex conjugate (a real array is returned as it is, as jnp.conjugate does).
 * @example `np.conj(np.complex(1, 2)).toArray()` // [1, -2]
 */
export function conj(x: TensorLike): Tensor {
  const t = tensorArg("conj", x);
  return isComplex(t.dtype) ? cops.conj(t) : t;
}

/** numpy's long name of `conj`. @example `np.conjugate(np.complex(1, 2)).toArray()` // [1, -2] */
export const conjugate = conj;

/**
 * The argument (phase) of each element in radians, in (−π, π]: atan2(imag, real). Real inputs
 * give 0 or π by sign (ints and bools as float32), as numpy. `deg` (JAX's keyword, positional
 * or `{ deg: true }`) gives degrees.
 * @example `np.angle(np.complex(0, 1)).item()` // 1.5707963…
 */
export function angle(x: TensorLike, ...rest: [deg?: boolean] | [options: { deg?: boolean }]): Tensor {
  const { deg = false } = optionalArgs("np.angle", ["deg"], rest);
  if (typeof deg !== "boolean") throw new ArgumentError(`np.angle: deg is ${describeValue(deg)}; pass true or false.`);
  const t = toFloat(tensorArg("angle", x));
  const re = isComplex(t.dtype) ? cops.real(t) : t;
  const im = isComplex(t.dtype) ? cops.imag(t) : ops.broadcastInDim(scalar(0, t.dtype), t.shape, []);
  const a = ops.binaryOp("atan2", im, re);
  return deg ? ops.mul(a, scalar(180 / Math.PI, a.dtype)) : a;
}

/**
 * True if `x` has a complex dtype (numpy's `iscomplexobj`).
 * @example `np.iscomplexobj(np.complex(1, 0))` // true
 */
export function iscomplexobj(x: TensorLike): boolean {
  return isComplex(tensorArg("iscomplexobj", x).dtype);
}
