/**
 * `explainGrad(f, { argnums })(...args)`: for each input leaf, whether its gradient is identically
 * zero at these arguments and why. The function is traced (unsimplified, so the user's own
 * operations stay visible) and evaluated; then, from each leaf, a tangent is followed forward through
 * the equations. An edge (equation, input variable) passes the tangent unless it is blocked — by
 * `stop_gradient`, by an op without a derivative (comparison, integer cast, floor/round/sign,
 * argmax…), or because its local derivative is exactly zero at the concrete values (a `select` whose
 * mask never picks that branch, relu's `max` with every input ≤ 0, a multiplication by zeros): each
 * edge is checked by running `jvp` of that one primitive at its concrete inputs. The actual gradient
 * (reverse mode, linearize then transpose, as `grad` takes it) decides which leaves are zero; the
 * analysis only explains them. debug/ sits below api/, so it reaches the transforms through the
 * graph context (primitives/graph-context.ts) as graph-carrying primitives do.
 */
import { ArgumentError, DTypeError, ShapeError } from "../errors.js";
import type { Graph } from "../ir/graph.js";
import type { Atom, Equation, Var } from "../ir/types.js";
import { avalString } from "../ir/types.js";
import { bind } from "../primitives/bind.js";
import { graphContext } from "../primitives/graph-context.js";
import type { AnyPrimitive, Tangent } from "../primitives/rule-types.js";
import { primitive } from "../primitives/table.js";
import { isInexact, storageLength } from "../tensor/dtype.js";
import { arrayFrom, fromData, scalar } from "../tensor/from-js.js";
import { Tensor } from "../tensor/tensor.js";
import { checkNotAsync, fnLabel, leafAval, traceFlatList } from "../trace/trace.js";
import { Tracer } from "../trace/tracer.js";
import { flatten, unflatten } from "../tree/pytree.js";

/** Why a tangent stops at one equation. */
export type GradBlockKind =
  | "no-path"
  | "index-only"
  | "stop-gradient"
  | "non-differentiable"
  | "select"
  | "relu"
  | "zero-multiplier"
  | "zero-derivative"
  | "control-flow"
  | "cancellation";

/** One place where a leaf's tangent stops: the primitive, the user's source line, what happened. */
export interface GradBlocker {
  readonly kind: GradBlockKind;
  /** The primitive of the blocking equation (`select`, `stop_gradient`, `floor`, …); undefined for `no-path`. */
  readonly primitive: string | undefined;
  /** The user's source line of that equation (`model.ts:12:5`), when known. */
  readonly source: string | undefined;
  /** A sentence saying what blocks the tangent there. */
  readonly detail: string;
  /** For a control-flow equation: where inside it (`inside scan body: floor at model.ts:4:9`). */
  readonly inside?: readonly string[];
}

/** The verdict on one input leaf. */
export interface LeafGradExplanation {
  /** The leaf's pytree path (`params.W1`, or `args[0][1]` when the parameter has no name). */
  readonly path: string;
  /** Which positional argument the leaf belongs to. */
  readonly argnum: number;
  /** `f32[2,3]`. */
  readonly type: string;
  /** True when the gradient of this leaf is exactly zero everywhere (computed with `grad`). */
  readonly zero: boolean;
  /** The largest |gradient| entry (0 when `zero`). */
  readonly maxAbsGrad: number;
  /** Why it is zero (empty for a nonzero leaf). */
  readonly reasons: readonly GradBlocker[];
}

/** The report of `explainGrad`: one entry per input leaf of the differentiated arguments. */
export class GradExplanation {
  constructor(
    /** The label of the explained function (`explainGrad(loss)`). */
    readonly label: string,
    /** One entry per leaf, in flattening order. */
    readonly leaves: readonly LeafGradExplanation[],
  ) {
    Object.freeze(this);
  }

  /** The leaves whose gradient is identically zero. */
  get zeroLeaves(): readonly LeafGradExplanation[] {
    return this.leaves.filter((l) => l.zero);
  }

  /** The entry for a path (`params.W1`), or undefined. */
  leaf(path: string): LeafGradExplanation | undefined {
    return this.leaves.find((l) => l.path === path);
  }

