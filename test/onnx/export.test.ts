/**
 * onnx.exportGraph on the graphs users export: gradient graphs (trace of valueAndGrad, traceVjp's
 * forward and backward), scan/cond/while (as Scan/If/Loop) and jit boundaries (as model-local
 * functions). Each model runs in ONNX Runtime and must give evaluate's values; the structure is
 * read back with the same protobuf definitions; a primitive without a lowering is named in the
 * error. Where python3 has the `onnx` package (CI installs it), the ONNX checker must accept every
 * model too.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fromBinary } from "@bufbuild/protobuf";
import { ModelProtoSchema } from "onnx-buf";
import * as ort from "onnxruntime-node";
import { afterAll, describe, expect, it } from "vitest";
import { ArgumentError, evaluate, jit, lax, np, onnx, random, trace, traceVjp, valueAndGrad, type Tensor } from "../../src/index.js";
import { REFERENCE } from "../../src/backend/backend.js";
import type { Graph } from "../../src/ir/graph.js";
import { ONNX_LOWERINGS } from "../../src/onnx/lowering.js";
import { type OrtModule, fromOrt, toOrt } from "../../src/onnx/runtime.js";

const ORT = ort as unknown as OrtModule;
const exported: [string, Uint8Array][] = [];
/** Models Python's ONNX Runtime must run to the same values: inputs by name, and evaluate's outputs. */
const forPython: { name: string; inputs: Record<string, { shape: number[]; data: number[] }>; expected: number[][] }[] = [];

/** Records `g`'s export for the Python check, with `inputs` and what `evaluate` gave. */
function checkInPython(name: string, g: Graph, inputs: readonly Tensor[], want: readonly Tensor[]): void {
  const model = fromBinary(ModelProtoSchema, onnx.exportGraph(g));
  forPython.push({
    name,
    inputs: Object.fromEntries(model.graph!.input.map((v, k) => [v.name, { shape: [...inputs[k]!.shape], data: Array.from(inputs[k]!.concreteData()) }])),
    expected: want.map((t) => Array.from(t.concreteData())),
  });
}

/** Exports `g`, runs it in ONNX Runtime on `inputs` (flat), and returns the outputs. */
async function roundTrip(name: string, g: Graph, inputs: readonly Tensor[]): Promise<Tensor[]> {
  const bytes = onnx.exportGraph(g);
  exported.push([name, bytes]);
  const session = await ORT.InferenceSession.create(bytes);
  const feeds = Object.fromEntries(session.inputNames.map((n, k) => [n, toOrt(ORT, inputs[k]!, name)]));
  const result = await session.run(feeds);
  return session.outputNames.map((n, k) => fromOrt(result[n]!, g.outputs[k]!.aval, n));
}

function expectClose(got: readonly Tensor[], want: readonly Tensor[], tol: number): void {
  expect(got.length).toBe(want.length);
  got.forEach((t, k) => {
    expect(t.shape).toEqual(want[k]!.shape);
    const a = t.concreteData();
    const b = want[k]!.concreteData();
    for (let i = 0; i < b.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b[i]!)));
  });
}

const flatOut = (x: unknown): Tensor[] => (Array.isArray(x) ? x.flatMap(flatOut) : x instanceof Object && !("shape" in x) ? Object.values(x).flatMap(flatOut) : [x as Tensor]);

