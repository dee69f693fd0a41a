/**
 * `einsum(spec, ...xs)`: Einstein summation lowered to primitives — diagonals of repeated labels
 * (a mask and a sum), sums of labels used once, then a left-to-right chain of dot_generals whose
 * shared labels are batch dims when still needed and contracted otherwise, and a final transpose.
 * Supports implicit output (`"ij,jk"`) and ellipsis (`"...ij,...jk->...ik"`).
 */
import { ShapeError, fmtShape } from "../errors.js";
import * as ops from "../primitives/ops.js";
import type { Tensor, TensorLike } from "../tensor/tensor.js";
import { promoteOperands, requireNumeric } from "./coerce.js";

interface Term {
  t: Tensor;
  labels: string[];
}

// Labels standing for ellipsis dims: Greek letters, which users never type in specs.
const ellipsisLabel = (i: number): string => String.fromCharCode(0x3b1 + i);

function parse(spec: string, xs: readonly Tensor[]): { inputs: string[][]; output: string[]; sizes: Map<string, number> } {
  const clean = spec.replace(/\s+/g, "");
  const bad = (why: string): never => {
    throw new ShapeError(`np.einsum("${spec}"): ${why}`);
  };
  if (!/^[A-Za-z.,]*(->[A-Za-z.]*)?$/.test(clean)) bad("labels must be letters, separated by commas, with an optional '->' output.");
  const [lhs, rhs] = clean.split("->") as [string, string | undefined];
  const parts = lhs.split(",");
  if (parts.length !== xs.length) bad(`the spec has ${parts.length} operands but ${xs.length} arrays were given.`);
  let ellipsisRank = 0;
  const inputs = parts.map((p, i) => {
    const dots = p.split("...").length - 1;
    if (dots > 1 || (dots === 0 && p.includes("."))) bad(`operand ${i} ("${p}") has a malformed ellipsis.`);
    const named = p.replace("...", "").split("");
    const rank = xs[i]!.ndim;
    const k = rank - named.length;
    if (k < 0 || (dots === 0 && k !== 0)) {
      bad(`operand ${i} ("${p}") has ${named.length} labels but the array ${fmtShape(xs[i]!.shape)} has ${rank} dimensions.`);
    }
    ellipsisRank = Math.max(ellipsisRank, k);
    if (dots === 0) return named;
    const at = p.indexOf("...");
    const before = p.slice(0, at).split("").filter(Boolean);
    const after = p.slice(at + 3).split("").filter(Boolean);
    return [...before, ...Array.from({ length: k }, (_, j) => ellipsisLabel(ellipsisRank - k + j)), ...after];
  });
  // Ellipsis dims are right-aligned across operands: re-label now that the largest rank is known.
  inputs.forEach((labels, i) => {
    const p = parts[i]!;
    if (!p.includes("...")) return;
    const before = p.slice(0, p.indexOf("...")).length;
    const k = xs[i]!.ndim - (p.length - 3);
    for (let j = 0; j < k; j++) labels[before + j] = ellipsisLabel(ellipsisRank - k + j);
  });
  const ell = Array.from({ length: ellipsisRank }, (_, j) => ellipsisLabel(j));
  let output: string[];
  if (rhs === undefined) {
    const counts = new Map<string, number>();
    for (const l of inputs.flat()) counts.set(l, (counts.get(l) ?? 0) + 1);
    output = [...ell, ...[...counts.keys()].filter((l) => counts.get(l) === 1 && !ell.includes(l)).sort()];
  } else {
    if (rhs.split("...").length > 2 || (rhs.replace("...", "").includes("."))) bad("the output has a malformed ellipsis.");
    const at = rhs.indexOf("...");
    output = at < 0 ? rhs.split("") : [...rhs.slice(0, at).split(""), ...ell, ...rhs.slice(at + 3).split("")];
    output = output.filter(Boolean);
    if (at < 0 && ellipsisRank > 0) bad("operands use '...' but the output does not; add '...' to the output.");
  }
  if (new Set(output).size !== output.length) bad("an output label is repeated.");
  for (const l of output) if (!inputs.some((ls) => ls.includes(l))) bad(`output label '${l}' does not appear in any operand.`);
  // Named labels must agree exactly; ellipsis dims broadcast (size 1 stretches), as in numpy.
  const sizes = new Map<string, number>();
  inputs.forEach((labels, i) =>
    labels.forEach((l, d) => {
      const n = xs[i]!.shape[d]!;
      const seen = sizes.get(l);
      const broadcastable = ell.includes(l) && (seen === 1 || n === 1);
      if (seen !== undefined && seen !== n && !broadcastable) {
        bad(`label '${l}' has size ${seen} in one place but ${n} in operand ${i} ${fmtShape(xs[i]!.shape)}.`);
      }
      sizes.set(l, seen === undefined || seen === 1 ? n : seen);
    }),
  );
  return { inputs, output, sizes };
}

