/**
 * The CPU backend's compiler: a plan of a graph — every equation's kernel call with its params and
 * output types fixed in advance, values in a flat slot array, and runs of elementwise equations
 * over one shape fused into single generated loops (fuse.ts). It skips what eager evaluation must
 * redo per op (interpreter dispatch, the shape rule, variable lookups by id), so it only runs
 * where no transform is watching (the root interpreter); under a transform, jit evaluates the
 * graph with `bind` as usual. What each equation runs, and what fuses, is the lowering table's.
 */
import { graphHash, graphsEqual } from "../../ir/equal.js";
import type { Graph } from "../../ir/graph.js";
import type { Atom, Aval, Equation } from "../../ir/types.js";
import type { AnyPrimitive } from "../../primitives/rule-types.js";
import { primitive } from "../../primitives/table.js";
import { type DType, type DataArray, allocate, endTracking, isComplex, keepTracked, recycle, trackAllocations } from "../../tensor/dtype.js";
import { fromData, scalar } from "../../tensor/from-js.js";
import { sizeOf } from "../../tensor/shape.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { Executable } from "../backend.js";
import { type FusedLoop, compileFused, isFusible } from "./fuse.js";
import { type CpuLoweringTable, kernelOf } from "./lowering.js";

/** The plan: a function from flat input tensors to flat output tensors. */
export type Plan = Executable;

type Step = (slots: Tensor[]) => void;

export interface Group {
  readonly key: string;
  readonly eqns: Equation[];
  open: boolean;
}

/**
 * The most equations one fused loop holds; a longer run is split into several loops. A generated
 * function keeps every intermediate in a local, so its stack frame grows with the run: a run of
 * ~20,000 equations no longer fits on the JS stack, and far shorter ones are already beyond what
 * the engine optimizes. Each split costs one array written and read back.
 */
export const MAX_FUSED_EQUATIONS = 256;

/**
 * For the fusion groups of `g`: which variables a group must write out — those the graph
 * returns or an equation outside the group reads; the rest live only in the loop's locals.
 */
export function writtenOut(g: Graph): (grp: Group) => Set<number> {
  const readers = new Map<number, Set<Equation>>();
  for (const e of g.equations) for (const a of e.inputs) if (a._tag === "Var") (readers.get(a.id) ?? readers.set(a.id, new Set()).get(a.id)!).add(e);
  const graphOutputs = new Set(g.outputs.flatMap((a) => (a._tag === "Var" ? [a.id] : [])));
  return (grp) => {
    const members = new Set(grp.eqns);
    const escapes = (id: number): boolean => graphOutputs.has(id) || [...(readers.get(id) ?? [])].some((r) => !members.has(r));
    return new Set(grp.eqns.flatMap((e) => e.outputs.map((v) => v.id)).filter(escapes));
  };
}

/** Orders equations into kernel calls and fusion groups (a group runs where it is closed). */
export function schedule(g: Graph, table: CpuLoweringTable): (Equation | Group)[] {
  const order: (Equation | Group)[] = [];
  const openGroups = new Map<string, Group>();
  const producer = new Map<number, Group>();
  const close = (grp: Group): void => {
    if (!grp.open) return;
    grp.open = false;
    openGroups.delete(grp.key);
    order.push(grp);
  };
  for (const e of g.equations) {
    const fusible = isFusible(e, table);
    const key = fusible ? e.outputs[0]!.aval.shape.join(",") : "";
    // A value still inside an open group must be written out before anything else reads it.
    for (const a of e.inputs) {
      const grp = a._tag === "Var" ? producer.get(a.id) : undefined;
      if (grp !== undefined && grp.open && !(fusible && grp.key === key)) close(grp);
    }
    if (!fusible) {
      order.push(e);
      continue;
    }
    let grp = openGroups.get(key);
    if (grp === undefined) {
      grp = { key, eqns: [], open: true };
      openGroups.set(key, grp);
    }
    grp.eqns.push(e);
    producer.set(e.outputs[0]!.id, grp);
    if (grp.eqns.length === MAX_FUSED_EQUATIONS) close(grp);
  }
  for (const grp of [...openGroups.values()]) close(grp);
  return order;
}

/**
 * True for a slice, transpose, broadcast_in_dim or pad whose output is its operand element for
 * element (same shape and dtype, every element in place).
 */
export function isIdentityMove(e: Equation): boolean {
  if (e.inputs.length !== 1 || e.outputs.length !== 1) return false;
  const x = e.inputs[0]!.aval;
  const o = e.outputs[0]!.aval;
  if (x.dtype !== o.dtype || x.shape.length !== o.shape.length || !x.shape.every((d, i) => d === o.shape[i])) return false;
  const p = e.params as Record<string, unknown>;
  const inOrder = (xs: readonly number[]): boolean => xs.length === x.shape.length && xs.every((d, i) => d === i);
  switch (e.primitive) {
    // Equal shapes: every dim starts at 0 with stride 1 (or has one element).
    case "slice":
      return true;
    case "transpose":
      return inOrder(p.permutation as readonly number[]);
    case "broadcast_in_dim":
      return inOrder(p.broadcastDimensions as readonly number[]);
    case "pad":
      return (p.config as readonly (readonly number[])[]).every((c) => c.every((v) => v === 0));
    default:
      return false;
  }
}

