/**
 * Finds the workloads: every compiled module in `workloads/` (except names starting with `_`)
 * whose default export is a workload or an array of them. Adding a workload is adding one file.
 * Modules import their peer libraries lazily, so listing workloads loads no engine.
 */
import { readdirSync } from "node:fs";
import type { Workload } from "./harness.js";

function isWorkload(x: unknown): x is Workload {
  if (typeof x !== "object" || x === null) return false;
  const w = x as Partial<Workload>;
  return typeof w.id === "string" && typeof w.title === "string" && Array.isArray(w.engines);
}

/** All workloads, sorted by file name, then in each file's order; ids must be unique. */
export async function loadWorkloads(): Promise<Workload[]> {
  const dir = new URL("./workloads/", import.meta.url);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".js") && !f.startsWith("_"))
    .sort();
  const out: Workload[] = [];
  for (const file of files) {
    const mod = (await import(new URL(file, dir).href)) as { default?: unknown };
    const exported = Array.isArray(mod.default) ? mod.default : [mod.default];
    for (const w of exported) {
      if (!isWorkload(w)) throw new Error(`bench/workloads/${file}: default export is not a workload (or array of them)`);
      if (out.some((o) => o.id === w.id)) throw new Error(`bench/workloads/${file}: duplicate workload id ${w.id}`);
      out.push(w);
    }
  }
  return out;
}
