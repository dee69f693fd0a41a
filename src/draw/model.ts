/**
 * The drawing model of a graph: plain JSON-able data (nodes, edges, groups) that the layout and the
 * painter read, in Node for `toSvg` and inside the page for `toHtml`. Equations are nodes whose
 * label inlines their literal operands (`mul ×2.0`); inputs and outputs are named by their pytree
 * paths (`args[0].W1`, `out.loss`); each edge carries its value's type (`f32[32,10]`); an edge from a
 * forward equation into a backward one, and an edge into a residual output or out of a residual
 * input (traceVjp's graphs), is a residual. Groups are the equations' scopes (`loss/mlp/dense`,
 * nested) and the nested graphs of control flow, jit, checkpoint and custom rules, labelled by
 * what they are (`scan body`, `transposed scan body`, `cond branch 1`, `jit f`).
 */
import { ArgumentError, describeValue } from "../errors.js";
import { Graph } from "../ir/graph.js";
import { literalString, paramsString } from "../ir/print.js";
import { type Atom, type Equation, type Pass, avalString } from "../ir/types.js";
import { shortName } from "../tensor/dtype.js";
import type { TreeDef } from "../tree/pytree.js";
import { leafPaths } from "./paths.js";

/** A box of the picture: an input, a constant, an equation, or an output. */
export interface DrawNode {
  readonly id: string;
  readonly kind: "input" | "const" | "eqn" | "output";
  readonly label: string;
  /** Hover text: source line, params, scope, pass, output types. */
  readonly title: string;
  /** The innermost group holding it ("" for the top level). */
  readonly group: string;
  /** Equations only. */
  readonly pass?: Pass;
}
/** A value flowing from one node to another (one per operand: `mul x x` has two). */
export interface DrawEdge {
  readonly from: string;
  readonly to: string;
  /** Its type, `f32[32,10]`. */
  readonly label: string;
  readonly residual: boolean;
  /** From a nested graph's output to the equation that runs it. */
  readonly dashed: boolean;
}
/** A scope or a nested graph, drawn as a box that can collapse. */
export interface DrawGroup {
  readonly id: string;
  readonly label: string;
  readonly parent: string;
  readonly kind: "scope" | "body";
}
/** Everything the layout and the painter need. */
export interface DrawModel {
  readonly nodes: readonly DrawNode[];
  readonly edges: readonly DrawEdge[];
  readonly groups: readonly DrawGroup[];
  /** How many equations (nested graphs' included). */
  readonly equations: number;
}

/** What the model needs besides the graph: which outputs and inputs are residuals (traceVjp). */
export interface ModelOptions {
  /** The last `residualOutputs` outputs are residuals (traceVjp's `forward`: `residuals.length`). */
  readonly residualOutputs?: number;
  /** The first `residualInputs` inputs are residuals (traceVjp's `backward`: `residuals.length`). */
  readonly residualInputs?: number;
}

const LABEL_MAX = 44;
const short = (s: string): string => (s.length > LABEL_MAX ? `${s.slice(0, LABEL_MAX - 1)}…` : s);
const isGraphList = (v: unknown): v is readonly Graph[] => Array.isArray(v) && v.length > 0 && v.every((g) => g instanceof Graph);

// Operators whose literal operand reads best as `mul ×2.0`, `sub −1.0` (second operand) or `2.0÷` (first).
const SYMBOL: Readonly<Record<string, string>> = { mul: "×", add: "+", sub: "−", div: "÷", pow: "^", max: "max ", min: "min " };

/** `mul ×2.0`, `reduce_sum[axes=(0,)]`, `select_n · 0.0 ·`: the primitive, its params and its literals inlined. */
function equationLabel(e: Equation, params: string): string {
  const lits = e.inputs.map((a) => (a._tag === "Literal" ? literalString(a.value, shortName(a.aval.dtype)).replace(/:.*$/, "") : undefined));
  const name = `${e.primitive}${params}`;
  if (lits.every((l) => l === undefined)) return name;
  const sym = SYMBOL[e.primitive];
  if (sym !== undefined && e.inputs.length === 2) {
    // Order matters only for sub, div and pow: `sub 1.0−` is 1.0 − x.
    const commutes = e.primitive !== "sub" && e.primitive !== "div" && e.primitive !== "pow";
    return lits[1] !== undefined || commutes ? `${name} ${sym}${lits[1] ?? lits[0]}` : `${name} ${lits[0]}${sym.trim()}`;
  }
  return `${name} ${lits.map((l) => l ?? "·").join(" ")}`;
}

