/**
 * The painter: a drawing model and its layout as SVG markup. Each equation's element carries
 * `data-pass`, each residual edge `data-residual="true"`, each group `data-group`; `<title>`
 * children are the hover text. Colours come from CSS classes (theme.ts), so one picture can follow a
 * light or a dark page.
 *
 * `svgPainter` is self-contained (no reference outside its body) because toHtml puts its source
 * text into the page, which repaints after a collapse or an expand.
 */
import type { Layout } from "./layout.js";
import type { DrawModel } from "./model.js";

/** What the painter needs besides the model and the layout. */
export interface PaintOptions {
  /** The picture's class and id prefix (unique per picture on a page). */
  readonly uid: string;
  /** CSS to embed in the SVG's `<style>` ("" when the page styles it). */
  readonly css: string;
}

/**
 * Makes the paint function.
 */
export function svgPainter(): (model: DrawModel, layout: Layout, opts: PaintOptions) => string {
  const xml = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  const f = (v: number): string => String(Math.round(v * 10) / 10);
  const KIND_CLASS: Record<string, string> = { input: "fx-input", output: "fx-output", const: "fx-const" };
  // Presentation attributes under the CSS (which overrides them): where a viewer strips <style>
  // (a static notebook renderer), boxes stay pale and edges unfilled, in the light palette.
  const FALLBACK: Record<string, string> = { "fx-fwd": "#dbeafe", "fx-bwd": "#ffedd5", "fx-input": "#dcfce7", "fx-output": "#f3e8ff", "fx-const": "#f3f4f6" };

  /** A smooth curve between two points; residuals bow sideways so they pass beside the column they skip. */
  function curve([x1, y1]: readonly [number, number], [x2, y2]: readonly [number, number], residual: boolean): string {
    const dy = Math.max(24, Math.abs(y2 - y1) / 3);
    const bow = residual ? Math.min(160, Math.abs(y2 - y1) / 6) : 0;
    return `M${f(x1)},${f(y1)} C${f(x1 + bow)},${f(y1 + dy)} ${f(x2 + bow)},${f(y2 - dy)} ${f(x2)},${f(y2)}`;
  }

  return function paint(model: DrawModel, layout: Layout, { uid, css }: PaintOptions): string {
    const out: string[] = [];
    const w = Math.ceil(layout.width) + 2, h = Math.ceil(layout.height) + 2;
    out.push(
      `<svg xmlns="http://www.w3.org/2000/svg" class="${uid}" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">`,
      css === "" ? "" : `<style>${css}</style>`,
      `<defs><marker id="${uid}-a" class="fx-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z"/></marker>`,
      `<marker id="${uid}-r" class="fx-arrow-res" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>`,
      `<g class="fx-root">`,
    );
    const labelOf = new Map(model.groups.map((g) => [g.id, g.label]));
    // Group boxes first (underneath), outermost first so inner boxes paint over outer ones.
    const open = [...layout.groups.entries()].filter(([, b]) => !b.collapsed).sort(([, a], [, b]) => b.w * b.h - a.w * a.h);
    for (const [id, b] of open) {
      out.push(
        `<g class="fx-group" data-group="${xml(id)}"><title>${xml(labelOf.get(id) ?? id)}: ${b.count} equations</title>`,
        `<rect x="${f(b.x)}" y="${f(b.y)}" width="${f(b.w)}" height="${f(b.h)}" rx="6" fill="none" stroke="#999"/>`,
        `<text x="${f(b.x + 6)}" y="${f(b.y + 14)}">▾ ${xml(labelOf.get(id) ?? id)}</text></g>`,
      );
    }
    const labelled = new Set<string>();
    for (const e of layout.edges) {
      const first = model.edges[e.edges[0]!]!;
      const residual = e.edges.some((i) => model.edges[i]!.residual);
      const dashed = e.edges.every((i) => model.edges[i]!.dashed);
      const types = [...new Set(e.edges.map((i) => model.edges[i]!.label).filter((l) => l !== ""))];
      const pts = e.points;
      const d = e.curve ? curve(pts[0]!, pts[pts.length - 1]!, residual) : pts.map(([x, y], k) => `${k === 0 ? "M" : "L"}${f(x)},${f(y)}`).join(" ");
      const cls = `fx-e${residual ? " fx-res" : ""}${dashed ? " fx-dashed" : ""}`;
      out.push(
        `<path class="${cls}" d="${d}" fill="none" stroke="#888" marker-end="url(#${uid}-${residual ? "r" : "a"})"${residual ? ' data-residual="true"' : ""}>`,
        `<title>${xml(types.join(", "))}${residual ? " (residual: kept by the forward pass for the backward pass)" : ""}</title></path>`,
      );
      // Each value's type once, beside where it leaves its node.
      const key = `${first.from}|${types.join(",")}`;
      if (types.length > 0 && layout.nodes.has(first.from) && !labelled.has(key)) {
        labelled.add(key);
        const [x, y] = pts[0]!;
        out.push(`<text class="fx-elabel" x="${f(x + 4)}" y="${f(y + 11)}">${xml(types.join(", "))}</text>`);
      }
    }
    for (const n of model.nodes) {
      const b = layout.nodes.get(n.id);
      if (b === undefined) continue;
      const cls = n.kind === "eqn" ? (n.pass === "backward" ? "fx-bwd" : "fx-fwd") : KIND_CLASS[n.kind];
      const rx = n.kind === "eqn" ? 5 : 13;
      out.push(
        `<g class="fx-n ${cls}" data-node="${xml(n.id)}"${n.pass !== undefined ? ` data-pass="${n.pass}"` : ""}><title>${xml(n.title)}</title>`,
        `<rect x="${f(b.x)}" y="${f(b.y)}" width="${f(b.w)}" height="${f(b.h)}" rx="${rx}" fill="${FALLBACK[cls] ?? "#eee"}" stroke="#666"/>`,
        `<text x="${f(b.x + b.w / 2)}" y="${f(b.y + b.h / 2 + 4)}" text-anchor="middle">${xml(n.label)}</text></g>`,
      );
    }
    for (const [id, b] of layout.groups) {
      if (!b.collapsed) continue;
      const label = labelOf.get(id) ?? id;
      out.push(
        `<g class="fx-n fx-summary" data-group="${xml(id)}" data-collapsed="true"><title>${xml(label)}: ${b.count} equations (collapsed)</title>`,
        `<rect x="${f(b.x)}" y="${f(b.y)}" width="${f(b.w)}" height="${f(b.h)}" rx="8" fill="#f9fafb" stroke="#666"/>`,
        `<text x="${f(b.x + b.w / 2)}" y="${f(b.y + b.h / 2 + 4)}" text-anchor="middle">▸ ${xml(label)} (${b.count})</text></g>`,
      );
    }
    out.push(`</g></svg>`);
    return out.join("");
  };
}
