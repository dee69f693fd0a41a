/**
 * The harness's timing policy for an engine whose call is asynchronous (onnx.compile's functions
 * return promises): the same warm-up, runs of at least `minRunMs` and run counts, applied with
 * `await` between calls, reported as an `ExternalMeasurement` (the harness's self-timing form).
 */
import type { ExternalMeasurement, Output, TimingPolicy } from "../harness.js";

/** Times `call` under `policy`; the first call's result is the one checked. */
export async function measureAsync(call: () => Promise<Output>, policy: TimingPolicy): Promise<ExternalMeasurement> {
  const t0 = performance.now();
  const output = await call();
  const firstCallMs = performance.now() - t0;
  if (firstCallMs > policy.maxCallMs) return { status: "skipped", note: `first call took ${(firstCallMs / 1000).toFixed(1)} s`, firstCallMs };
  let warmupCalls = 0;
  const warmStart = performance.now();
  while (warmupCalls < 2 || (performance.now() - warmStart < policy.warmupMs && warmupCalls < policy.maxWarmupCalls)) {
    await call();
    warmupCalls++;
  }
  const probe = performance.now();
  await call();
  const callsPerRun = Math.max(1, Math.ceil(policy.minRunMs / Math.max(performance.now() - probe, 1e-3)));
  const timesMs: number[] = [];
  const timedStart = performance.now();
  while (timesMs.length < policy.maxRuns && (timesMs.length < policy.minRuns || performance.now() - timedStart < policy.targetMs)) {
    const s = performance.now();
    for (let i = 0; i < callsPerRun; i++) await call();
    timesMs.push((performance.now() - s) / callsPerRun);
  }
  return { status: "ok", firstCallMs, warmupCalls, callsPerRun, timesMs, output };
}
