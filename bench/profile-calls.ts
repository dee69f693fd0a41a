/**
 * Per-call timing of a few workload engines in one process, interleaved round by round so that a
 * busy machine slows every engine alike: wall time and CPU time (`process.cpuUsage`, which a
 * descheduled process does not accrue) per call, min / median / p90, and minor page faults per
 * call (a call that writes freshly mapped memory pays one per page). For finding where a small
 * call's time goes; `npm run bench` stays the measurement of record.
 *
 *   node dist/bench/profile-calls.js W4 "fluxion jit,fluxion eager" [rounds] [callsPerRound]
 */
import { loadWorkloads } from "./registry.js";

const [id = "W4", names = "fluxion jit", roundsArg = "40", callsArg = "50"] = process.argv.slice(2);
const rounds = Number(roundsArg);
const callsPerRound = Number(callsArg);

const workloads = await loadWorkloads();
const w = workloads.find((x) => x.id === id);
if (w === undefined) throw new Error(`no workload ${id}`);
const engines = names.split(",").map((n) => {
  const e = w.engines.find((x) => x.name === n);
  if (e === undefined) throw new Error(`no engine ${n} in ${id}`);
  return e;
});
const runs = await Promise.all(engines.map((e) => e.setup()));
for (const r of runs) for (let i = 0; i < 20; i++) r.run();

// Garbage collection pauses, by engine (the observer reports them after the fact, by start time).
const { PerformanceObserver } = await import("node:perf_hooks");
const gcs: { start: number; duration: number; kind: number }[] = [];
const obs = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcs.push({ start: e.startTime, duration: e.duration, kind: (e as unknown as { detail: { kind: number } }).detail.kind });
});
obs.observe({ entryTypes: ["gc"] });
const spans: { k: number; start: number; end: number }[] = [];
const wall: number[][] = runs.map(() => []);
const cpu: number[][] = runs.map(() => []);
// Minor page faults per engine: a call that touches freshly mapped memory (the allocator handed
// memory back to the OS after a collection) pays one per 4 KiB page, which dominates small calls.
const faults: number[] = runs.map(() => 0);
for (let round = 0; round < rounds; round++) {
  runs.forEach((r, k) => {
    const spanStart = performance.now();
    const faultsBefore = process.resourceUsage().minorPageFault;
    for (let i = 0; i < callsPerRound; i++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      r.run();
      const t1 = performance.now();
      const c1 = process.cpuUsage(c0);
      wall[k]!.push(t1 - t0);
      cpu[k]!.push((c1.user + c1.system) / 1000);
    }
    faults[k]! += process.resourceUsage().minorPageFault - faultsBefore;
    spans.push({ k, start: spanStart, end: performance.now() });
  });
}

const q = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
const f = (x: number): string => x.toFixed(4).padStart(9);
console.log(`${id}  load ${(await import("node:os")).loadavg().map((x) => x.toFixed(2)).join(" ")}  (ms per call: min p50 p90 mean)`);
await new Promise((r) => setTimeout(r, 100));
obs.disconnect();
const gcMs = runs.map(() => 0);
const gcCount = runs.map(() => 0);
for (const g of gcs) {
  const s = spans.find((x) => g.start >= x.start && g.start < x.end);
  if (s !== undefined) {
    gcMs[s.k]! += g.duration;
    gcCount[s.k]!++;
  }
}
engines.forEach((e, k) => {
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log(`${e.name.padEnd(22)} wall ${f(q(wall[k]!, 0))} ${f(q(wall[k]!, 0.5))} ${f(q(wall[k]!, 0.9))} ${f(mean(wall[k]!))}   cpu ${f(q(cpu[k]!, 0))} ${f(q(cpu[k]!, 0.5))} ${f(q(cpu[k]!, 0.9))} ${f(mean(cpu[k]!))}   gc ${gcCount[k]} pauses, ${f(gcMs[k]! / wall[k]!.length)} ms/call   ${(faults[k]! / wall[k]!.length).toFixed(2)} page faults/call`);
});
