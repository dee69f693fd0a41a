/**
 * The "JAX on XLA (reference)" engine's plumbing (bench/engines/xla.ts): the bytes sent to and
 * read from the Python process, the reply parser, the harness path for an engine that times
 * itself, and the skipped row when there is no interpreter. The Python side itself needs jax,
 * which CI lacks; a stand-in script in Node speaks the same protocol here.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { XLA_MISSING, decodeLeaf, parseReply, runPython, xlaEngine } from "../../bench/engines/xla.js";
import { DEFAULT_POLICY, defineWorkload, measureEngine } from "../../bench/harness.js";

const b64 = (a: Float32Array | Float64Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64");
const single = (leaves: (Float32Array | Float64Array)[]) => leaves[0]!;

/** A stand-in for workloads.py: replies with each argument doubled (as float64), and fixed run times. */
function fakeScript(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "fluxion-xla-"));
  const file = path.join(dir, "fake.cjs");
  writeFileSync(
    file,
    `let text = "";
process.stdin.on("data", (c) => (text += c));
process.stdin.on("end", () => {
  const req = JSON.parse(text);
  const outputs = req.args.map((a) => {
    const bytes = Buffer.from(a.b64, "base64");
    const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const xs = a.dtype === "float32" ? new Float32Array(ab) : new Float64Array(ab);
    const out = Float64Array.from(xs, (x) => 2 * x);
    return { dtype: "float64", shape: a.shape, b64: Buffer.from(out.buffer).toString("base64") };
  });
  console.log("some chatter first");
  console.log(JSON.stringify({ status: "ok", firstCallMs: 12, warmupCalls: 3, callsPerRun: 2,
    timesMs: [1, 2, 3, 4, 5], outputs, environment: "fake " + req.workload + " " + req.policy.minRuns }));
});
`,
  );
  return file;
}

describe("JAX on XLA engine", () => {
  it("decodes little-endian float32 and float64 leaves, whatever the byte alignment", () => {
    const f32 = Float32Array.of(1.5, -2.25, 3e-8);
    const f64 = Float64Array.of(Math.PI, -1e300);
    expect(Array.from(decodeLeaf({ dtype: "float32", b64: b64(f32) }))).toEqual(Array.from(f32));
    expect(Array.from(decodeLeaf({ dtype: "float64", b64: b64(f64) }))).toEqual(Array.from(f64));
    expect(() => decodeLeaf({ dtype: "int8", b64: "" })).toThrow(/dtype int8/);
  });

  it("parses an ok reply from its last line, and turns bad replies into error or skipped", () => {
    const ok = parseReply(
      `noise\n${JSON.stringify({ status: "ok", firstCallMs: 9, timesMs: [1, 2], outputs: [{ dtype: "float64", b64: b64(Float64Array.of(7)) }] })}\n`,
      single,
    );
    expect(ok.status).toBe("ok");
    expect(ok.timesMs).toEqual([1, 2]);
    expect(Array.from(ok.output as Float64Array)).toEqual([7]);
    expect(parseReply("Traceback (most recent call last)", single)).toMatchObject({ status: "error", note: expect.stringMatching(/no JSON/) });
    expect(parseReply(JSON.stringify({ status: "ok", timesMs: [] }), single)).toMatchObject({ status: "error" });
    expect(parseReply(JSON.stringify({ status: "skipped", note: XLA_MISSING }), single)).toMatchObject({ status: "skipped", note: XLA_MISSING });
    const throwingRead = () => {
      throw new Error("wrong leaf count");
    };
    expect(parseReply(JSON.stringify({ status: "ok", timesMs: [1], outputs: [] }), throwingRead)).toMatchObject({
      status: "error",
      note: expect.stringMatching(/wrong leaf count/),
    });
  });

  it("reports a missing interpreter as the skipped reply, not a failure", async () => {
    const reply = await runPython({}, path.join(tmpdir(), "no-such-python-here", "python3"));
    expect(JSON.parse(reply)).toEqual({ status: "skipped", note: XLA_MISSING });
  });

  it("sends the inputs' bytes and the policy, and the harness checks the result against the reference", async () => {
    const x = Float32Array.of(0.1, -0.2, 0.3);
    // The stand-in is a Node script, run with this Node where the engine runs python3 on workloads.py.
    const runner = { command: process.execPath, script: fakeScript() };
    const runWith = (tolerance: number) => {
      const w = defineWorkload<{ x: Float32Array }>({
        id: "T",
        title: "test",
        unit: "ms",
        tolerance,
        inputs: () => ({ x }),
        // 2·x exactly (the stand-in doubles float32 values in float64), plus 1e-3.
        reference: ({ x }) => Float64Array.from(x, (v) => 2 * v + 1e-3),
        engines: [xlaEngine({ workload: "W-test", args: ({ x }) => [{ data: x, shape: [3] }], runner })],
      });
      return measureEngine(w, w.engines[0]!, { ...DEFAULT_POLICY, minRuns: 7 });
    };
    const loose = await runWith(1e-2);
    expect(loose).toMatchObject({ status: "ok", timesMs: [1, 2, 3, 4, 5], firstCallMs: 12, callsPerRun: 2, environment: "fake W-test 7" });
    expect(loose.maxAbsErr).toBeCloseTo(1e-3, 9);
    expect(loose.note).toBeUndefined();
    const strict = await runWith(1e-4);
    expect(strict.status).toBe("ok");
    expect(strict.note).toMatch(/above tolerance/);
  });

  it("gives a skipped row through the harness when python3 is missing", async () => {
    const previous = process.env.FLUXION_BENCH_PYTHON;
    process.env.FLUXION_BENCH_PYTHON = path.join(tmpdir(), "no-such-python-here", "python3");
    try {
      const w = defineWorkload<Record<string, never>>({
        id: "T",
        title: "test",
        unit: "ms",
        tolerance: 1,
        inputs: () => ({}),
        reference: () => Float64Array.of(0),
        engines: [xlaEngine({ workload: "W5", args: () => [] })],
      });
      const r = await measureEngine(w, w.engines[0]!);
      expect(r).toMatchObject({ status: "skipped", note: XLA_MISSING, engine: "JAX on XLA (reference)", group: "xla", timesMs: [] });
    } finally {
      if (previous === undefined) delete process.env.FLUXION_BENCH_PYTHON;
      else process.env.FLUXION_BENCH_PYTHON = previous;
    }
  });
});
