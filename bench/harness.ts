/**
 * The measuring core of the benchmark: what a workload and an engine are, the timing loop
 * (one checked first call, warm-up, at least 5 timed runs), the comparison of each engine's
 * output with a float64 reference, and the statistics the table printer needs. The loop runs
 * inside an engine-group child process; the statistics are computed by the parent.
 */
import type { GroupId } from "./engines/groups.js";

/** What one run of an engine hands back: the result read back to JS (a typed array or a number). */
export type Output = ArrayLike<number> | number;

/** A prepared engine: `run()` does one timed unit of work, `dispose()` frees what setup made. */
export interface EngineRun {
  /** One unit of work, including reading the result back to JS (so lazy engines cannot skip work). */
  run(): Output;
  /**
   * Present on an engine that times itself (see {@link ExternalRun}): the harness then calls
   * this instead of `run()`.
   */
  measure?(policy: TimingPolicy): Promise<ExternalMeasurement>;
  /** Frees inputs and compiled functions (tfjs and jax-js tensors are not garbage-collected). */
  dispose?(): void;
}

/** One engine as a workload file declares it: it receives the workload's deterministic inputs. */
export interface EngineSpec<I> {
  /** Row label, e.g. `"jax-js wasm jit"`. Names starting with `"fluxion"` get a ratio column. */
  name: string;
  /** The child process this engine runs in. */
  group: GroupId;
  /**
   * This engine's own work per run, overriding the workload's `work` (e.g. fewer calls per run
   * for an engine at 1 ms per call, so that 5 runs fit the time budget). Rates and ratios are
   * computed per unit of work, so rows with different amounts stay comparable.
   */
  work?: number;
  /** Loads the engine's library (dynamically: only its own child process pays for it) and builds the run. */
  setup(inputs: I): Promise<EngineRun>;
}

/**
 * What an engine that times itself reports (JAX on XLA runs in a Python process, which cannot be
 * called once per timed run without timing the round trip): the same timing policy, applied on
 * the other side.
 */
export interface ExternalMeasurement {
  status: "ok" | "skipped" | "error";
  note?: string;
  /** The other side's own description (library version, cores), for `--verbose` and the JSON. */
  environment?: string;
  firstCallMs?: number;
  warmupCalls?: number;
  callsPerRun?: number;
  /** Time per call in each timed run, ms (empty unless `ok`). */
  timesMs?: number[];
  /** The first call's result, checked against the reference like every engine's. */
  output?: Output;
}

/** A prepared engine that measures itself with the harness's policy; its `run()` is never called. */
export interface ExternalRun extends EngineRun {
  measure(policy: TimingPolicy): Promise<ExternalMeasurement>;
}

/** An engine with its inputs bound: what the harness runs. */
export interface Engine {
  name: string;
  group: GroupId;
  /** See {@link EngineSpec.work}. */
  work?: number;
  setup(): Promise<EngineRun>;
}

/** The unit a workload is reported in. Ratios are always computed from times per unit of work. */
export type Unit = "ms" | "µs/call" | "GFLOP/s";

/** A workload with its inputs bound: what the runner, the child processes and the printer see. */
export interface Workload {
  /** Short id used on the command line and in the child's arguments, e.g. `"W6-512"`. */
  id: string;
  /** One-line description printed above the table. */
  title: string;
  unit: Unit;
  /** FLOPs per run for `"GFLOP/s"`, calls per run for `"µs/call"`; unused for `"ms"`. */
  work?: number;
  /** Largest acceptable absolute error against the float64 reference. */
  tolerance: number;
  /** The float64 reference of what every engine's `run()` must return (memoized). */
  reference(): Float64Array;
  engines: readonly Engine[];
}

/** What a workload file passes to {@link defineWorkload}. */
export interface WorkloadSpec<I> {
  id: string;
  title: string;
  unit: Unit;
  work?: number;
  tolerance: number;
  /** Builds the inputs; must be deterministic, since every child process rebuilds them. */
  inputs(): I;
  /** Computes the expected output in float64 from the same inputs. */
  reference(inputs: I): Float64Array;
  engines: readonly EngineSpec<I>[];
}

