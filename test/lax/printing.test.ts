/**
 * How control flow looks in the IR: the printed graph shows each cond branch, scan body and
 * while cond/body inside its equation (inline snapshots), the backward pass of a scan is a
 * reversed scan, and the DOT / Mermaid drawings are well-formed text with one cluster
 * (DOT `subgraph cluster_…`, Mermaid `subgraph … end`) per nested graph, nested clusters inside
 * their parent's.
 */
import { describe, expect, it } from "vitest";
import { type Graph, grad, lax, np, toDot, toMermaid, trace, type Tensor } from "../../src/index.js";

/** cond (sin / cos) feeding a scan whose body adds and multiplies: 3 nested graphs. */
const condThenScan = (): Graph =>
  trace((x: Tensor, xs: Tensor) => {
    const y = lax.cond(np.greater(x, 0), (v: Tensor) => np.sin(v), (v: Tensor) => np.cos(v), x);
    const [c, ys] = lax.scan((c: Tensor, xi: Tensor) => [np.add(c, xi), np.mul(c, xi)], y, xs);
    return np.add(c, np.sum(ys));
  })(np.array(1), np.ones([3]));

/** A scan nested inside a cond branch: a cluster inside a cluster. */
const scanInsideCond = (): Graph =>
  trace((x: Tensor, xs: Tensor) =>
    lax.cond(
      np.greater(x, 0),
      (v: Tensor) => lax.scan((c: Tensor, xi: Tensor) => [np.add(c, xi), null], v, xs)[0],
      (v: Tensor) => np.neg(v),
      x,
    ),
  )(np.array(1), np.ones([3]));

/** A while loop with a closed-over value (becomes a body constant operand). */
const whileGraph = (): Graph =>
  trace((x: Tensor) => lax.whileLoop((c: Tensor) => np.less(c, 3), (c: Tensor) => np.mul(c, x), x))(np.array(1));

describe("graph.toString() of control flow", () => {
  it("cond and scan print their nested graphs inside the equation", () => {
    expect(condThenScan().toString()).toMatchInlineSnapshot(`
      "{ lambda ; a:f32[] b:f32[3].
        let c:bool[] = gt a 0.0:f32[]
            d:i32[] = convert_element_type[new_dtype=int32] c
            e:f32[] = cond[branches=({ lambda ; a:f32[]. let b:f32[] = cos a in (b) }, { lambda ; a:f32[]. let b:f32[] = sin a in (b) })] d a
            f:f32[] g:f32[3] = scan[body={ lambda ; a:f32[] b:f32[]. let c:f32[] = add a b; d:f32[] = mul a b in (c, d) }, num_consts=0, num_carry=1, length=3, reverse=false] e b
            h:f32[] = reduce_sum[axes=(0,)] g
            i:f32[] = add f h
        in (i) }"
    `);
  });

  it("a scan nested in a cond branch prints inside the branch, with captured values as operands", () => {
    expect(scanInsideCond().toString()).toMatchInlineSnapshot(`
      "{ lambda ; a:f32[] b:f32[3].
        let c:bool[] = gt a 0.0:f32[]
            d:i32[] = convert_element_type[new_dtype=int32] c
            e:f32[] = cond[branches=({ lambda ; a:f32[3] b:f32[]. let c:f32[] = neg b in (c) }, { lambda ; a:f32[3] b:f32[].
            let c:f32[] = scan[body={ lambda ; a:f32[] b:f32[]. let c:f32[] = add a b in (c) }, num_consts=0, num_carry=1, length=3, reverse=false] b a
            in (c) })] d b a
        in (e) }"
    `);
  });

  it("while prints its cond and body graphs and the constant counts", () => {
    expect(whileGraph().toString()).toMatchInlineSnapshot(`
      "{ lambda ; a:f32[].
        let b:f32[] = while[cond={ lambda ; a:f32[]. let b:bool[] = lt a 3.0:f32[] in (b) }, body={ lambda ; a:f32[] b:f32[]. let c:f32[] = mul b a in (c) }, cond_consts=0, body_consts=1] a a
        in (b) }"
    `);
  });

  it("forLoop with static bounds is a scan over an iota of the indices", () => {
    const g = trace((x: Tensor) => lax.forLoop(0, 3, (_i: Tensor, c: Tensor) => np.mul(c, x), x))(np.array(1));
    expect(g.toString()).toContain("iota[dtype=int32, shape=(3,)");
    expect(g.toString()).toMatch(/scan\[body=\{ lambda ; .*\}, num_consts=1, num_carry=1, length=3, reverse=false\]/);
  });

  it("the backward pass of a forward scan contains a reversed scan", () => {
    const g = trace(grad((xs: Tensor) => {
      const [c] = lax.scan((c: Tensor, x: Tensor) => [np.sin(np.mul(c, x)), null], np.array(1), xs);
      return c;
    }))(np.ones([4]));
    const text = g.toString();
    expect(text).toContain("reverse=false");
    expect(text).toContain("reverse=true");
  });
});

