/**
 * onnx.exportGraph on gradient graphs through the matrix decompositions: the trace of grad of a
 * loss using np.linalg.solve (lu, triangular_solve, lu_pivots_to_permutation), cholesky and eigh
 * (and qr/svd) exports with the decompositions as ONNX Loops, runs in ONNX Runtime and gives
 * evaluate's values — on single matrices and on batches, in float64 and float32.
 */
import { fromBinary } from "@bufbuild/protobuf";
import { ModelProtoSchema } from "onnx-buf";
import * as ort from "onnxruntime-node";
import { checkModels } from "./onnx-checker.js";
import { afterAll, describe, expect, it } from "vitest";
import { evaluate, grad, np, onnx, trace, valueAndGrad, type Tensor } from "../../src/index.js";
import type { Graph } from "../../src/ir/graph.js";
import { type OrtModule, fromOrt, toOrt } from "../../src/onnx/runtime.js";

const ORT = ort as unknown as OrtModule;
const exported: Uint8Array[] = [];

/** Runs g's export in ONNX Runtime on the flat `inputs`. */
async function runExported(g: Graph, inputs: readonly Tensor[]): Promise<Tensor[]> {
  const bytes = onnx.exportGraph(g);
  exported.push(bytes);
  const session = await ORT.InferenceSession.create(bytes);
  const feeds = Object.fromEntries(session.inputNames.map((n, k) => [n, toOrt(ORT, inputs[k]!, "test")]));
  const result = await session.run(feeds);
  return session.outputNames.map((n, k) => fromOrt(result[n]!, g.outputs[k]!.aval, n));
}

const flat = (x: unknown): Tensor[] => (Array.isArray(x) ? x.flatMap(flat) : x instanceof Object && !("shape" in x) ? Object.values(x).flatMap(flat) : [x as Tensor]);

function expectClose(got: readonly Tensor[], want: readonly Tensor[], tol: number): void {
  expect(got.length).toBe(want.length);
  got.forEach((t, k) => {
    expect(t.shape).toEqual(want[k]!.shape);
    const a = t.concreteData(), b = want[k]!.concreteData();
    for (let i = 0; i < b.length; i++) {
      expect(Number.isFinite(b[i]!)).toBe(true);
      expect(Math.abs(a[i]! - b[i]!)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b[i]!)));
    }
  });
}

/** The op types of a model, sub-graphs included. */
function opTypes(g: Graph): string[] {
  const walk = (nodes: { opType: string; attribute: { g?: { node: unknown[] } }[] }[]): string[] =>
    nodes.flatMap((n) => [n.opType, ...n.attribute.flatMap((a) => (a.g ? walk(a.g.node as never) : []))]);
  return walk(fromBinary(ModelProtoSchema, onnx.exportGraph(g)).graph!.node as never);
}

/**
 * A loss through solve, cholesky and eigh of the symmetric positive definite S = M·Mᵀ + 3I: the
 * eigenvector term weighs each squared entry, so it does not depend on the vectors' signs.
 */
function loss(m: Tensor, b: Tensor): Tensor {
  const n = m.shape[m.ndim - 1]!;
  const s = np.matmul(m, np.linalg.matrixTranspose(m)).add(np.eye(n, n, m.dtype).mul(3));
  const x = np.linalg.solve(s, b);
  const l = np.linalg.cholesky(s);
  const { eigenvalues, eigenvectors } = np.linalg.eigh(s);
  const weights = np.arange(0, n * n, 1, m.dtype).reshape([n, n]).mul(0.1);
  return np.sum(x.mul(x))
    .add(np.sum(np.tanh(l)))
    .add(np.sum(eigenvalues.mul(eigenvalues)).mul(0.01))
    .add(np.sum(eigenvectors.mul(eigenvectors).mul(weights)));
}

const M = [[1.2, 0.3, -0.4], [0.1, 0.9, 0.5], [-0.7, 0.2, 1.1]];
const B = [[1, 0.5], [-2, 0.25], [0.5, 1]];

describe("onnx.exportGraph of gradients through the matrix decompositions", () => {
  afterAll(() => {
    // The ONNX checker (full check, with shape inference through the Loop bodies).
    const checked = checkModels(exported.map((bytes, k) => [`model-${k}`, bytes] as const), "linalg");
    if (checked !== undefined) expect(checked.accepted).toBe(exported.length);
  }, 120_000);

  it("trace(grad) of a loss using solve, cholesky and eigh runs in ONNX Runtime and matches evaluate (float64)", async () => {
    const m = np.array(M, { dtype: "float64" }), b = np.array(B, { dtype: "float64" });
    const g = trace(grad(loss, { argnums: [0, 1] }))(m, b);
    const ops = opTypes(g);
    expect(ops).toContain("Loop");
    expect(ops.filter((o) => o === "Loop").length).toBeGreaterThanOrEqual(4);
    const want = flat(evaluate(g, m, b));
    expectClose(await runExported(g, [m, b]), want, 1e-9);
    // The reference values are the gradient itself, not an artefact of the trace.
    expectClose(want, flat(grad(loss, { argnums: [0, 1] })(m, b)), 1e-12);
  });

  it("batched matrices (leading dims), float32, value and gradient", async () => {
    const m = np.array([M, [[0.5, -0.2, 0.1], [0.3, 1.4, -0.6], [0.2, 0.1, 0.8]]], { dtype: "float32" });
    const b = np.array([B, [[0, 1], [1, 0], [2, -1]]], { dtype: "float32" });
    const g = trace(valueAndGrad(loss))(m, b);
    expectClose(await runExported(g, [m, b]), flat(evaluate(g, m, b)), 2e-4);
  });

  it("qr and svd of a tall batch, reduced and full, match evaluate", async () => {
    const a = np.array([[[2, 0.5], [0.3, -1.5], [0.1, 0.4], [1, 1]], [[-1, 2], [0.5, 0.5], [3, 0], [0, 1]]], { dtype: "float64" });
    for (const fullMatrices of [false, true]) {
      const f = (x: Tensor): Tensor[] => {
        const { Q, R } = np.linalg.qr(x, fullMatrices ? "complete" : "reduced");
        const { U, S, Vh } = np.linalg.svd(x, fullMatrices);
        return [Q, R, U, S, Vh];
      };
      const g = trace(f)(a);
      expectClose(await runExported(g, [a]), flat(evaluate(g, a)), 1e-9);
    }
  });
});
