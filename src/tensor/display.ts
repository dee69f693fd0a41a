/**
 * How a tensor shows itself in a notebook: the MIME bundle that Deno's Jupyter kernel asks for
 * through `x[Symbol.for("Jupyter.display")]()` — numpy's repr as `text/plain` and an HTML view as
 * `text/html`.
 *
 * The HTML: a header with the type (`f32[2,3]`), the shape as numpy prints it (`(2, 3)`, `(4,)`,
 * `()`) and the dtype, then the values — for a 2-d float tensor a heat-map (each cell's background
 * from a viridis-like scale between the finite minimum and maximum, its value in the cell and on
 * hover, NaN and ±inf in colours of their own), otherwise numpy's text. Float tensors that hold NaN
 * or ±inf say how many in the header. Large tensors show their corners, as numpy summarises (at
 * most 16 rows and 16 columns of cells, the legend saying which; the text past 1,000 elements).
 * The page is self-contained (inline styles, no scripts, no network) and readable on light and dark
 * notebook backgrounds: every coloured cell carries its own text colour.
 */
import { type DType, type DataArray, isComplex, shortName } from "./dtype.js";
import { formatArray } from "./format.js";

/** Rows and columns of cells shown from each edge of a large 2-d tensor. */
const EDGE = 8;

/** The colours of non-finite cells (background, text). */
const NAN_CELL = ["#d62728", "#fff"] as const;
const INF_CELL = ["#ff7f0e", "#111"] as const;

const escapeHtml = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * A shape as numpy prints it: `()`, `(4,)`, `(2, 3)`.
 *
 * @example
 * ```ts
 * pythonShape([4]); // "(4,)"
 * pythonShape([2, 3]); // "(2, 3)"
 * ```
 */
export function pythonShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

/** A perceptually ordered dark-blue → teal → yellow scale (viridis-like), `t` in [0, 1]. */
function colour(t: number): string {
  const stops: readonly (readonly [number, number, number])[] = [
    [68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37],
  ];
  const x = Math.min(Math.max(t, 0), 1) * (stops.length - 1);
  const i = Math.min(Math.floor(x), stops.length - 2);
  const f = x - i;
  const [a, b] = [stops[i]!, stops[i + 1]!];
  const c = a.map((v, k) => Math.round(v + (b[k]! - v) * f));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

/** Short text of one real value for a cell. */
function cellText(v: number, dtype: DType): string {
  if (dtype === "bool") return v !== 0 ? "True" : "False";
  if (Number.isNaN(v)) return "nan";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  if (dtype === "float32" || dtype === "float64") return Number(v.toPrecision(4)).toString();
  return String(v);
}

/** Indices to show along an axis of length n (all, or the edges with a gap marked by -1). */
const shown = (n: number, edge: number): number[] =>
  n <= 2 * edge ? [...Array(n).keys()] : [...Array(edge).keys(), -1, ...Array.from({ length: edge }, (_, i) => n - edge + i)];

/** How many NaN and ±inf a float or complex tensor holds (a complex element counts once). */
function nonFinite(dtype: DType, data: DataArray): { nan: number; inf: number } {
  let nan = 0, inf = 0;
  const step = isComplex(dtype) ? 2 : 1;
  for (let i = 0; i < data.length; i += step) {
    const parts = step === 2 ? [data[i]!, data[i + 1]!] : [data[i]!];
    if (parts.some((v) => Number.isNaN(v))) nan++;
    else if (parts.some((v) => !Number.isFinite(v))) inf++;
  }
  return { nan, inf };
}

/** The heat-map table of a 2-d float tensor, its legend, and what it shows when summarised. */
function heatMap(shape: readonly number[], dtype: DType, data: DataArray): string {
  const [rows, cols] = shape as [number, number];
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (Number.isFinite(v)) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
  }
  if (lo > hi) lo = hi = 0;
  const span = hi - lo || 1;
  const rowIdx = shown(rows, EDGE), colIdx = shown(cols, EDGE);
  const cell = (r: number, c: number): string => {
    if (r < 0 || c < 0) return `<td style="color:#888;text-align:center">…</td>`;
    const v = data[r * cols + c]!;
    let bg: string, fg: string;
    if (Number.isNaN(v)) [bg, fg] = NAN_CELL;
    else if (!Number.isFinite(v)) [bg, fg] = INF_CELL;
    else {
      const t = (v - lo) / span;
      bg = colour(t);
      fg = t > 0.6 ? "#111" : "#fff";
    }
    return `<td title="[${r}, ${c}] = ${escapeHtml(String(v))}" style="background:${bg};color:${fg};padding:2px 6px;text-align:right;font-size:11px">${escapeHtml(cellText(v, dtype))}</td>`;
  };
  const body = rowIdx.map((r) => `<tr>${colIdx.map((c) => cell(r, c)).join("")}</tr>`).join("");
  const parts: string[] = [];
  if (rows > 2 * EDGE) parts.push(`rows 0–${EDGE - 1} and ${rows - EDGE}–${rows - 1} of ${rows}`);
  if (cols > 2 * EDGE) parts.push(`columns 0–${EDGE - 1} and ${cols - EDGE}–${cols - 1} of ${cols}`);
  const note = parts.length > 0 ? ` · showing ${parts.join("; ")}` : "";
  const legend = `<div style="font-size:11px;margin-top:4px">min ${escapeHtml(cellText(lo, dtype))} <span style="display:inline-block;width:80px;height:8px;vertical-align:middle;background:linear-gradient(to right,${colour(0)},${colour(0.5)},${colour(1)})"></span> max ${escapeHtml(cellText(hi, dtype))}${note}</div>`;
  return `<table style="border-collapse:collapse;font-family:monospace">${body}</table>${legend}`;
}

