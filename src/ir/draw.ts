/**
 * Graph drawings as text: Graphviz DOT and Mermaid flowcharts. Inputs and constants are ellipses,
 * equations boxes labelled with the primitive and params, outputs double circles; edges carry the
 * variable's printed name and type. Labels are escaped for each format.
 */
import { shortName } from "../tensor/dtype.js";
import type { Graph } from "./graph.js";
import { literalString, nameVars, paramsString } from "./print.js";
import { type Atom, avalString } from "./types.js";

interface Node {
  id: string;
  label: string;
  kind: "input" | "const" | "eqn" | "output" | "literal";
}
interface Edge {
  from: string;
  to: string;
  label: string;
}

/** The drawing's nodes and edges, shared by both formats. */
function layoutParts(g: Graph): { nodes: Node[]; edges: Edge[] } {
  const names = nameVars(g);
  const nodes: Node[] = [];
  const producer = new Map<number, string>();
  const varLabel = (id: number, a: { shape: readonly number[]; dtype: string }): string =>
    `${names.get(id)}:${avalString(a as never)}`;
  g.constVars.forEach((v, i) => {
    nodes.push({ id: `c${i}`, label: `const ${varLabel(v.id, v.aval)}`, kind: "const" });
    producer.set(v.id, `c${i}`);
  });
  g.inputs.forEach((v, i) => {
    nodes.push({ id: `i${i}`, label: `in ${varLabel(v.id, v.aval)}`, kind: "input" });
    producer.set(v.id, `i${i}`);
  });
  const edges: Edge[] = [];
  let literals = 0;
  const source = (a: Atom): [string, string] => {
    if (a._tag === "Var") return [producer.get(a.id) ?? "?", varLabel(a.id, a.aval)];
    const id = `l${literals++}`;
    nodes.push({ id, label: literalString(a.value, shortName(a.aval.dtype)), kind: "literal" });
    return [id, ""];
  };
  g.equations.forEach((e, k) => {
    const id = `e${k}`;
    nodes.push({ id, label: `${e.primitive}${paramsString(e.params)}`, kind: "eqn" });
    for (const a of e.inputs) {
      const [from, label] = source(a);
      edges.push({ from, to: id, label });
    }
    e.outputs.forEach((v) => producer.set(v.id, id));
  });
  g.outputs.forEach((a, i) => {
    const id = `o${i}`;
    nodes.push({ id, label: `out ${i}`, kind: "output" });
    const [from, label] = source(a);
    edges.push({ from, to: id, label });
  });
  return { nodes, edges };
}

const dotEscape = (s: string): string => s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");

/**
 * Graphviz DOT text for a graph (render with `dot -Tsvg`).
 * @example
 * ```ts
 * const dot = toDot(trace((x) => np.sin(x).sum())(np.ones([3])));
 * dot.startsWith("digraph"); // true
 * ```
 */
export function toDot(g: Graph): string {
  const { nodes, edges } = layoutParts(g);
  const shape: Record<Node["kind"], string> = {
    input: "shape=ellipse, style=filled, fillcolor=\"#dbeafe\"",
    const: "shape=ellipse, style=filled, fillcolor=\"#f3f4f6\"",
    literal: "shape=plaintext",
    eqn: "shape=box, style=\"rounded,filled\", fillcolor=\"#fef3c7\"",
    output: "shape=doublecircle, style=filled, fillcolor=\"#dcfce7\"",
  };
  const lines = ["digraph fluxion {", "  rankdir=TB;", "  node [fontname=\"monospace\", fontsize=10];", "  edge [fontname=\"monospace\", fontsize=9];"];
  for (const n of nodes) lines.push(`  ${n.id} [label="${dotEscape(n.label)}", ${shape[n.kind]}];`);
  for (const e of edges) lines.push(`  ${e.from} -> ${e.to}${e.label ? ` [label="${dotEscape(e.label)}"]` : ""};`);
  lines.push("}");
  return lines.join("\n");
}

const mermaidEscape = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/"/g, "#quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\n/g, " ");

/**
 * Mermaid flowchart text for a graph (paste into any Mermaid renderer).
 * @example
 * ```ts
 * toMermaid(trace((x) => np.sin(x))(np.ones([3]))).split("\n")[0]; // "flowchart TD"
 * ```
 */
export function toMermaid(g: Graph): string {
  const { nodes, edges } = layoutParts(g);
  const wrap: Record<Node["kind"], [string, string]> = {
    input: ["([", "])"],
    const: ["([", "])"],
    literal: ["[/", "/]"],
    eqn: ["[", "]"],
    output: ["((", "))"],
  };
  const lines = ["flowchart TD"];
  for (const n of nodes) lines.push(`  ${n.id}${wrap[n.kind][0]}"${mermaidEscape(n.label)}"${wrap[n.kind][1]}`);
  for (const e of edges) lines.push(e.label ? `  ${e.from} -->|"${mermaidEscape(e.label)}"| ${e.to}` : `  ${e.from} --> ${e.to}`);
  return lines.join("\n");
}
