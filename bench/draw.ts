/**
 * Timing of the drawings: `toSvg` and `toHtml` of reverse-mode graphs of 100, 500 and 2,000
 * equations (median of a few runs), printed as a table. The graphs are `trace(grad(f))` of a chain
 * of `tanh(sin(y)·y + 1)` steps — the shape that made one-piece layered layouts slow (each residual
 * spans the whole graph) — once flat and once with every ten steps in a `namedScope`.
 * Run alone with `node dist/bench/draw.js` after `npm run build`; `npm run bench` calls it too.
 */
import { fileURLToPath } from "node:url";
import { type Graph, type Tensor, grad, namedScope, np, toHtml, toSvg, trace } from "../src/index.js";

const step = (y: Tensor): Tensor => np.tanh(np.sin(y).mul(y).add(1));

/** `trace(grad(f))` of an n-step chain; with `scoped`, every ten steps are one named scope. */
export function chainGraph(steps: number, scoped: boolean): Graph {
  const block = (len: number, i: number) =>
    namedScope(`block${i}`, (y: Tensor): Tensor => {
      for (let k = 0; k < len; k++) y = step(y);
      return y;
    });
  const f = (x: Tensor): Tensor => {
    let y = x;
    if (scoped) for (let i = 0; i * 10 < steps; i++) y = block(Math.min(10, steps - i * 10), i)(y);
    else for (let k = 0; k < steps; k++) y = step(y);
    return np.sum(y);
  };
  return trace(grad(f))(np.ones([4]));
}

/** The smallest chain whose gradient graph has at least `target` equations. */
export function graphOfSize(target: number, scoped: boolean): Graph {
  const perStep = chainGraph(11, scoped).equations.length - chainGraph(1, scoped).equations.length;
  let steps = Math.max(1, Math.floor(target / (perStep / 10)) - 2);
  let g = chainGraph(steps, scoped);
  while (g.equations.length < target) g = chainGraph(++steps, scoped);
  return g;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Median wall-clock and CPU milliseconds of `runs` calls (CPU time tells a busy machine apart). */
function timeMs(f: () => unknown, runs: number): { wall: number; cpu: number } {
  const wall: number[] = [], cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now(), c0 = process.cpuUsage();
    f();
    const c = process.cpuUsage(c0);
    wall.push(performance.now() - t0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

/** Times toSvg and toHtml at each size and prints a table. */
export function runDrawBench(sizes: readonly number[] = [100, 500, 2000]): void {
  console.log("\n## Drawing: toSvg / toHtml of trace(grad(chain)) (median ms)\n");
  console.log("| equations | scopes | toSvg ms | toSvg CPU ms | toHtml ms | SVG KB | HTML KB |");
  console.log("|---:|---|---:|---:|---:|---:|---:|");
  for (const target of sizes) {
    for (const scoped of [false, true]) {
      const g = graphOfSize(target, scoped);
      const runs = target >= 2000 ? 3 : 5;
      const svg = toSvg(g), html = toHtml(g);
      const tSvg = timeMs(() => toSvg(g), runs), tHtml = timeMs(() => toHtml(g), runs);
      const kb = (s: string): string => (s.length / 1024).toFixed(0);
      const row = [g.equations.length, scoped ? "every 10 steps" : "none", tSvg.wall.toFixed(0), tSvg.cpu.toFixed(0), tHtml.wall.toFixed(0), kb(svg), kb(html)];
      console.log(`| ${row.join(" | ")} |`);
    }
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) runDrawBench();
