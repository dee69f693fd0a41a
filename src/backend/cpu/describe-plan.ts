/**
 * What the CPU backend's compiled plan of a graph does, step by step, as data and as text: which runs of
 * equations fuse into one generated loop (their primitives — movement ops read as views and a
 * final reduction included —, the loop's type, what it reads and writes out) and which run as
 * single kernel calls. Built from the same `schedule` that
 * `compilePlan` runs, so it shows the plan's real order and grouping. A debugging aid and the
 * handle tests use to say what fused; not part of the public API.
 */
import type { Graph } from "../../ir/graph.js";
import { nameVars } from "../../ir/print.js";
import type { Atom, Aval, Equation, Var } from "../../ir/types.js";
import { avalString } from "../../ir/types.js";
import { shortName } from "../../tensor/dtype.js";
import { CPU_LOWERINGS, type CpuLoweringTable } from "./lowering.js";
import { type Group, schedule, writtenOut } from "./plan.js";
import { plannedGraph } from "./push-views.js";

/** A value as the printed graph names it, with its type. */
export interface PlanValue {
  /** The name `graph.toString()` gives it (a, b, …). */
  readonly name: string;
  readonly aval: Aval;
}

/** Equations run together as one generated loop over `aval.shape`. */
export interface FusedStep {
  readonly kind: "fused";
  /** The fused equations' primitives, in loop order. */
  readonly primitives: readonly string[];
  /**
   * The loop's shape, with the dtype of its last equation's result (for a loop that ends in a
   * reduction: the reduction's operand, the shape the loop walks).
   */
  readonly aval: Aval;
  /** Variables from outside the loop that it reads (arrays and 0-d scalars), first use first. */
  readonly reads: readonly PlanValue[];
  /** Values the loop writes out: graph outputs and values read after the loop. */
  readonly writes: readonly PlanValue[];
}

/** One equation run as its kernel. */
export interface KernelStep {
  readonly kind: "kernel";
  readonly primitive: string;
  readonly reads: readonly PlanValue[];
  readonly writes: readonly PlanValue[];
}

export type PlanStep = FusedStep | KernelStep;

/**
 * The steps of `compilePlan(graph, table)` (by default the CPU backend's own table), in run order. A group of one equation runs as its kernel,
 * as in the plan. Where code generation is unavailable, a fused step runs as its equations'
 * kernels one by one, in the same order.
 */
export function planSteps(graph: Graph, table: CpuLoweringTable = CPU_LOWERINGS): PlanStep[] {
  const names = nameVars(graph);
  const value = (v: Var): PlanValue => ({ name: names.get(v.id) ?? `?${v.id}`, aval: v.aval });
  // What the plan compiles: the graph with transposed dot_generals swapped and movement ops pushed
  // up through elementwise chains (names are the graph's own; a pushed movement op's new value is ?id).
  const planned = plannedGraph(graph, table);
  const leavesGroup = writtenOut(planned);

  const kernel = (e: Equation): KernelStep => ({
    kind: "kernel",
    primitive: e.primitive,
    reads: uniqueVars(e.inputs).map(value),
    writes: e.outputs.map(value),
  });

  // The plan's own rule for what a loop writes out (writtenOut).
  const fused = (grp: Group): FusedStep => {
    const made = new Set(grp.eqns.flatMap((e) => e.outputs.map((v) => v.id)));
    const written = leavesGroup(grp);
    const escapes = (v: Var): boolean => written.has(v.id);
    return {
      kind: "fused",
      primitives: grp.eqns.map((e) => e.primitive),
      aval: grp.reduction !== undefined ? grp.reduction.inputs[0]!.aval : grp.eqns[grp.eqns.length - 1]!.outputs[0]!.aval,
      reads: uniqueVars(grp.eqns.flatMap((e) => e.inputs)).filter((v) => !made.has(v.id)).map(value),
      writes: grp.eqns.flatMap((e) => e.outputs.filter(escapes)).map(value),
    };
  };

  return schedule(planned, table).flatMap((item): PlanStep[] =>
    "eqns" in item ? (item.eqns.length > 1 ? [fused(item)] : item.eqns.map(kernel)) : [kernel(item)],
  );
}

/**
 * The plan of `graph` as text, one line per step: `fused[sin, mul, add] f32[1000] (a) -> c` for a
 * loop (its primitives, its type, the variables it reads, the values it writes out; a movement op
 * in a loop is read as a view of its operand, and a loop may end in a reduction) and
 * `kernel dot_general f32[4,3] (a, b) -> c` for a single kernel call. Names are those of
 * `graph.toString()`; a written value whose type differs from the step's is annotated
 * (`-> b:bool[10], c`).
 *
 * @example
 * ```ts
 * const g = trace((x) => np.sum(np.add(np.sin(x), np.mul(x, x))))(np.ones([1000]));
 * describePlan(g);
 * // fused[sin, mul, add, reduce_sum] f32[1000] (a) -> e:f32[]
 * ```
 */
export function describePlan(graph: Graph): string {
  return planSteps(graph).map(stepString).join("\n");
}

function stepString(step: PlanStep): string {
  const head = step.kind === "fused" ? `fused[${step.primitives.join(", ")}]` : `kernel ${step.primitive}`;
  const type = step.kind === "fused" ? step.aval : step.writes.length === 1 ? step.writes[0]!.aval : undefined;
  const typed = type === undefined ? "" : ` ${avalString(type)}`;
  const written = step.writes.map((w) => (type !== undefined && sameType(w.aval, type) ? w.name : `${w.name}:${avalString(w.aval)}`));
  return `${head}${typed} (${step.reads.map((r) => r.name).join(", ")}) -> ${written.join(", ")}`;
}

function sameType(a: Aval, b: Aval): boolean {
  return shortName(a.dtype) === shortName(b.dtype) && a.shape.join(",") === b.shape.join(",");
}

/** The variables among `atoms`, each once, in first-use order (literals are inlined constants). */
function uniqueVars(atoms: readonly Atom[]): Var[] {
  const seen = new Set<number>();
  const out: Var[] = [];
  for (const a of atoms) {
    if (a._tag !== "Var" || seen.has(a.id)) continue;
    seen.add(a.id);
    out.push(a);
  }
  return out;
}
