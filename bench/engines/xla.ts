/**
 * JAX on XLA (CPU), the reference beyond the JS peers: the engine row "JAX on XLA (reference)".
 * A Python process runs `bench/xla/workloads.py`, which times the same workload in JAX (`jax.jit`,
 * a read back to the host per call) with the harness's own timing policy and sends back the run
 * times and the result. Python cannot be called once per timed run (a process round trip would be
 * the measurement), so this engine measures itself: {@link ExternalRun}.
 *
 * The inputs are the workload's own deterministic arrays, sent to Python as little-endian bytes,
 * so the result is checked against the same float64 reference as every other engine. Without
 * `python3` or without `jax` the row says "skipped — python3 with jax not found"; the bench never
 * fails for it (CI does not run benchmarks, and this machine cannot pip-install).
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { EngineSpec, ExternalMeasurement, ExternalRun, Output, TimingPolicy } from "../harness.js";

/** The row label. */
export const XLA_ENGINE = "JAX on XLA (reference)";

/** The note of a row without Python or JAX. */
export const XLA_MISSING = "python3 with jax not found";

/** One input array, as the Python side rebuilds it (row-major). */
export interface XlaArg {
  data: Float32Array | Float64Array;
  shape: readonly number[];
}

/** A result leaf read back from Python. */
export type XlaLeaf = Float32Array | Float64Array;

/** How a workload describes its JAX run. */
export interface XlaEngineSpec<I> {
  /** The workload's key in `workloads.py`'s table (e.g. `"W6"` for both matmul sizes). */
  workload: string;
  /** The input arrays, in the order the Python builder reads them. */
  args(inputs: I): XlaArg[];
  /** Sizes and counts the Python builder needs (e.g. `{ n: 512 }`). */
  params?: Record<string, number>;
  /** Work per run when it differs from the workload's (see `EngineSpec.work`). */
  work?: number;
  /** Maps the result leaves to the checked output (default: the single leaf). */
  read?(leaves: XlaLeaf[]): Output;
  /** Another program speaking workloads.py's protocol, with its interpreter (the tests' stand-in). */
  runner?: { command: string; script: string };
}

/** The Python interpreter: `FLUXION_BENCH_PYTHON`, else `python3` from the PATH. */
function pythonCommand(): string {
  return process.env.FLUXION_BENCH_PYTHON || "python3";
}

/** workloads.py, found from both the sources (bench/engines) and the build (dist/bench/engines). */
export function xlaScriptPath(): string | undefined {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.resolve(here, "../xla/workloads.py"), path.resolve(here, "../../../bench/xla/workloads.py")];
  return candidates.find((p) => existsSync(p));
}

/** Little-endian bytes of a typed array, base64 (this machine and every CI runner are little-endian). */
function toBase64(a: Float32Array | Float64Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64");
}

/** A leaf from the JSON reply; copied into a fresh buffer (Buffer's bytes need not be aligned). */
export function decodeLeaf(leaf: { dtype: string; b64: string }): XlaLeaf {
  const bytes = Buffer.from(leaf.b64, "base64");
  const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  if (leaf.dtype === "float32") return new Float32Array(copy);
  if (leaf.dtype === "float64") return new Float64Array(copy);
  throw new Error(`workloads.py returned an array of dtype ${leaf.dtype}`);
}

/** What workloads.py prints, as far as this side reads it. */
interface Reply {
  status?: unknown;
  note?: unknown;
  firstCallMs?: unknown;
  warmupCalls?: unknown;
  callsPerRun?: unknown;
  timesMs?: unknown;
  outputs?: unknown;
  environment?: unknown;
}

const isNumber = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);

/**
 * Turns workloads.py's last stdout line into a measurement; anything malformed becomes an error
 * with the reason, never an exception out of the harness.
 */
