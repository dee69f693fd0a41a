/**
 * A tensor as notebook HTML: a header with shape and dtype, then the values as a table — for a
 * 2-d float tensor a heat-map (each cell's background from the colour scale, its value on hover
 * and in the cell). Self-contained (inline styles, no scripts, no network) and readable on light
 * and dark notebook backgrounds: cells carry their own background and text colour. Large
 * tensors show their corners, as numpy summarises.
 */
import { type DType, type DataArray, shortName } from "./dtype.js";
import { formatArray } from "./format.js";

/** Rows and columns shown from each edge of a large 2-d tensor. */
const EDGE = 8;

const escapeHtml = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

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

/** Short text of one value for a cell. */
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

/** The heat-map table of a 2-d float tensor. */
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
    const t = (v - lo) / span;
    const bg = Number.isFinite(v) ? colour(t) : "#888";
    const fg = Number.isFinite(v) && t > 0.6 ? "#111" : "#fff";
    return `<td title="[${r}, ${c}] = ${escapeHtml(String(v))}" style="background:${bg};color:${fg};padding:2px 6px;text-align:right;font-size:11px">${escapeHtml(cellText(v, dtype))}</td>`;
  };
  const body = rowIdx.map((r) => `<tr>${colIdx.map((c) => cell(r, c)).join("")}</tr>`).join("");
  const legend = `<div style="font-size:11px;margin-top:4px">min ${escapeHtml(cellText(lo, dtype))} <span style="display:inline-block;width:80px;height:8px;vertical-align:middle;background:linear-gradient(to right,${colour(0)},${colour(0.5)},${colour(1)})"></span> max ${escapeHtml(cellText(hi, dtype))}</div>`;
  return `<table style="border-collapse:collapse;font-family:monospace">${body}</table>${legend}`;
}

/**
 * The notebook HTML of a tensor (concrete `data`; a tracer has none and shows only its type).
 *
 * @example
 * ```ts
 * tensorHtml([2, 2], "float32", new Float32Array([1, 2, 3, 4])); // "<div …>f32[2,2] … <table …"
 * ```
 */
export function tensorHtml(shape: readonly number[], dtype: DType, data: DataArray | undefined): string {
  const type = `${shortName(dtype)}[${shape.join(",")}]`;
  const header = `<div style="font-family:monospace;font-size:12px;margin-bottom:4px"><b>Tensor</b> ${escapeHtml(type)} · shape (${shape.join(", ")}) · dtype ${dtype}</div>`;
  if (data === undefined) return `<div>${header}<div style="font-family:monospace">traced value (no data)</div></div>`;
  const isFloat = dtype === "float32" || dtype === "float64";
  const body =
    shape.length === 2 && isFloat && data.length > 0
      ? heatMap(shape, dtype, data)
      : `<pre style="margin:0">${escapeHtml(formatArray(shape, dtype, data))}</pre>`;
  return `<div>${header}${body}</div>`;
}
