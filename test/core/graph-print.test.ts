/**
 * The printed graph (jaxpr-like text), the DOT and Mermaid drawings, the notebook display hook,
 * the deep immutability of `Graph`, and the typechecker `validateGraph` on traced and
 * hand-corrupted graphs.
 */
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { FluxionError, Graph, type Tensor, np, toDot, toMermaid, trace } from "../../src/index.js";
import { aval, mkEquation, mkLiteral, mkVar } from "../../src/ir/types.js";
import { validateGraph } from "../../src/ir/validate.js";
import { registry } from "../../src/primitives/registry.js";

const apiExample = (): Graph => trace((x: Tensor) => np.sum(np.sin(x)))(np.ones([3]));

const mlp = (): Graph =>
  trace((x: Tensor, w: Tensor, b: Tensor) => np.tanh(np.add(np.matmul(x, w), b)).sum(1).mean())(
    np.ones([4, 3]),
    np.ones([3, 2]),
    np.ones([2]),
  );

const withConstants = (): Graph => {
  const c = np.array([1, 2, 3]);
  const m = np.eye(3);
  return trace((x: Tensor) => np.matmul(m, np.mul(np.add(x, c), 2)))(np.ones([3]));
};

// ---- printing --------------------------------------------------------------------------------

describe("graph.toString()", () => {
  it("prints the API.md example exactly", () => {
    expect(apiExample().toString()).toBe(
      "{ lambda ; a:f32[3]. let b:f32[3] = sin a; c:f32[] = reduce_sum[axes=(0,)] b in (c) }",
    );
  });

  it("prints a longer graph one equation a line", () => {
    expect(mlp().toString()).toMatchInlineSnapshot(`
      "{ lambda ; a:f32[4,3] b:f32[3,2] c:f32[2].
        let d:f32[4,2] = dot_general[dimension_numbers=(((1,), (0,)), ((), ()))] a b
            e:f32[4,2] = broadcast_in_dim[shape=(4, 2), broadcast_dimensions=(1,)] c
            f:f32[4,2] = add d e
            g:f32[4,2] = tanh f
            h:f32[4] = reduce_sum[axes=(1,)] g
            i:f32[] = reduce_sum[axes=(0,)] h
            j:f32[] = div i 4.0:f32[]
        in (j) }"
    `);
  });

  it("prints movement params as tuples", () => {
    const g = trace((x: Tensor) => x.reshape([2, 3]).T.sum(0, true))(np.ones([6]));
    expect(g.toString()).toMatchInlineSnapshot(`
      "{ lambda ; a:f32[6].
        let b:f32[2,3] = reshape[new_sizes=(2, 3)] a
            c:f32[3,2] = transpose[permutation=(1, 0)] b
            d:f32[2] = reduce_sum[axes=(0,)] c
            e:f32[1,2] = reshape[new_sizes=(1, 2)] d
        in (e) }"
    `);
  });

  it("prints scalar literals inline with their type", () => {
    const g = trace((x: Tensor) => x.mul(2).add(-1.5).div(3))(np.ones([]));
    expect(g.toString()).toMatchInlineSnapshot(`
      "{ lambda ; a:f32[].
        let b:f32[] = mul a 2.0:f32[]
            c:f32[] = add b -1.5:f32[]
            d:f32[] = div c 3.0:f32[]
        in (d) }"
    `);
    expect(trace((x: Tensor) => np.mul(x, 2))(np.ones([3])).toString()).toBe(
      "{ lambda ; a:f32[3]. let b:f32[3] = mul a 2.0:f32[] in (b) }",
    );
  });

  it("prints special float literals as inf, nan and -0.0", () => {
    const p = (v: number): string => trace((x: Tensor) => np.add(x, v))(np.ones([2])).toString();
    expect(p(Infinity)).toBe("{ lambda ; a:f32[2]. let b:f32[2] = add a inf:f32[] in (b) }");
    expect(p(-Infinity)).toBe("{ lambda ; a:f32[2]. let b:f32[2] = add a -inf:f32[] in (b) }");
    expect(p(NaN)).toBe("{ lambda ; a:f32[2]. let b:f32[2] = add a nan:f32[] in (b) }");
    // x + -0 is x exactly (a simplifier may drop it), so show -0 through mul, which has no such identity.
    expect(trace((x: Tensor) => np.mul(x, -0))(np.ones([2])).toString()).toBe(
      "{ lambda ; a:f32[2]. let b:f32[2] = mul a -0.0:f32[] in (b) }",
    );
  });

  it("prints float64 and bool literals with their dtype", () => {
    expect(trace((x: Tensor) => np.mul(x, 2))(np.ones([2], "float64")).toString()).toBe(
      "{ lambda ; a:f64[2]. let b:f64[2] = mul a 2.0:f64[] in (b) }",
    );
    expect(trace((x: Tensor) => np.logicalAnd(x, true))(np.array([true, false])).toString()).toBe(
      "{ lambda ; a:bool[2]. let b:bool[2] = and a True:bool[] in (b) }",
    );
  });

  it("prints int32 literals without a decimal point (3:i32[], as a jaxpr does)", () => {
    expect(trace((x: Tensor) => np.add(x, 3))(np.array([1, 2], { dtype: "int32" })).toString()).toBe(
      "{ lambda ; a:i32[2]. let b:i32[2] = add a 3:i32[] in (b) }",
    );
  });

  it("prints float32 literals by their shortest float32 form (0.1, not 0.10000000149011612)", () => {
    expect(trace((x: Tensor) => np.mul(x, 0.1))(np.ones([2])).toString()).toBe(
      "{ lambda ; a:f32[2]. let b:f32[2] = mul a 0.1:f32[] in (b) }",
    );
  });

  it("prints captured arrays as constants in the lambda's first section", () => {
    expect(withConstants().toString()).toMatchInlineSnapshot(`
      "{ lambda a:f32[3] b:f32[3,3] ; c:f32[3].
        let d:f32[3] = add c a
            e:f32[3] = mul d 2.0:f32[]
            f:f32[3,1] = reshape[new_sizes=(3, 1)] e
            g:f32[3,1] = dot_general[dimension_numbers=(((1,), (0,)), ((), ()))] b f
            h:f32[3] = reshape[new_sizes=(3,)] g
        in (h) }"
    `);
  });

  it("prints an identity and a constant-only result", () => {
    expect(trace((x: Tensor) => x)(np.ones([3])).toString()).toBe("{ lambda ; a:f32[3]. let in (a) }");
    expect(trace((x: Tensor) => [x, 2])(np.ones([3])).toString()).toBe("{ lambda ; a:f32[3]. let in (a, 2.0:f32[]) }");
  });

  it("names variables a…z, then ba, bb, … like a jaxpr", () => {
    let f = (x: Tensor): Tensor => x;
    for (let i = 0; i < 28; i++) {
      const g = f;
      f = (x) => np.sin(g(x));
    }
    const text = trace(f)(np.ones([])).toString();
    expect(text).toContain("z:f32[] = sin y");
    expect(text).toContain("ba:f32[] = sin z");
    expect(text).toContain("bc:f32[] = sin bb");
    expect(text.endsWith("in (bc) }")).toBe(true);
  });

  it("prints equal graphs equally whatever their internal ids", () => {
    const f = (x: Tensor): Tensor => np.exp(np.neg(x)).sum();
    const first = trace(f)(np.ones([5])).toString();
    trace((x: Tensor) => np.cos(np.cos(np.cos(x))))(np.ones([2])); // unrelated graph in between
    expect(trace(f)(np.ones([5])).toString()).toBe(first);
  });
});