export function parseReply(stdout: string, read: (leaves: XlaLeaf[]) => Output): ExternalMeasurement {
  const line = stdout.trim().split("\n").pop() ?? "";
  let reply: Reply;
  try {
    reply = JSON.parse(line) as Reply;
  } catch {
    return { status: "error", note: `workloads.py printed no JSON: ${line.slice(0, 160) || "(nothing)"}` };
  }
  if (typeof reply !== "object" || reply === null) return { status: "error", note: "workloads.py printed no JSON object" };
  const note = typeof reply.note === "string" ? reply.note : undefined;
  const environment = typeof reply.environment === "string" ? reply.environment : undefined;
  const outputs = Array.isArray(reply.outputs) ? reply.outputs : undefined;
  let output: Output | undefined;
  try {
    output = outputs ? read(outputs.map((o) => decodeLeaf(o as { dtype: string; b64: string }))) : undefined;
  } catch (err) {
    return { status: "error", note: `reading the JAX result: ${err instanceof Error ? err.message : String(err)}` };
  }
  const common = { ...(note ? { note } : {}), ...(environment ? { environment } : {}), ...(output !== undefined ? { output } : {}) };
  const firstCall = isNumber(reply.firstCallMs) ? { firstCallMs: reply.firstCallMs } : {};
  if (reply.status === "skipped") return { status: "skipped", ...common, ...firstCall };
  if (reply.status !== "ok") return { status: "error", ...common, note: note ?? `workloads.py status ${String(reply.status)}` };
  const times = Array.isArray(reply.timesMs) ? reply.timesMs : [];
  if (times.length === 0 || !times.every(isNumber) || output === undefined) {
    return { status: "error", ...common, note: "workloads.py reported no run times or no result" };
  }
  return {
    status: "ok",
    ...common,
    ...firstCall,
    ...(isNumber(reply.warmupCalls) ? { warmupCalls: reply.warmupCalls } : {}),
    ...(isNumber(reply.callsPerRun) ? { callsPerRun: reply.callsPerRun } : {}),
    timesMs: times,
  };
}

/** The Python run may not outlive the bench's child process (150 s). */
const PYTHON_TIMEOUT_MS = 120_000;

/**
 * Runs workloads.py once with `request` on stdin and resolves with its stdout. A missing
 * interpreter resolves to the "skipped" reply; a timeout or a crash to an error reply.
 */
export function runPython(request: unknown, command = pythonCommand(), script = xlaScriptPath()): Promise<string> {
  const reply = (r: object) => JSON.stringify(r);
  if (!script) return Promise.resolve(reply({ status: "error", note: "bench/xla/workloads.py not found" }));
  return new Promise((resolve) => {
    const child = spawn(command, [script], { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let settled = false;
    const done = (text: string) => {
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        resolve(text);
      }
    };
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      done(reply({ status: "error", note: `workloads.py still running after ${PYTHON_TIMEOUT_MS / 1000} s; killed` }));
    }, PYTHON_TIMEOUT_MS);
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)));
    child.on("error", (err: NodeJS.ErrnoException) =>
      done(err.code === "ENOENT" ? reply({ status: "skipped", note: XLA_MISSING }) : reply({ status: "error", note: err.message })),
    );
    child.on("close", (code) => {
      if (code === 0) return done(stdout);
      const last = stderr.trim().split("\n").pop() ?? "";
      done(reply({ status: "error", note: `workloads.py exited with code ${code}: ${last.slice(0, 200)}` }));
    });
    // A closed pipe (the interpreter died at once) surfaces through "close"/"error" above.
    child.stdin.on("error", () => {});
    child.stdin.end(JSON.stringify(request));
  });
}

/** The "JAX on XLA (reference)" engine of a workload. */
export function xlaEngine<I>(spec: XlaEngineSpec<I>): EngineSpec<I> {
  const read =
    spec.read ??
    ((leaves: XlaLeaf[]): Output => {
      if (leaves.length !== 1) throw new Error(`expected one result array, got ${leaves.length}`);
      return leaves[0]!;
    });
  return {
    name: XLA_ENGINE,
    group: "xla",
    ...(spec.work !== undefined ? { work: spec.work } : {}),
    async setup(inputs: I): Promise<ExternalRun> {
      const args = spec.args(inputs).map((a) => ({
        dtype: a.data instanceof Float64Array ? "float64" : "float32",
        shape: a.shape,
        b64: toBase64(a.data),
      }));
      return {
        run: () => {
          throw new Error("JAX on XLA times itself in Python: the harness calls measure(), not run()");
        },
        async measure(policy: TimingPolicy) {
          const request = { workload: spec.workload, args, params: spec.params ?? {}, policy };
          const reply = spec.runner ? await runPython(request, spec.runner.command, spec.runner.script) : await runPython(request);
          return parseReply(reply, read);
        },
      };
    },
  };
}
