/**
 * toSvg and toHtml: the marks a reader relies on, checked against counts read independently from
 * the graph's equations — `data-pass` per equation, `data-residual` per forward→backward link (and
 * traceVjp's residual outputs and inputs), pytree names, shapes on edges, scope boxes, the labels of
 * nested graphs, well-formed XML, boxes that never overlap, and a self-contained page.
 */
import { describe, expect, it } from "vitest";
import { ArgumentError, type Graph, type Tensor, np, toHtml, toSvg, trace } from "../../src/index.js";
import dagre from "@dagrejs/dagre";
import { GraphBuilder } from "../../src/ir/builder.js";
import { aval, mkLiteral } from "../../src/ir/types.js";
import { registry } from "../../src/primitives/registry.js";
import { layoutEngine } from "../../src/draw/layout.js";
import { drawModel } from "../../src/draw/model.js";
import { chainGraph } from "../../bench/draw.js";
import { forwardToBackwardLinks, occurrences, passCounts, readersOfFirstInputs } from "./count.js";
import { controlGraph, mlpGradGraph, mlpVjp, scanGradGraph } from "./fixtures.js";
import { xmlProblems } from "./xml.js";

/** A graph whose equations carry scopes and passes, built directly. */
function scopedGraph(): Graph {
  const b = new GraphBuilder();
  const x = b.newVar(aval([2, 3], "float32"));
  const [s] = b.emit(registry.sin, [x], {}, { source: "model.ts:3:7", scope: "loss/mlp/dense", pass: "forward" });
  const [m] = b.emit(registry.mul, [s!, mkLiteral(2, "float32")], {}, { source: "model.ts:4:7", scope: "loss/mlp/dense", pass: "forward" });
  const [t] = b.emit(registry.tanh, [m!], {}, { source: "model.ts:5:7", scope: "loss/mlp/act", pass: "forward" });
  const [c] = b.emit(registry.cos, [x], {}, { source: "model.ts:3:7", scope: "loss/mlp/dense", pass: "backward" });
  const [o] = b.emit(registry.mul, [c!, t!], {}, { source: "model.ts:3:7", scope: "loss", pass: "backward" });
  return b.build([x], [o!]);
}

describe("toSvg marks", () => {
  it("grad of an MLP: data-pass counts equal the equations' passes, data-residual the forward→backward links", () => {
    const g = mlpGradGraph();
    const svg = toSvg(g);
    const passes = passCounts(g);
    expect(passes.backward).toBeGreaterThan(5);
    expect(occurrences(svg, 'data-pass="forward"')).toBe(passes.forward);
    expect(occurrences(svg, 'data-pass="backward"')).toBe(passes.backward);
    const links = forwardToBackwardLinks(g);
    expect(links).toBeGreaterThan(0);
    expect(occurrences(svg, 'data-residual="true"')).toBe(links);
  });

  it("traceVjp's graphs: residual outputs of the forward graph and residual inputs of the backward one are marked", () => {
    const { forward, backward, residuals } = mlpVjp();
    const k = residuals.length;
    expect(k).toBeGreaterThan(0);
    const fwd = toSvg(forward, { residualOutputs: k });
    const varResiduals = forward.outputs.slice(forward.outputs.length - k).filter((a) => a._tag === "Var").length;
    expect(occurrences(fwd, 'data-residual="true"')).toBe(varResiduals + forwardToBackwardLinks(forward));
    for (let i = 0; i < k; i++) expect(fwd).toContain(`>residual r${i}<`);
    const bwd = toSvg(backward, { residualInputs: k });
    expect(occurrences(bwd, 'data-residual="true"')).toBe(readersOfFirstInputs(backward, k));
    expect(occurrences(bwd, 'data-pass="backward"')).toBe(passCounts(backward).backward);
    // Without the option nothing says which outputs are residuals.
    expect(occurrences(toSvg(forward), 'data-residual="true"')).toBe(forwardToBackwardLinks(forward));
  });

  it("names inputs and outputs by pytree path and labels edges with shape and dtype", () => {
    const g = mlpGradGraph();
    const svg = toSvg(g);
    for (const name of ["args[0].W1", "args[0].b1", "args[0].W2", "args[0].b2", "args[1]", "args[2]", "out.W1", "out.b2"]) expect(svg).toContain(`>${name}<`);
    // Every equation's output type is written on an edge (class fx-elabel).
    const labels = new Set([...svg.matchAll(/class="fx-elabel"[^>]*>([^<]*)</g)].flatMap((m) => m[1]!.split(", ")));
    const typeOf = (a: { aval: { shape: readonly number[] } }) => `f32[${a.aval.shape.join(",")}]`;
    for (const e of g.equations) for (const v of e.outputs) expect(labels.has(typeOf(v))).toBe(true);
    expect(labels.has("f32[4,8]")).toBe(true);
    // Literals are inlined in their equation's label, never drawn as nodes of their own.
    expect(svg).toContain(">mul ×2.0<");
  });

  it("draws scopes as nested groups, without a box for a scope around everything", () => {
    const svg = toSvg(scopedGraph());
    const groups = [...svg.matchAll(/<g class="fx-group" data-group="([^"]*)"/g)].map((m) => m[1]);
    expect(groups.sort()).toEqual(["|backward pass", "|backward pass/mlp", "|backward pass/mlp/dense", "|mlp", "|mlp/act", "|mlp/dense"]);
    expect(svg).toContain(">▾ dense<");
    expect(svg).not.toContain(">▾ loss<");
    expect(svg).toContain("source: model.ts:4:7");
    expect(svg).toContain(">mul ×2.0<");
    // Collapsed: one summary box per top-level group, no equation boxes.
    const collapsed = toSvg(scopedGraph(), { collapsed: true });
    expect(occurrences(collapsed, 'data-collapsed="true"')).toBe(2);
    expect(occurrences(collapsed, "data-pass=")).toBe(0);
  });

  it("labels nested graphs by what they are", () => {
    const scan = toSvg(scanGradGraph());
    expect(scan).toContain(">▾ scan body<");
    expect(scan).toContain(">▾ transposed scan body<");
    const control = toSvg(controlGraph());
    for (const l of ["cond branch 0", "cond branch 1", "while cond", "while body", "jit inner"]) expect(control).toContain(`>▾ ${l}<`);
  });

  it("writes well-formed XML with hover titles, in each theme", () => {
    for (const theme of ["light", "dark", "auto"] as const) {
      const svg = toSvg(mlpGradGraph(), { theme });
      expect(xmlProblems(svg)).toEqual([]);
      expect(occurrences(svg, "<title>")).toBeGreaterThan(mlpGradGraph().equations.length);
    }
    expect(xmlProblems(toSvg(controlGraph()))).toEqual([]);
    expect(xmlProblems("<a><b></a>")).not.toEqual([]); // the check can fail
  });

  it("places boxes that never overlap", () => {
    const model = drawModel(mlpGradGraph());
    const lay = layoutEngine(dagre)(model, new Set());
    const boxes = [...lay.nodes.values()];
    expect(boxes.length).toBe(model.nodes.length);
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!, b = boxes[j]!;
        const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
        expect(overlap, `${model.nodes[i]!.label} / ${model.nodes[j]!.label}`).toBe(false);
      }
    }
  });

  it("draws graphs without equations: an identity, and an output that is a literal", () => {
    const identity = toSvg(trace((x: Tensor) => x)(np.ones([2])));
    expect(xmlProblems(identity)).toEqual([]);
    expect(identity).toContain(">args[0]<");
    expect(identity).toContain(">out<");
    expect(occurrences(identity, "<path class=\"fx-e")).toBe(1);
    const literalOut = trace(() => np.array(1))();
    expect(xmlProblems(toSvg(literalOut))).toEqual([]);
    expect(toHtml(literalOut)).toContain("\"equations\":0");
  });

  it("refuses what is not a graph or not an option", () => {
    const g = trace((x: Tensor) => np.sin(x))(np.ones([2]));
    expect(() => toSvg("a" as never)).toThrow(ArgumentError);
    expect(() => toSvg(g, { theme: "blue" as never })).toThrow(/theme must be "light", "dark" or "auto"/);
    expect(() => toSvg(g, { residualOutputs: 2 })).toThrow(/residualOutputs must be an integer from 0 to 1/);
    expect(() => toHtml(g, { fragment: "yes" as never })).toThrow(ArgumentError);
  });
});