// ---- drawings --------------------------------------------------------------------------------

type DotToken = { kind: "id" | "str" | "punct"; text: string };

/** A strict tokenizer for the DOT subset we emit; throws on anything it does not understand. */
function tokenizeDot(src: string): DotToken[] {
  const out: DotToken[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if (src.startsWith("->", i)) {
      out.push({ kind: "punct", text: "->" });
      i += 2;
    } else if ("{}[];,=".includes(ch)) {
      out.push({ kind: "punct", text: ch });
      i++;
    } else if (ch === '"') {
      let j = i + 1;
      let text = "";
      for (;;) {
        if (j >= src.length) throw new Error(`unterminated string at ${i}`);
        const c = src[j]!;
        if (c === '"') break;
        if (c === "\n") throw new Error(`raw newline in string at ${j}`);
        if (c === "\\") {
          const n = src[j + 1];
          if (n === undefined) throw new Error("dangling backslash");
          text += n === "n" ? "\n" : n; // \" → ", \\ → \, \n → newline
          j += 2;
          continue;
        }
        text += c;
        j++;
      }
      out.push({ kind: "str", text });
      i = j + 1;
    } else {
      const m = /^[A-Za-z_][A-Za-z_0-9]*|^-?\d+(\.\d+)?/.exec(src.slice(i));
      if (m === null) throw new Error(`unexpected character ${JSON.stringify(ch)} at ${i}`);
      out.push({ kind: "id", text: m[0] });
      i += m[0].length;
    }
  }
  return out;
}

