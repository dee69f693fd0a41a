/**
 * The complex-number constructors and parts: complex(re, im), real, imag, conj. All four are
 * linear over the reals, so their jvps apply them to the tangents. Their transposes follow JAX's
 * convention — linear, not conjugate-linear: the pairing of a cotangent c with a value z is
 * re(c·z) — which gives real ↦ complex(ct, 0), imag ↦ complex(0, −ct), conj ↦ conj(ct) and
 * complex ↦ (re ct, −im ct). With it, grad of a real function of z returns the conjugate of the
 * usual gradient ∂f/∂x + i ∂f/∂y (JAX's convention; docs/complex.md).
 */
import { DTypeError } from "../../errors.js";
import { type Aval, aval } from "../../ir/types.js";
import { complexDTypeOf, isComplex, isFloat, realPartDType } from "../../tensor/dtype.js";
import { fromData } from "../../tensor/from-js.js";
import { complexFromParts, complexPart, conjugate } from "../../tensor/kernels/complex.js";
import { sizeOf } from "../../tensor/shape.js";
import type { Tensor } from "../../tensor/tensor.js";
import { instantiate, isZero, unbroadcast, zeroLike, zerosOf } from "../ad.js";
import { elementwiseBatch, passThroughBatch } from "../batching.js";
import { binaryShape } from "../kinds.js";
import * as ops from "../ops.js";
import { type Tangent, UndefinedPrimal, definePrimitive } from "../rule-types.js";
import * as cops from "./ops.js";

/** Throws unless `a` is complex: real, imag and conj of a real array are np's business (np.real(x) is x). */
function checkComplex(op: string, a: Aval): void {
  if (!isComplex(a.dtype)) {
    throw new DTypeError(`${op}: args[0] has dtype ${a.dtype}, but ${op} takes complex64 or complex128. np.${op} accepts real arrays too.`);
  }
}

const avalOf = (x: Tensor | UndefinedPrimal): Aval => (x instanceof UndefinedPrimal ? x.aval : aval(x.shape, x.dtype));

/** complex(re, im) = re + i·im. */
export const complexPrim = definePrimitive({
  name: "complex",
  kind: "elementwise",
  operands: 2,
  shapeRule: ([a, b]) => {
    if (!isFloat(a!.dtype) || a!.dtype !== b!.dtype) {
      throw new DTypeError(
        `complex: the parts have dtypes ${a!.dtype} and ${b!.dtype}; complex takes two float32 or two float64 arrays. Cast them with np.astype (np.complex promotes for you).`,
      );
    }
    return [aval(binaryShape("complex", a!, b!), complexDTypeOf(a!.dtype))];
  },
  impl: ([a, b], _p, [o]) => [fromData(o!.shape, o!.dtype, complexFromParts(a!.concreteData(), b!.concreteData(), sizeOf(o!.shape), o!.dtype as "complex64"))],
  jvpRule: ([a, b], [da, db]) => {
    const y = cops.complex(a!, b!);
    if (isZero(da) && isZero(db)) return [[y], [zeroLike(y)]];
    const ta = isZero(da) ? zerosOf(aval(a!.shape, a!.dtype)) : da!;
    const tb = isZero(db) ? zerosOf(aval(b!.shape, b!.dtype)) : db!;
    return [[y], [cops.complex(ta, tb)]];
  },
  // ⟨c, re + i·im⟩ = re(c)·re − im(c)·im.
  transposeRule: ([ct], [a, b]) => {
    const ra = avalOf(a!), rb = avalOf(b!);
    if (isZero(ct)) return [zeroLike(ra), zeroLike(rb)];
    const c = ct as Tensor;
    return [unbroadcast(cops.real(c), ra), unbroadcast(ops.neg(cops.imag(c)), rb)];
  },
  batchRule: elementwiseBatch<"complex">(([a, b]) => cops.complex(a!, b!)),
});

/** A unary linear part-taking primitive: shape rule, kernel, jvp (itself on the tangent) and batching. */
function part<N extends "real" | "imag" | "conj">(name: N, kernel: (x: Float32Array | Float64Array) => Float32Array | Float64Array, apply: (x: Tensor) => Tensor, outOf: (d: Aval) => Aval) {
  return {
    name,
    kind: "elementwise" as const,
    operands: 1 as const,
    shapeRule: ([x]: readonly Aval[]): Aval[] => {
      checkComplex(name, x!);
      return [outOf(x!)];
    },
    impl: ([x]: readonly Tensor[], _p: unknown, [o]: readonly Aval[]): Tensor[] => [fromData(o!.shape, o!.dtype, kernel(x!.concreteData() as Float32Array))],
    jvpRule: ([x]: readonly Tensor[], [dx]: readonly Tangent[]): [Tensor[], Tangent[]] => {
      const y = apply(x!);
      return [[y], [isZero(dx) ? zeroLike(y) : apply(dx!)]];
    },
    batchRule: passThroughBatch<N>(apply),
  };
}

const realAval = (x: Aval): Aval => aval(x.shape, realPartDType(x.dtype));

/** real(z) = re z. Transpose: complex(ct, 0). */
export const real = definePrimitive({
  ...part("real", (x) => complexPart(x, 0) as Float32Array, cops.real, realAval),
  transposeRule: ([ct], [x]) => {
    const a = avalOf(x!);
    if (isZero(ct)) return [zeroLike(a)];
    const c = instantiate(ct!);
    return [cops.complex(c, zerosOf(aval(c.shape, c.dtype)))];
  },
});

/** imag(z) = im z. Transpose: complex(0, −ct). */
export const imag = definePrimitive({
  ...part("imag", (x) => complexPart(x, 1) as Float32Array, cops.imag, realAval),
  transposeRule: ([ct], [x]) => {
    const a = avalOf(x!);
    if (isZero(ct)) return [zeroLike(a)];
    const c = instantiate(ct!);
    return [cops.complex(zerosOf(aval(c.shape, c.dtype)), ops.neg(c))];
  },
});

/** conj(z) = re z − i·im z. Transpose: conj(ct). */
export const conj = definePrimitive({
  ...part("conj", (x) => conjugate(x) as Float32Array, cops.conj, (x) => x),
  transposeRule: ([ct], [x]) => (isZero(ct) ? [zeroLike(avalOf(x!))] : [cops.conj(ct as Tensor)]),
});
