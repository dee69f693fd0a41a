/** The operand checks this area's shape rules share: a float (not yet complex) batch of matrices. */
import { DTypeError, ShapeError, fmtShape } from "../../errors.js";
import type { Aval } from "../../ir/types.js";
import { isComplex, isFloat } from "../../tensor/dtype.js";

/** Rejects all but float32/float64 (complex with a "not yet" message naming the primitive). */
export function checkFloatMatrix(op: string, arg: string, x: Aval): void {
  if (isComplex(x.dtype)) {
    throw new DTypeError(`${op}: ${arg} is ${x.dtype}; complex matrices are not supported yet by ${op}. Pass float32 or float64 (np.real(x) if the imaginary part is zero).`);
  }
  if (!isFloat(x.dtype)) {
    throw new DTypeError(`${op}: ${arg} has dtype ${x.dtype}, but ${op} takes float32 or float64. Cast it with np.astype(x, "float32").`);
  }
  if (x.shape.length < 2) {
    throw new ShapeError(`${op}: ${arg} has shape ${fmtShape(x.shape)}, but it must be a batch of matrices [..., m, n] (at least 2-D).`);
  }
}

/** Also requires the matrices to be square. */
export function checkSquare(op: string, arg: string, x: Aval): void {
  checkFloatMatrix(op, arg, x);
  const [m, n] = x.shape.slice(-2);
  if (m !== n) {
    throw new ShapeError(`${op}: ${arg} has shape ${fmtShape(x.shape)}, but its last two axes must be equal (a batch of square matrices [..., n, n]).`);
  }
}
