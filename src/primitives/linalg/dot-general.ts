/**
 * dot_general[dims](a, b): contracts `lhsContract` of a with `rhsContract` of b, batching over
 * `lhsBatch`/`rhsBatch`. Output: batch dims ++ a's free dims ++ b's free dims (XLA's order).
 * Bilinear: its transposes are dot_generals with the cotangent.
 */
import { DTypeError, NonDifferentiableError, ShapeError, fmtShape } from "../../errors.js";
import { aval } from "../../ir/types.js";
import { fromData } from "../../tensor/from-js.js";
import { dotGeneral as kernel } from "../../tensor/kernels/matmul.js";
import { checkShape } from "../../tensor/shape.js";
import { isComplex } from "../../tensor/dtype.js";
import { checkDType } from "../kinds.js";
import type { Aval } from "../../ir/types.js";
import type { DotDims } from "../../tensor/kernels/matmul.js";
import type { Tensor } from "../../tensor/tensor.js";
import { addTangents, avalOfTensor, instantiate, mapTangent, zeroLike } from "../ad.js";
import * as ops from "../ops.js";
import { moveAxis } from "../batching.js";
import { UndefinedPrimal, definePrimitive } from "../rule-types.js";

const range = (start: number, n: number): number[] => Array.from({ length: n }, (_, i) => start + i);
const argsort = (xs: readonly number[]): number[] => xs.map((_, i) => i).sort((i, j) => xs[i]! - xs[j]!);
const freeDims = (rank: number, ...used: (readonly number[])[]): number[] => range(0, rank).filter((d) => !used.some((u) => u.includes(d)));

/**
 * Cotangent of the lhs: contract the output cotangent with the rhs over the rhs's free dims, which
 * yields [batch, lhs free, lhs contracted (in rhs order)]; a transpose restores the lhs's order.
 * `swapped` is set when called for the rhs, whose free dims come last in the output.
 */
function transposeLhs(ct: Tensor, x: Aval, y: Tensor, dims: DotDims, swapped = false): Tensor {
  const { lhsContract, rhsContract, lhsBatch, rhsBatch } = dims;
  const xKept = freeDims(x.shape.length, lhsContract, lhsBatch);
  const yKept = freeDims(y.ndim, rhsContract, rhsBatch);
  const nb = lhsBatch.length;
  const ansBatch = range(0, nb);
  const ansY = swapped ? range(nb, yKept.length) : range(nb + xKept.length, yKept.length);
  const product = ops.dotGeneral(ct, y, { lhsContract: ansY, rhsContract: yKept, lhsBatch: ansBatch, rhsBatch });
  const contractInYOrder = argsort(rhsContract).map((i) => lhsContract[i]!);
  const outAxes = argsort([...lhsBatch, ...xKept, ...contractInYOrder]);
  return ops.transpose(product, outAxes);
}

/** Cotangent of the rhs: the lhs rule with the operands' roles swapped. */
function transposeRhs(ct: Tensor, x: Tensor, y: Aval, dims: DotDims): Tensor {
  const swappedDims: DotDims = { lhsContract: dims.rhsContract, rhsContract: dims.lhsContract, lhsBatch: dims.rhsBatch, rhsBatch: dims.lhsBatch };
  return transposeLhs(ct, y, x, swappedDims, true);
}

