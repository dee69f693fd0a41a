/**
 * Entry point of `npm run bench`. As the parent, it forks one child process per (workload,
 * engine group) — one at a time, so engines never compete for the two cores — collects each engine's
 * measurements over IPC, and prints a table per workload. As a child (`--child <id> --group <g>`)
 * it measures that group's engines on that workload and sends the results to the parent.
 */
import { fork } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { GROUP_DESCRIPTIONS, GROUPS, isGroupId, type GroupId } from "./engines/groups.js";
import { DEFAULT_POLICY, errorText, measureEngine, type EngineResult, type TimingPolicy, type Workload } from "./harness.js";
import { loadWorkloads } from "./registry.js";
import { formatTable } from "./table.js";

const HELP = `usage: npm run bench -- [options]
  --only <ids>      comma-separated workload ids (default: all)
  --groups <ids>    comma-separated engine groups (default: all): ${GROUPS.join(", ")}
  --quick           fewer timed runs (still at least 5) for a fast look
  --json <file>     also write every raw result to <file>
  --verbose         pass the children's stdout/stderr through
  --list            list workloads and engines, then exit
  --child <id> --group <g> --engine k   (internal) measure one engine of a group on one workload`;

/** A child that runs longer than this is killed (the whole bench aims at under 4 minutes). */
const CHILD_TIMEOUT_MS = 150_000;
/** Allowance on top of the first-call budget for IPC latency before the watchdog fires. */
const WATCHDOG_SLACK_MS = 1500;

/** Messages a child sends to its parent. */
type ChildMessage =
  /** The child is about to make engine `index`'s first call: arm the watchdog. */
  | { kind: "first-call"; index: number }
  /** Engine `index`'s first call returned: disarm the watchdog. */
  | { kind: "first-call-done"; index: number }
  /** Engine `index` is done. */
  | { kind: "result"; index: number; result: EngineResult };

function isChildMessage(m: unknown): m is ChildMessage {
  const kind = typeof m === "object" && m !== null ? (m as { kind?: unknown }).kind : undefined;
  return kind === "first-call" || kind === "first-call-done" || kind === "result";
}

function policyFor(quick: boolean): TimingPolicy {
  return quick ? { ...DEFAULT_POLICY, warmupMs: 100, maxWarmupMs: 500, targetMs: 300, maxCallMs: 1500 } : DEFAULT_POLICY;
}

/** Sends one message to the parent and waits until it is written (so the watchdog is armed in time). */
function sendToParent(message: ChildMessage): Promise<void> {
  const send = process.send?.bind(process);
  if (!send) {
    // Run by hand (no IPC channel): print raw results instead.
    if (message.kind === "result") console.log(JSON.stringify(message.result));
    return Promise.resolve();
  }
  return new Promise((resolve, reject) => send(message, undefined, {}, (err) => (err ? reject(err) : resolve())));
}

/**
 * Child mode: measure engine number `index` of `group` on `workloadId`, and nothing else. One
 * engine per process: an engine measured after another in the same process inherits its heap and
 * its allocator's state — measured on W2, fluxion's jit took 9.2 ms per call alone and 18–20 ms
 * after another W2 engine had run in the process (its fresh result arrays faulting their pages
 * in again), and the same holds for every library's second row.
 */
async function runChild(workloadId: string, group: GroupId, index: number, policy: TimingPolicy): Promise<void> {
  const workload = (await loadWorkloads()).find((w) => w.id === workloadId);
  if (!workload) throw new Error(`unknown workload ${workloadId}`);
  const engine = workload.engines.filter((e) => e.group === group)[index];
  if (!engine) throw new Error(`no engine ${index} in group ${group} of ${workloadId}`);
  collectGarbage(); // the workload's own setup (reference values) is not timed as the engine's garbage
  const result = await measureEngine(workload, engine, policy, {
    beforeFirstCall: () => sendToParent({ kind: "first-call", index }),
    afterFirstCall: () => sendToParent({ kind: "first-call-done", index }),
  });
  await sendToParent({ kind: "result", index, result });
}

/** A full garbage collection (the child runs with `--expose-gc`; a no-op without it). */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

interface ChildRun {
  results: EngineResult[];
  /** The engine the watchdog killed, if it did. */
  killed?: number;
  /** Why the child ended without reporting every engine, with the tail of its output. */
  failure?: string;
}

