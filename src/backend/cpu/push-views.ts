/**
 * Movement ops pushed up through the elementwise equations that compute their operand, before a
 * plan is scheduled: `transpose(add(x, y))` becomes `add(transpose(x), transpose(y))`, and so on
 * up the chain, until every movement op reads a value that is there anyway (an input, a constant, a
 * kernel's result, another movement op's). The scheduler then reads those as views (fuse-views.ts),
 * so the chain and its movement ops run as one loop over the movement op's shape instead of a
 * loop that writes the chain out and another that copies it through the view — what grad and
 * hessian leave behind (pads, transposes and reshapes of computed cotangents) fuses.
 *
 * The values are the same, bit for bit: an elementwise op computes each element from the operands'
 * elements at the same index, and a movement op only moves elements (f∘M = M∘f). A pad also creates
 * elements: it is pushed only where the op maps the padding values of its operands to the padding
 * value (0·0 = 0, 0 + 0 = 0; not exp), checked by running the op's kernel on them.
 *
 * Pushed only where it costs nothing: the movement op must not grow its operand (a broadcast that
 * stretches a dim would recompute the chain per copy; a pad's added elements cost one op each), the
 * chain's value must have no other reader (else it is computed anyway), the chain's operands must
 * not be values that other equations of a loop compute and would then have to write out, and an
 * op with a vectorised approximation (exp, tanh…) is not moved into a view loop, which would run
 * it as scalar JS.
 */
import { Graph } from "../../ir/graph.js";
import { type Atom, type Equation, type Var, aval, mkVar } from "../../ir/types.js";
import type { AnyPrimitive } from "../../primitives/rule-types.js";
import { primitive } from "../../primitives/table.js";
import { type DType, allocate, isComplex } from "../../tensor/dtype.js";
import { scalar } from "../../tensor/from-js.js";
import { sizeOf } from "../../tensor/shape.js";
import type { Tensor } from "../../tensor/tensor.js";
import { APPROXIMATED } from "../wasm/fused-ops.js";
import { isFusible } from "./fuse.js";
import { CPU_LOWERINGS, type CpuLoweringTable, viewOf } from "./lowering.js";
import { swapTransposedDots } from "./dot-transpose.js";

/** The most readers a chain is copied for. */
const MAX_COPIES = 4;
/** The most passes `pushViews` makes (each moves chains one reader further). */
const MAX_PASSES = 4;

/** True if `m` is a movement op with a view form that does not grow its operand (a pad aside). */
function movable(m: Equation, table: CpuLoweringTable): boolean {
  if (viewOf(table, m.primitive) === undefined || m.inputs.length !== 1 || m.outputs.length !== 1) return false;
  const x = m.inputs[0]!, out = m.outputs[0]!;
  if (x._tag !== "Var" || isComplex(x.aval.dtype) || out.aval.shape.length === 0) return false;
  if (m.primitive === "pad") return m.params.config.every(([, , interior]) => interior === 0);
  return sizeOf(out.aval.shape) <= sizeOf(x.aval.shape);
}

/** True if `p` maps operands padded with `m`'s padding value (literals as they are) to that value. */
function padCommutes(m: Equation, p: Equation): boolean {
  if (m.primitive !== "pad") return true;
  const v = m.params.paddingValue;
  const out = p.outputs[0]!.aval.dtype as DType;
  if (p.inputs.some((a) => a._tag === "Var" && a.aval.shape.length === 0)) return false;
  try {
    const ins = p.inputs.map((a) => scalar(a._tag === "Literal" ? a.value : v, a.aval.dtype as DType));
    const impl = (primitive(p.primitive) as AnyPrimitive).impl as (ins: readonly Tensor[], params: never, o: readonly unknown[]) => Tensor[];
    const got = impl(ins, p.params as never, [aval([], out)])[0]!.concreteData()[0];
    const stored = allocate(out, 1);
    stored[0] = v;
    return Object.is(got, stored[0]);
  } catch {
    return false;
  }
}

/**
 * `g` with its movement ops pushed up through the elementwise chains that only they read (file
 * comment); `g` itself when none moves. Inputs, constants and outputs are unchanged.
 *
 * @example
 * ```ts
 * const g = trace((x) => np.mul(np.neg(x), x).T)(np.ones([2, 3]));
 * pushViews(g).equations.map((e) => e.primitive); // ["transpose", "neg", "transpose", "mul"]
 * ```
 */
