/**
 * Where each residual of a linearized scan body comes from, so that scan's jvp stacks per step
 * only what changes from step to step. A body's linearization (`linearizeGraph`) returns its
 * residuals — the primal values its linear part reads — as extra outputs of the primal body. Some
 * are the same every step: a constant of the scan read as it is (a weight matrix), a constant of
 * the body graph, or a value computed from those alone (a transposed weight). Those become
 * constants of the tangent scan, computed once; a residual that is the step's x is read from xs
 * itself; only the rest (an activation's derivative, the incoming carry) is stacked by the primal
 * scan, one row a step — as JAX's partial evaluation of scan does with its loop-invariant residuals.
 */
import { Graph } from "../../ir/graph.js";
import type { Equation, Var } from "../../ir/types.js";
import { scalar } from "../../tensor/from-js.js";
import type { Tensor } from "../../tensor/tensor.js";

/** One residual's source: a scan constant, a body constant, invariant, an xs component, or stacked. */
export type ResidualSource =
  | { readonly kind: "const"; readonly index: number }
  | { readonly kind: "value"; readonly value: Tensor }
  | { readonly kind: "invariant"; readonly index: number }
  | { readonly kind: "xs"; readonly index: number }
  | { readonly kind: "stacked"; readonly index: number };

/** The residuals of a linearized scan body, classified. */
export interface ScanResiduals {
  /** Per residual (in the linear graph's order), where its value comes from. */
  readonly sources: readonly ResidualSource[];
  /** The constants ↦ the invariant computed residuals (none: undefined). */
  readonly invariant: Graph | undefined;
  /** The primal body: (consts, carry, x) ↦ (carry, ys, stacked residuals). */
  readonly body: Graph;
}

const classified = new WeakMap<Graph, ScanResiduals>();

/**
 * Classifies the residuals of `primal` (a scan body's primal graph from `linearizeGraph`: inputs
 * (consts, carry, x), outputs the body's `numOutputs` outputs then the residuals). Cached per graph.
 *
 * @example
 * ```ts
 * // h ↦ tanh(h·w + x), w a traced constant of the scan: its residuals are w itself (read as it
 * // is, never stacked), the incoming carry h and the derivative 1 − tanh² (both stacked).
 * const g = trace((w: Tensor, xs: Tensor) => lax.scan((h: Tensor, x: Tensor): [Tensor, null] => [np.tanh(np.add(np.matmul(h, w), x)), null], np.ones([3]), xs))(np.eye(3), np.ones([4, 3]));
 * const { body, numConsts } = g.equations.find((e) => e.primitive === "scan")!.params as { body: Graph; numConsts: number };
 * const { primal } = linearizeGraph(body, [true, true, false]); // tangents for w and h, none for x
 * const { sources } = scanResiduals(primal, numConsts, 1, 1);
 * sources[0]!.kind === "const"; // true
 * sources.filter((s) => s.kind === "stacked").length; // 2
 * ```
 */
export function scanResiduals(primal: Graph, numConsts: number, numCarry: number, numOutputs: number): ScanResiduals {
  const known = classified.get(primal);
  if (known !== undefined) return known;
  const inputIndex = new Map(primal.inputs.map((v, i) => [v.id, i]));
  const constValue = new Map(primal.constVars.map((v, i) => [v.id, primal.constValues[i]!]));
  const invariantVars = loopInvariant(primal, numConsts);
  const invariantOut: Var[] = [];
  const stackedOut: Var[] = [];
  const sources = primal.outputs.slice(numOutputs).map((a): ResidualSource => {
    // Simplification may have folded a residual into a literal (a scalar constant).
    if (a._tag !== "Var") return { kind: "value", value: scalar(a.value, a.aval.dtype) };
    const i = inputIndex.get(a.id);
    if (i !== undefined && i < numConsts) return { kind: "const", index: i };
    if (i !== undefined && i >= numConsts + numCarry) return { kind: "xs", index: i - numConsts - numCarry };
    const value = constValue.get(a.id);
    if (value !== undefined) return { kind: "value", value };
    if (i === undefined && invariantVars.has(a.id)) return { kind: "invariant", index: invariantOut.push(a) - 1 };
    return { kind: "stacked", index: stackedOut.push(a) - 1 };
  });
  const invariantEqs = primal.equations.filter((e) => e.outputs.every((v) => invariantVars.has(v.id)));
  const result: ScanResiduals = {
    sources,
    invariant:
      invariantOut.length === 0
        ? undefined
        : new Graph({ inputs: primal.inputs.slice(0, numConsts), constVars: primal.constVars, constValues: primal.constValues, equations: neededFor(invariantEqs, invariantOut), outputs: invariantOut }),
    body:
      stackedOut.length === sources.length
        ? primal
        : new Graph({ inputs: primal.inputs, constVars: primal.constVars, constValues: primal.constValues, equations: primal.equations, outputs: [...primal.outputs.slice(0, numOutputs), ...stackedOut] }),
  };
  classified.set(primal, result);
  return result;
}

/**
 * The ids of the variables of `g` computed from its first `numConsts` inputs and its constants
 * alone (those included): what a loop with body `g` computes the same at every step.
 *
 * @example
 * ```ts
 * // (c, x) ↦ x·exp(c): exp(c) is invariant, the product is not.
 * const g = trace((c: Tensor, x: Tensor) => np.mul(x, np.exp(c)))(np.ones([2]), np.ones([2]));
 * loopInvariant(g, 1).has(g.equations[0]!.outputs[0]!.id); // true
 * loopInvariant(g, 1).has(g.equations[1]!.outputs[0]!.id); // false
 * ```
 */
export function loopInvariant(g: Graph, numConsts: number): Set<number> {
  const invariant = new Set<number>([...g.inputs.slice(0, numConsts), ...g.constVars].map((v) => v.id));
  for (const e of g.equations) {
    if (e.inputs.every((a) => a._tag !== "Var" || invariant.has(a.id))) for (const v of e.outputs) invariant.add(v.id);
  }
  return invariant;
}

/** The equations of `eqns` (in order) that `outputs` depend on. */
function neededFor(eqns: readonly Equation[], outputs: readonly Var[]): Equation[] {
  const needed = new Set(outputs.map((v) => v.id));
  const kept: Equation[] = [];
  for (let k = eqns.length - 1; k >= 0; k--) {
    const e = eqns[k]!;
    if (!e.outputs.some((v) => needed.has(v.id))) continue;
    kept.push(e);
    for (const a of e.inputs) if (a._tag === "Var") needed.add(a.id);
  }
  return kept.reverse();
}
