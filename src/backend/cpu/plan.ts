/**
 * The CPU backend's compiler: a plan of a graph — every equation's kernel call with its params and
 * output types fixed in advance, values in a flat slot array, and runs of elementwise equations
 * over one shape fused into single generated loops (fuse.ts) — reading movement ops' results
 * through views of their sources and ending in a reduction where one follows (fuse-views.ts). It skips what eager evaluation must
 * redo per op (interpreter dispatch, the shape rule, variable lookups by id), so it only runs
 * where no transform is watching (the root interpreter); under a transform, jit evaluates the
 * graph with `bind` as usual. What each equation runs, and what fuses, is the lowering table's.
 */
import { graphHash, graphsEqual } from "../../ir/equal.js";
import type { Graph } from "../../ir/graph.js";
import type { Atom, Aval, Equation } from "../../ir/types.js";
import type { AnyPrimitive } from "../../primitives/rule-types.js";
import { primitive } from "../../primitives/table.js";
import { type DType, type DataArray, allocate, endTracking, isComplex, isFloat, keepTracked, recycle, trackAllocations } from "../../tensor/dtype.js";
import { fromData, scalar } from "../../tensor/from-js.js";
import { sizeOf } from "../../tensor/shape.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { Executable } from "../backend.js";
import { type FusedLoop, compileFused, isFusible } from "./fuse.js";
import { compileViewGroup, reductionFuses, runViewLoop } from "./fuse-views.js";
import { compileWasmFused } from "../wasm/fused-loop.js";
import { APPROXIMATED } from "../wasm/fused-ops.js";
import { type CpuLoweringTable, kernelOf, reductionOf, viewOf } from "./lowering.js";
import { type View, contiguousView } from "./view.js";
import { plannedGraph } from "./push-views.js";

/** The plan: a function from flat input tensors to flat output tensors. */
export type Plan = Executable;

type Step = (slots: Tensor[]) => void;