/**
 * The notebook HTML of a tensor (concrete `data`; a tracer has none and shows only its type).
 *
 * @example
 * ```ts
 * const html = tensorHtml([2, 2], "float32", new Float32Array([1, 2, 3, 4]));
 * html.includes("f32[2,2]"); // true
 * html.includes("<table"); // true
 * ```
 */
export function tensorHtml(shape: readonly number[], dtype: DType, data: DataArray | undefined): string {
  const type = `${shortName(dtype)}[${shape.join(",")}]`;
  const facts = [`<b>Tensor</b> ${escapeHtml(type)}`, `shape ${pythonShape(shape)}`, `dtype ${dtype}`];
  if (data === undefined) {
    return `<div>${header(facts)}<div style="font-family:monospace">traced value (no data)</div></div>`;
  }
  const isFloat = dtype === "float32" || dtype === "float64";
  if (isFloat || isComplex(dtype)) {
    const { nan, inf } = nonFinite(dtype, data);
    if (nan > 0) facts.push(`<span style="color:${NAN_CELL[0]}">${nan.toLocaleString("en-US")} nan</span>`);
    if (inf > 0) facts.push(`<span style="color:${INF_CELL[0]}">${inf.toLocaleString("en-US")} inf</span>`);
  }
  if (shape.length === 2 && isFloat && data.length > 0) {
    return `<div>${header(facts)}${heatMap(shape, dtype, data)}</div>`;
  }
  const size = shape.reduce((a, b) => a * b, 1);
  if (size > 1000) facts.push(`summarised: ${size.toLocaleString("en-US")} elements`);
  return `<div>${header(facts)}<pre style="margin:0">${escapeHtml(formatArray(shape, dtype, data))}</pre></div>`;
}

const header = (facts: readonly string[]): string =>
  `<div style="font-family:monospace;font-size:12px;margin-bottom:4px">${facts.join(" · ")}</div>`;

/**
 * The MIME bundle a Jupyter kernel displays for a tensor: numpy's repr (`text`, the tensor's
 * `toString()`) as `text/plain`, and the HTML view as `text/html`.
 *
 * @example
 * ```ts
 * const bundle = tensorDisplay("array([1., 2.], dtype=float32)", [2], "float32", new Float32Array([1, 2]));
 * Object.keys(bundle).join(" "); // "text/plain text/html"
 * ```
 */
export function tensorDisplay(
  text: string,
  shape: readonly number[],
  dtype: DType,
  data: DataArray | undefined,
): { "text/plain": string; "text/html": string } {
  return { "text/plain": text, "text/html": tensorHtml(shape, dtype, data) };
}
