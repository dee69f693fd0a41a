/**
 * Compares two builds of fluxion from benchmark runs made alternately in one session:
 *
 *   node dist/bench/compare-builds.js old-1.json,old-2.json new-1.json,new-2.json
 *
 * where each file is a `npm run bench -- --groups fluxion --json <file>` of one build (an old
 * checkout built beside this one, then this one, alternating, so machine load hits both alike).
 * For every workload and fluxion engine it pools the timed runs of each side and prints old/new
 * of the minimum, the 10th percentile and the median: above 1 the new build is faster.
 *
 * Why not medians alone: on a shared machine another process's burst lands on whichever runs it
 * overlaps, so a median can move 1.5× between identical builds. The minimum and low percentiles
 * are what a build costs when nothing else interferes; a median ratio far below the others points
 * at allocation or GC pressure (check it with `node --trace-gc`), not at slower code.
 */
import { readFileSync } from "node:fs";

interface RunFile {
  results: { workload: string; engine: string; timesMs: number[] }[];
}

/** Pools every file's timed runs by `workload · engine`. */
function pooled(files: string[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const file of files) {
    const { results } = JSON.parse(readFileSync(file, "utf8")) as RunFile;
    for (const r of results) {
      if (r.timesMs.length === 0) continue;
      const key = `${r.workload} · ${r.engine}`;
      out.set(key, [...(out.get(key) ?? []), ...r.timesMs]);
    }
  }
  for (const times of out.values()) times.sort((a, b) => a - b);
  return out;
}

/** The `q`-quantile of sorted `times` (nearest rank). */
const quantile = (times: number[], q: number): number => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;

function main(): void {
  const [oldArg, newArg] = process.argv.slice(2);
  if (oldArg === undefined || newArg === undefined) {
    console.error("usage: node dist/bench/compare-builds.js <old.json[,old2.json…]> <new.json[,new2.json…]>");
    process.exit(2);
  }
  const before = pooled(oldArg.split(","));
  const after = pooled(newArg.split(","));
  console.log("| workload · engine | old min ms | new min ms | old/new min | old/new p10 | old/new median |");
  console.log("|---|---:|---:|---:|---:|---:|");
  for (const [key, a] of before) {
    const b = after.get(key);
    if (b === undefined) continue;
    const ratio = (q: number): string => (quantile(a, q) / quantile(b, q)).toFixed(2);
    console.log(`| ${key} | ${a[0]!.toFixed(3)} | ${b[0]!.toFixed(3)} | ${ratio(0)} | ${ratio(0.1)} | ${ratio(0.5)} |`);
  }
}

main();
