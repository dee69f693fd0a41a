/**
 * Prints one workload's results as a Markdown table (readable in a terminal, pasteable into an
 * issue): per engine the median and min–max in the workload's unit, ms per run, number of runs,
 * first-call time, max error against the float64 reference, and fluxion's speed ratio to it.
 */
import { stats, toUnit, type EngineResult, type Unit } from "./harness.js";

/** The parts of a workload the printer needs (results arrive from child processes as JSON). */
export interface TableWorkload {
  id: string;
  title: string;
  unit: Unit;
  work?: number;
  tolerance: number;
}

/** Three significant digits, without exponent notation for the usual range. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  if (a >= 0.001) return x.toPrecision(2);
  return x === 0 ? "0" : x.toExponential(1);
}

function fmtErr(e: number | undefined): string {
  if (e === undefined) return "—";
  if (e === 0) return "0";
  return Number.isFinite(e) ? e.toExponential(1) : "∞";
}

/** Pads every column to its widest cell and joins rows Markdown-style. */
function renderMarkdown(header: string[], rows: string[][], rightAligned: boolean[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) =>
    "| " + cells.map((s, c) => (rightAligned[c] ? s.padStart(widths[c]) : s.padEnd(widths[c]))).join(" | ") + " |";
  const rule = "|" + widths.map((w, c) => (rightAligned[c] ? "-".repeat(w + 1) + ":" : "-".repeat(w + 2))).join("|") + "|";
  return [line(header), rule, ...rows.map(line)].join("\n");
}

/** The work of one run of `r`: its engine's own, else the workload's. */
function workOf(w: TableWorkload, r: EngineResult): number | undefined {
  return r.work ?? w.work;
}

/**
 * Formats the table for one workload. `results` come in the order to print. Ratio columns are
 * `this engine's median time per unit of work ÷ that fluxion engine's`: above 1, fluxion is
 * faster. (Per unit of work, because an engine may do fewer calls per run than another.)
 */
export function formatTable(w: TableWorkload, results: readonly EngineResult[]): string {
  const higherIsBetter = w.unit === "GFLOP/s";
  // Median ms per unit of work (per run when the workload counts no work).
  const perWork = new Map<string, number>();
  for (const r of results) {
    if (r.status === "ok" && r.timesMs.length > 0) perWork.set(r.engine, stats(r.timesMs).median / (workOf(w, r) ?? 1));
  }
  const fluxion = results.filter((r) => r.engine.startsWith("fluxion")).map((r) => r.engine);
  // Calls per run matter for per-call latency: a short run amortizes less (and may differ per engine).
  const showCalls = w.unit === "µs/call";

  const header = [
    "engine", `median ${w.unit}`, "min–max", "ms/run", ...(showCalls ? ["calls/run"] : []), "runs", "1st call ms", "max abs err",
    ...fluxion.map((f) => `${f} ×`),
  ];
  const notes: string[] = [];
  const rows = results.map((r) => {
    let name = r.engine;
    if (r.note) {
      notes.push(`[${notes.length + 1}] ${r.engine}: ${r.status === "ok" ? "" : r.status + " — "}${r.note}`);
      name += ` [${notes.length}]`;
    }
    const first = r.firstCallMs === undefined ? "—" : fmt(r.firstCallMs);
    const err = fmtErr(r.maxAbsErr) + (r.maxAbsErr !== undefined && r.maxAbsErr > w.tolerance ? " ✗" : "");
    const work = workOf(w, r);
    const calls = showCalls ? [work === undefined ? "—" : String(work)] : [];
    if (r.status !== "ok" || r.timesMs.length === 0) {
      return [name, r.status, "—", "—", ...calls, "—", first, err, ...fluxion.map(() => "—")];
    }
    const s = stats(r.timesMs);
    const unitOf = (ms: number) => toUnit({ unit: w.unit, work }, ms);
    const lo = unitOf(higherIsBetter ? s.max : s.min);
    const hi = unitOf(higherIsBetter ? s.min : s.max);
    const mine = perWork.get(r.engine);
    const ratios = fluxion.map((f) => {
      const theirs = perWork.get(f);
      return theirs === undefined || mine === undefined ? "—" : `${fmt(mine / theirs)}×`;
    });
    return [
      name, fmt(unitOf(s.median)), `${fmt(lo)}–${fmt(hi)}`, fmt(s.median), ...calls, String(r.timesMs.length), first, err,
      ...ratios,
    ];
  });

  // An engine running elsewhere (JAX on XLA, in Python) says what it ran on.
  for (const r of results) if (r.environment) notes.push(`${r.engine}: ${r.environment}`);
  const better = higherIsBetter ? "higher is better" : "lower is better";
  const title = `### ${w.id} — ${w.title} (${w.unit}, ${better}; error tolerance ${w.tolerance})`;
  const table = renderMarkdown(header, rows, header.map((_, c) => c > 0));
  return [title, "", table, ...(notes.length ? ["", ...notes] : [])].join("\n");
}