  /** A readable report, one block per leaf. */
  toString(): string {
    const lines = [`${this.label}: ${this.zeroLeaves.length} of ${this.leaves.length} input leaves have an identically zero gradient`];
    for (const l of this.leaves) {
      if (!l.zero) {
        lines.push(`  ${l.path}: ${l.type}  nonzero gradient (max |g| = ${fmtNum(l.maxAbsGrad)})`);
        continue;
      }
      lines.push(`  ${l.path}: ${l.type}  ZERO gradient`);
      for (const r of l.reasons) {
        const at = r.primitive === undefined ? "" : ` ${r.primitive}${r.source ? ` at ${r.source}` : ""}:`;
        lines.push(`    - [${r.kind}]${at} ${r.detail}`);
        for (const s of r.inside ?? []) lines.push(`        ${s}`);
      }
    }
    return lines.join("\n");
  }
}

function fmtNum(x: number): string {
  return String(Number(x.toPrecision(4)));
}

/** Options of `explainGrad`: the same `argnums` as `grad`. */
export interface ExplainGradOptions {
  /** Which positional arguments to differentiate (default 0). */
  argnums?: number | readonly number[];
}

const COMPARISONS = new Set(["lt", "le", "gt", "ge", "eq", "ne"]);
const ZERO_JVP = new Set(["sign", "floor", "ceil", "round", "is_finite", "not", "argmax", "argmin", "argsort"]);
const CONTROL = new Set(["scan", "cond", "while", "jit", "checkpoint", "custom_jvp_call", "custom_vjp_call"]);

/** Input slots that carry no derivative whatever their producer (a select mask, gather/scatter indices). */
function isIndexSlot(e: Equation, slot: number): boolean {
  if (e.primitive === "select") return slot === 0;
  if (e.primitive === "gather" || e.primitive === "scatter" || e.primitive === "scatter_add") return slot === 1;
  return false;
}

function allEqual(t: Tensor, v: number): boolean {
  const d = t.concreteData();
  for (let i = 0; i < d.length; i++) if (Number(d[i]) !== v) return false;
  return true;
}

function allAtMost(t: Tensor, v: number): boolean {
  const d = t.concreteData();
  for (let i = 0; i < d.length; i++) if (!(Number(d[i]) <= v)) return false;
  return true;
}

/** A deterministic tangent without zeros or symmetric patterns. */
function probeTangent(v: Var): Tensor {
  const size = v.aval.shape.reduce((a, b) => a * b, 1);
  const n = storageLength(v.aval.dtype, size);
  const data = v.aval.dtype === "float32" || v.aval.dtype === "complex64" ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = 0.5 + ((i * 7919 + 13) % 101) / 101;
  return fromData(v.aval.shape, v.aval.dtype, data);
}

/** Names of `f`'s positional parameters, read from its source when they are plain identifiers. */
function parameterNames(f: (...args: never[]) => unknown): (string | undefined)[] {
  let src: string;
  try {
    src = Function.prototype.toString.call(f);
  } catch {
    return [];
  }
  const single = /^\s*(?:async\s+)?([A-Za-z_$][\w$]*)\s*=>/.exec(src);
  if (single) return [single[1]];
  const m = /^\s*(?:async\s*)?(?:function\b[^(]*)?\(([^)]*)\)/.exec(src);
  if (!m) return [];
  return m[1]!.split(",").map((p) => {
    const id = /^\s*([A-Za-z_$][\w$]*)\s*(?:=.*)?$/.exec(p);
    return id ? id[1] : undefined;
  });
}

/** The analysis of one traced graph at concrete values. */
class Analysis {
  readonly env = new Map<number, Tensor>();
  /** For each variable id, the (equation index, slot) pairs that read it. */
  readonly uses = new Map<number, { e: number; slot: number }[]>();
  /** Variables from which a change could, through some non-index slot, reach an output. */
  readonly reaches = new Set<number>();
  /** Variables computed from some graph input (the rest are constants). */
  readonly fromInputs = new Set<number>();
  /** The equation that defines each variable. */
  readonly producer = new Map<number, Equation>();
  private readonly probes = new Map<string, GradBlocker | null>();

