/**
 * The shapes of a domain's `linearArgs` (the argument sets a primitive with a transpose rule is
 * linear in). A module of its own, importing no domain file, so the domain files that domains.ts
 * spreads into its table can use these while domains.ts is still loading.
 */
import { isInexact } from "../src/tensor/dtype.js";
import type { Tensor } from "../src/tensor/tensor.js";

/** Every float input, jointly: the linear arguments of a primitive linear in all of them (add, a movement, a reduction). */
export const allFloatArgs = (c: { readonly inputs: readonly Tensor[] }): number[][] => [
  c.inputs.flatMap((x, i) => (isInexact(x.dtype) ? [i] : [])),
];

/** Each of the given arguments alone, the others fixed: a bilinear primitive (mul, dot_general). */
export const eachOf = (...args: number[]) => (): number[][] => args.map((a) => [a]);