export function pushViews(g: Graph, table: CpuLoweringTable = CPU_LOWERINGS): Graph {
  const readers = new Map<number, Set<Equation>>();
  const producer = new Map<number, Equation>();
  let nextId = 0;
  const see = (v: Var): void => {
    nextId = Math.max(nextId, v.id + 1);
  };
  g.inputs.forEach(see);
  g.constVars.forEach(see);
  for (const e of g.equations) {
    for (const a of e.inputs) if (a._tag === "Var") (readers.get(a.id) ?? readers.set(a.id, new Set()).get(a.id)!).add(e);
    for (const v of e.outputs) {
      see(v);
      producer.set(v.id, e);
    }
  }
  const graphOutputs = new Set(g.outputs.flatMap((a) => (a._tag === "Var" ? [a.id] : [])));
  const soleReader = (id: number, e: Equation): boolean => {
    const r = readers.get(id);
    return !graphOutputs.has(id) && r !== undefined && r.size === 1 && r.has(e);
  };
  const reread = (id: number, from: Equation, to: Equation): void => {
    const r = readers.get(id) ?? readers.set(id, new Set()).get(id)!;
    r.delete(from);
    r.add(to);
  };
  const dropped = new Set<Equation>();

  /**
   * True if every reader of `id` is a movement op that can move (at most MAX_COPIES of them): each
   * then gets its own copy of the chain, and the value itself is never written out.
   */
  const movedByAll = (id: number): boolean => {
    const r = readers.get(id);
    return !graphOutputs.has(id) && r !== undefined && r.size > 0 && r.size <= MAX_COPIES && [...r].every((e) => movable(e, table));
  };
  /** Equations the copies may add in all (a bound against chains copied at every level). */
  let copyBudget = g.equations.length;

  /**
   * The equations that compute `m`'s result with `m` pushed into its operand's producer, or
   * undefined. With `copy`, a producer whose readers are all movement ops is copied for `m`.
   */
  const push = (m: Equation, copy: boolean): Equation[] | undefined => {
    if (!movable(m, table)) return undefined;
    const x = m.inputs[0] as Var;
    const p = producer.get(x.id);
    if (p === undefined || dropped.has(p) || !isFusible(p, table)) return undefined;
    const sole = soleReader(x.id, m);
    if (!sole && !(copy && copyBudget > 0 && movedByAll(x.id))) return undefined;
    // An approximated op (exp, tanh…) stays where it is: its plain loop runs as WebAssembly SIMD,
    // a view loop with it as scalar JS (view-loop.ts keeps view loops bit-identical to eager).
    if (APPROXIMATED.has(p.primitive)) return undefined;
    const arrays = p.inputs.filter((a): a is Var => a._tag === "Var" && a.aval.shape.length > 0);
    if (arrays.length === 0 || !padCommutes(m, p)) return undefined;
    // An operand computed by another elementwise equation that something other than elementwise or
    // movement ops reads (a reduction, a kernel) is written out anyway; else its readers may move
    // too, and a later pass copies its chain into each.
    for (const a of arrays) {
      const q = producer.get(a.id);
      if (q !== undefined && isFusible(q, table) && [...(readers.get(a.id) ?? [])].some((r) => r !== p && !isFusible(r, table) && !movable(r, table))) return undefined;
    }
    const out: Equation[] = [];
    const moved = new Map<number, Var>();
    const p2Inputs: Atom[] = [];
    const made: Equation[] = [];
    for (const a of p.inputs) {
      if (a._tag !== "Var" || a.aval.shape.length === 0) {
        p2Inputs.push(a);
        continue;
      }
      let v = moved.get(a.id);
      if (v === undefined) {
        v = mkVar(nextId++, aval(m.outputs[0]!.aval.shape, a.aval.dtype));
        const mi = { ...m, inputs: [a], outputs: [v] } as Equation;
        if (sole) reread(a.id, p, mi);
        else readers.get(a.id)!.add(mi);
        producer.set(v.id, mi);
        readers.set(v.id, new Set());
        made.push(mi);
        moved.set(a.id, v);
      }
      p2Inputs.push(v);
    }
    const p2 = { ...p, inputs: p2Inputs, outputs: m.outputs } as Equation;
    for (const a of p.inputs) {
      if (a._tag !== "Var" || a.aval.shape.length !== 0) continue;
      if (sole) reread(a.id, p, p2);
      else readers.get(a.id)!.add(p2);
    }
    for (const v of moved.values()) readers.get(v.id)!.add(p2);
    producer.set(m.outputs[0]!.id, p2);
    if (sole) dropped.add(p);
    else {
      readers.get(x.id)!.delete(m);
      copyBudget -= 1 + made.length;
    }
    for (const mi of made) out.push(...(push(mi, copy) ?? [mi]));
    out.push(p2);
    return out;
  };

  // Passes in program order until nothing moves: the first moves what only one reader reads; later
  // ones copy chains whose readers have all become movement ops (a value a chain of two
  // elementwise readers shares, once both are moved).
  let equations: readonly Equation[] = g.equations;
  let changed = false;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let moves = 0;
    const next: Equation[] = [];
    for (const e of equations) {
      if (dropped.has(e)) continue;
      const r = push(e, pass > 0);
      if (r === undefined) next.push(e);
      else {
        moves++;
        next.push(...r);
      }
    }
    equations = next.filter((e) => !dropped.has(e));
    if (moves === 0) break;
    changed = true;
  }
  if (!changed) return g;
  return new Graph({ inputs: g.inputs, constVars: g.constVars, constValues: g.constValues, equations, outputs: g.outputs, inTree: g.inTree, outTree: g.outTree });
}

/**
 * The graph a CPU plan of `g` schedules: transposed dot_generals swapped (dot-transpose.ts), then
 * movement ops pushed up through the chains only they read. The same values as `g`, bit for bit.
 *
 * @example
 * ```ts
 * const g = trace((x) => np.mul(x, x).T)(np.ones([2, 3]));
 * plannedGraph(g).equations.map((e) => e.primitive); // ["transpose", "mul"]
 * ```
 */
export function plannedGraph(g: Graph, table: CpuLoweringTable = CPU_LOWERINGS): Graph {
  return pushViews(swapTransposedDots(g), table);
}