/**
 * Binds a workload's inputs to its engines and reference, building the inputs once and only on
 * first use (the parent process only reads ids and titles, so it never pays for them).
 */
export function defineWorkload<I>(spec: WorkloadSpec<I>): Workload {
  let inputs: I | undefined;
  let reference: Float64Array | undefined;
  const getInputs = (): I => (inputs ??= spec.inputs());
  return {
    id: spec.id,
    title: spec.title,
    unit: spec.unit,
    work: spec.work,
    tolerance: spec.tolerance,
    reference: () => (reference ??= spec.reference(getInputs())),
    engines: spec.engines.map((e) => ({
      name: e.name,
      group: e.group,
      ...(e.work !== undefined ? { work: e.work } : {}),
      setup: () => e.setup(getInputs()),
    })),
  };
}

/** How long to warm up and how many runs to time. */
export interface TimingPolicy {
  /** Keep warming up until this much time has passed (at least 2 calls)… */
  warmupMs: number;
  /**
   * …and then on, in windows of `warmupWindowMs`, while the time per call still improves by more
   * than 3 % from one window to the next, up to this much in all. V8 takes about a second to
   * tier up a deep eager call path (a vmap of a grad walks hundreds of small functions); a fixed
   * 300 ms warm-up timed that transient, not the steady state, and ranked builds by how fast V8
   * optimized them rather than by how fast they run.
   */
  maxWarmupMs: number;
  /** The window over which warm-up progress is measured. */
  warmupWindowMs: number;
  /** …but never more calls than this. */
  maxWarmupCalls: number;
  /** BENCH.md asks for at least 5 timed runs. */
  minRuns: number;
  /** Keep timing until this much time has passed (after `minRuns`)… */
  targetMs: number;
  /** …but never more runs than this. */
  maxRuns: number;
  /**
   * A timed run lasts at least this long: a call faster than it is repeated within the run and
   * the run's time divided by the calls. Fifty single calls of 0.2 ms time 10 ms in all, one GC
   * pause or one burst of another process then moves the median, and two identical builds
   * differed by 1.5× in the same session; runs of ≥ 5 ms each average that noise out.
   */
  minRunMs: number;
  /** An engine whose first call takes longer is skipped: 5 more runs would blow the time budget. */
  maxCallMs: number;
}

/** The default policy: about 1.5 s per engine, so the whole run fits in ~3–4 minutes on 2 cores. */
export const DEFAULT_POLICY: TimingPolicy = {
  warmupMs: 300,
  maxWarmupMs: 3000,
  warmupWindowMs: 150,
  // Time bounds the warm-up; this cap only stops runaway loops. V8 optimizes a sub-millisecond
  // kernel after several hundred calls: a cap of 200 left such engines in a baseline tier.
  maxWarmupCalls: 10_000,
  minRuns: 5,
  targetMs: 1000,
  maxRuns: 50,
  minRunMs: 5,
  maxCallMs: 3000,
};

/** What a child process reports for one engine on one workload (sent to the parent as JSON). */
export interface EngineResult {
  workload: string;
  engine: string;
  group: GroupId;
  /** The engine's own work per run when it overrides the workload's (see {@link EngineSpec.work}). */
  work?: number;
  status: "ok" | "skipped" | "error";
  /** Why an engine was skipped or failed, or a warning (e.g. error above tolerance). */
  note?: string;
  /** Wall time of the first call (includes jit compilation), ms. */
  firstCallMs?: number;
  warmupCalls?: number;
  /** Calls in each timed run (more than one when a call is shorter than `minRunMs`). */
  callsPerRun?: number;
  /** Time per call in each timed run, ms (the run's wall time over its calls). */
  timesMs: number[];
  /** Largest |output − reference| over all elements (Infinity for NaN or a length mismatch). */
  maxAbsErr?: number;
  /** `maxAbsErr` divided by the largest |reference| element. */
  maxRelErr?: number;
  /** An engine's own environment line (JAX on XLA: its version and usable cores). */
  environment?: string;
}