describe("toHtml", () => {
  it("is one self-contained page: its script inline, no URL in any src or href", () => {
    const html = toHtml(mlpGradGraph());
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).not.toMatch(/\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).toContain("Copyright (c) 2012-2014 Chris Pettitt"); // dagre's notice travels with its code
    expect(occurrences(html, "<script")).toBe(2); // the model (JSON) and the code
    expect(html).toContain('"label":"args[0].W1"');
  });

  it("gives each picture its own ids, and opens large graphs collapsed", () => {
    const g = mlpGradGraph();
    const a = toHtml(g, { fragment: true }), b = toHtml(g, { fragment: true });
    const id = (s: string) => /^<div class="([^ "]+) fx-page" id="\1"/.exec(s)?.[1];
    expect(id(a)).toBeDefined();
    expect(id(a)).not.toBe(id(b));
    expect(a).toContain("collapseAll:false");
    expect(toHtml(chainGraph(60, true), { fragment: true })).toContain("collapseAll:true");
  });

  it("is what a Graph shows in a notebook, next to its SVG and text", () => {
    const g = mlpGradGraph();
    const bundle = (g as unknown as Record<symbol, () => Record<string, string>>)[Symbol.for("Jupyter.display")]!.call(g);
    expect(Object.keys(bundle).sort()).toEqual(["image/svg+xml", "text/html", "text/plain"]);
    expect(bundle["text/html"]!.startsWith("<div")).toBe(true);
    // The view starts with the picture drawn in Node, so it shows where scripts do not run.
    const view = /<div class="fx-view">(<svg[\s\S]*?<\/svg>)<\/div>/.exec(bundle["text/html"]!);
    expect(view).not.toBeNull();
    expect(occurrences(view![1]!, "data-pass=")).toBe(g.equations.length);
    expect(bundle["image/svg+xml"]!.startsWith("<svg")).toBe(true);
    expect(bundle["text/plain"]).toBe(g.toString());
  });
});

describe("a 2,000-equation graph", () => {
  it("draws as SVG and HTML (a hang guard: speed is measured by bench/draw.ts)", () => {
    let g = chainGraph(150, false);
    for (let steps = 150; g.equations.length < 2000; steps += 10) g = chainGraph(steps, false);
    const t0 = performance.now();
    const svg = toSvg(g);
    const html = toHtml(g);
    expect(performance.now() - t0).toBeLessThan(30_000);
    expect(occurrences(svg, "data-pass=")).toBe(g.equations.length);
    expect(html.length).toBeGreaterThan(100_000);
  });
});