interface ParsedDot {
  nodes: Map<string, Record<string, string>>;
  edges: { from: string; to: string; attrs: Record<string, string> }[];
}

/** Parses `digraph name { stmt; … }` into declared nodes and edges, rejecting anything else. */
function parseDot(src: string): ParsedDot {
  const toks = tokenizeDot(src);
  let k = 0;
  const peek = (): DotToken | undefined => toks[k];
  const take = (kind?: DotToken["kind"], text?: string): DotToken => {
    const t = toks[k++];
    if (t === undefined || (kind && t.kind !== kind) || (text !== undefined && t.text !== text)) {
      throw new Error(`expected ${kind ?? "token"} ${text ?? ""} at token ${k - 1}, got ${JSON.stringify(t)}`);
    }
    return t;
  };
  const attrList = (): Record<string, string> => {
    const attrs: Record<string, string> = {};
    take("punct", "[");
    while (peek()?.text !== "]" || peek()?.kind !== "punct") {
      const key = take("id").text;
      take("punct", "=");
      const v = take();
      if (v.kind === "punct") throw new Error(`bad attribute value for ${key}`);
      attrs[key] = v.text;
      if (peek()?.kind === "punct" && (peek()!.text === "," || peek()!.text === ";")) k++;
    }
    take("punct", "]");
    return attrs;
  };
  const nodes = new Map<string, Record<string, string>>();
  const edges: ParsedDot["edges"] = [];
  take("id", "digraph");
  if (peek()?.kind === "id") k++;
  take("punct", "{");
  while (!(peek()?.kind === "punct" && peek()!.text === "}")) {
    const id = take("id").text;
    if (id === "node" || id === "edge" || id === "graph") {
      attrList();
    } else if (peek()?.text === "=" && peek()?.kind === "punct") {
      k++;
      take();
    } else if (peek()?.text === "->" && peek()?.kind === "punct") {
      k++;
      const to = take("id").text;
      const attrs = peek()?.text === "[" && peek()?.kind === "punct" ? attrList() : {};
      edges.push({ from: id, to, attrs });
    } else {
      if (nodes.has(id)) throw new Error(`node ${id} declared twice`);
      nodes.set(id, attrList());
    }
    take("punct", ";");
  }
  take("punct", "}");
  if (k !== toks.length) throw new Error(`trailing tokens after the graph: ${JSON.stringify(toks.slice(k))}`);
  return { nodes, edges };
}

interface ParsedMermaid {
  nodes: Map<string, string>;
  edges: { from: string; to: string; label: string | undefined }[];
}

const mermaidShapes: Record<string, string> = { "([": "])", "[/": "/]", "((": "))", "[": "]" };

