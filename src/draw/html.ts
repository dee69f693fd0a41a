/**
 * `toHtml(graph)`: one self-contained interactive page (or a notebook output) of a graph. The page
 * carries the drawing model as JSON, dagre's minified build (MIT, its notice kept) and the same
 * layout and painter functions `toSvg` runs in Node, as their source text, so collapsing a scope
 * lays the picture out again in the page instead of leaving a hole where the scope was: no network,
 * no external script. Everything is scoped under one root element with an id unique to this call,
 * so several pictures in one notebook never clash.
 */
import dagre from "@dagrejs/dagre";
import { ArgumentError, describeValue } from "../errors.js";
import type { Graph } from "../ir/graph.js";
import { pageClient } from "./client.js";
import { DAGRE_LICENSE, DAGRE_SOURCE, DAGRE_VERSION } from "./dagre-source.js";
import { layoutEngine } from "./layout.js";
import { drawModel } from "./model.js";
import { svgPainter } from "./paint.js";
import { type DrawOptions, checkDrawOptions, pictureId } from "./svg.js";
import { themeCss } from "./theme.js";

/** Options of `toHtml`: those of `toSvg`, and `fragment`. */
export interface HtmlOptions extends DrawOptions {
  /**
   * A `<div>` to put into a page (what a notebook shows) rather than a whole HTML document.
   * Default false.
   */
  readonly fragment?: boolean;
}

const layout = layoutEngine(dagre);
const paint = svgPainter();

/** Above this many equations the page opens with every scope collapsed (TensorBoard does the same). */
export const COLLAPSE_ABOVE = 300;

/** JSON that can sit inside a `<script>` element (no `</script>`, no `<!--`). */
const scriptSafe = (s: string): string => s.replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");

const PAGE_CSS = (uid: string): string =>
  `.${uid}.fx-page{font:13px system-ui,sans-serif;color:inherit}` +
  `.${uid} .fx-bar{display:flex;gap:6px;align-items:center;padding:4px 0;flex-wrap:wrap}` +
  `.${uid} .fx-bar button{font:inherit;color:inherit;background:transparent;border:1px solid #8888;border-radius:4px;padding:2px 8px;cursor:pointer}` +
  `.${uid} .fx-info{opacity:.85;font:12px ui-monospace,monospace;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;flex:1}` +
  `.${uid} .fx-view{position:relative;overflow:hidden;height:70vh;min-height:320px;border:1px solid #8886;border-radius:6px;cursor:grab;touch-action:none}` +
  `.${uid} [data-group]>text,.${uid} .fx-summary{cursor:pointer}`;

/**
 * The interactive page of `g` (see `toHtml`); `where` names the function the user called.
 *
 * @example
 * ```ts
 * drawHtml(trace((x: Tensor) => np.sin(x))(np.ones([2])), { fragment: true }).startsWith("<div"); // true
 * ```
 */
export function drawHtml(g: Graph, options?: HtmlOptions, where = "toHtml"): string {
  const opts = checkDrawOptions(options, where) as HtmlOptions;
  if (opts.fragment !== undefined && typeof opts.fragment !== "boolean") {
    throw new ArgumentError(`${where}: options.fragment must be true or false; got ${describeValue(opts.fragment)}.`);
  }
  const model = drawModel(g, opts, where);
  const theme = opts.theme ?? "auto";
  // Unique per call (a random part), not only per graph: the same graph shown twice on one page
  // must not share ids.
  const uid = `${pictureId(model, theme)}${Math.random().toString(36).slice(2, 10)}`;
  const collapseAll = opts.collapsed ?? model.equations > COLLAPSE_ABOVE;
  // In a notebook the view starts as the picture drawn here, which the script replaces: where
  // scripts do not run (an untrusted notebook, a static renderer) the picture still shows.
  const initial = opts.fragment === true ? paint(model, layout(model, new Set(collapseAll ? model.groups.map((gr) => gr.id) : [])), { uid, css: "" }) : "";
  const script =
    `/*! dagre ${DAGRE_VERSION}: ${DAGRE_LICENSE.replace(/\*\//g, "* /")} */\n` +
    `(function(){\n${DAGRE_SOURCE}\n;` +
    `var layout=(${layoutEngine.toString()})(dagre);\n` +
    `var paint=(${svgPainter.toString()})();\n` +
    `(${pageClient.toString()})({root:document.getElementById(${JSON.stringify(uid)}),layout:layout,paint:paint,uid:${JSON.stringify(uid)},collapseAll:${collapseAll}});\n` +
    `})();`;
  const buttons = [["in", "+", "zoom in"], ["out", "−", "zoom out"], ["fit", "fit", "fit to view"], ["expand", "expand all", ""], ["collapse", "collapse all", ""]]
    .map(([act, text, title]) => `<button type="button" data-act="${act}" title="${title}">${text}</button>`)
    .join("");
  const hint = `${model.equations} equations. Drag to pan, wheel to zoom, click a box's title to collapse or expand it, hover for details.`;
  const fragment =
    `<div class="${uid} fx-page" id="${uid}"><style>${themeCss(uid, theme)}${PAGE_CSS(uid)}</style>` +
    `<div class="fx-bar">${buttons}<span class="fx-info">${hint}</span></div><div class="fx-view">${initial}</div>` +
    `<script type="application/json" class="fx-data">${scriptSafe(JSON.stringify(model))}</script>` +
    `<script>${script.replace(/<\/script/gi, "<\\/script")}</script></div>`;
  if (opts.fragment === true) return fragment;
  const dark = theme === "dark" ? "body{background:#111;color:#ddd}" : theme === "auto" ? "@media (prefers-color-scheme: dark){body{background:#111;color:#ddd}}" : "";
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>fluxion graph (${model.equations} equations)</title>` +
    `<style>body{margin:8px}${dark}.${uid}.fx-page .fx-view{height:calc(100vh - 60px)}</style></head><body>${fragment}</body></html>`
  );
}

/**
 * A self-contained interactive HTML page of a graph: pan (drag), zoom (wheel, buttons), click a
 * scope's title to collapse or expand it, hover a box for its source line, params, scope, pass and
 * output type. Colours, names and marks as `toSvg`; graphs above 300 equations open with their
 * scopes collapsed. No network: the layout library is inside the page. `{ fragment: true }` gives
 * a `<div>` for a notebook output (what a `Graph` displays as in Jupyter).
 *
 * @example
 * ```ts
 * const html = toHtml(trace((x: Tensor) => np.sum(np.sin(x)))(np.ones([3])));
 * html.startsWith("<!doctype html>"); // true
 * html.includes("<script>"); // true
 * ```
 */
export function toHtml(g: Graph, options?: HtmlOptions): string {
  return drawHtml(g, options, "toHtml");
}