  constructor(readonly g: Graph, inputs: readonly Tensor[]) {
    g.constVars.forEach((v, i) => this.env.set(v.id, g.constValues[i]!));
    g.inputs.forEach((v, i) => {
      this.env.set(v.id, inputs[i]!);
      this.fromInputs.add(v.id);
    });
    g.equations.forEach((e, ei) => {
      const outs = bind(primitive(e.primitive) as AnyPrimitive as never, e.inputs.map((a) => this.read(a)), e.params as never) as Tensor[];
      const computed = e.inputs.some((a) => a._tag === "Var" && this.fromInputs.has(a.id));
      e.outputs.forEach((v, i) => {
        this.env.set(v.id, outs[i]!);
        if (computed) this.fromInputs.add(v.id);
        this.producer.set(v.id, e);
      });
      e.inputs.forEach((a, slot) => {
        if (a._tag !== "Var") return;
        const list = this.uses.get(a.id) ?? [];
        list.push({ e: ei, slot });
        this.uses.set(a.id, list);
      });
    });
    for (const o of g.outputs) if (o._tag === "Var") this.reaches.add(o.id);
    for (let ei = g.equations.length - 1; ei >= 0; ei--) {
      const e = g.equations[ei]!;
      if (!e.outputs.some((v) => this.reaches.has(v.id))) continue;
      e.inputs.forEach((a, slot) => {
        if (a._tag === "Var" && !isIndexSlot(e, slot)) this.reaches.add(a.id);
      });
    }
  }

  read(a: Atom): Tensor {
    return a._tag === "Literal" ? scalar(a.value, a.aval.dtype) : this.env.get(a.id)!;
  }

  /** Null when the tangent of variable `v` passes equation `ei`; otherwise why it stops there. */
  block(ei: number, v: Var): GradBlocker | null {
    const key = `${ei}:${v.id}`;
    if (!this.probes.has(key)) this.probes.set(key, this.computeBlock(ei, v));
    return this.probes.get(key)!;
  }

  private computeBlock(ei: number, v: Var): GradBlocker | null {
    const e = this.g.equations[ei]!;
    const at = { primitive: e.primitive as string, source: e.source };
    if (e.primitive === "stop_gradient") return { kind: "stop-gradient", ...at, detail: "stopGradient passes the value but no derivative." };
    if (!isInexact(v.aval.dtype)) return { kind: "non-differentiable", ...at, detail: `its input is ${avalString(v.aval)}, which carries no derivative.` };
    if (COMPARISONS.has(e.primitive)) {
      return { kind: "non-differentiable", ...at, detail: `a comparison (${e.primitive}) gives booleans, which have no derivative.` };
    }
    if (e.primitive === "convert_element_type" && !isInexact(e.outputs[0]!.aval.dtype)) {
      return { kind: "non-differentiable", ...at, detail: `a cast to ${e.outputs[0]!.aval.dtype} (integer/bool) has no derivative.` };
    }
    if (ZERO_JVP.has(e.primitive)) return { kind: "non-differentiable", ...at, detail: `${e.primitive} is piecewise constant: its derivative is zero everywhere.` };
    if (e.outputs.every((o) => !isInexact(o.aval.dtype))) {
      return { kind: "non-differentiable", ...at, detail: `its outputs (${e.outputs.map((o) => avalString(o.aval)).join(", ")}) carry no derivative.` };
    }
    // The local derivative at the concrete values: jvp of this one primitive in the direction of v.
    const prim = primitive(e.primitive) as AnyPrimitive;
    const others = e.inputs.map((a) => this.read(a));
    let tangents: Tensor[];
    try {
      const [, t] = graphContext().jvp(
        ([x]) => bind(prim as never, e.inputs.map((a, i) => (a._tag === "Var" && a.id === v.id ? x! : others[i]!)), e.params as never) as Tensor[],
        [this.env.get(v.id)!],
        [probeTangent(v)],
        "explainGrad",
      );
      // A symbolically zero tangent is not a Tensor.
      tangents = (t as Tangent[]).map((x) => (x instanceof Tensor ? x : scalar(0, "float32")));
    } catch {
      return null; // a primitive jvp cannot probe alone: assume it passes
    }
    // Only the outputs that lead to the result count (a scan's ys that nothing reads do not).
    const counted = e.outputs.some((o) => this.reaches.has(o.id)) ? tangents.filter((_, i) => this.reaches.has(e.outputs[i]!.id)) : tangents;
    if (!counted.every((t) => !isInexact(t.dtype) || allEqual(t, 0))) return null;
    const slots = e.inputs.map((a, i) => (a._tag === "Var" && a.id === v.id ? i : -1)).filter((i) => i >= 0);
    const other = (i: number) => others[i]!;
    switch (e.primitive) {
      case "select": {
        const branch = slots.includes(1) ? "true" : "false";
        // nn.relu(x) lowers to select(gt(x, 0), x, …): say so in relu's terms.
        const pred = e.inputs[0]!;
        const maker = pred._tag === "Var" ? this.producer.get(pred.id) : undefined;
        const isRelu =
          branch === "true" &&
          maker !== undefined &&
          maker.primitive === "gt" &&
          maker.inputs[0]!._tag === "Var" &&
          maker.inputs[0]!.id === v.id &&
          maker.inputs[1]!._tag === "Literal" &&
          maker.inputs[1]!.value === 0;
        if (isRelu) {
          return { kind: "select", ...at, detail: "relu (select on x > 0): every input is ≤ 0, so no element passes a derivative (a dead unit)." };
        }
        return {
          kind: "select",
          ...at,
          detail: `select/where: the mask is ${branch === "true" ? "false" : "true"} for every element, so this ${branch} branch is never picked (relu and np.where lower to it).`,
        };
      }
      case "max":
      case "min": {
        const o = other(slots[0] === 0 ? 1 : 0);
        const relu = e.primitive === "max" && allEqual(o, 0) && allAtMost(this.env.get(v.id)!, 0);
        return {
          kind: relu ? "relu" : "zero-derivative",
          ...at,
          detail: relu
            ? "relu (max with 0): every input is ≤ 0, so no element passes a derivative."
            : `${e.primitive}: the other operand wins at every element.`,
        };
      }
      case "mul":
      case "div":
      case "dot_general": {
        const o = e.inputs.length === 2 && slots.length === 1 ? other(1 - slots[0]!) : undefined;
        if (o !== undefined && e.primitive !== "div" && allEqual(o, 0)) {
          const a = e.inputs[1 - slots[0]!]!;
          const constant = a._tag === "Literal" || !this.fromInputs.has(a.id);
          return {
            kind: "zero-multiplier",
            ...at,
            detail: constant
              ? `${e.primitive} by a constant zero multiplier: the other operand is 0 everywhere.`
              : `${e.primitive} by a zero multiplier: the other operand is computed and is 0 everywhere at these values.`,
          };
        }
        break;
      }
      default:
        if (CONTROL.has(e.primitive)) {
          return { kind: "control-flow", ...at, detail: `${e.primitive}: no derivative passes through its body to its outputs.`, inside: insideBody(e, slots) };
        }
    }
    return { kind: "zero-derivative", ...at, detail: `${e.primitive}'s derivative with respect to this input is zero at these values.` };
  }
}