/** Largest absolute and relative error of `out` against `ref`; NaN counts as infinitely wrong. */
export function compareToReference(out: Output, ref: Float64Array): { abs: number; rel: number } {
  const values: ArrayLike<number> = typeof out === "number" ? [out] : out;
  if (values.length !== ref.length) return { abs: Infinity, rel: Infinity };
  let abs = 0;
  let scale = 0;
  for (let i = 0; i < ref.length; i++) {
    const r = ref[i];
    const e = Math.abs(values[i] - r);
    // `!(e <= abs)` is true for NaN, so a NaN anywhere makes the error infinite.
    if (!(e <= abs)) abs = Number.isNaN(e) ? Infinity : e;
    scale = Math.max(scale, Math.abs(r));
  }
  return { abs, rel: scale > 0 ? abs / scale : abs };
}

/** Callbacks around the measurement, used by the child process to arm the parent's watchdog. */
export interface MeasureHooks {
  /**
   * Awaited just before the first call. A synchronous call cannot be interrupted from inside
   * its own thread, so the parent kills the child if that first call outlasts the budget.
   */
  beforeFirstCall?(): Promise<void>;
  /** Awaited right after the first call returns, to disarm that watchdog. */
  afterFirstCall?(): Promise<void>;
}

/** Keeps the last output reachable so no engine's work can be optimized away. */
export let sink: Output | undefined;

/** Text of a thrown value, first line only (stack traces do not fit in a table footnote). */
export function errorText(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text.split("\n")[0];
}

/**
 * Measures one engine on one workload: setup, one first call (checked against the reference),
 * warm-up, then timed runs. Never throws: failures come back as `status: "error"`.
 */
export async function measureEngine(
  workload: Workload,
  engine: Engine,
  policy: TimingPolicy = DEFAULT_POLICY,
  hooks: MeasureHooks = {},
): Promise<EngineResult> {
  const base = {
    workload: workload.id,
    engine: engine.name,
    group: engine.group,
    ...(engine.work !== undefined ? { work: engine.work } : {}),
    timesMs: [],
  };
  let prepared: EngineRun;
  try {
    prepared = await engine.setup();
  } catch (err) {
    return { ...base, status: "error", note: `setup failed: ${errorText(err)}` };
  }
  if (prepared.measure) return measureExternal(workload, prepared as ExternalRun, policy, base);
  try {
    await hooks.beforeFirstCall?.();
    const t0 = performance.now();
    const first = prepared.run();
    const firstCallMs = performance.now() - t0;
    await hooks.afterFirstCall?.();
    // Check right away: some engines hand back views that a later call may overwrite.
    const { abs, rel } = compareToReference(first, workload.reference());
    const checked = { ...base, firstCallMs, maxAbsErr: abs, maxRelErr: rel };
    // The first call may include jit compilation: only a second slow call proves the engine
    // too slow for the budget.
    let slowMs = firstCallMs;
    let warmupCalls = 1;
    if (firstCallMs > policy.maxCallMs) {
      warmupCalls++;
      const t1 = performance.now();
      sink = prepared.run();
      slowMs = performance.now() - t1;
    }
    if (slowMs > policy.maxCallMs) {
      const secs = (slowMs / 1000).toFixed(1);
      const note = `one call took ${secs} s (budget ${policy.maxCallMs / 1000} s per call)`;
      return { ...checked, status: "skipped", note };
    }

    // Warm-up: lets V8 tier up JS kernels and each library fill its caches. A slow engine
    // (a call over 1 s) is already warm after that call; more would only cost time.
    const warmStart = performance.now();
    if (slowMs < 1000) {
      const before = warmupCalls;
      while (
        warmupCalls < policy.maxWarmupCalls &&
        (warmupCalls < before + 1 || performance.now() - warmStart < policy.warmupMs)
      ) {
        sink = prepared.run();
        warmupCalls++;
      }
      // Keep warming while the engine still gets faster (see TimingPolicy.maxWarmupMs).
      let previousPerCall = Infinity;
      while (warmupCalls < policy.maxWarmupCalls && performance.now() - warmStart < policy.maxWarmupMs) {
        const windowStart = performance.now();
        let calls = 0;
        while (calls < 2 || performance.now() - windowStart < policy.warmupWindowMs) {
          sink = prepared.run();
          calls++;
        }
        warmupCalls += calls;
        const perCall = (performance.now() - windowStart) / calls;
        if (perCall > 0.97 * previousPerCall) break;
        previousPerCall = perCall;
      }
    }

    // Calls per timed run, from one more call's time (see TimingPolicy.minRunMs).
    const probe = performance.now();
    sink = prepared.run();
    const callsPerRun = Math.max(1, Math.ceil(policy.minRunMs / Math.max(performance.now() - probe, 1e-3)));
    const timesMs: number[] = [];
    const timedStart = performance.now();
    while (
      timesMs.length < policy.maxRuns &&
      (timesMs.length < policy.minRuns || performance.now() - timedStart < policy.targetMs)
    ) {
      const s = performance.now();
      for (let c = 0; c < callsPerRun; c++) sink = prepared.run();
      timesMs.push((performance.now() - s) / callsPerRun);
    }
    const note = abs > workload.tolerance ? `max error ${abs.toExponential(1)} above tolerance ${workload.tolerance}` : undefined;
    return { ...checked, status: "ok", warmupCalls, callsPerRun, timesMs, ...(note ? { note } : {}) };
  } catch (err) {
    return { ...base, status: "error", note: errorText(err) };
  } finally {
    try {
      prepared.dispose?.();
    } catch {
      // A failing dispose must not hide the measurement; the child process exits right after.
    }
  }
}

