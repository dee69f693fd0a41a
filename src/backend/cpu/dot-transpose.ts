/**
 * A dot_general read only by a transpose that swaps its two free-dimension groups — what reverse
 * mode makes of a weight gradient: `transpose(dot_general(ct, x))` — runs as one dot_general with
 * its operands swapped, which writes the transposed layout directly: no transposed copy, no
 * intermediate array. The same bits as the pair: every output element is the same products
 * (multiplication commutes) summed in the same depth order by the same kernel, which chooses its
 * path from the depth and the product's size — both unchanged by the swap.
 */
import { Graph } from "../../ir/graph.js";
import type { Equation, EquationOf } from "../../ir/types.js";

/** True if `perm` maps [batch, lhs free, rhs free] to [batch, rhs free, lhs free]. */
function swapsFreeGroups(perm: readonly number[], nb: number, nl: number, nr: number): boolean {
  if (perm.length !== nb + nl + nr || nl === 0 || nr === 0) return false;
  for (let i = 0; i < nb; i++) if (perm[i] !== i) return false;
  for (let i = 0; i < nr; i++) if (perm[nb + i] !== nb + nl + i) return false;
  for (let i = 0; i < nl; i++) if (perm[nb + nr + i] !== nb + i) return false;
  return true;
}

/**
 * `g` with each such dot_general–transpose pair replaced by one swapped dot_general (placed where
 * the dot_general was, defining the transpose's result); `g` itself when there is none.
 *
 * @example
 * ```ts
 * const g = trace((w, x) => np.matmul(x, w).T)(np.ones([3, 4]), np.ones([2, 3]));
 * swapTransposedDots(g).equations.map((e) => e.primitive); // ["dot_general"]
 * ```
 */
export function swapTransposedDots(g: Graph): Graph {
  const readers = new Map<number, number>();
  for (const e of g.equations) for (const a of e.inputs) if (a._tag === "Var") readers.set(a.id, (readers.get(a.id) ?? 0) + 1);
  for (const a of g.outputs) if (a._tag === "Var") readers.set(a.id, (readers.get(a.id) ?? 0) + 1);
  const dotOf = new Map<number, EquationOf<"dot_general">>();
  for (const e of g.equations) if (e.primitive === "dot_general" && e.outputs.length === 1) dotOf.set(e.outputs[0]!.id, e);
  /** The swapped dot_general for each absorbed transpose, keyed by the dot_general it replaces. */
  const swapped = new Map<Equation, Equation>();
  const absorbed = new Set<Equation>();
  for (const e of g.equations) {
    if (e.primitive !== "transpose" || e.inputs[0]?._tag !== "Var") continue;
    const d = dotOf.get(e.inputs[0].id);
    if (d === undefined || readers.get(e.inputs[0].id) !== 1) continue;
    const [a, b] = d.inputs as [Equation["inputs"][number], Equation["inputs"][number]];
    const { lhsContract, rhsContract, lhsBatch, rhsBatch } = d.params.dims;
    const nb = lhsBatch.length;
    const nl = a.aval.shape.length - nb - lhsContract.length;
    const nr = b.aval.shape.length - nb - rhsContract.length;
    if (!swapsFreeGroups(e.params.permutation, nb, nl, nr)) continue;
    swapped.set(d, {
      ...d,
      inputs: [b, a],
      params: { dims: { lhsContract: rhsContract, rhsContract: lhsContract, lhsBatch: rhsBatch, rhsBatch: lhsBatch } },
      outputs: e.outputs,
    } as Equation);
    absorbed.add(e);
  }
  if (swapped.size === 0) return g;
  const equations = g.equations.flatMap((e) => (absorbed.has(e) ? [] : [swapped.get(e) ?? e]));
  return new Graph({ inputs: g.inputs, constVars: g.constVars, constValues: g.constValues, equations, outputs: g.outputs, inTree: g.inTree, outTree: g.outTree });
}