/** The nested graphs of an equation, each with what it is (`scan body`, `cond branch 1`, `jit f`). */
function nestedGraphs(e: Equation): { key: string; graph: Graph; label: string }[] {
  const out: { key: string; graph: Graph; label: string }[] = [];
  for (const [key, value] of Object.entries(e.params as Record<string, unknown>)) {
    const graphs = value instanceof Graph ? [value] : isGraphList(value) ? value : [];
    graphs.forEach((graph, j) => out.push({ key: `${key}${j}`, graph, label: nestedLabel(e, key, j) }));
  }
  return out;
}

function nestedLabel(e: Equation, key: string, j: number): string {
  const name = (e.params as { name?: unknown }).name;
  switch (e.primitive) {
    case "scan":
      return e.pass === "backward" ? "transposed scan body" : "scan body";
    case "cond":
      return `cond branch ${j}`;
    case "while":
      return key === "cond" ? "while cond" : "while body";
    case "jit":
      return `jit ${String(name)}`;
    case "checkpoint":
      return `checkpoint ${String(name)}`;
    case "custom_jvp_call":
      return `custom_jvp ${String(name)}`;
    case "custom_vjp_call":
      return `custom_vjp ${String(name)}`;
    default:
      return `${e.primitive} ${key}`;
  }
}

/** Param text without nested graphs and functions (those are groups, or not drawable). */
function shortParams(e: Equation): string {
  const kept = Object.entries(e.params as Record<string, unknown>).filter(([, v]) => !(v instanceof Graph) && !isGraphList(v) && typeof v !== "function");
  return paramsString(Object.fromEntries(kept));
}

/** The scope segments every equation of `g` shares (a scope around everything adds no information). */
function commonScope(g: Graph): string[] {
  let common: string[] | undefined;
  for (const e of g.equations) {
    const segs = e.scope === undefined ? [] : e.scope.split("/");
    if (common === undefined) common = segs;
    else {
      let k = 0;
      while (k < common.length && k < segs.length && common[k] === segs[k]) k++;
      common = common.slice(0, k);
    }
    if (common.length === 0) break;
  }
  return common ?? [];
}

class ModelBuilder {
  readonly nodes: DrawNode[] = [];
  readonly edges: DrawEdge[] = [];
  readonly groups: DrawGroup[] = [];
  private readonly groupIds = new Set<string>();
  equations = 0;

  /** The group of scope `segs` inside `container`, made (with its parents) on first use. */
  scopeGroup(container: string, segs: readonly string[]): string {
    let parent = container;
    for (let i = 0; i < segs.length; i++) {
      const id = `${container}|${segs.slice(0, i + 1).join("/")}`;
      if (!this.groupIds.has(id)) {
        this.groupIds.add(id);
        this.groups.push({ id, label: segs[i]!, parent, kind: "scope" });
      }
      parent = id;
    }
    return parent;
  }

  addBody(id: string, label: string, parent: string): void {
    this.groupIds.add(id);
    this.groups.push({ id, label, parent, kind: "body" });
  }