export const dotGeneral = definePrimitive({
  name: "dot_general",
  kind: "linalg",
  shapeRule: ([a, b], { dims }) => {
    if (!isComplex(a!.dtype)) checkDType("dot_general", "args[0]", a!.dtype, "numeric");
    if (a!.dtype !== b!.dtype) {
      throw new DTypeError(`dot_general: operand dtypes differ (${a!.dtype} and ${b!.dtype}); cast one with np.astype.`);
    }
    const { lhsContract, rhsContract, lhsBatch, rhsBatch } = dims;
    const bad = (why: string): never => {
      throw new ShapeError(
        `dot_general: ${why} (lhs ${fmtShape(a!.shape)} contracting (${lhsContract.join(",")}) batch (${lhsBatch.join(",")}); ` +
          `rhs ${fmtShape(b!.shape)} contracting (${rhsContract.join(",")}) batch (${rhsBatch.join(",")})).`,
      );
    };
    const inRange = (axes: readonly number[], n: number): boolean => axes.every((d) => Number.isInteger(d) && d >= 0 && d < n);
    if (lhsContract.length !== rhsContract.length) bad("the contracting dimension lists differ in length");
    if (lhsBatch.length !== rhsBatch.length) bad("the batch dimension lists differ in length");
    if (!inRange([...lhsContract, ...lhsBatch], a!.shape.length) || !inRange([...rhsContract, ...rhsBatch], b!.shape.length)) {
      bad("a dimension index is out of range");
    }
    if (new Set([...lhsContract, ...lhsBatch]).size !== lhsContract.length + lhsBatch.length) bad("a lhs dimension is used twice");
    if (new Set([...rhsContract, ...rhsBatch]).size !== rhsContract.length + rhsBatch.length) bad("a rhs dimension is used twice");
    lhsContract.forEach((d, i) => {
      if (a!.shape[d] !== b!.shape[rhsContract[i]!]) bad(`contracted sizes differ: ${a!.shape[d]} vs ${b!.shape[rhsContract[i]!]}`);
    });
    lhsBatch.forEach((d, i) => {
      if (a!.shape[d] !== b!.shape[rhsBatch[i]!]) bad(`batch sizes differ: ${a!.shape[d]} vs ${b!.shape[rhsBatch[i]!]}`);
    });
    const free = (shape: readonly number[], used: readonly number[]): number[] => shape.filter((_, i) => !used.includes(i));
    const shape = [
      ...lhsBatch.map((d) => a!.shape[d]!),
      ...free(a!.shape, [...lhsContract, ...lhsBatch]),
      ...free(b!.shape, [...rhsContract, ...rhsBatch]),
    ];
    return [aval(checkShape(shape, "dot_general"), a!.dtype)];
  },
  impl: ([a, b], { dims }, [o]) => [fromData(o!.shape, o!.dtype, kernel(a!.concreteData(), a!.shape, b!.concreteData(), b!.shape, dims, o!.dtype))],
  // Bilinear: d(a·b) = da·b + a·db.
  jvpRule: ([a, b], [da, db], { dims }) => {
    const out = ops.dotGeneral(a!, b!, dims);
    const left = mapTangent(da!, (t) => ops.dotGeneral(t, b!, dims), avalOfTensor(out));
    const right = mapTangent(db!, (t) => ops.dotGeneral(a!, t, dims), avalOfTensor(out));
    return [[out], [addTangents(left, right, out.shape)]];
  },
  transposeRule: ([ct], [a, b], { dims }) => {
    if (a instanceof UndefinedPrimal && b instanceof UndefinedPrimal) {
      throw new NonDifferentiableError("transpose: dot_general of two values that both depend on the input is not linear; only linear functions can be transposed.");
    }
    const c = instantiate(ct!);
    return [
      a instanceof UndefinedPrimal ? transposeLhs(c, a.aval, b as Tensor, dims) : zeroLike(c),
      b instanceof UndefinedPrimal ? transposeRhs(c, a as Tensor, b.aval, dims) : zeroLike(c),
    ];
  },
  // Both batched: the batch dim becomes a new leading batch dimension. One batched: it becomes a
  // free dimension of that operand, so the other (e.g. a shared weight matrix) is never copied.
  batchRule: ([a, b], [ba, bb], { dims }) => {
    const up = (xs: readonly number[]): number[] => xs.map((d) => d + 1);
    const { lhsContract, rhsContract, lhsBatch, rhsBatch } = dims;
    if (ba !== null && bb !== null) {
      const out = ops.dotGeneral(moveAxis(a!, ba!, 0), moveAxis(b!, bb!, 0), {
        lhsContract: up(lhsContract), rhsContract: up(rhsContract), lhsBatch: [0, ...up(lhsBatch)], rhsBatch: [0, ...up(rhsBatch)],
      });
      return [[out], [0]];
    }
    if (ba !== null) {
      const out = ops.dotGeneral(moveAxis(a!, ba!, 0), b!, { lhsContract: up(lhsContract), rhsContract, lhsBatch: up(lhsBatch), rhsBatch });
      return [[out], [lhsBatch.length]];
    }
    const out = ops.dotGeneral(a!, moveAxis(b!, bb!, 0), { lhsContract, rhsContract: up(rhsContract), lhsBatch, rhsBatch: up(rhsBatch) });
    const lhsFree = a!.ndim - lhsContract.length - lhsBatch.length;
    return [[out], [lhsBatch.length + lhsFree]];
  },
});
