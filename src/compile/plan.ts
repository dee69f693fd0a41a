/**
 * A compiled plan of a graph for jit's top-level calls: every equation's kernel call with its
 * params and output types fixed in advance, values in a flat slot array. It skips what eager
 * evaluation must redo per op (interpreter dispatch, the shape rule, variable lookups by id), so
 * it only runs where no transform is watching (the root interpreter); under a transform, jit
 * evaluates the graph with `bind` as usual.
 */
import type { Graph } from "../ir/graph.js";
import type { Aval } from "../ir/types.js";
import type { AnyPrimitive } from "../primitives/rule-types.js";
import { primitive } from "../primitives/table.js";
import { scalar } from "../tensor/from-js.js";
import type { Tensor } from "../tensor/tensor.js";

interface Step {
  readonly run: (inputs: readonly Tensor[], params: never, outAvals: readonly Aval[]) => Tensor[];
  readonly params: never;
  readonly outAvals: readonly Aval[];
  readonly args: readonly number[];
  readonly outs: readonly number[];
}

/** The plan: a function from flat input tensors to flat output tensors. */
export type Plan = (inputs: readonly Tensor[]) => Tensor[];

/** Compiles `g` into a plan (slots: constants, inputs, literals, then equation outputs). */
export function compilePlan(g: Graph): Plan {
  const slotOf = new Map<number, number>();
  const fixed: Tensor[] = [];
  let next = 0;
  g.constVars.forEach((v, i) => {
    slotOf.set(v.id, next++);
    fixed.push(g.constValues[i]!);
  });
  const firstInput = next;
  g.inputs.forEach((v) => slotOf.set(v.id, next++));
  const literalSlots: [number, Tensor][] = [];
  const slotFor = (a: Graph["outputs"][number]): number => {
    if (a._tag === "Var") return slotOf.get(a.id)!;
    const s = next++;
    literalSlots.push([s, scalar(a.value, a.aval.dtype)]);
    return s;
  };
  const steps: Step[] = g.equations.map((e) => {
    const args = e.inputs.map(slotFor);
    const outs = e.outputs.map((v) => {
      slotOf.set(v.id, next);
      return next++;
    });
    const prim = primitive(e.primitive) as AnyPrimitive;
    return { run: prim.impl as Step["run"], params: e.params as never, outAvals: e.outputs.map((v) => v.aval), args, outs };
  });
  const outSlots = g.outputs.map(slotFor);
  const size = next;
  return (inputs) => {
    const slots = new Array<Tensor>(size);
    for (let i = 0; i < fixed.length; i++) slots[i] = fixed[i]!;
    for (let i = 0; i < inputs.length; i++) slots[firstInput + i] = inputs[i]!;
    for (const [s, t] of literalSlots) slots[s] = t;
    for (const step of steps) {
      const ins = step.args.map((s) => slots[s]!);
      const res = step.run(ins, step.params, step.outAvals);
      for (let k = 0; k < step.outs.length; k++) slots[step.outs[k]!] = res[k]!;
    }
    return outSlots.map((s) => slots[s]!);
  };
}
