/**
 * `drawSvg`: the static picture (what `toSvg` returns once the package root has wired it): the
 * drawing model, laid out hierarchically by dagre (layout.ts says why not in one piece), painted
 * with its colours in the SVG's own `<style>`.
 */
import dagre from "@dagrejs/dagre";
import { ArgumentError, describeValue } from "../errors.js";
import type { Graph } from "../ir/graph.js";
import { layoutEngine } from "./layout.js";
import { type DrawModel, type ModelOptions, drawModel } from "./model.js";
import { svgPainter } from "./paint.js";
import { type Theme, themeCss } from "./theme.js";

/** Options of `toSvg` and `toHtml`. */
export interface DrawOptions extends ModelOptions {
  /** "light", "dark", or "auto" (default: follows the page's colour scheme). */
  readonly theme?: Theme;
  /** Draw every group collapsed to one summary box (default false for `toSvg`). */
  readonly collapsed?: boolean;
}

const layout = layoutEngine(dagre);
const paint = svgPainter();

/** Checks the options shared by `toSvg` and `toHtml` (the model checks its own). */
export function checkDrawOptions(opts: unknown, where: string): DrawOptions {
  if (opts === undefined) return {};
  if (typeof opts !== "object" || opts === null) throw new ArgumentError(`${where}: options must be an object such as { theme: "dark" }; got ${describeValue(opts)}.`);
  const o = opts as DrawOptions;
  if (o.theme !== undefined && o.theme !== "light" && o.theme !== "dark" && o.theme !== "auto") {
    throw new ArgumentError(`${where}: options.theme must be "light", "dark" or "auto"; got ${describeValue(o.theme)}.`);
  }
  return o;
}

/** A short hash of the model, so two different pictures on one page get different class names. */
export function pictureId(model: DrawModel, salt: string): string {
  let h = 2166136261;
  const feed = (s: string): void => {
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  };
  feed(salt);
  for (const n of model.nodes) feed(n.label);
  feed(String(model.edges.length));
  return `fx${(h >>> 0).toString(36)}`;
}

/**
 * The SVG picture of `g` (see `toSvg`).
 *
 * @example
 * ```ts
 * drawSvg(trace((x: Tensor) => np.sin(x))(np.ones([2])), { theme: "dark" }).startsWith("<svg"); // true
 * ```
 */
export function drawSvg(g: Graph, options?: DrawOptions, where = "toSvg"): string {
  const opts = checkDrawOptions(options, where);
  const model = drawModel(g, opts, where);
  const theme = opts.theme ?? "auto";
  const collapsed = new Set(opts.collapsed === true ? model.groups.map((gr) => gr.id) : []);
  const uid = pictureId(model, theme);
  return paint(model, layout(model, collapsed), { uid, css: themeCss(uid, theme) });
}
