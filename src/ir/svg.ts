/**
 * `toSvg(graph)`: a self-contained SVG picture of a graph, laid out by dagre (a layered graph
 * layout library; clusters for nested graphs come from its compound-graph support) and drawn
 * here as plain shapes, so notebooks can show graphs without Graphviz installed.
 */
import dagre from "@dagrejs/dagre";
import type { Graph } from "./graph.js";
import { type Cluster, type Node, drawing } from "./draw.js";

const CHAR_W = 7.2; // monospace glyph width at 12px
const FONT = 12;

const xml = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

const fill: Record<Node["kind"], string> = {
  input: "#dbeafe",
  const: "#f3f4f6",
  literal: "#ffffff",
  eqn: "#fef3c7",
  output: "#dcfce7",
};

/**
 * An SVG string picturing the graph (inputs, equations, outputs; nested graphs as dashed boxes).
 *
 * @example
 * ```ts
 * const svg = toSvg(trace((x) => np.sum(np.sin(x)))(np.ones([3])));
 * svg.startsWith("<svg"); // true
 * ```
 */
export function toSvg(g: Graph): string {
  const { nodes, clusters, edges } = drawing(g, "toSvg");
  const layout = new dagre.graphlib.Graph({ compound: true, multigraph: true });
  layout.setGraph({ rankdir: "TB", nodesep: 24, ranksep: 36, marginx: 12, marginy: 12 });
  layout.setDefaultEdgeLabel(() => ({}));
  const kinds = new Map<string, Node["kind"]>();
  const labels = new Map<string, string>();
  const addNodes = (ns: readonly Node[], parent: string | undefined): void => {
    for (const n of ns) {
      const w = Math.max(40, n.label.length * CHAR_W + 20);
      layout.setNode(n.id, { width: w, height: n.kind === "output" ? 36 : 28 });
      kinds.set(n.id, n.kind);
      labels.set(n.id, n.label);
      if (parent !== undefined) layout.setParent(n.id, parent);
    }
  };
  const clusterLabels = new Map<string, string>();
  const addClusters = (cs: readonly Cluster[], parent: string | undefined): void => {
    for (const c of cs) {
      layout.setNode(c.id, {});
      clusterLabels.set(c.id, c.label);
      if (parent !== undefined) layout.setParent(c.id, parent);
      addNodes(c.nodes, c.id);
      addClusters(c.clusters, c.id);
    }
  };
  addNodes(nodes, undefined);
  addClusters(clusters, undefined);
  edges.forEach((e, i) => layout.setEdge(e.from, e.to, {}, `e${i}`));
  dagre.layout(layout);

  const parts: string[] = [];
  for (const id of clusterLabels.keys()) {
    const c = layout.node(id);
    if (c === undefined || c.width === undefined) continue;
    const x = c.x - c.width / 2, y = c.y - c.height / 2;
    parts.push(`<rect x="${x}" y="${y}" width="${c.width}" height="${c.height}" rx="6" fill="none" stroke="#9ca3af" stroke-dasharray="4 3"/>`);
    parts.push(`<text x="${x + 6}" y="${y + 12}" font-size="10" fill="#6b7280">${xml(clusterLabels.get(id)!)}</text>`);
  }
  edges.forEach((e, i) => {
    const pts = layout.edge({ v: e.from, w: e.to, name: `e${i}` })?.points ?? [];
    if (pts.length === 0) return;
    const d = pts.map((p: { x: number; y: number }, k: number) => `${k === 0 ? "M" : "L"}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(" ");
    parts.push(`<path d="${d}" fill="none" stroke="#4b5563"${e.dashed ? ' stroke-dasharray="4 3"' : ""} marker-end="url(#arrow)"/>`);
  });
  for (const [id, kind] of kinds) {
    const n = layout.node(id);
    const x = n.x - n.width / 2, y = n.y - n.height / 2;
    const shape =
      kind === "eqn" || kind === "literal"
        ? `<rect x="${x}" y="${y}" width="${n.width}" height="${n.height}" rx="${kind === "eqn" ? 6 : 0}" fill="${fill[kind]}" stroke="${kind === "literal" ? "none" : "#92400e"}"/>`
        : `<ellipse cx="${n.x}" cy="${n.y}" rx="${n.width / 2}" ry="${n.height / 2}" fill="${fill[kind]}" stroke="#374151"${kind === "output" ? ' stroke-width="2"' : ""}/>`;
    parts.push(shape);
    parts.push(`<text x="${n.x}" y="${n.y + FONT / 3}" text-anchor="middle" font-size="${FONT}">${xml(labels.get(id)!)}</text>`);
  }
  const size = layout.graph();
  const w = Math.ceil(size.width ?? 100), h = Math.ceil(size.height ?? 100);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="monospace">` +
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">` +
    `<path d="M0,0 L10,5 L0,10 z" fill="#4b5563"/></marker></defs>` +
    parts.join("") +
    `</svg>`
  );
}