// ---------------------------------------------------------------------------------------------
// DOT and Mermaid
// ---------------------------------------------------------------------------------------------

/** Checks every double-quoted string on each line is closed. */
function expectQuotesBalanced(text: string): void {
  text.split("\n").forEach((line, i) => {
    const unescaped = line.replace(/\\"/g, "");
    expect((unescaped.match(/"/g) ?? []).length % 2, `line ${i + 1}: ${line}`).toBe(0);
  });
}

/** Removes double-quoted strings so brackets inside labels do not count. */
const stripStrings = (line: string): string => line.replace(/"(?:[^"\\]|\\.)*"/g, '""');

interface DotParse {
  nodes: Set<string>;
  edges: [string, string][];
  /** cluster id → depth (1 = directly in the digraph) and the node ids declared in it. */
  clusters: Map<string, { depth: number; label: string | undefined; nodes: string[] }>;
}

function parseDot(dot: string): DotParse {
  const lines = dot.split("\n");
  expect(lines[0]).toMatch(/^digraph \w+ \{$/);
  expect(lines.at(-1)!.trim()).toBe("}");
  const nodes = new Set<string>();
  const edges: [string, string][] = [];
  const clusters = new Map<string, { depth: number; label: string | undefined; nodes: string[] }>();
  const stack: string[] = [];
  let depth = 0;
  for (const raw of lines) {
    const line = stripStrings(raw).trim();
    const sub = /^subgraph (cluster_\w+) \{$/.exec(line);
    if (sub) {
      clusters.set(sub[1]!, { depth: stack.length + 1, label: undefined, nodes: [] });
      stack.push(sub[1]!);
    }
    const label = /^\s*label="(.*)";$/.exec(raw);
    if (label && stack.length > 0) clusters.get(stack.at(-1)!)!.label = label[1];
    const edge = /^(\w+) -> (\w+)( \[.*\])?;$/.exec(line);
    if (edge) edges.push([edge[1]!, edge[2]!]);
    const node = /^(\w+) \[.*\];$/.exec(line);
    if (node && !edge && node[1] !== "node" && node[1] !== "edge" && node[1] !== "graph") {
      nodes.add(node[1]!);
      if (stack.length > 0) clusters.get(stack.at(-1)!)!.nodes.push(node[1]!);
    }
    for (const ch of line) {
      if (ch === "{") depth++;
      if (ch === "}") {
        depth--;
        if (depth >= 1 && stack.length >= depth) stack.pop();
      }
    }
    expect(depth, `brace depth at: ${raw}`).toBeGreaterThanOrEqual(0);
  }
  expect(depth, "braces balanced").toBe(0);
  return { nodes, edges, clusters };
}

interface MermaidParse {
  nodes: Set<string>;
  edges: [string, string][];
  subgraphs: { id: string; title: string; depth: number }[];
}

function parseMermaid(text: string): MermaidParse {
  const lines = text.split("\n");
  expect(lines[0]).toMatch(/^flowchart (TD|TB|LR|RL|BT)$/);
  const nodes = new Set<string>();
  const edges: [string, string][] = [];
  const subgraphs: { id: string; title: string; depth: number }[] = [];
  let depth = 0;
  for (const raw of lines.slice(1)) {
    const line = raw.trim();
    if (line === "") continue;
    const sub = /^subgraph (\w+)(?: \["(.*)"\])?$/.exec(line);
    if (sub) {
      depth++;
      subgraphs.push({ id: sub[1]!, title: sub[2] ?? "", depth });
      continue;
    }
    if (line === "end") {
      depth--;
      expect(depth, "an `end` without a subgraph").toBeGreaterThanOrEqual(0);
      continue;
    }
    const edge = /^(\w+) (?:-->|-\.->|==>)(?:\|"[^"]*"\|)? (\w+)$/.exec(line);
    if (edge) {
      edges.push([edge[1]!, edge[2]!]);
      continue;
    }
    const node = /^(\w+)(\(\[".*"\]\)|\[\/".*"\/\]|\(\(".*"\)\)|\[".*"\]|\{".*"\})$/.exec(line);
    expect(node, `an unrecognised Mermaid line: ${raw}`).not.toBeNull();
    nodes.add(node![1]!);
    // Brackets of the node shape balance once the label is removed.
    const shape = stripStrings(node![2]!);
    const opens = (shape.match(/[[({]/g) ?? []).length;
    const closes = (shape.match(/[\])}]/g) ?? []).length;
    expect(opens, `brackets of ${raw}`).toBe(closes);
  }
  expect(depth, "every subgraph has its end").toBe(0);
  return { nodes, edges, subgraphs };
}

describe("toDot of control flow", () => {
  it("is a well-formed digraph: balanced braces, closed strings, every edge between declared nodes", () => {
    for (const g of [condThenScan(), scanInsideCond(), whileGraph()]) {
      const dot = toDot(g);
      expectQuotesBalanced(dot);
      const { nodes, edges } = parseDot(dot);
      expect(edges.length).toBeGreaterThan(0);
      for (const [a, b] of edges) {
        expect(nodes.has(a), `edge source ${a} declared`).toBe(true);
        expect(nodes.has(b), `edge target ${b} declared`).toBe(true);
      }
    }
  });

  it("draws each nested graph as a labelled `subgraph cluster_…` holding that graph's equations", () => {
    const dot = toDot(condThenScan());
    const { clusters, nodes } = parseDot(dot);
    expect(clusters.size, dot).toBe(3); // two cond branches + the scan body
    const labelsOfEqns = (c: { nodes: string[] }) =>
      c.nodes.map((id) => new RegExp(`^\\s*${id} \\[label="([^"]*)"`, "m").exec(dot)?.[1]);
    const byLabel = [...clusters.values()].map((c) => ({ label: c.label, eqns: labelsOfEqns(c) }));
    expect(byLabel.every((c) => c.label !== undefined && c.label.length > 0)).toBe(true);
    expect(byLabel.some((c) => c.eqns.includes("cos"))).toBe(true);
    expect(byLabel.some((c) => c.eqns.includes("sin"))).toBe(true);
    expect(byLabel.some((c) => c.eqns.includes("add") && c.eqns.includes("mul"))).toBe(true);
    expect([...clusters.values()].every((c) => c.depth === 1)).toBe(true);
    // The nested graphs' operations are not drawn at the top level.
    const inClusters = new Set([...clusters.values()].flatMap((c) => c.nodes));
    const topLabels = [...nodes].filter((id) => !inClusters.has(id)).map((id) => labelsOfEqns({ nodes: [id] })[0]);
    expect(topLabels).toContain("cond");
    expect(topLabels.some((l) => l?.startsWith("scan"))).toBe(true);
    for (const op of ["cos", "sin", "mul"]) expect(topLabels).not.toContain(op);
  });

  it("nests the cluster of a scan inside the cluster of the cond branch that holds it", () => {
    const { clusters } = parseDot(toDot(scanInsideCond()));
    expect(clusters.size).toBe(3);
    const depths = [...clusters.values()].map((c) => c.depth).sort();
    expect(depths).toEqual([1, 1, 2]);
  });

  it("a while loop gets a cluster for its cond and one for its body", () => {
    const { clusters } = parseDot(toDot(whileGraph()));
    expect(clusters.size).toBe(2);
  });

  it("links each nested graph to its equation (an edge from inside the cluster to the equation node)", () => {
    const dot = toDot(condThenScan());
    const { clusters, edges } = parseDot(dot);
    for (const [id, c] of clusters) {
      const inside = new Set(c.nodes);
      const outward = edges.filter(([a, b]) => inside.has(a) && !inside.has(b));
      expect(outward.length, `cluster ${id} linked to its equation`).toBeGreaterThan(0);
    }
  });
});

describe("toMermaid of control flow", () => {
  it("is a well-formed flowchart: known line forms, closed strings, every edge between declared nodes", () => {
    for (const g of [condThenScan(), scanInsideCond(), whileGraph()]) {
      const text = toMermaid(g);
      expectQuotesBalanced(text);
      const { nodes, edges } = parseMermaid(text);
      expect(edges.length).toBeGreaterThan(0);
      for (const [a, b] of edges) {
        expect(nodes.has(a), `edge source ${a} declared`).toBe(true);
        expect(nodes.has(b), `edge target ${b} declared`).toBe(true);
      }
    }
  });

  it("draws each nested graph as a titled `subgraph … end`, nested ones inside their parent", () => {
    const flat = parseMermaid(toMermaid(condThenScan())).subgraphs;
    expect(flat.length).toBe(3);
    expect(flat.every((s) => s.title.length > 0 && s.depth === 1)).toBe(true);
    const nested = parseMermaid(toMermaid(scanInsideCond())).subgraphs;
    expect(nested.map((s) => s.depth).sort()).toEqual([1, 1, 2]);
    expect(parseMermaid(toMermaid(whileGraph())).subgraphs.length).toBe(2);
    // Subgraph ids are distinct from each other and from node ids.
    const { nodes, subgraphs } = parseMermaid(toMermaid(scanInsideCond()));
    const ids = subgraphs.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.some((id) => nodes.has(id))).toBe(false);
  });
});