/** Forks one child for (workload, group) from engine `from` on, with a first-call watchdog. */
function forkChild(workload: Workload, group: GroupId, index: number, opts: RunOptions): Promise<ChildRun> {
  const args = ["--child", workload.id, "--group", group, "--engine", String(index), ...(opts.quick ? ["--quick"] : [])];
  const child = fork(fileURLToPath(import.meta.url), args, {
    stdio: ["ignore", "pipe", "pipe", "ipc"],
    execArgv: [...process.execArgv, "--expose-gc"],
  });
  const run: ChildRun = { results: [] };
  // Keep the tail of the child's output to explain a crash; tfjs's "install tfjs-node" banner
  // and similar chatter are otherwise swallowed.
  let output = "";
  const collect = (chunk: Buffer) => {
    if (opts.verbose) process.stderr.write(chunk);
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  let watchdog: NodeJS.Timeout | undefined;
  child.on("message", (m: unknown) => {
    if (!isChildMessage(m)) return;
    clearTimeout(watchdog);
    if (m.kind === "first-call") {
      watchdog = setTimeout(() => {
        run.killed = m.index;
        child.kill("SIGKILL");
      }, opts.policy.maxCallMs + WATCHDOG_SLACK_MS);
    } else if (m.kind === "result") {
      run.results.push(m.result);
    }
  });
  const overall = setTimeout(() => child.kill("SIGKILL"), CHILD_TIMEOUT_MS);
  return new Promise((resolve) => {
    child.on("exit", (code, signal) => {
      clearTimeout(watchdog);
      clearTimeout(overall);
      if (code !== 0 && run.killed === undefined) {
        const why = signal ? `killed by ${signal} (over ${CHILD_TIMEOUT_MS / 1000} s?)` : `exited with code ${code}`;
        const lastLine = output.trim().split("\n").filter((l) => l.trim()).pop() ?? "";
        run.failure = `child ${why}: ${lastLine.slice(0, 200)}`;
      }
      resolve(run);
    });
  });
}

/**
 * Runs a group's engines on a workload, each in a child process of its own (see `runChild`); an
 * engine whose first call overruns the budget is killed by the watchdog and reported skipped.
 */
async function runGroup(workload: Workload, group: GroupId, opts: RunOptions): Promise<EngineResult[]> {
  const engines = workload.engines.filter((e) => e.group === group);
  const results: EngineResult[] = [];
  for (const [index, engine] of engines.entries()) {
    const run = await forkChild(workload, group, index, opts);
    const base = { workload: workload.id, group, engine: engine.name, ...(engine.work !== undefined ? { work: engine.work } : {}), timesMs: [] };
    if (run.results.length > 0) {
      results.push(...run.results);
    } else if (run.killed !== undefined) {
      const waited = (opts.policy.maxCallMs + WATCHDOG_SLACK_MS) / 1000;
      results.push({ ...base, status: "skipped", note: `first call still running after ${waited} s (budget ${opts.policy.maxCallMs / 1000} s per call); process killed` });
    } else {
      results.push({ ...base, status: "error", note: run.failure ?? "no result from child" });
    }
  }
  return results;
}

/** Parent-side options from the command line. */
interface RunOptions {
  only?: string;
  groups?: string;
  json?: string;
  quick: boolean;
  verbose: boolean;
  list: boolean;
  policy: TimingPolicy;
}

/** Version of an installed package, read from its package.json (jax-js's exports hide it). */
function packageVersion(name: string): string {
  try {
    let dir = path.dirname(createRequire(import.meta.url).resolve(name));
    for (;;) {
      try {
        const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { name?: string; version?: string };
        if (pkg.name === name) return pkg.version ?? "?";
      } catch {
        // No package.json at this level: keep walking up.
      }
      const up = path.dirname(dir);
      if (up === dir) return "?";
      dir = up;
    }
  } catch {
    return "not installed";
  }
}

function environmentLine(): string {
  const cpus = os.cpus();
  const versions = ["@jax-js/jax", "@tensorflow/tfjs", "@tensorflow/tfjs-backend-wasm"].map((p) => `${p} ${packageVersion(p)}`);
  return [
    `node ${process.version} · ${cpus[0]?.model ?? "unknown CPU"} · ${cpus.length} cores · ${new Date().toISOString()}`,
    versions.join(" · "),
    loadLine(),
  ].join("\n");
}

/** The 1-minute load average, with a warning when other processes compete for the cores. */
function loadLine(): string {
  const load = os.loadavg()[0];
  const cores = os.cpus().length;
  const busy = load > cores * 0.75 ? " — the machine is busy: expect noisy numbers and wide min–max" : "";
  return `load average (1 min) ${load.toFixed(2)} on ${cores} cores${busy}`;
}

/** Parent mode: run every selected (workload, group) pair in its own child, print the tables. */
async function runParent(opts: RunOptions): Promise<void> {
  const all = await loadWorkloads();
  const only = opts.only?.split(",").map((s) => s.trim()).filter(Boolean);
  const workloads = only ? all.filter((w) => only.includes(w.id)) : all;
  if (only && workloads.length !== only.length) {
    throw new Error(`unknown workload id in --only ${opts.only}; known: ${all.map((w) => w.id).join(", ")}`);
  }
  const groupList = opts.groups?.split(",").map((s) => s.trim()).filter(Boolean) ?? [...GROUPS];
  for (const g of groupList) if (!isGroupId(g)) throw new Error(`unknown group ${g}; known: ${GROUPS.join(", ")}`);
  const groups = GROUPS.filter((g) => groupList.includes(g));

  if (opts.list) {
    for (const w of all) console.log(`${w.id}: ${w.title}\n  ${w.engines.map((e) => `${e.name} (${e.group})`).join(", ")}`);
    for (const g of GROUPS) console.log(`group ${g}: ${GROUP_DESCRIPTIONS[g]}`);
    return;
  }

  console.log(`# fluxion benchmark\n\n${environmentLine()}`);
  console.log("Each (workload, engine) runs in its own child process, one at a time; ratio columns are");
  console.log("this engine's median time per unit of work ÷ fluxion's (above 1: fluxion is faster).\n");
  const started = performance.now();
  const everything: EngineResult[] = [];
  const tty = process.stderr.isTTY;
  for (const w of workloads) {
    const results: EngineResult[] = [];
    for (const g of groups) {
      if (!w.engines.some((e) => e.group === g)) continue;
      if (tty) process.stderr.write(`\r\x1b[K  running ${w.id} · ${g} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
      results.push(...(await runGroup(w, g, opts)));
    }
    if (tty) process.stderr.write("\r\x1b[K");
    // Rows in the workload's own engine order (fluxion first, then the peers).
    const ordered = w.engines.map((e) => results.find((r) => r.engine === e.name)).filter((r): r is EngineResult => r !== undefined);
    console.log(formatTable(w, ordered) + "\n");
    everything.push(...ordered);
  }
  console.log(`total ${((performance.now() - started) / 1000).toFixed(0)} s · at the end: ${loadLine()}`);
  if (opts.json) writeFileSync(opts.json, JSON.stringify({ environment: environmentLine(), results: everything }, null, 2));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      child: { type: "string" },
      group: { type: "string" },
      engine: { type: "string" },
      only: { type: "string" },
      groups: { type: "string" },
      json: { type: "string" },
      quick: { type: "boolean", default: false },
      verbose: { type: "boolean", default: false },
      list: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const quick = values.quick ?? false;
  if (values.child !== undefined) {
    const group = values.group ?? "";
    if (!isGroupId(group)) throw new Error(`--child needs --group, one of ${GROUPS.join(", ")}`);
    await runChild(values.child, group, Number(values.engine ?? "0"), policyFor(quick));
    // Exit explicitly: a library may keep handles open, and the IPC channel keeps us alive.
    process.exit(0);
  }
  await runParent({
    only: values.only,
    groups: values.groups,
    json: values.json,
    quick,
    verbose: values.verbose ?? false,
    list: values.list ?? false,
    policy: policyFor(quick),
  });
  if (values.only === undefined && values.list !== true) (await import("./draw.js")).runDrawBench();
}

main().catch((err: unknown) => {
  console.error(`bench: ${errorText(err)}`);
  if (process.env.BENCH_DEBUG && err instanceof Error) console.error(err.stack);
  process.exit(1);
});