export interface Group {
  readonly key: string;
  readonly eqns: Equation[];
  open: boolean;
  /** Movement equations the loop reads as views of their operands (never written out by it). */
  readonly views?: Set<Equation>;
  /** The reduction the loop ends in (its last equation), if any. */
  reduction?: Equation;
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
 * returns or an equation outside the group reads; the rest live only in the loop's locals. A
 * movement equation read as a view is never written out by the loop (a reader outside the group
 * gets the value from the equation's own kernel, which `schedule` places before it).
 */
export function writtenOut(g: Graph): (grp: Group) => Set<number> {
  const readers = new Map<number, Set<Equation>>();
  for (const e of g.equations) for (const a of e.inputs) if (a._tag === "Var") (readers.get(a.id) ?? readers.set(a.id, new Set()).get(a.id)!).add(e);
  const graphOutputs = new Set(g.outputs.flatMap((a) => (a._tag === "Var" ? [a.id] : [])));
  return (grp) => {
    const members = new Set(grp.eqns);
    const escapes = (id: number): boolean => graphOutputs.has(id) || [...(readers.get(id) ?? [])].some((r) => !members.has(r));
    const computed = grp.eqns.filter((e) => grp.views?.has(e) !== true);
    return new Set(computed.flatMap((e) => e.outputs.map((v) => v.id)).filter(escapes));
  };
}

/** A movement result not materialised (yet): the equations from `source` to it, and its view. */
interface PendingView {
  readonly chain: readonly Equation[];
  readonly source: Atom;
  readonly view: View;
}

/**
 * Orders equations into kernel calls and fusion groups (a group runs where it is closed).
 *
 * Elementwise equations over one shape share a group. A movement equation with a view form waits:
 * an elementwise reader pulls it (with the movement equations before it) into its own group,
 * which reads the source through the view; any other reader, or the graph's outputs, materialise
 * it with its kernel just before they need it. A float reduction whose operand an open group
 * computes (or a view gives) ends that group, when its kernel reads the operand in an order a
 * loop can produce (`reductionFuses`). A value still inside an open group is written out (the
 * group closed) before anything outside it reads it.
 */
export function schedule(g: Graph, table: CpuLoweringTable): (Equation | Group)[] {
  const order: (Equation | Group)[] = [];
  const openGroups = new Map<string, Group>();
  const producer = new Map<number, Group>();
  const pending = new Map<number, PendingView>();
  const materialised = new Set<Equation>();
  const close = (grp: Group): void => {
    if (!grp.open) return;
    grp.open = false;
    openGroups.delete(grp.key);
    order.push(grp);
  };
  /** Makes `a` readable by what comes next: the open group computing it closes (writes it out). */
  const settle = (a: Atom): void => {
    const grp = a._tag === "Var" ? producer.get(a.id) : undefined;
    if (grp !== undefined && grp.open) close(grp);
  };
  /**
   * Computes a pending view's value: one copy loop through the composed view where two or more
   * of its equations have not run yet (no intermediate copies), else the kernel of the one left.
   */
  const materialise = (id: number): void => {
    const p = pending.get(id);
    if (p === undefined) return;
    settle(p.source);
    if (p.chain.filter((e) => !materialised.has(e)).length >= 2) {
      const last = p.chain[p.chain.length - 1]!;
      const grp: Group = { key: "", eqns: [...p.chain], open: false, views: new Set(p.chain.slice(0, -1)) };
      materialised.add(last);
      pending.delete(id);
      producer.set(id, grp);
      order.push(grp);
      return;
    }
    for (const e of p.chain) {
      pending.delete(e.outputs[0]!.id);
      if (!materialised.has(e)) {
        materialised.add(e);
        order.push(e);
      }
    }
  };
  const pull = (grp: Group, a: Atom): void => {
    const p = a._tag === "Var" ? pending.get(a.id) : undefined;
    for (const v of p?.chain ?? []) {
      if (grp.views!.has(v)) continue;
      grp.views!.add(v);
      grp.eqns.push(v);
    }
  };
  const newGroup = (key: string): Group => ({ key, eqns: [], open: true, views: new Set() });

  for (const e of g.equations) {
    if (asView(e, table, pending, materialise)) continue;
    if (intoReduction(e, table, { pending, producer, settle, close, pull, newGroup, order })) continue;
    const fusible = isFusible(e, table);
    const key = fusible ? e.outputs[0]!.aval.shape.join(",") : "";
    for (const a of e.inputs) {
      const p = a._tag === "Var" ? pending.get(a.id) : undefined;
      if (p !== undefined) {
        // A fused reader reads the view's source (computed before the loop); others need a copy.
        if (fusible) settle(p.source);
        else materialise(a._tag === "Var" ? a.id : -1);
        continue;
      }
      const grp = a._tag === "Var" ? producer.get(a.id) : undefined;
      if (grp !== undefined && grp.open && !(fusible && grp.key === key)) close(grp);
    }
    if (!fusible) {
      order.push(e);
      continue;
    }
    let grp = openGroups.get(key);
    if (grp === undefined) {
      grp = newGroup(key);
      openGroups.set(key, grp);
    }
    for (const a of e.inputs) pull(grp, a);
    grp.eqns.push(e);
    producer.set(e.outputs[0]!.id, grp);
    if (grp.eqns.length >= MAX_FUSED_EQUATIONS) close(grp);
  }
  for (const a of g.outputs) if (a._tag === "Var") materialise(a.id);
  for (const grp of [...openGroups.values()]) close(grp);
  return order;
}

/**
 * If `e` is a movement equation with a view form, records it as pending (composed with a pending
 * operand view where possible, else after materialising that operand) and returns true.
 */
function asView(e: Equation, table: CpuLoweringTable, pending: Map<number, PendingView>, materialise: (id: number) => void): boolean {
  const viewFn = viewOf(table, e.primitive) as ((v: View, p: unknown, s: readonly number[]) => View | undefined) | undefined;
  if (viewFn === undefined || e.inputs.length !== 1 || e.outputs.length !== 1) return false;
  const a = e.inputs[0]!;
  const out = e.outputs[0]!;
  // Complex arrays interleave two numbers per element; a 0-d result is a scalar read, not a loop.
  if (isComplex(a.aval.dtype) || out.aval.shape.length === 0) return false;
  let p = a._tag === "Var" ? pending.get(a.id) : undefined;
  let view = p === undefined ? undefined : viewFn(p.view, e.params, out.aval.shape);
  if (p !== undefined && view === undefined) {
    materialise((a as { id: number }).id);
    p = undefined;
  }
  if (p === undefined) view = viewFn(contiguousView(a.aval.shape), e.params, out.aval.shape);
  if (view === undefined) return false;
  pending.set(out.id, { chain: [...(p?.chain ?? []), e], source: p?.source ?? a, view });
  return true;
}

/** What `intoReduction` needs of the scheduler's state. */
interface ReductionContext {
  readonly pending: Map<number, PendingView>;
  readonly producer: Map<number, Group>;
  readonly settle: (a: Atom) => void;
  readonly close: (grp: Group) => void;
  readonly pull: (grp: Group, a: Atom) => void;
  readonly newGroup: (key: string) => Group;
  readonly order: (Equation | Group)[];
}

/**
 * If `e` is a float reduction that can end the open group computing its operand (or a new group
 * reading its pending operand view), adds it there, closes the group and returns true.
 */
function intoReduction(e: Equation, table: CpuLoweringTable, ctx: ReductionContext): boolean {
  if (reductionOf(table, e.primitive) === undefined || e.inputs.length !== 1) return false;
  const a = e.inputs[0]!;
  const out = e.outputs[0]!;
  if (a._tag !== "Var" || !isFloat(a.aval.dtype) || out.aval.dtype !== a.aval.dtype) return false;
  if (!reductionFuses(a.aval.shape, (e.params as { readonly axes: readonly number[] }).axes)) return false;
  const open = ctx.producer.get(a.id);
  const p = ctx.pending.get(a.id);
  if (open !== undefined && open.open && open.reduction === undefined) {
    // The group ends here (the reduction's loop walks the group's shape in the kernel's order).
    open.eqns.push(e);
    open.reduction = e;
    ctx.producer.set(out.id, open);
    ctx.close(open);
  } else if (p !== undefined) {
    // A reduction of a view alone: a group of its own, never open to other equations.
    ctx.settle(p.source);
    const grp = ctx.newGroup(a.aval.shape.join(","));
    ctx.pull(grp, a);
    grp.eqns.push(e);
    grp.reduction = e;
    grp.open = false;
    ctx.producer.set(out.id, grp);
    ctx.order.push(grp);
  } else return false;
  return true;
}

/**
 * The equations of `grp` as a plain elementwise loop over one shape (compileFused's input), where
 * its only views broadcast a 0-d value or a constant: each reader then takes the 0-d value itself
 * as a loop scalar. Undefined for a group with other views or a reduction (a view loop).
 */
export function plainForm(grp: Group, table: CpuLoweringTable): Equation[] | undefined {
  if (grp.reduction !== undefined) return undefined;
  const views = grp.views ?? new Set<Equation>();
  if (views.size === 0) return grp.eqns;
  const scalarOf = new Map<number, Atom>();
  const plain: Equation[] = [];
  for (const e of grp.eqns) {
    const source = (a: Atom): Atom => (a._tag === "Var" ? scalarOf.get(a.id) ?? a : a);
    if (views.has(e)) {
      const src = source(e.inputs[0]!);
      // Only a broadcast (or reshape) of a 0-d value is that value everywhere: a pad of it is not.
      if (src.aval.shape.length !== 0 || (e.primitive !== "broadcast_in_dim" && e.primitive !== "reshape")) return undefined;
      scalarOf.set(e.outputs[0]!.id, src);
      continue;
    }
    if (viewOf(table, e.primitive) !== undefined) return undefined;
    plain.push({ ...e, inputs: e.inputs.map(source) } as Equation);
  }
  return plain;
}

/** What of a fusion group runs as a plain elementwise loop (compileFused's input), and what it writes out. */
export interface PlainLoop {
  readonly eqns: Equation[];
  readonly needed: ReadonlySet<number>;
  /** A reduction left to its kernel after the loop (its operand is then written out). */
  readonly reduction?: Equation;
  /** Broadcasts run as their kernels before the loop, which reads their results as arrays. */
  readonly materialised?: readonly Equation[];
}

/**
 * The plain loop of `grp` (writing out `needed`), or undefined for a view loop. A group with no
 * views that ends in a reduction is split when its chain has a vectorised approximation (exp, tanh,
 * sin…): the chain as a WebAssembly SIMD loop writing its result, then the reduction's kernel —
 * the same pairwise float64 sum eager runs. Cheap chains stay in the view loop, which reduces as it
 * goes and writes nothing out. The law of jit = eager (laws/jit-eager.law.ts) asks the same question.
 */
export function plainLoopOf(grp: Group, table: CpuLoweringTable, needed: ReadonlySet<number>): PlainLoop | undefined {
  const plain = plainForm(grp, table);
  if (plain !== undefined) return { eqns: plain, needed };
  const red = grp.reduction;
  if (red === undefined) {
    // Views that are all broadcasts, in a chain with a vectorised approximation (a bias added
    // before a tanh): the broadcasts written out by their kernels, then the chain as a
    // WebAssembly SIMD loop — a copy of the broadcast costs less than the view loop's scalar exp
    // or tanh. Cheap chains stay in the view loop, which writes no copy.
    const views = grp.eqns.filter((e) => grp.views?.has(e) === true);
    const body = grp.eqns.filter((e) => grp.views?.has(e) !== true);
    if (views.every((e) => e.primitive === "broadcast_in_dim") && body.some((e) => APPROXIMATED.has(e.primitive))) {
      return { eqns: body, needed, materialised: views };
    }
    return undefined;
  }
  if (red === undefined || (grp.views?.size ?? 0) > 0) return undefined;
  const body = grp.eqns.slice(0, -1);
  if (!body.some((e) => APPROXIMATED.has(e.primitive))) return undefined;
  const operand = red.inputs[0]!;
  return { eqns: body, needed: new Set([...needed, ...(operand._tag === "Var" ? [operand.id] : [])]), reduction: red };
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

/**
 * Compiles `g` into a plan that runs each equation as `table` lowers it (a dot_general whose only
 * reader transposes its result computes the transposed result directly: dot-transpose.ts; movement
 * ops are pushed up through the elementwise chains only they read: push-views.ts).
 */
export function compilePlan(graph: Graph, table: CpuLoweringTable): Plan {
  const g = plannedGraph(graph, table);
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

  /** A group with views or a reduction: one view loop (fuse-views.ts). */
  const viewStep = (grp: Group, needed: ReadonlySet<number>): Step[] => {
    const loop = compileViewGroup(grp.eqns, needed, table);
    if (loop === undefined) return grp.eqns.map(kernelStep);
    const red = grp.reduction;
    const shape = red !== undefined ? red.inputs[0]!.aval.shape : grp.eqns[grp.eqns.length - 1]!.outputs[0]!.aval.shape;
    const n = sizeOf(shape);
    const arraySlots = loop.arrays.map((a) => slotOf.get(a.variable)!);
    const scalarSources: ({ slot: number; index: number } | { value: number })[] = loop.scalars.map((s) =>
      "variable" in s ? { slot: slotOf.get(s.variable)!, index: s.index } : { value: s.value },
    );
    const outs = loop.outputs.map((o) => ({ slot: newSlot(o.variable), dtype: o.dtype }));
    const result = red === undefined ? undefined : { slot: newSlot(red.outputs[0]!.id), aval: red.outputs[0]!.aval };
    return [
      (slots) => {
        const arrays = arraySlots.map((s) => slots[s]!.concreteData());
        const scalars = scalarSources.map((s) => ("slot" in s ? slots[s.slot]!.concreteData()[s.index]! : s.value));
        const buffers = outs.map((o) => allocate(o.dtype, n));
        const reduced = runViewLoop(loop, arrays, buffers, scalars);
        outs.forEach((o, k) => (slots[o.slot] = fromData(shape, o.dtype, buffers[k]!)));
        if (result !== undefined) slots[result.slot] = fromData(result.aval.shape, result.aval.dtype, reduced!);
      },
    ];
  };

  const fusedStep = (grp: Group): Step[] => {
    const form = plainLoopOf(grp, table, leavesGroup(grp));
    if (form === undefined) return viewStep(grp, leavesGroup(grp));
    const { eqns, needed } = form;
    // A split reduction group, or one with broadcasts written out first, takes the WebAssembly
    // loop only; without it, the view loop.
    const wasmOnly = form.reduction !== undefined || form.materialised !== undefined;
    const loop: FusedLoop | undefined = wasmOnly ? compileWasmFused(eqns, needed, table) : compileFused(eqns, needed, table);
    if (loop === undefined) return wasmOnly ? viewStep(grp, leavesGroup(grp)) : grp.eqns.map(kernelStep);
    const before = (form.materialised ?? []).map(kernelStep);
    const shape = eqns[0]!.outputs[0]!.aval.shape;
    const n = sizeOf(shape);
    const arraySlots = loop.arrays.map((id) => slotOf.get(id)!);
    const scalarSources: ({ slot: number } | { value: number })[] = loop.scalars.map((s) =>
      "variable" in s ? { slot: slotOf.get(s.variable)! } : { value: s.value },
    );
    const outs = loop.outputs.map((o) => ({ slot: newSlot(o.variable), dtype: o.dtype as DType }));
    return [
      ...before,
      (slots) => {
        const arrays = arraySlots.map((s) => slots[s]!.concreteData());
        const scalars = scalarSources.map((s) => ("slot" in s ? slots[s.slot]!.concreteData()[0]! : s.value));
        const buffers = outs.map((o) => allocate(o.dtype, n));
        loop.run(arrays, buffers, n, scalars);
        outs.forEach((o, k) => (slots[o.slot] = fromData(shape, o.dtype, buffers[k]!)));
      },
      ...(form.reduction !== undefined ? [kernelStep(form.reduction)] : []),
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