/** Compiles `g` into a plan that runs each equation as `table` lowers it. */
export function compilePlan(g: Graph, table: CpuLoweringTable): Plan {
  const slotOf = new Map<number, number>();
  const fixed: [number, Tensor][] = [];
  let next = 0;
  const newSlot = (id: number): number => {
    slotOf.set(id, next);
    return next++;
  };
  g.constVars.forEach((v, i) => fixed.push([newSlot(v.id), g.constValues[i]!]));
  const inputSlots = g.inputs.map((v) => newSlot(v.id));
  const slotFor = (a: Atom): number => {
    if (a._tag === "Var") return slotOf.get(a.id)!;
    const s = next++;
    fixed.push([s, scalar(a.value, a.aval.dtype)]);
    return s;
  };
  const leavesGroup = writtenOut(g);

  const kernelStep = (e: Equation): Step => {
    // A movement op that leaves its operand as it is (a full slice, an identity transpose or
    // broadcast, a zero pad: what grad and vmap leave in a Hessian's graph) hands the operand on
    // instead of copying it; tensors are immutable, so sharing the buffer is safe.
    if (isIdentityMove(e)) {
      const from = slotFor(e.inputs[0]!);
      const to = newSlot(e.outputs[0]!.id);
      return (slots) => {
        slots[to] = slots[from]!;
      };
    }
    // The generated loops are real-valued: an equation with complex operands runs its reference kernel.
    const complex = e.inputs.some((a) => isComplex(a.aval.dtype)) || e.outputs.some((v) => isComplex(v.aval.dtype));
    const run = ((complex ? undefined : kernelOf(table, e.primitive)) ?? (primitive(e.primitive) as AnyPrimitive).impl) as (ins: readonly Tensor[], p: never, o: readonly Aval[]) => Tensor[];
    const args = e.inputs.map(slotFor);
    const outs = e.outputs.map((v) => newSlot(v.id));
    const outAvals = e.outputs.map((v) => v.aval);
    const params = e.params as never;
    // The operand list is an array literal where the arity allows: packed, as eager evaluation
    // passes it (`new Array(n)` makes a holey array, and kernels that see both kinds run slower).
    const gather: (slots: Tensor[]) => Tensor[] =
      args.length === 1
        ? ((a0) => (slots: Tensor[]) => [slots[a0]!])(args[0]!)
        : args.length === 2
          ? ((a0, a1) => (slots: Tensor[]) => [slots[a0]!, slots[a1]!])(args[0]!, args[1]!)
          : args.length === 3
            ? ((a0, a1, a2) => (slots: Tensor[]) => [slots[a0]!, slots[a1]!, slots[a2]!])(args[0]!, args[1]!, args[2]!)
            : (slots: Tensor[]) => args.map((s) => slots[s]!);
    if (outs.length === 1) {
      const out = outs[0]!;
      return (slots) => {
        slots[out] = run(gather(slots), params, outAvals)[0]!;
      };
    }
    return (slots) => {
      const res = run(gather(slots), params, outAvals);
      for (let k = 0; k < outs.length; k++) slots[outs[k]!] = res[k]!;
    };
  };

  const fusedStep = (grp: Group): Step[] => {
    const needed = leavesGroup(grp);
    const loop: FusedLoop | undefined = compileFused(grp.eqns, needed, table);
    if (loop === undefined) return grp.eqns.map(kernelStep);
    const shape = grp.eqns[0]!.outputs[0]!.aval.shape;
    const n = sizeOf(shape);
    const arraySlots = loop.arrays.map((id) => slotOf.get(id)!);
    const scalarSources: ({ slot: number } | { value: number })[] = loop.scalars.map((s) =>
      "variable" in s ? { slot: slotOf.get(s.variable)! } : { value: s.value },
    );
    const outs = loop.outputs.map((o) => ({ slot: newSlot(o.variable), dtype: o.dtype as DType }));
    return [
      (slots) => {
        const arrays = arraySlots.map((s) => slots[s]!.concreteData());
        const scalars = scalarSources.map((s) => ("slot" in s ? slots[s.slot]!.concreteData()[0]! : s.value));
        const buffers = outs.map((o) => allocate(o.dtype, n));
        loop.run(arrays, buffers, n, scalars);
        outs.forEach((o, k) => (slots[o.slot] = fromData(shape, o.dtype, buffers[k]!)));
      },
    ];
  };

  const steps: Step[] = schedule(g, table).flatMap((item) =>
    "eqns" in item ? (item.eqns.length > 1 ? fusedStep(item) : item.eqns.map(kernelStep)) : [kernelStep(item)],
  );
  const outSlots = g.outputs.map(slotFor);
  const size = next;
  // Flat arrays and indexed loops: the runner is all of a small call's overhead besides its kernels.
  const fixedSlots = fixed.map(([s]) => s);
  const fixedValues = fixed.map(([, t]) => t);
  const nFixed = fixed.length;
  const nSteps = steps.length;
  const nOut = outSlots.length;
  // Slots a step writes (neither an input nor a constant): their arrays may be recycled.
  const taken = new Set([...fixedSlots, ...inputSlots]);
  const intermediates = Array.from({ length: size }, (_, s) => s).filter((s) => !taken.has(s));
  return (inputs) => {
    const slots = new Array<Tensor>(size);
    for (let i = 0; i < nFixed; i++) slots[fixedSlots[i]!] = fixedValues[i]!;
    for (let i = 0; i < inputs.length; i++) slots[inputSlots[i]!] = inputs[i]!;
    const out: Tensor[] = [];
    const outer = trackAllocations();
    let made: DataArray[];
    try {
      for (let i = 0; i < nSteps; i++) steps[i]!(slots);
      for (let i = 0; i < nOut; i++) out.push(slots[outSlots[i]!]!);
    } finally {
      made = endTracking(outer);
    }
    if (made.length > 0) recycleIntermediates(made, slots, intermediates, out);
    return out;
  };
}

