/**
 * lu_pivots_to_permutation[permutationSize](pivots): JAX's `lu_pivots_to_permutation_p` — the
 * permutation of 0…permutationSize−1 that applying the row swaps `pivots` (int32 `[..., k]`,
 * k ≤ permutationSize) in order makes. Integer in, integer out: no derivative. Batches by moving
 * the vmapped axis to the front.
 */
import { ArgumentError, DTypeError, ShapeError, fmtShape } from "../../errors.js";
import { aval } from "../../ir/types.js";
import { fromData } from "../../tensor/from-js.js";
import { pivotsToPermutation } from "../../tensor/kernels/factor.js";
import { zeroJvp } from "../ad.js";
import { moveAxis } from "../batching.js";
import { definePrimitive } from "../rule-types.js";
import { luPivotsToPermutation as bind } from "./ops.js";

export const luPivotsToPermutation = definePrimitive({
  name: "lu_pivots_to_permutation",
  kind: "indexing",
  shapeRule: ([p], { permutationSize }) => {
    if (p!.dtype !== "int32") throw new DTypeError(`lu_pivots_to_permutation: args[0] (pivots) has dtype ${p!.dtype}; it takes int32 pivots as lax.linalg.lu returns them.`);
    if (p!.shape.length < 1) throw new ShapeError(`lu_pivots_to_permutation: pivots must have at least one axis [..., k]; got shape ${fmtShape(p!.shape)}.`);
    const k = p!.shape[p!.shape.length - 1]!;
    if (!Number.isInteger(permutationSize) || permutationSize < k) {
      throw new ArgumentError(`lu_pivots_to_permutation: permutationSize is ${permutationSize}, but it must be an integer at least the number of pivots (${k}, from shape ${fmtShape(p!.shape)}).`);
    }
    return [aval([...p!.shape.slice(0, -1), permutationSize], "int32")];
  },
  impl: ([p], { permutationSize }, [o]) => [fromData(o!.shape, "int32", pivotsToPermutation(p!.concreteData(), p!.shape, permutationSize))],
  jvpRule: zeroJvp(([p], { permutationSize }) => [bind(p!, permutationSize)]),
  transposeRule: "nonlinear",
  batchRule: ([p], [bd], { permutationSize }) => [[bind(moveAxis(p!, bd!, 0), permutationSize)], [0]],
});
