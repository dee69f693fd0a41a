/**
 * Graph drawings as text: Graphviz DOT and Mermaid flowcharts. Inputs and constants are ellipses,
 * equations boxes labelled with the primitive and params, outputs double circles; edges carry the
 * variable's printed name and type. Sub-graphs of control flow, checkpoint and custom rules are
 * drawn as clusters (DOT `subgraph cluster_…`, Mermaid `subgraph … end`), linked to their equation
 * by a dashed edge. Labels are escaped for each format.
 */
import { ArgumentError, describeValue } from "../errors.js";
import { shortName } from "../tensor/dtype.js";
import { Graph } from "./graph.js";
import { literalString, nameVars, paramsString } from "./print.js";
import { type Atom, avalString } from "./types.js";

/** A node of a drawing. */
export interface Node {
  id: string;
  label: string;
  kind: "input" | "const" | "eqn" | "output" | "literal";
}
/** An edge of a drawing. */
export interface Edge {
  from: string;
  to: string;
  label: string;
  dashed?: boolean;
}
/** A nested graph drawn as a cluster. */
export interface Cluster {
  id: string;
  label: string;
  nodes: Node[];
  clusters: Cluster[];
}
/** Everything a renderer needs: nodes, clusters, edges. */
export interface Drawing {
  nodes: Node[];
  clusters: Cluster[];
  edges: Edge[];
}

/** Param text without nested graphs (those are drawn as clusters). */
function shortParams(params: object): string {
  return paramsString(Object.fromEntries(Object.entries(params).filter(([, v]) => !isGraphs(v) && typeof v !== "function")));
}

function isGraphs(v: unknown): boolean {
  return v instanceof Graph || (Array.isArray(v) && v.length > 0 && v.every((g) => g instanceof Graph));
}

/** Nodes, clusters and edges of `g`, ids prefixed by `p` so nested drawings never collide. */
function draw(g: Graph, p: string, edges: Edge[]): { nodes: Node[]; clusters: Cluster[]; outputs: string[] } {
  const names = nameVars(g);
  const nodes: Node[] = [];
  const clusters: Cluster[] = [];
  const producer = new Map<number, string>();
  const varLabel = (id: number, a: Atom["aval"]): string => `${names.get(id)}:${avalString(a)}`;
  g.constVars.forEach((v, i) => {
    nodes.push({ id: `${p}c${i}`, label: `const ${varLabel(v.id, v.aval)}`, kind: "const" });
    producer.set(v.id, `${p}c${i}`);
  });
  g.inputs.forEach((v, i) => {
    nodes.push({ id: `${p}i${i}`, label: `in ${varLabel(v.id, v.aval)}`, kind: "input" });
    producer.set(v.id, `${p}i${i}`);
  });
  let literals = 0;
  const source = (a: Atom): [string, string] => {
    if (a._tag === "Var") return [producer.get(a.id) ?? `${p}missing`, varLabel(a.id, a.aval)];
    const id = `${p}l${literals++}`;
    nodes.push({ id, label: literalString(a.value, shortName(a.aval.dtype)), kind: "literal" });
    return [id, ""];
  };
  g.equations.forEach((e, k) => {
    const id = `${p}e${k}`;
    nodes.push({ id, label: `${e.primitive}${shortParams(e.params)}`, kind: "eqn" });
    for (const a of e.inputs) {
      const [from, label] = source(a);
      edges.push({ from, to: id, label });
    }
    // Nested graphs: one cluster each, its outputs linked to the equation by dashed edges.
    for (const [key, value] of Object.entries(e.params as Record<string, unknown>)) {
      if (!isGraphs(value)) continue;
      const graphs = value instanceof Graph ? [value] : (value as Graph[]);
      graphs.forEach((sub, j) => {
        const cp = `${id}_${key}${j}_`;
        const inner = draw(sub, cp, edges);
        clusters.push({ id: `cluster_${cp}`, label: graphs.length > 1 ? `${key}[${j}]` : key, nodes: inner.nodes, clusters: inner.clusters });
        for (const o of inner.outputs) edges.push({ from: o, to: id, label: "", dashed: true });
      });
    }
    e.outputs.forEach((v) => producer.set(v.id, id));
  });
  const outputs = g.outputs.map((a, i) => {
    const id = `${p}o${i}`;
    nodes.push({ id, label: `out ${i}`, kind: "output" });
    const [from, label] = source(a);
    edges.push({ from, to: id, label });
    return id;
  });
  return { nodes, clusters, outputs };
}

