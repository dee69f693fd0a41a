/**
 * The script of the interactive page (toHtml): pan by dragging, zoom with the wheel or the buttons,
 * click a group's title (or a collapsed group's box) to collapse or expand it — which lays the
 * picture out again with the page's copy of dagre — and hover a box to read its source line,
 * params, scope, pass and output type in the bar above the picture.
 *
 * `pageClient` is self-contained (it uses only its arguments and the DOM) because toHtml puts its
 * source text into the page. Everything it touches is found under its own root element, so two
 * pictures in one notebook never reach each other.
 */
import type { Layout } from "./layout.js";
import type { DrawModel } from "./model.js";

/** What the page's script is given. */
export interface PageParts {
  readonly root: HTMLElementLike;
  readonly layout: (model: DrawModel, collapsed: ReadonlySet<string>) => Layout;
  readonly paint: (model: DrawModel, layout: Layout, opts: { uid: string; css: string }) => string;
  readonly uid: string;
  /** Open with every group collapsed (large graphs). */
  readonly collapseAll: boolean;
}

/** The DOM the script uses, typed loosely: the library is compiled without the DOM's types. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type HTMLElementLike = any;

/**
 * Starts the page: reads the model from the root's JSON script, draws, and listens.
 */
export function pageClient({ root, layout, paint, uid, collapseAll }: PageParts): void {
  const model: DrawModel = JSON.parse(root.querySelector("script.fx-data").textContent);
  const collapsed = new Set<string>(collapseAll ? model.groups.map((g) => g.id) : []);
  const view = root.querySelector(".fx-view");
  const info = root.querySelector(".fx-info");
  let k = 1, tx = 0, ty = 0, size = { width: 1, height: 1 };
  let scene: HTMLElementLike = null;

  const apply = (): void => {
    if (scene !== null) scene.setAttribute("transform", `translate(${tx},${ty}) scale(${k})`);
  };
  const render = (): void => {
    const lay = layout(model, collapsed);
    size = { width: lay.width, height: lay.height };
    view.innerHTML = paint(model, lay, { uid, css: "" });
    const svg = view.firstElementChild;
    svg.removeAttribute("viewBox");
    svg.setAttribute("width", "100%");
    svg.setAttribute("height", "100%");
    scene = svg.querySelector(".fx-root");
    apply();
  };
  const fit = (): void => {
    const w = view.clientWidth || 800, h = view.clientHeight || 600;
    k = Math.min(1.5, (w - 20) / size.width, (h - 20) / size.height);
    // Too small to read: show the top at a readable scale instead, centred.
    if (k < 0.35) k = 0.35;
    tx = Math.max(10, (w - size.width * k) / 2);
    ty = 10;
    apply();
  };
  const zoom = (factor: number, cx: number, cy: number): void => {
    const nk = Math.min(4, Math.max(0.05, k * factor));
    tx = cx - ((cx - tx) * nk) / k;
    ty = cy - ((cy - ty) * nk) / k;
    k = nk;
    apply();
  };

  let drag: { x: number; y: number; moved: boolean } | null = null;
  view.addEventListener("pointerdown", (ev: HTMLElementLike) => {
    drag = { x: ev.clientX, y: ev.clientY, moved: false };
  });
  view.addEventListener("pointermove", (ev: HTMLElementLike) => {
    if (drag === null || (ev.buttons & 1) === 0) return;
    const dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
    if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
    drag.moved = true;
    tx += dx;
    ty += dy;
    drag.x = ev.clientX;
    drag.y = ev.clientY;
    apply();
  });
  view.addEventListener("click", (ev: HTMLElementLike) => {
    const moved = drag !== null && drag.moved;
    drag = null;
    const hit = moved ? null : ev.target.closest("[data-group]");
    if (hit === null) return;
    const id = hit.getAttribute("data-group");
    if (collapsed.has(id)) collapsed.delete(id);
    else collapsed.add(id);
    render();
  });
  view.addEventListener("wheel", (ev: HTMLElementLike) => {
    ev.preventDefault();
    const r = view.getBoundingClientRect();
    zoom(ev.deltaY < 0 ? 1.15 : 1 / 1.15, ev.clientX - r.left, ev.clientY - r.top);
  }, { passive: false });
  view.addEventListener("mouseover", (ev: HTMLElementLike) => {
    const n = ev.target.closest(".fx-n, .fx-e, .fx-group");
    const t = n === null ? null : n.querySelector("title");
    if (t !== null) info.textContent = t.textContent.split("\n").join("  ·  ");
  });
  root.querySelector(".fx-bar").addEventListener("click", (ev: HTMLElementLike) => {
    const act = ev.target.getAttribute("data-act");
    const w = view.clientWidth / 2, h = view.clientHeight / 2;
    if (act === "in") zoom(1.25, w, h);
    else if (act === "out") zoom(0.8, w, h);
    else if (act === "fit") fit();
    else if (act === "expand" || act === "collapse") {
      collapsed.clear();
      if (act === "collapse") for (const g of model.groups) collapsed.add(g.id);
      render();
      fit();
    }
  });
  render();
  fit();
}
