/**
 * dot_general[dims](a, b): contracts `lhsContract` of a with `rhsContract` of b, batching over
 * `lhsBatch`/`rhsBatch`. Output: batch dims ++ a's free dims ++ b's free dims (XLA's order).
 * Bilinear: its transposes are dot_generals with the cotangent.
 */
import { DTypeError, ShapeError, fmtShape } from "../../errors.js";
import { aval } from "../../ir/types.js";
import { fromData } from "../../tensor/from-js.js";
import { dotGeneral as kernel } from "../../tensor/kernels/matmul.js";
import { checkDType } from "../kinds.js";
import { definePrimitive, pendingRule } from "../rule-types.js";

export const dotGeneral = definePrimitive({
  name: "dot_general",
  shapeRule: ([a, b], { dims }) => {
    checkDType("dot_general", "args[0]", a!.dtype, "numeric");
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
    return [aval(shape, a!.dtype)];
  },
  impl: ([a, b], { dims }, [o]) => [fromData(o!.shape, o!.dtype, kernel(a!.concreteData(), a!.shape, b!.concreteData(), b!.shape, dims, o!.dtype))],
  jvpRule: pendingRule("jvp"),
  transposeRule: pendingRule("transpose"),
  batchRule: pendingRule("batch"),
});