/**
 * The drawing of a graph (shared by the DOT, Mermaid and SVG renderers). `where` names the
 * renderer the user called, for the error when `g` is not a Graph.
 */
export function drawing(g: Graph, where = "drawing"): Drawing {
  if (!(g instanceof Graph)) {
    throw new ArgumentError(`${where}: expected a Graph (make one with trace(f)(...args)); got ${describeValue(g)}.`);
  }
  const edges: Edge[] = [];
  const { nodes, clusters } = draw(g, "", edges);
  return { nodes, clusters, edges };
}

const dotEscape = (s: string): string => s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");

const dotShape: Record<Node["kind"], string> = {
  input: "shape=ellipse, style=filled, fillcolor=\"#dbeafe\"",
  const: "shape=ellipse, style=filled, fillcolor=\"#f3f4f6\"",
  literal: "shape=plaintext",
  eqn: "shape=box, style=\"rounded,filled\", fillcolor=\"#fef3c7\"",
  output: "shape=doublecircle, style=filled, fillcolor=\"#dcfce7\"",
};

function dotNodes(nodes: readonly Node[], clusters: readonly Cluster[], indent: string, lines: string[]): void {
  for (const n of nodes) lines.push(`${indent}${n.id} [label="${dotEscape(n.label)}", ${dotShape[n.kind]}];`);
  for (const c of clusters) {
    lines.push(`${indent}subgraph ${c.id} {`, `${indent}  label="${dotEscape(c.label)}";`, `${indent}  style=dashed;`);
    dotNodes(c.nodes, c.clusters, `${indent}  `, lines);
    lines.push(`${indent}}`);
  }
}

/**
 * Graphviz DOT text for a graph (render with `dot -Tsvg`); nested graphs are clusters.
 * @example
 * ```ts
 * const dot = toDot(trace((x) => np.sin(x).sum())(np.ones([3])));
 * dot.startsWith("digraph"); // true
 * ```
 */
export function toDot(g: Graph): string {
  const { nodes, clusters, edges } = drawing(g, "toDot");
  const lines = ["digraph fluxion {", "  rankdir=TB;", "  node [fontname=\"monospace\", fontsize=10];", "  edge [fontname=\"monospace\", fontsize=9];"];
  dotNodes(nodes, clusters, "  ", lines);
  for (const e of edges) {
    const attrs = [e.label ? `label="${dotEscape(e.label)}"` : "", e.dashed ? "style=dashed" : ""].filter(Boolean);
    lines.push(`  ${e.from} -> ${e.to}${attrs.length ? ` [${attrs.join(", ")}]` : ""};`);
  }
  lines.push("}");
  return lines.join("\n");
}

const mermaidEscape = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/"/g, "#quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\n/g, " ");

const mermaidWrap: Record<Node["kind"], [string, string]> = {
  input: ["([", "])"],
  const: ["([", "])"],
  literal: ["[/", "/]"],
  eqn: ["[", "]"],
  output: ["((", "))"],
};

function mermaidNodes(nodes: readonly Node[], clusters: readonly Cluster[], indent: string, lines: string[]): void {
  for (const n of nodes) lines.push(`${indent}${n.id}${mermaidWrap[n.kind][0]}"${mermaidEscape(n.label)}"${mermaidWrap[n.kind][1]}`);
  for (const c of clusters) {
    lines.push(`${indent}subgraph ${c.id} ["${mermaidEscape(c.label)}"]`);
    mermaidNodes(c.nodes, c.clusters, `${indent}  `, lines);
    lines.push(`${indent}end`);
  }
}

/**
 * Mermaid flowchart text for a graph (paste into any Mermaid renderer); nested graphs are subgraphs.
 * @example
 * ```ts
 * toMermaid(trace((x) => np.sin(x))(np.ones([3]))).split("\n")[0]; // "flowchart TD"
 * ```
 */
export function toMermaid(g: Graph): string {
  const { nodes, clusters, edges } = drawing(g, "toMermaid");
  const lines = ["flowchart TD"];
  mermaidNodes(nodes, clusters, "  ", lines);
  for (const e of edges) {
    const arrow = e.dashed ? "-.->" : "-->";
    lines.push(e.label ? `  ${e.from} ${arrow}|"${mermaidEscape(e.label)}"| ${e.to}` : `  ${e.from} ${arrow} ${e.to}`);
  }
  return lines.join("\n");
}