/**
 * The graphs a control-flow equation carries, with what to call them and which body input each
 * operand slot feeds (-1: none), plus, for loops, which body outputs feed back into which inputs.
 */
function bodies(e: Equation): { what: string; body: Graph; slotToInput: (slot: number) => number; loop?: (out: number) => number }[] {
  const same = (slot: number) => slot;
  switch (e.primitive) {
    case "scan": {
      const { numConsts, numCarry } = e.params;
      return [{ what: "scan body", body: e.params.body, slotToInput: same, loop: (o) => (o < numCarry ? numConsts + o : -1) }];
    }
    case "cond":
      return e.params.branches.map((b, i) => ({ what: `cond branch ${i}`, body: b, slotToInput: (slot: number) => slot - 1 }));
    case "while": {
      const { condConsts, bodyConsts } = e.params;
      return [{ what: "while body", body: e.params.body, slotToInput: (slot) => (slot < condConsts ? -1 : slot - condConsts), loop: (o) => bodyConsts + o }];
    }
    case "jit":
      return [{ what: `jit(${e.params.name})`, body: e.params.graph, slotToInput: same }];
    case "checkpoint":
    case "custom_jvp_call":
    case "custom_vjp_call":
      return [{ what: `${e.primitive}(${e.params.name})`, body: e.params.fun, slotToInput: same }];
    default:
      return [];
  }
}

/** Why a body equation stops a derivative by its nature, or undefined (static: no values inside bodies). */
function staticBlock(be: Equation, v: Var): string | undefined {
  if (be.primitive === "stop_gradient") return "stop_gradient";
  if (!isInexact(v.aval.dtype)) return `${be.primitive} (its input ${avalString(v.aval)} carries no derivative)`;
  if (COMPARISONS.has(be.primitive)) return `${be.primitive} (a comparison: no derivative)`;
  if (ZERO_JVP.has(be.primitive)) return `${be.primitive} (piecewise constant: no derivative)`;
  if (be.primitive === "convert_element_type" && !isInexact(be.outputs[0]!.aval.dtype)) return `convert_element_type (cast to ${be.outputs[0]!.aval.dtype}: no derivative)`;
  if (be.outputs.every((o) => !isInexact(o.aval.dtype))) return `${be.primitive} (non-float outputs: no derivative)`;
  return undefined;
}