describe("onnx.exportGraph", () => {
  it("exports the gradient graph of an MLP loss (trace of valueAndGrad) and ONNX Runtime agrees", async () => {
    const loss = (p: { W: Tensor; b: Tensor }, x: Tensor) => np.mean(np.tanh(np.matmul(x, p.W).add(p.b)).mul(2));
    const p = { W: np.array([[0.1, 0.2, 0.3], [0.4, -0.5, 0.6]]), b: np.array([0.1, 0.2, -0.3]) };
    const x = np.array([[1, 2], [3, 4], [5, 6], [7, 8]]);
    const g = trace(valueAndGrad(loss))(p, x);
    const got = await roundTrip("mlp-grad", g, [p.W, p.b, x]);
    expectClose(got, flatOut(evaluate(g, p, x)), 1e-6);
    checkInPython("mlp-grad", g, [p.W, p.b, x], flatOut(evaluate(g, p, x)));
    // Inputs and outputs are named by their pytree paths.
    const model = fromBinary(ModelProtoSchema, onnx.exportGraph(g));
    expect(model.graph!.input.map((i) => i.name)).toEqual(["args[0].W", "args[0].b", "args[1]"]);
    expect(model.graph!.output.map((o) => o.name)).toEqual(["out[0]", "out[1].W", "out[1].b"]);
  });

  it("exports traceVjp's forward and backward graphs separately", async () => {
    const f = (x: Tensor) => np.sum(np.sin(x).mul(np.exp(x.neg())));
    const x = np.array([0.5, 1.5, -2]);
    const { forward, backward, residuals } = traceVjp(f)(x);
    const fwd = await roundTrip("vjp-forward", forward, [x]);
    expectClose(fwd, flatOut(evaluate(forward, x)), 1e-6);
    const res = fwd.slice(1);
    expect(res.length).toBe(residuals.length);
    const ct = np.array(1);
    const bwdInputs = [...res, ct];
    const bwd = await roundTrip("vjp-backward", backward, bwdInputs);
    expectClose(bwd, flatOut(evaluate(backward, ...(unflattenBackward(res, ct) as [never, never]))), 1e-6);
  });

  it("exports scan (and its gradient) as ONNX Scan", async () => {
    const rnn = (w: Tensor, xs: Tensor) => np.sum(lax.scan((h: Tensor, x: Tensor) => { const n = np.tanh(h.mul(w).add(x)); return [n, n] as [Tensor, Tensor]; }, np.zeros([3]), xs)[1]);
    const w = np.array([0.5, -0.3, 0.8]);
    const xs = np.array([[1, 2, 3], [0.1, 0.2, 0.3], [-1, 0, 1], [2, 2, 2]]);
    const g = trace(valueAndGrad(rnn))(w, xs);
    const model = fromBinary(ModelProtoSchema, onnx.exportGraph(g));
    const ops = (nodes: { opType: string; attribute: { g?: { node: unknown[] } }[] }[]): string[] =>
      nodes.flatMap((n) => [n.opType, ...n.attribute.flatMap((a) => (a.g ? ops(a.g.node as never) : []))]);
    expect(ops(model.graph!.node as never)).toContain("Scan");
    expectClose(await roundTrip("scan-grad", g, [w, xs]), flatOut(evaluate(g, w, xs)), 1e-5);
    checkInPython("scan-grad", g, [w, xs], flatOut(evaluate(g, w, xs)));
  });

  it("exports cond as nested If and whileLoop as Loop", async () => {
    const f = (i: Tensor, x: Tensor) => lax.switch(i, [(v: Tensor) => v.mul(2), (v: Tensor) => np.sin(v), (v: Tensor) => v.neg()], x);
    const x = np.array([0.25, -1]);
    for (const k of [-1, 0, 1, 2, 7]) {
      const i = np.array(k, { dtype: "int32" });
      const g = trace(f)(i, x);
      expectClose(await roundTrip(`switch-${k}`, g, [i, x]), [f(i, x)], 1e-6);
    }
    const count = (x: Tensor) => lax.whileLoop((c: Tensor[]) => np.less(c[0]!, 10), ([n, v]: Tensor[]) => [n!.add(1), v!.mul(1.5)], [np.array(0), x]);
    const g = trace(count)(x);
    const model = fromBinary(ModelProtoSchema, onnx.exportGraph(g));
    expect(model.graph!.node.map((n) => n.opType)).toContain("Loop");
    expectClose(await roundTrip("while", g, [x]), flatOut(count(x)), 1e-6);
  });

  it("exports a jit boundary as a model-local function", async () => {
    const inner = jit((v: Tensor) => np.tanh(v).mul(v));
    const f = (x: Tensor) => inner(x).add(inner(x.mul(2)));
    const x = np.array([0.5, -1, 2]);
    const g = trace(f)(x);
    const model = fromBinary(ModelProtoSchema, onnx.exportGraph(g));
    expect(model.functions.length).toBe(1);
    expect(model.graph!.node.filter((n) => n.domain === model.functions[0]!.domain).length).toBe(2);
    expectClose(await roundTrip("jit-function", g, [x]), [f(x)], 1e-6);
  });

  it("names the primitive (and the user's line) that has no ONNX lowering", () => {
    // Every primitive with a forward meaning has a lowering (custom_lin's own refusal is in
    // export-errors.test.ts); the path a primitive without one takes is checked by taking
    // random_gamma's entry out of the table for this test.
    const g = trace((a: Tensor) => random.gamma(random.key(0), a, [3]))(np.array(2));
    const table = ONNX_LOWERINGS as Record<string, unknown>;
    const lowering = table.random_gamma;
    table.random_gamma = REFERENCE;
    try {
      expect(() => onnx.exportGraph(g)).toThrow(onnx.OnnxExportError);
      expect(() => onnx.exportGraph(g)).toThrow(/primitive random_gamma has no ONNX lowering yet.* \(equation at export\.test\.ts:\d+:\d+\)/);
    } finally {
      table.random_gamma = lowering;
    }
    expect(() => onnx.exportGraph(g)).not.toThrow();
  });

  it("refuses what is not a graph, and opsets it does not write", () => {
    expect(() => onnx.exportGraph({} as never)).toThrow(ArgumentError);
    const g = trace((x: Tensor) => x.add(1))(np.array(1));
    expect(() => onnx.exportGraph(g, { opset: 12 })).toThrow(/opset must be an integer from 18 to 26/);
    expect(() => onnx.exportGraph(g, { opset: 27 })).toThrow(/opset must be an integer from 18 to 26/);
  });

  afterAll(() => {
    // The ONNX checker (full check, with shape inference), and Python's ONNX Runtime running the
    // recorded models, where python3 has the onnx and onnxruntime packages.
    let hasChecker = true;
    try {
      execFileSync("python3", ["-c", "import onnx, onnxruntime"], { stdio: "ignore" });
    } catch {
      hasChecker = false;
    }
    if (!hasChecker) {
      console.warn("[onnx] python3 with the onnx and onnxruntime packages not found: the ONNX checker and Python's ONNX Runtime were not run (CI installs them)");
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), "fluxion-onnx-"));
    const files = exported.map(([name, bytes]) => {
      const file = join(dir, `${name}.onnx`);
      writeFileSync(file, bytes);
      return file;
    });
    const script = "import sys, onnx\nfor f in sys.argv[1:]:\n    onnx.checker.check_model(onnx.load(f), full_check=True)\nprint('ok', len(sys.argv) - 1)";
    const out = execFileSync("python3", ["-c", script, ...files], { encoding: "utf8" });
    expect(out.trim()).toBe(`ok ${files.length}`);
    const checks = join(dir, "python-checks.json");
    writeFileSync(checks, JSON.stringify(forPython));
    const run = [
      "import json, sys, numpy as np, onnxruntime as ort",
      "worst = 0.0",
      "for c in json.load(open(sys.argv[1])):",
      "    s = ort.InferenceSession(sys.argv[2] + '/' + c['name'] + '.onnx')",
      "    feeds = {n: np.array(v['data'], np.float32).reshape(v['shape']) for n, v in c['inputs'].items()}",
      "    for got, want in zip(s.run(None, feeds), c['expected']):",
      "        worst = max(worst, float(np.max(np.abs(got.ravel() - np.array(want)) / np.maximum(1, np.abs(want)))))",
      "print(len(json.load(open(sys.argv[1]))), worst)",
    ].join("\n");
    const [count, worst] = execFileSync("python3", ["-c", run, checks, dir], { encoding: "utf8" }).trim().split(" ");
    expect(Number(count)).toBe(forPython.length);
    expect(Number(worst)).toBeLessThan(1e-5);
    // Two Python processes importing onnx and onnxruntime: seconds each on a busy machine.
  }, 120_000);
});

/** The backward graph's arguments: (residuals, cotangent) as traceVjp's backward takes them. */
function unflattenBackward(res: readonly Tensor[], ct: Tensor): unknown[] {
  return [res, ct];
}