  /** Draws `g` into `container`; returns the node ids of its outputs (for the dashed links). */
  graph(g: Graph, p: string, container: string, names: { inputs: string[]; outputs: string[] }, opts: ModelOptions): string[] {
    // `residual`: every edge out of it is one (a residual input of traceVjp's backward graph).
    const producer = new Map<number, { id: string; pass: Pass | undefined; residual?: boolean }>();
    const strip = commonScope(g).length;
    // In a graph with both passes, the backward equations sit in a "backward pass" box (with their
    // forward equations' scopes inside it), so the forward pass reads top-down and then the backward.
    const bothPasses = g.equations.some((e) => e.pass === "backward") && g.equations.some((e) => e.pass === "forward");
    g.constVars.forEach((v, i) => {
      const id = `${p}c${i}`;
      this.nodes.push({ id, kind: "const", label: `const ${avalString(v.aval)}`, title: `captured constant ${avalString(v.aval)}`, group: container });
      producer.set(v.id, { id, pass: undefined });
    });
    const resIn = opts.residualInputs ?? 0;
    g.inputs.forEach((v, i) => {
      const id = `${p}i${i}`;
      const name = i < resIn ? `residual r${i}` : (names.inputs[i] ?? `in ${i}`);
      this.nodes.push({ id, kind: "input", label: short(name), title: `input ${name}: ${avalString(v.aval)}`, group: container });
      producer.set(v.id, { id, pass: undefined, residual: i < resIn });
    });
    const edgeFrom = (a: Atom, to: string, toPass: Pass | undefined): void => {
      if (a._tag !== "Var") return; // literals are in the equation's label
      const src = producer.get(a.id);
      if (src === undefined) return;
      this.edges.push({ from: src.id, to, label: avalString(a.aval), residual: src.residual === true || (src.pass === "forward" && toPass === "backward"), dashed: false });
    };
    g.equations.forEach((e, k) => {
      const id = `${p}e${k}`;
      this.equations++;
      const scopeSegs = e.scope === undefined ? [] : e.scope.split("/").slice(strip);
      const segs = bothPasses && e.pass === "backward" ? ["backward pass", ...scopeSegs] : scopeSegs;
      const group = this.scopeGroup(container, segs);
      const params = shortParams(e);
      const outs = e.outputs.map((v) => avalString(v.aval)).join(", ");
      const title = [`${e.primitive}${params}`, `source: ${e.source ?? "unknown"}`, `scope: ${e.scope ?? "(top level)"}`, `pass: ${e.pass}`, `output: ${outs}`].join("\n");
      this.nodes.push({ id, kind: "eqn", label: short(equationLabel(e, params)), title, group, pass: e.pass });
      for (const a of e.inputs) edgeFrom(a, id, e.pass);
      for (const nested of nestedGraphs(e)) {
        const bodyId = `${id}.${nested.key}`;
        this.addBody(bodyId, nested.label, group);
        const inner = this.graph(nested.graph, `${bodyId}.`, bodyId, { inputs: [], outputs: [] }, {});
        for (const o of inner) this.edges.push({ from: o, to: id, label: "", residual: false, dashed: true });
      }
      for (const v of e.outputs) producer.set(v.id, { id, pass: e.pass });
    });
    const resOutFrom = g.outputs.length - (opts.residualOutputs ?? 0);
    return g.outputs.map((a, i) => {
      const id = `${p}o${i}`;
      const residual = i >= resOutFrom;
      const name = residual ? `residual r${i - resOutFrom}` : (names.outputs[i] ?? `out ${i}`);
      this.nodes.push({ id, kind: "output", label: short(name), title: `output ${name}: ${avalString(a.aval)}`, group: container });
      if (a._tag === "Var") {
        const src = producer.get(a.id);
        if (src !== undefined) this.edges.push({ from: src.id, to: id, label: avalString(a.aval), residual, dashed: false });
      }
      return id;
    });
  }
}

/** Leaf paths of a structure, or none when its leaf count does not match (a hand-built graph). */
function pathsOf(def: TreeDef, root: string, count: number): string[] {
  return def.numLeaves === count ? leafPaths(def, root) : [];
}

/**
 * The drawing model of `g`. `where` names the function the user called, for the error when `g` is
 * not a Graph.
 *
 * @example
 * ```ts
 * const m = drawModel(trace((x: Tensor) => np.sum(np.sin(x).mul(2)))(np.ones([3])));
 * m.nodes.map((n) => n.label); // ["args[0]", "sin", "mul ×2.0", "reduce_sum[axes=(0,)]", "out"]
 * ```
 */
export function drawModel(g: Graph, opts: ModelOptions = {}, where = "drawModel"): DrawModel {
  if (!(g instanceof Graph)) {
    throw new ArgumentError(`${where}: expected a Graph (make one with trace(f)(...args)); got ${describeValue(g)}.`);
  }
  for (const key of ["residualOutputs", "residualInputs"] as const) {
    const n = opts[key];
    const limit = key === "residualOutputs" ? g.outputs.length : g.inputs.length;
    if (n !== undefined && (!Number.isInteger(n) || n < 0 || n > limit)) {
      throw new ArgumentError(`${where}: options.${key} must be an integer from 0 to ${limit} (traceVjp's residuals.length); got ${describeValue(n)}.`);
    }
  }
  const b = new ModelBuilder();
  const names = { inputs: pathsOf(g.inTree, "args", g.inputs.length), outputs: pathsOf(g.outTree, "out", g.outputs.length) };
  b.graph(g, "", "", names, opts);
  return { nodes: b.nodes, edges: b.edges, groups: b.groups, equations: b.equations };
}