/**
 * Inside a control-flow equation: the tangent of the operands in `liveSlots` followed through each
 * body statically, naming the equations that stop it (and, when none does by its nature, the
 * selects, max/min and multiplications on its way, which may block every element at the loop's values).
 */
function insideBody(e: Equation, liveSlots: readonly number[], depth = 0): string[] {
  const out: string[] = [];
  for (const { what, body, slotToInput, loop } of bodies(e)) {
    const live = new Set<number>();
    for (const slot of liveSlots) {
      const i = slotToInput(slot);
      if (i >= 0 && i < body.inputs.length) live.add(body.inputs[i]!.id);
    }
    const stops: string[] = [];
    const maybe: string[] = [];
    // A loop carries tangents from one iteration's outputs to the next one's inputs: iterate to a fixed point.
    for (let round = 0; round < 8; round++) {
      const before = live.size;
      stops.length = 0;
      maybe.length = 0;
      for (const be of body.equations) {
        const at = be.source ? ` at ${be.source}` : "";
        let passes = false;
        be.inputs.forEach((a, slot) => {
          if (a._tag !== "Var" || !live.has(a.id) || isIndexSlot(be, slot)) return;
          const why = staticBlock(be, a);
          if (why === undefined) passes = true;
          else if (!stops.includes(`inside ${what}: ${why}${at}`)) stops.push(`inside ${what}: ${why}${at}`);
        });
        if (!passes) continue;
        be.outputs.forEach((o) => live.add(o.id));
        if (["select", "max", "min", "mul", "dot_general"].includes(be.primitive)) {
          const m = `inside ${what}: ${be.primitive}${at} (may block every element at the loop's values)`;
          if (!maybe.includes(m)) maybe.push(m);
        }
        if (CONTROL.has(be.primitive) && depth < 4) {
          const slots = be.inputs.flatMap((a, i) => (a._tag === "Var" && live.has(a.id) ? [i] : []));
          stops.push(...insideBody(be, slots, depth + 1).map((x) => `inside ${what}, ${x.replace(/^inside /, "")}`));
        }
      }
      if (loop !== undefined) {
        body.outputs.forEach((o, k) => {
          const i = loop(k);
          if (o._tag === "Var" && live.has(o.id) && i >= 0 && i < body.inputs.length) live.add(body.inputs[i]!.id);
        });
      }
      if (live.size === before) break;
    }
    out.push(...stops, ...(stops.length === 0 ? maybe : []));
  }
  return out;
}