/** Parses our Mermaid flowchart subset; every line must be a header, node or edge. */
function parseMermaid(src: string): ParsedMermaid {
  const lines = src.split("\n");
  if (lines[0] !== "flowchart TD") throw new Error(`bad header ${lines[0]}`);
  const nodes = new Map<string, string>();
  const edges: ParsedMermaid["edges"] = [];
  for (const line of lines.slice(1)) {
    const node = /^ {2}([A-Za-z_]\w*)(\(\[|\[\/|\(\(|\[)"([^"]*)"(\]\)|\/\]|\)\)|\])$/.exec(line);
    const edge = /^ {2}([A-Za-z_]\w*) -->(?:\|"([^"]*)"\|)? ([A-Za-z_]\w*)$/.exec(line);
    if (node !== null) {
      if (mermaidShapes[node[2]!] !== node[4]) throw new Error(`mismatched brackets in ${line}`);
      if (nodes.has(node[1]!)) throw new Error(`node ${node[1]} declared twice`);
      nodes.set(node[1]!, node[3]!);
    } else if (edge !== null) {
      edges.push({ from: edge[1]!, to: edge[3]!, label: edge[2] });
    } else {
      throw new Error(`unparseable Mermaid line: ${JSON.stringify(line)}`);
    }
  }
  return { nodes, edges };
}

const unescapeMermaid = (s: string): string =>
  s.replace(/#quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

/** A graph whose equation has a hostile param string (quotes, brackets, backslashes, arrows). */
const hostileParam = 'f"32] -> evil [label="x\\"; o0 -> i0 <b>&amp;';

function hostileGraph(): Graph {
  const a = mkVar(0, aval([3], "float32"));
  const b = mkVar(1, aval([3], "float32"));
  const eqn = mkEquation(
    "convert_element_type",
    { newDtype: hostileParam as never },
    [a],
    [b],
    'we"ird\\file.ts:1:1',
  );
  return new Graph({ inputs: [a], constVars: [], constValues: [], equations: [eqn], outputs: [b, mkLiteral(2, "float32")] });
}

describe("toDot", () => {
  it("emits a well-formed digraph whose edges join declared nodes", () => {
    for (const g of [apiExample(), mlp(), withConstants()]) {
      const { nodes, edges } = parseDot(toDot(g));
      expect(edges.length).toBeGreaterThan(0);
      for (const e of edges) {
        expect(nodes.has(e.from), `edge from undeclared ${e.from}`).toBe(true);
        expect(nodes.has(e.to), `edge to undeclared ${e.to}`).toBe(true);
      }
      // One node per input, constant, equation and output (plus literal nodes).
      const n = g.inputs.length + g.constVars.length + g.equations.length + g.outputs.length;
      expect(nodes.size).toBeGreaterThanOrEqual(n);
    }
  });

  it("draws the API example with the right nodes, labels and edges", () => {
    const { nodes, edges } = parseDot(toDot(apiExample()));
    const labels = [...nodes.values()].map((a) => a.label);
    expect(labels).toEqual(["in a:f32[3]", "sin", "reduce_sum[axes=(0,)]", "out 0"]);
    const byLabel = (l: string): string => [...nodes].find(([, a]) => a.label === l)![0];
    expect(edges.map((e) => [e.from, e.to, e.attrs.label])).toEqual([
      [byLabel("in a:f32[3]"), byLabel("sin"), "a:f32[3]"],
      [byLabel("sin"), byLabel("reduce_sum[axes=(0,)]"), "b:f32[3]"],
      [byLabel("reduce_sum[axes=(0,)]"), byLabel("out 0"), "c:f32[]"],
    ]);
  });

  it("escapes quotes and backslashes in labels: a hostile param cannot break out", () => {
    const { nodes, edges } = parseDot(toDot(hostileGraph()));
    const labels = [...nodes.values()].map((a) => a.label);
    expect(labels).toContain(`convert_element_type[new_dtype=${hostileParam}]`);
    expect(nodes.has("evil")).toBe(false);
    for (const e of edges) expect(nodes.has(e.from) && nodes.has(e.to)).toBe(true);
    expect(edges).toHaveLength(3); // a → eqn, eqn → out 0, literal → out 1
  });
});

describe("toMermaid", () => {
  it("emits a flowchart whose edges join declared nodes", () => {
    for (const g of [apiExample(), mlp(), withConstants()]) {
      const { nodes, edges } = parseMermaid(toMermaid(g));
      expect(edges.length).toBeGreaterThan(0);
      for (const e of edges) {
        expect(nodes.has(e.from), `edge from undeclared ${e.from}`).toBe(true);
        expect(nodes.has(e.to), `edge to undeclared ${e.to}`).toBe(true);
      }
    }
  });

  it("draws the API example", () => {
    const { nodes, edges } = parseMermaid(toMermaid(apiExample()));
    expect([...nodes.values()].map(unescapeMermaid)).toEqual(["in a:f32[3]", "sin", "reduce_sum[axes=(0,)]", "out 0"]);
    expect(edges.map((e) => e.label)).toEqual(["a:f32[3]", "b:f32[3]", "c:f32[]"]);
  });

  it("escapes quotes and HTML in labels", () => {
    const { nodes, edges } = parseMermaid(toMermaid(hostileGraph()));
    expect([...nodes.values()].map(unescapeMermaid)).toContain(`convert_element_type[new_dtype=${hostileParam}]`);
    expect([...nodes.values()].some((l) => l.includes("<b>"))).toBe(false);
    for (const e of edges) expect(nodes.has(e.from) && nodes.has(e.to)).toBe(true);
  });
});

describe("notebook display", () => {
  it('graph[Symbol.for("Jupyter.display")]() returns the printed graph as text/plain', () => {
    const g = apiExample();
    const display = (g as unknown as Record<symbol, () => Record<string, string>>)[Symbol.for("Jupyter.display")]!;
    const bundle = display.call(g);
    expect(bundle["text/plain"]).toBe(g.toString());
  });
});

// ---- immutability and validation -------------------------------------------------------------

/** Paths of every reachable object that is not frozen (typed arrays excepted: they cannot be). */
function unfrozen(root: unknown): string[] {
  const out: string[] = [];
  const seen = new Set<unknown>();
  const walk = (x: unknown, path: string): void => {
    if (x === null || (typeof x !== "object" && typeof x !== "function")) return;
    if (ArrayBuffer.isView(x) || seen.has(x)) return;
    seen.add(x);
    if (!Object.isFrozen(x)) out.push(path);
    for (const k of Reflect.ownKeys(x as object)) {
      const d = Object.getOwnPropertyDescriptor(x, k)!;
      if ("value" in d) walk(d.value, `${path}.${String(k)}`);
    }
  };
  walk(root, "graph");
  return out;
}

describe("Graph immutability", () => {
  it("is deeply frozen: graph, equations, params, atoms, avals, constants, trees", () => {
    for (const g of [apiExample(), mlp(), withConstants()]) expect(unfrozen(g)).toEqual([]);
  });

  it("refuses mutation with a TypeError (strict mode)", () => {
    const g = mlp();
    const eqn = g.equations[0]!;
    expect(() => ((g as unknown as { equations: unknown }).equations = [])).toThrow(TypeError);
    expect(() => (g.equations as unknown as unknown[]).push(eqn)).toThrow(TypeError);
    expect(() => ((eqn as unknown as { primitive: string }).primitive = "add")).toThrow(TypeError);
    const dims = (eqn.params as { dims: { lhsContract: number[] } }).dims;
    expect(() => (dims.lhsContract[0] = 0)).toThrow(TypeError);
    expect(() => ((g.inputs[0]!.aval.shape as number[])[0] = 9)).toThrow(TypeError);
    expect(g.toString()).toBe(mlp().toString());
  });

  it("a hand-built Graph is frozen too, even though its parts were not", () => {
    const a = mkVar(0, aval([2], "float32"));
    const inputs = [a];
    const g = new Graph({ inputs, constVars: [], constValues: [], equations: [], outputs: [a] });
    expect(unfrozen(g)).toEqual([]);
  });
});

describe("validateGraph", () => {
  it("accepts traced graphs", () => {
    const nested = trace((x: Tensor) => {
      const inner = trace((y: Tensor) => np.mul(y, x))(np.ones([2]));
      expect(E.isRight(validateGraph(inner, registry))).toBe(true);
      return np.exp(x);
    })(np.ones([2]));
    for (const g of [apiExample(), mlp(), withConstants(), nested]) {
      const r = validateGraph(g, registry);
      expect(E.isRight(r)).toBe(true);
    }
  });

  const f3 = aval([3], "float32");

  it("rejects a variable used before its definition", () => {
    const [a, b, c] = [mkVar(0, f3), mkVar(1, f3), mkVar(2, f3)];
    const g = new Graph({
      inputs: [a],
      constVars: [],
      constValues: [],
      equations: [mkEquation("sin", {}, [b], [c], undefined), mkEquation("sin", {}, [a], [b], undefined)],
      outputs: [c],
    });
    const r = validateGraph(g, registry);
    expect(E.isLeft(r)).toBe(true);
    if (E.isLeft(r)) {
      expect(r.left).toBeInstanceOf(FluxionError);
      expect(r.left.message).toContain("variable 1 used before definition in equation 0 (sin)");
    }
  });

  it("rejects an output type that disagrees with the shape rule", () => {
    const a = mkVar(0, f3);
    const b = mkVar(1, aval([4], "float32"));
    const g = new Graph({ inputs: [a], constVars: [], constValues: [], equations: [mkEquation("sin", {}, [a], [b], undefined)], outputs: [b] });
    const r = validateGraph(g, registry);
    expect(E.isLeft(r) && r.left.message).toMatch(/equation 0 \(sin\) outputs f32\[4\] but its shape rule gives f32\[3\]/);
  });

  it("rejects a variable defined twice and an undefined output", () => {
    const a = mkVar(0, f3);
    const twice = new Graph({ inputs: [a], constVars: [], constValues: [], equations: [mkEquation("sin", {}, [a], [a], undefined)], outputs: [a] });
    const r1 = validateGraph(twice, registry);
    expect(E.isLeft(r1) && r1.left.message).toContain("defined twice");
    const dangling = new Graph({ inputs: [a], constVars: [], constValues: [], equations: [], outputs: [mkVar(7, f3)] });
    const r2 = validateGraph(dangling, registry);
    expect(E.isLeft(r2) && r2.left.message).toContain("variable 7 used before definition in outputs");
  });

  it("rejects a use at another type than the definition", () => {
    const a = mkVar(0, f3);
    const aAsF64 = mkVar(0, aval([3], "float64"));
    const b = mkVar(1, aval([3], "float64"));
    const g = new Graph({ inputs: [a], constVars: [], constValues: [], equations: [mkEquation("sin", {}, [aAsF64], [b], undefined)], outputs: [b] });
    const r = validateGraph(g, registry);
    expect(E.isLeft(r) && r.left.message).toContain("used as f64[3] but defined as f32[3]");
  });

  it("reports a shape-rule failure (a primitive given mismatched shapes)", () => {
    const a = mkVar(0, f3);
    const b = mkVar(1, aval([4], "float32"));
    const c = mkVar(2, f3);
    const g = new Graph({ inputs: [a, b], constVars: [], constValues: [], equations: [mkEquation("add", {}, [a, b], [c], undefined)], outputs: [c] });
    const r = validateGraph(g, registry);
    expect(E.isLeft(r) && r.left.message).toMatch(/add: incompatible shapes \[3\] and \[4\]/);
  });
});