/** Takes the diagonal of every repeated label within one operand. */
function diagonals(term: Term): Term {
  let { t, labels } = term;
  for (;;) {
    const q = labels.findIndex((l, i) => labels.indexOf(l) !== i);
    if (q < 0) return { t, labels };
    const p = labels.indexOf(labels[q]!);
    const n = t.shape[p]!;
    const eye = ops.convert(ops.binaryOp("eq", ops.iota("int32", [n, n], 0), ops.iota("int32", [n, n], 1)), t.dtype);
    t = ops.reduceSum(ops.mul(t, ops.broadcastInDim(eye, t.shape, [p, q])), [q]);
    labels = labels.filter((_, i) => i !== q);
  }
}

/** Sums out labels that `keep` does not contain. */
function sumExcept(term: Term, keep: Set<string>): Term {
  const axes = term.labels.flatMap((l, i) => (keep.has(l) ? [] : [i]));
  if (axes.length === 0) return term;
  return { t: ops.reduceSum(term.t, axes), labels: term.labels.filter((l) => keep.has(l)) };
}

function contractPair(a: Term, b: Term, later: Set<string>): Term {
  const shared = a.labels.filter((l) => b.labels.includes(l));
  const batch = shared.filter((l) => later.has(l));
  const contract = shared.filter((l) => !later.has(l));
  const t = ops.dotGeneral(a.t, b.t, {
    lhsBatch: batch.map((l) => a.labels.indexOf(l)),
    rhsBatch: batch.map((l) => b.labels.indexOf(l)),
    lhsContract: contract.map((l) => a.labels.indexOf(l)),
    rhsContract: contract.map((l) => b.labels.indexOf(l)),
  });
  const free = (x: Term): string[] => x.labels.filter((l) => !shared.includes(l));
  return { t, labels: [...batch, ...free(a), ...free(b)] };
}

/**
 * Einstein summation over labelled axes.
 *
 * @example
 * ```ts
 * np.einsum("ij,jk->ik", a, b);   // matmul
 * np.einsum("ii", a);             // trace
 * np.einsum("bij,bjk->bik", x, y) // batched matmul
 * ```
 */
export function einsum(spec: string, ...xs: TensorLike[]): Tensor {
  if (typeof spec !== "string") throw new ShapeError("np.einsum: the first argument must be a spec string such as \"ij,jk->ik\".");
  if (xs.length === 0) throw new ShapeError(`np.einsum("${spec}"): pass at least one array.`);
  const ts = promoteOperands("einsum", xs);
  requireNumeric("einsum", ts[0]!);
  const { inputs, output, sizes } = parse(spec, ts);
  const stretched = ts.map((t, i) => {
    const full = inputs[i]!.map((l) => sizes.get(l)!);
    return full.every((n, d) => n === t.shape[d]) ? t : ops.broadcastInDim(t, full, full.map((_, d) => d));
  });
  const terms = stretched.map((t, i) => diagonals({ t, labels: inputs[i]! }));
  const neededAfter = (i: number): Set<string> => new Set([...output, ...terms.slice(i + 1).flatMap((x) => x.labels)]);
  let acc = sumExcept(terms[0]!, new Set([...neededAfter(0)]));
  for (let i = 1; i < terms.length; i++) {
    const later = neededAfter(i);
    const next = sumExcept(terms[i]!, new Set([...later, ...acc.labels]));
    acc = sumExcept(acc, new Set([...later, ...next.labels]));
    acc = contractPair(acc, next, later);
  }
  acc = sumExcept(acc, new Set(output));
  const perm = output.map((l) => acc.labels.indexOf(l));
  return perm.every((p, i) => p === i) ? acc.t : ops.transpose(acc.t, perm);
}