/** Why the tangent of graph input `start` never reaches the output. */
function explainLeaf(an: Analysis, start: Var): GradBlocker[] {
  const g = an.g;
  // Plain dependency (any slot): does the output depend on this leaf at all?
  const dep = new Set<number>([start.id]);
  for (const e of g.equations) if (e.inputs.some((a) => a._tag === "Var" && dep.has(a.id))) e.outputs.forEach((o) => dep.add(o.id));
  if (!g.outputs.some((o) => o._tag === "Var" && dep.has(o.id))) {
    return [{ kind: "no-path", primitive: undefined, source: undefined, detail: "the output does not depend on this input: there is no path from it to the output." }];
  }
  // The tangent, followed forward; blocked edges on the way are the candidates.
  const live = new Set<number>([start.id]);
  const found: { ei: number; b: GradBlocker }[] = [];
  const indexUses: GradBlocker[] = [];
  g.equations.forEach((e, ei) => {
    let passes = false;
    e.inputs.forEach((a, slot) => {
      if (a._tag !== "Var" || !live.has(a.id)) return;
      if (isIndexSlot(e, slot)) return;
      const b = an.block(ei, a);
      if (b === null) passes = true;
      else if (e.outputs.some((o) => an.reaches.has(o.id)) && !found.some((f) => f.ei === ei)) found.push({ ei, b });
    });
    if (passes) e.outputs.forEach((o) => live.add(o.id));
    // Where the leaf's value (not its tangent) only steers: a mask or an index.
    e.inputs.forEach((a, slot) => {
      if (a._tag === "Var" && dep.has(a.id) && isIndexSlot(e, slot) && !indexUses.some((u) => u.source === e.source && u.primitive === e.primitive)) {
        indexUses.push({
          kind: "index-only",
          primitive: e.primitive,
          source: e.source,
          detail: `the input only decides a ${e.primitive === "select" ? "select/where mask" : `${e.primitive} index`}, which has no derivative.`,
        });
      }
    });
  });
  if (g.outputs.some((o) => o._tag === "Var" && live.has(o.id))) {
    return [{ kind: "cancellation", primitive: undefined, source: undefined, detail: "a derivative reaches the output, but its contributions cancel to exactly zero at these values." }];
  }
  // A blocker is relevant unless everything it makes goes only into select branches that are never picked
  // (relu's own stop_gradient, a stopGradient under an all-true where).
  const relevant = found.filter(({ ei }) => {
    const e = g.equations[ei]!;
    return e.outputs.some((o) =>
      (an.uses.get(o.id) ?? []).some(({ e: ui, slot }) => {
        const u = g.equations[ui]!;
        if (!u.outputs.some((x) => an.reaches.has(x.id)) || isIndexSlot(u, slot)) return false;
        return !(u.primitive === "select" && an.block(ui, o)?.kind === "select");
      }) || g.outputs.some((x) => x._tag === "Var" && x.id === o.id),
    );
  });
  const reasons = (relevant.length > 0 ? relevant : found).map((f) => f.b);
  return reasons.length > 0 ? reasons : indexUses;
}

/**
 * Explains, for each input leaf of the differentiated arguments, whether its gradient is
 * identically zero at `args` and why: no path to the output, a `stopGradient`, an op without a
 * derivative (comparison, integer cast, floor/round/sign, argmax), a `select`/`where` or relu that
 * blocks every element, a zero multiplier — with the primitive and the user's source line. Which
 * leaves are zero is decided by `grad` itself; `toString()` prints the report.
 *
 * @example
 * ```ts
 * const r = explainGrad((w: Tensor, x: Tensor) => np.sum(nn.relu(np.multiply(w, x))))(np.array([-1, -2]), np.array([1, 1]));
 * r.leaf("w")!.zero; // true
 * r.leaf("w")!.reasons[0]!.primitive; // "select"
 * console.log(r.toString()); // prints each leaf with its reasons and source lines
 * ```
 */
export function explainGrad<Args extends unknown[]>(f: (...args: Args) => unknown, opts: ExplainGradOptions = {}): (...args: Args) => GradExplanation {
  if (typeof f !== "function") throw new ArgumentError(`explainGrad: expected a function, got ${typeof f}.`);
  const label = fnLabel("explainGrad", f as (...args: never[]) => unknown);
  checkNotAsync(f as (...args: never[]) => unknown, label);
  checkOptions(opts, label);
  const names = parameterNames(f as (...args: never[]) => unknown);
  return (...args: Args): GradExplanation => {
    const argnums = normalizeArgnums(opts.argnums, args.length, label);
    const [rawLeaves, inTree] = flatten(args, "args", undefined, label);
    if (rawLeaves.some((l) => l instanceof Tracer)) {
      throw new ArgumentError(`${label}: the arguments must be concrete arrays (explainGrad evaluates them); call it outside jit, vmap and grad.`);
    }
    const inputs = rawLeaves.map((l, i) => (l instanceof Tensor ? l : arrayFrom(l, undefined, `${label} leaf ${i}`)));
    const graph = traceFlatList((xs) => f(...(unflatten(inTree, xs) as Args)), rawLeaves.map(leafAval), label, inTree);
    if (graph.outputs.length !== 1 || graph.outputs[0]!.aval.shape.length !== 0 || !isInexact(graph.outputs[0]!.aval.dtype)) {
      throw new ShapeError(
        `${label}: the function must return a float scalar (as for grad); it returned ${graph.outputs.map((o) => avalString(o.aval)).join(", ") || "nothing"}. ` +
          `Reduce it first (np.sum, np.mean).`,
      );
    }
    // Leaf offsets of each positional argument in the flat input list, and the selected leaves.
    const offsets: number[] = [];
    let off = 0;
    for (let i = 0; i < args.length; i++) {
      offsets.push(off);
      off += flatten(args[i], "x")[0].length;
    }
    const selected: { argnum: number; path: string; index: number }[] = [];
    for (const argnum of argnums) {
      const paths: string[] = [];
      flatten(args[argnum], names[argnum] ?? `args[${argnum}]`, paths);
      paths.forEach((path, j) => selected.push({ argnum, path, index: offsets[argnum]! + j }));
    }
    for (const s of selected) {
      const dt = graph.inputs[s.index]!.aval.dtype;
      if (!isInexact(dt)) {
        throw new DTypeError(`${label}: ${s.path} has dtype ${dt}; gradients are taken with respect to float inputs only (as for grad). Cast it with np.astype or leave it out of argnums.`);
      }
    }
    const grads = reverseGradients(graph, inputs, selected.map((s) => s.index));
    const an = new Analysis(graph, inputs);
    const out = selected.map(({ argnum, path, index }, k): LeafGradExplanation => {
      const v = graph.inputs[index]!;
      let maxAbs = 0;
      const d = grads[k]!.concreteData();
      for (let i = 0; i < d.length; i++) maxAbs = Math.max(maxAbs, Math.abs(Number(d[i])));
      const zero = maxAbs === 0;
      return { path, argnum, type: avalString(v.aval), zero, maxAbsGrad: maxAbs, reasons: zero ? explainLeaf(an, v) : [] };
    });
    return new GradExplanation(label, out);
  };
}

