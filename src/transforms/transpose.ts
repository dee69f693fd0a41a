/**
 * Transposition: the backward pass over a linear graph. Variables that depend on the graph's
 * inputs are linear (passed to rules as `UndefinedPrimal`); the rest are known values. Walking
 * the equations in reverse, each primitive's transpose rule turns output cotangents into input
 * cotangents, which accumulate. Everything binds, so the backward pass is itself traceable.
 * Law: ⟨transpose(L)(c), t⟩ = ⟨c, L(t)⟩; transposing twice gives L back.
 */
import { NonDifferentiableError } from "../errors.js";
import type { Graph } from "../ir/graph.js";
import type { Atom, Literal } from "../ir/types.js";
import { addTangents } from "../primitives/ad.js";
import { type AnyPrimitive, type Tangent, UndefinedPrimal, Zero } from "../primitives/rule-types.js";
import { primitive } from "../primitives/table.js";
import { scalar } from "../tensor/from-js.js";
import type { Tensor } from "../tensor/tensor.js";
import { bind, inBackwardPass } from "../trace/interpreter.js";
import { asBackward, swapProvenance } from "../trace/provenance.js";

/**
 * Cotangents of a linear graph's inputs given cotangents of its outputs (zeros symbolic).
 * `where` names the transform for the not-linear error. Inputs given a value in `knownInputs` are
 * constants (their cotangent is Zero): checkpoint uses this to recompute its primal part here.
 */
export function backwardPass(
  g: Graph,
  cts: readonly Tangent[],
  where = "transpose",
  knownInputs: readonly (Tensor | undefined)[] = [],
): Tangent[] {
  return inBackwardPass(() => transposeGraph(g, cts, where, knownInputs));
}

function transposeGraph(g: Graph, cts: readonly Tangent[], where: string, knownInputs: readonly (Tensor | undefined)[]): Tangent[] {
  const linear = new Set<number>();
  const known = new Map<number, Tensor>();
  g.constVars.forEach((v, i) => known.set(v.id, g.constValues[i]!));
  g.inputs.forEach((v, i) => {
    const value = knownInputs[i];
    if (value === undefined) linear.add(v.id);
    else known.set(v.id, value);
  });
  const value = (a: Atom): Tensor => (a._tag === "Literal" ? scalar((a as Literal).value, a.aval.dtype) : known.get(a.id)!);
  const isLinear = (a: Atom): boolean => a._tag === "Var" && linear.has(a.id);

  // Forward: compute the known (non-linear) part; mark what depends on the inputs.
  const linearEqns = [];
  for (const e of g.equations) {
    if (e.inputs.some(isLinear)) {
      e.outputs.forEach((v) => linear.add(v.id));
      linearEqns.push(e);
    } else {
      const saved = swapProvenance(e);
      try {
        const outs = bind(primitive(e.primitive) as never, e.inputs.map(value), e.params as never);
        e.outputs.forEach((v, i) => known.set(v.id, outs[i]!));
      } finally {
        swapProvenance(saved);
      }
    }
  }

  const ctEnv = new Map<number, Tangent>();
  const accumulate = (id: number, ct: Tangent, shape: readonly number[]): void => {
    const prev = ctEnv.get(id);
    ctEnv.set(id, prev === undefined ? ct : addTangents(prev, ct, shape));
  };
  g.outputs.forEach((a, i) => {
    if (isLinear(a)) accumulate((a as { id: number }).id, cts[i]!, a.aval.shape);
  });

  for (let k = linearEqns.length - 1; k >= 0; k--) {
    const e = linearEqns[k]!;
    const ctsOut = e.outputs.map((v) => ctEnv.get(v.id) ?? new Zero(v.aval));
    e.outputs.forEach((v) => ctEnv.delete(v.id));
    if (ctsOut.every((c) => c instanceof Zero)) continue;
    const prim = primitive(e.primitive) as AnyPrimitive;
    const rule = prim.transposeRule;
    if (rule === "nonlinear") {
      throw new NonDifferentiableError(
        `${where}: the function is not linear in its input: it applies ${e.primitive}${e.source ? ` (at ${e.source})` : ""} ` +
          `to a value that depends on the input. Only linear functions can be transposed; use vjp for others.`,
      );
    }
    const args = e.inputs.map((a) => (isLinear(a) ? new UndefinedPrimal(a.aval) : value(a)));
    // What the rule binds differentiates e: it takes e's source line and scope (see provenance.ts).
    const saved = swapProvenance(asBackward(e));
    let ctsIn: Tangent[];
    try {
      ctsIn = (rule as (c: readonly Tangent[], a: readonly (Tensor | UndefinedPrimal)[], p: unknown) => Tangent[])(ctsOut, args, e.params);
    } finally {
      swapProvenance(saved);
    }
    e.inputs.forEach((a, i) => {
      if (isLinear(a)) accumulate((a as { id: number }).id, ctsIn[i]!, a.aval.shape);
    });
  }
  return g.inputs.map((v) => (linear.has(v.id) ? ctEnv.get(v.id) : undefined) ?? new Zero(v.aval));
}
