/**
 * Independent counts over a graph, for the drawing tests: equations by pass (nested graphs
 * included) and the residual links a drawing must mark, read straight from the equations.
 */
import { Graph } from "../../src/index.js";

const nested = (g: Graph): Graph[] =>
  g.equations.flatMap((e) => Object.values(e.params as Record<string, unknown>).flatMap((v) => (v instanceof Graph ? [v] : Array.isArray(v) ? v.filter((x) => x instanceof Graph) : [])));

/** Equations of each pass, in `g` and every graph nested in it. */
export function passCounts(g: Graph): { forward: number; backward: number } {
  const here = { forward: g.equations.filter((e) => e.pass === "forward").length, backward: g.equations.filter((e) => e.pass === "backward").length };
  for (const sub of nested(g)) {
    const c = passCounts(sub);
    here.forward += c.forward;
    here.backward += c.backward;
  }
  return here;
}

/** Distinct (forward equation, backward equation) pairs where the backward one reads the forward one's output. */
export function forwardToBackwardLinks(g: Graph): number {
  const forwardOut = new Map<number, number>();
  g.equations.forEach((e, k) => {
    if (e.pass === "forward") for (const v of e.outputs) forwardOut.set(v.id, k);
  });
  const pairs = new Set<string>();
  g.equations.forEach((e, k) => {
    if (e.pass !== "backward") return;
    for (const a of e.inputs) if (a._tag === "Var" && forwardOut.has(a.id)) pairs.add(`${forwardOut.get(a.id)}>${k}`);
  });
  return pairs.size + nested(g).reduce((s, sub) => s + forwardToBackwardLinks(sub), 0);
}

/** Distinct readers (equations, outputs) of the first `k` inputs, counted per (input, reader). */
export function readersOfFirstInputs(g: Graph, k: number): number {
  const ids = new Set(g.inputs.slice(0, k).map((v) => v.id));
  const pairs = new Set<string>();
  g.equations.forEach((e, j) => {
    for (const a of e.inputs) if (a._tag === "Var" && ids.has(a.id)) pairs.add(`${a.id}>e${j}`);
  });
  g.outputs.forEach((a, j) => {
    if (a._tag === "Var" && ids.has(a.id)) pairs.add(`${a.id}>o${j}`);
  });
  return pairs.size;
}

/** Occurrences of `needle` in `text`. */
export const occurrences = (text: string, needle: string): number => text.split(needle).length - 1;
