/**
 * Solving with an LU factorisation, as JAX's `lu_solve` and `_solve` do: the raw solve (row
 * permutation and two triangular solves, all linear in b, so it transposes), and the solve with
 * JAX's custom derivative (custom_linear_solve): one factorisation serves the primal and every
 * tangent, ẋ = A⁻¹·(ḃ − Ȧ·x). Internal to np.linalg; not exported from the namespace.
 */
import * as ops from "../../primitives/ops.js";
import { bmm, lu, permuteRows, triangularSolve } from "../../primitives/factor/ops.js";
import type { Tensor } from "../../tensor/tensor.js";
import { currentInterpreter } from "../../primitives/bind.js";
import { withJvpRule } from "../math-common.js";

/**
 * `f(inputs)` with JAX's custom derivative `rule` (custom_jvp_call). Evaluated eagerly with no
 * transform active (the root interpreter has no parent), `f` runs directly: the custom rule can
 * only matter to a transform, and tracing `f` into a graph on every eager call would cost more
 * than a small solve.
 */
export function withCustomJvp(
  name: string,
  f: (xs: Tensor[]) => Tensor[],
  rule: (primals: readonly Tensor[], tangents: readonly Tensor[]) => [Tensor[], Tensor[]],
  inputs: readonly Tensor[],
): Tensor[] {
  return currentInterpreter().parent === undefined ? f([...inputs]) : withJvpRule(name, f, rule, inputs);
}

const SOLVE = { leftSide: true, transposeA: false, conjugateA: false } as const;

/**
 * X with A·X = B (`transpose` false) or Aᵀ·X = B, from A's packed factors `f` and `perm`
 * (`[..., m, m]`, `[..., m]`) and B `[..., m, k]` with the same batch dims.
 */
export function luSolve(f: Tensor, perm: Tensor, b: Tensor, transpose = false): Tensor {
  if (!transpose) {
    const y = triangularSolve(f, permuteRows(b, perm), { ...SOLVE, lower: true, unitDiagonal: true });
    return triangularSolve(f, y, { ...SOLVE, lower: false, unitDiagonal: false });
  }
  const y = triangularSolve(f, b, { ...SOLVE, lower: false, transposeA: true, unitDiagonal: false });
  const z = triangularSolve(f, y, { ...SOLVE, lower: true, transposeA: true, unitDiagonal: true });
  // Undo the row permutation: rows go back to where perm took them from (argsort inverts it).
  return permuteRows(z, ops.argsort(perm, perm.ndim - 1));
}

/** A⁻¹·B for A `[..., m, m]` and B `[..., m, k]` (equal batch dims), differentiated as JAX's custom_linear_solve. */
export function solveMatrix(a: Tensor, b: Tensor): Tensor {
  const f = ([x, y]: Tensor[]): Tensor[] => {
    const [factors, , perm] = lu(x!);
    return [luSolve(factors, perm, y!)];
  };
  return withCustomJvp(
    "solve",
    f,
    ([x, y], [dx, dy]) => {
      const [factors, , perm] = lu(x!);
      const sol = luSolve(factors, perm, y!);
      return [[sol], [luSolve(factors, perm, ops.sub(dy!, bmm(dx!, sol)))]];
    },
    [a, b],
  )[0]!;
}
