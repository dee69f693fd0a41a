/**
 * triangular_solve[leftSide, lower, transposeA, conjugateA, unitDiagonal](a, b): JAX's
 * `triangular_solve_p` — X with op(A)·X = B (leftSide) or X·op(A) = B, A `[..., m, m]` read in one
 * triangle, B `[..., m, n]` or `[..., n, m]` with A's batch dims. Linear in b: its transpose solves
 * with op(A)ᵀ. In a (as JAX): Ẋ = −op(A)⁻¹·op(Ȧ)·X (left) or −X·op(Ȧ)·op(A)⁻¹ (right), Ȧ masked
 * to the triangle read (strictly, under unitDiagonal), the cheaper association chosen by shape.
 * Batching: b alone batched folds the batch into b's columns (left) or rows (right), so A is not
 * copied; otherwise both get the batch axis in front.
 */
import { DTypeError, NonDifferentiableError, ShapeError, fmtShape } from "../../errors.js";
import { aval } from "../../ir/types.js";
import { fromData } from "../../tensor/from-js.js";
import { triangularSolve as kernel } from "../../tensor/kernels/factor.js";
import { shapesEqual } from "../../tensor/shape.js";
import type { Tensor } from "../../tensor/tensor.js";
import { addTangents, instantiate, isZero, mapTangent, zeroLike } from "../ad.js";
import { batchSize, batchedAtFront, moveAxis } from "../batching.js";
import * as ops from "../ops.js";
import { UndefinedPrimal, definePrimitive } from "../rule-types.js";
import { checkFloatMatrix, checkSquare } from "./check.js";
import { bmm, mT, triangularSolve as bindSolve, tril, triu } from "./ops.js";
import type { TriangularSolveParams } from "./params.js";

/** The derivative through a: −op(A)⁻¹·op(Ȧ)·X or −X·op(Ȧ)·op(A)⁻¹, in the cheaper order. */
function tangentThroughA(da: Tensor, ans: Tensor, a: Tensor, p: TriangularSolveParams): Tensor {
  const [m, n] = ans.shape.slice(-2) as [number, number];
  const k = p.unitDiagonal ? 1 : 0;
  let g = p.lower ? tril(da, -k) : triu(da, k);
  g = ops.neg(g);
  if (p.transposeA) g = mT(g);
  const inverse = (rhs: Tensor): Tensor => bindSolve(a, rhs, p);
  if (p.leftSide) return m > n ? inverse(bmm(g, ans)) : bmm(inverse(g), ans);
  return m < n ? inverse(bmm(ans, g)) : bmm(ans, inverse(g));
}

export const triangularSolve = definePrimitive({
  name: "triangular_solve",
  kind: "linalg",
  shapeRule: ([a, b], { leftSide }) => {
    checkSquare("triangular_solve", "args[0] (a)", a!);
    checkFloatMatrix("triangular_solve", "args[1] (b)", b!);
    if (a!.dtype !== b!.dtype) {
      throw new DTypeError(`triangular_solve: a is ${a!.dtype} but b is ${b!.dtype}; cast one with np.astype so they match.`);
    }
    const m = a!.shape[a!.shape.length - 1]!;
    const common = leftSide ? b!.shape.length - 2 : b!.shape.length - 1;
    if (b!.shape.length !== a!.shape.length || !shapesEqual(a!.shape.slice(0, -2), b!.shape.slice(0, -2)) || b!.shape[common] !== m) {
      const want = leftSide ? `[..., ${m}, n]` : `[..., n, ${m}]`;
      throw new ShapeError(
        `triangular_solve: a ${fmtShape(a!.shape)} and b ${fmtShape(b!.shape)} do not fit: with leftSide=${leftSide} b must be ${want} with a's batch dims ${fmtShape(a!.shape.slice(0, -2))}.`,
      );
    }
    return [aval(b!.shape, b!.dtype)];
  },
  impl: ([a, b], p, [o]) => [fromData(o!.shape, o!.dtype, kernel(a!.concreteData(), a!.shape, b!.concreteData(), b!.shape, p, o!.dtype))],
  jvpRule: ([a, b], [da, db], p) => {
    const x = bindSolve(a!, b!, p);
    const viaB = mapTangent(db!, (t) => bindSolve(a!, t, p), aval(x.shape, x.dtype));
    const viaA = isZero(da) ? zeroLike(x) : tangentThroughA(instantiate(da!), x, a!, p);
    return [[x], [addTangents(viaA, viaB, x.shape)]];
  },
  // Linear in b only (as div is in its numerator): ct_b = op(A)⁻ᵀ applied on the same side.
  transposeRule: ([ct], [a, b], p) => {
    if (a instanceof UndefinedPrimal) {
      throw new NonDifferentiableError("transpose: triangular_solve is not linear in its matrix a; only b may depend on the linear input.");
    }
    const bAval = (b as UndefinedPrimal).aval;
    if (isZero(ct)) return [zeroLike(a as Tensor), zeroLike(bAval)];
    return [zeroLike(a as Tensor), bindSolve(a as Tensor, instantiate(ct!), { ...p, transposeA: !p.transposeA })];
  },
  batchRule: ([a, b], [ba, bb], p) => {
    if (ba === null) {
      // Left: [..., m, n, B] → [..., m, n·B]; right: [..., n, B, m] → [..., n·B, m].
      const y = moveAxis(b!, bb!, p.leftSide ? b!.ndim - 1 : b!.ndim - 2);
      const s = y.shape;
      const r = s.length;
      const folded = p.leftSide
        ? ops.reshape(y, [...s.slice(0, r - 3), s[r - 3]!, s[r - 2]! * s[r - 1]!])
        : ops.reshape(y, [...s.slice(0, r - 3), s[r - 3]! * s[r - 2]!, s[r - 1]!]);
      const out = bindSolve(a!, folded, p);
      return [[ops.reshape(out, s)], [p.leftSide ? r - 1 : r - 2]];
    }
    const size = batchSize([a!, b!], [ba, bb]);
    return [[bindSolve(batchedAtFront(a!, ba, size), batchedAtFront(b!, bb, size), p)], [0]];
  },
});