/** The gradient of the scalar output with respect to the inputs at `indices` (reverse mode: linearize, transpose). */
function reverseGradients(g: Graph, inputs: readonly Tensor[], indices: readonly number[]): Tensor[] {
  const ctx = graphContext();
  const mask = g.inputs.map((_, i) => indices.includes(i));
  const lin = ctx.linearizeGraph(g, mask);
  const zeros = () => indices.map((i) => fromData(g.inputs[i]!.aval.shape, g.inputs[i]!.aval.dtype, new (g.inputs[i]!.aval.dtype === "float64" || g.inputs[i]!.aval.dtype === "complex128" ? Float64Array : Float32Array)(storageLength(g.inputs[i]!.aval.dtype, g.inputs[i]!.aval.shape.reduce((a, b) => a * b, 1)))));
  if (lin.zeroOut[0]) return zeros();
  const residuals = ctx.evalGraph(lin.primal, inputs).slice(g.outputs.length);
  const t = ctx.transposeGraph(lin.linear, [...residuals.map(() => false), ...indices.map(() => true)]);
  return ctx.evalGraph(t, [...residuals, scalar(1, g.outputs[0]!.aval.dtype)]);
}

/** Checks the options object and the form of argnums (every problem in one error). */
function checkOptions(opts: unknown, label: string): void {
  if (opts === undefined) return;
  if (typeof opts !== "object" || opts === null || Array.isArray(opts)) throw new ArgumentError(`${label}: options must be an object such as { argnums }.`);
  const problems = Object.keys(opts)
    .filter((k) => k !== "argnums")
    .map((k) => `${label}: unknown option ${JSON.stringify(k)}; the only option is argnums.`);
  const a = (opts as { argnums?: unknown }).argnums;
  const okIndex = (x: unknown) => typeof x === "number" && Number.isInteger(x);
  if (a !== undefined && !okIndex(a) && !(Array.isArray(a) && a.length > 0 && a.every(okIndex))) {
    problems.push(`${label}: argnums must be an integer index of a positional argument or a non-empty array of them; got ${String(a)}.`);
  }
  if (problems.length > 0) throw new ArgumentError(problems.join("\n"));
}

/** argnums as indices in [0, nargs), each at most once. */
function normalizeArgnums(argnums: number | readonly number[] | undefined, nargs: number, label: string): number[] {
  const list = argnums === undefined ? [0] : typeof argnums === "number" ? [argnums] : [...argnums];
  const bad = list.filter((a) => a < -nargs || a >= nargs);
  if (bad.length > 0) {
    throw new ArgumentError(`${label}: argnums contains ${bad.join(", ")} but ${nargs} positional argument${nargs === 1 ? " was" : "s were"} passed; use an index in [0, ${nargs - 1}].`);
  }
  const norm = list.map((a) => (a < 0 ? a + nargs : a));
  if (new Set(norm).size !== norm.length) throw new ArgumentError(`${label}: argnums (${list.join(", ")}) repeats an argument.`);
  return norm;
}