/**
 * After a plan call: puts on the free list every array that `allocate` made during the call and
 * that only intermediates held — not an output's memory (an output may be a view or an alias of
 * an intermediate: a reshape, an identity move), not a kernel's own scratch or cache (never in a
 * slot). Nothing else can reach those arrays once the call returns: the slots die with it, and a
 * tensor is never mutated, so no reader outlives them. What a nested call keeps goes to the
 * enclosing call's tracking, which decides in turn.
 */
function recycleIntermediates(made: readonly DataArray[], slots: readonly Tensor[], intermediates: readonly number[], out: readonly Tensor[]): void {
  const fresh = new Set(made);
  const live = new Set<ArrayBufferLike>();
  for (const t of out) if (t.buffer !== undefined) live.add(t.buffer.buffer);
  const recycled = new Set<DataArray>();
  for (const s of intermediates) {
    const a = slots[s]?.buffer;
    if (a === undefined || !fresh.has(a) || recycled.has(a) || live.has(a.buffer)) continue;
    if (recycle(a)) recycled.add(a);
  }
  keepTracked(recycled.size === 0 ? made : made.filter((a) => !recycled.has(a)));
}

/**
 * How many plans are shared between structurally equal graphs. A graph holds its own plan for
 * as long as it lives (a WeakMap); this bounded table lets a new graph that equals an
 * earlier one (the same body traced again, an equal scan body inside another program) reuse
 * the earlier plan instead of compiling its own.
 */
export const SHARED_PLAN_CAPACITY = 256;

/**
 * One backend's plans: made once per graph — and once for structurally equal graphs (equal up to
 * renaming of variables, constants by value), so an equal sub-graph compiles once. Used by jit's
 * top-level calls and by the kernels (`impl`) of primitives that carry graphs — scan, while,
 * cond, checkpoint — which run only on concrete values.
 */
export class PlanCache {
  private readonly plans = new WeakMap<Graph, Plan>();
  /** Plans by structural hash, each with the graph it was compiled from; in LRU order. */
  private readonly shared = new Map<number, { readonly graph: Graph; readonly plan: Plan }[]>();
  private sharedCount = 0;

  constructor(private readonly table: CpuLoweringTable) {}

  /** The plan of `g`, compiled on first request. */
  planOf(g: Graph): Plan {
    let p = this.plans.get(g);
    if (p === undefined) {
      p = this.sharedPlan(g);
      if (p === undefined) {
        p = compilePlan(g, this.table);
        this.sharePlan(g, p);
      }
      this.plans.set(g, p);
    }
    return p;
  }

  private sharedPlan(g: Graph): Plan | undefined {
    const h = graphHash(g);
    const bucket = this.shared.get(h);
    const hit = bucket?.find((entry) => graphsEqual(entry.graph, g));
    if (hit !== undefined) {
      this.shared.delete(h);
      this.shared.set(h, bucket!);
    }
    return hit?.plan;
  }

  private sharePlan(g: Graph, plan: Plan): void {
    const h = graphHash(g);
    const bucket = this.shared.get(h) ?? [];
    bucket.push({ graph: g, plan });
    this.shared.delete(h);
    this.shared.set(h, bucket);
    if (++this.sharedCount > SHARED_PLAN_CAPACITY) {
      const [oldest, entries] = this.shared.entries().next().value!;
      entries.shift();
      if (entries.length === 0) this.shared.delete(oldest);
      this.sharedCount--;
    }
  }
}