/** {@link measureEngine} for an engine that times itself: its result is checked here all the same. */
async function measureExternal(
  workload: Workload,
  prepared: ExternalRun,
  policy: TimingPolicy,
  base: Pick<EngineResult, "workload" | "engine" | "group" | "work" | "timesMs">,
): Promise<EngineResult> {
  try {
    const m = await prepared.measure(policy);
    const err = m.output === undefined ? undefined : compareToReference(m.output, workload.reference());
    const checked = {
      ...base,
      ...(m.firstCallMs !== undefined ? { firstCallMs: m.firstCallMs } : {}),
      ...(err ? { maxAbsErr: err.abs, maxRelErr: err.rel } : {}),
      ...(m.environment !== undefined ? { environment: m.environment } : {}),
    };
    if (m.status !== "ok") return { ...checked, status: m.status, ...(m.note ? { note: m.note } : {}) };
    const above = err && err.abs > workload.tolerance ? `max error ${err.abs.toExponential(1)} above tolerance ${workload.tolerance}` : undefined;
    const note = [m.note, above].filter(Boolean).join("; ");
    return {
      ...checked,
      status: "ok",
      ...(m.warmupCalls !== undefined ? { warmupCalls: m.warmupCalls } : {}),
      ...(m.callsPerRun !== undefined ? { callsPerRun: m.callsPerRun } : {}),
      timesMs: m.timesMs ?? [],
      ...(note ? { note } : {}),
    };
  } catch (err) {
    return { ...base, status: "error", note: errorText(err) };
  } finally {
    try {
      prepared.dispose?.();
    } catch {
      // As in measureEngine: a failing dispose must not hide the measurement.
    }
  }
}

/** Median, minimum and maximum of a list of run times. */
export interface Stats {
  median: number;
  min: number;
  max: number;
}

/** Median (mean of the middle two for an even count), minimum and maximum. */
export function stats(times: readonly number[]): Stats {
  const s = [...times].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { median, min: s[0], max: s[s.length - 1] };
}

/** Converts the time of one run (ms) to the workload's unit. */
export function toUnit(workload: Pick<Workload, "unit" | "work">, ms: number): number {
  switch (workload.unit) {
    case "ms":
      return ms;
    case "µs/call":
      return (ms * 1000) / (workload.work ?? 1);
    case "GFLOP/s":
      return (workload.work ?? 0) / (ms * 1e6);
  }
}
