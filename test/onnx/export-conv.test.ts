/**
 * onnx.exportGraph on convolutional networks: the gradient graph of a small CNN (an NHWC
 * convolution, relu, max pooling, a grouped strided convolution, a dense layer) holds every
 * primitive of the conv and window areas a training step needs — the input gradient's lhs-dilated
 * convolution, the grouped kernel gradient's batch-grouped one, max pooling's
 * select_and_scatter_add — and, differentiated again, select_and_gather_add. Each model runs in
 * ONNX Runtime and must give what `evaluate` gives on the graph and what the eager function gives,
 * in float32 (ONNX Conv) and float64 (the gathered form). Where python3 has the `onnx` package,
 * the ONNX checker (with shape inference) must accept every model.
 */
import { fromBinary } from "@bufbuild/protobuf";
import { ModelProtoSchema } from "onnx-buf";
import * as ort from "onnxruntime-node";
import { checkModels } from "./onnx-checker.js";
import { afterAll, describe, expect, it } from "vitest";
import { evaluate, grad, lax, nn, np, onnx, trace, tree, valueAndGrad, type Tensor } from "../../src/index.js";
import type { Graph } from "../../src/ir/graph.js";
import { reduceWindow, selectAndGatherAdd, selectAndScatterAdd } from "../../src/primitives/window/ops.js";
import { type OrtModule, fromOrt, toOrt } from "../../src/onnx/runtime.js";

const ORT = ort as unknown as OrtModule;
const exported: [string, Uint8Array][] = [];

/** Exports `g`, runs it in ONNX Runtime on `inputs` (flat) and returns the outputs and the model's op types. */
async function roundTrip(name: string, g: Graph, inputs: readonly Tensor[]): Promise<{ got: Tensor[]; ops: string[] }> {
  const bytes = onnx.exportGraph(g);
  exported.push([name, bytes]);
  const session = await ORT.InferenceSession.create(bytes);
  const feeds = Object.fromEntries(session.inputNames.map((n, k) => [n, toOrt(ORT, inputs[k]!, name)]));
  const result = await session.run(feeds);
  const ops = fromBinary(ModelProtoSchema, bytes).graph!.node.map((n) => n.opType);
  return { got: session.outputNames.map((n, k) => fromOrt(result[n]!, g.outputs[k]!.aval, n)), ops };
}

/** Every element within `tol` relative to max(1, |want|), same shapes and dtypes. */
function expectClose(got: readonly Tensor[], want: readonly Tensor[], tol: number): void {
  expect(got.length).toBe(want.length);
  got.forEach((t, k) => {
    expect(t.shape).toEqual(want[k]!.shape);
    expect(t.dtype).toBe(want[k]!.dtype);
    const a = t.concreteData();
    const b = want[k]!.concreteData();
    for (let i = 0; i < b.length; i++) expect(Math.abs(a[i]! - b[i]!), `element ${i} of output ${k}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b[i]!)));
  });
}

const flat = (x: unknown): Tensor[] => tree.leaves(x) as Tensor[];

/** Deterministic values in [−scale, scale) (a fixed linear congruential sequence). */
function seeded(shape: readonly number[], seed: number, dtype: "float32" | "float64", scale = 1): Tensor {
  let s = seed >>> 0;
  const n = shape.reduce((p, d) => p * d, 1);
  const data = Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32 - 0.5) * 2 * scale;
  });
  return np.reshape(np.array(data, { dtype }), [...shape]);
}

const DN = ["NHWC", "HWIO", "NHWC"] as const;

interface Params {
  k1: Tensor; b1: Tensor; k2: Tensor; W: Tensor; c: Tensor;
}

/** conv 3×3 SAME → relu → max pool 2×2/2 → grouped conv 2×2 stride 2 (2 groups) → relu → dense. */
function logits(p: Params, x: Tensor): Tensor {
  let h = lax.convGeneralDilated(x, p.k1, [1, 1], "SAME", { dimensionNumbers: [...DN] });
  h = nn.relu(h.add(p.b1));
  h = nn.maxPool(h, [2, 2], { strides: [2, 2] });
  h = nn.relu(lax.convGeneralDilated(h, p.k2, [2, 2], "SAME", { dimensionNumbers: [...DN], featureGroupCount: 2 }));
  return np.matmul(np.reshape(h, [h.shape[0]!, -1]), p.W).add(p.c);
}

const loss = (p: Params, x: Tensor, y: Tensor): Tensor => np.mean(np.square(logits(p, x).sub(y)));

/** A batch of 3 RGB-ish 6×6 images (4 channels), the network's parameters and targets. */
function problem(dtype: "float32" | "float64"): { p: Params; x: Tensor; y: Tensor } {
  return {
    p: {
      k1: seeded([3, 3, 4, 6], 1, dtype, 0.5), b1: seeded([6], 2, dtype, 0.1),
      k2: seeded([2, 2, 3, 4], 3, dtype, 0.5), W: seeded([16, 3], 4, dtype, 0.5), c: seeded([3], 5, dtype, 0.1),
    },
    x: seeded([3, 6, 6, 4], 6, dtype),
    y: seeded([3, 3], 7, dtype),
  };
}

/** The graph's inputs in order: the arguments' leaves, as trace flattens them. */
const inputsOf = ({ p, x, y }: ReturnType<typeof problem>): Tensor[] => tree.leaves([p, x, y]) as Tensor[];

/** The primitive names of a graph and its sub-graphs, through the printed form. */
const primitivesOf = (g: Graph): string => g.toString();

describe("onnx.exportGraph of convolutional networks", () => {
  for (const [dtype, tol] of [["float32", 2e-5], ["float64", 1e-12]] as const) {
    it(`exports trace(valueAndGrad) of a small CNN in ${dtype}, and ONNX Runtime agrees with evaluate and the eager gradient`, async () => {
      const pr = problem(dtype);
      const g = trace(valueAndGrad(loss))(pr.p, pr.x, pr.y);
      const printed = primitivesOf(g);
      // The training step's graph holds the conv and window primitives the lowering must cover.
      expect(printed).toContain("select_and_scatter_add");
      expect(printed).toMatch(/lhs_dilation=\(2, 2\)/); // the strided conv's input gradient
      expect(printed).toMatch(/batch_group_count=2/); // the grouped conv's kernel gradient
      const { got, ops } = await roundTrip(`cnn-grad-${dtype}`, g, inputsOf(pr));
      expectClose(got, flat(evaluate(g, pr.p, pr.x, pr.y)), tol);
      expectClose(got, flat(valueAndGrad(loss)(pr.p, pr.x, pr.y)), tol);
      // Float32 convolutions without batch groups run as ONNX Conv, the batch-grouped one as
      // gathered receptive fields and MatMul (in float64); float64 ones (no ONNX Runtime Conv
      // kernel) as gathered receptive fields whose products are summed apart.
      expect(ops.includes("Conv")).toBe(dtype === "float32");
      expect(ops.includes("MatMul")).toBe(dtype === "float32");
    });
  }

  it("exports a second derivative through max pooling (select_and_gather_add) and ONNX Runtime agrees", async () => {
    const pr = problem("float64");
    // d/dx of |∇ₓ loss|²: the pooling's scatter is differentiated into a gather.
    const gradNorm = (x: Tensor): Tensor => np.sum(np.square(grad((v: Tensor) => loss(pr.p, v, pr.y))(x)));
    const g = trace(grad(gradNorm))(pr.x);
    expect(primitivesOf(g)).toContain("select_and_gather_add");
    const { got } = await roundTrip("cnn-grad-grad", g, [pr.x]);
    expectClose(got, [evaluate(g, pr.x) as Tensor].flatMap(flat), 1e-12);
    expectClose(got, [grad(gradNorm)(pr.x)], 1e-12);
  });

  it("keeps max pooling's NaN, ties and padding as the reference kernels do", async () => {
    // A NaN wins its window's max, and is passed over by the selection behind the gradient; ties
    // send the gradient to the first maximum in row-major window order; padding never wins.
    const x = np.reshape(np.array([1, 3, NaN, 2, 3, 0, 2, 2, -1, 5, 4, -2, 5, 5, 4, 1], { dtype: "float32" }), [1, 4, 4, 1]);
    const pools = {
      valid: (v: Tensor): Tensor => nn.maxPool(v, [2, 2], { strides: [2, 2] }),
      padded: (v: Tensor): Tensor => nn.maxPool(v, [3, 2], { strides: [1, 2], padding: [[1, 1], [0, 1]] }),
    };
    for (const [name, pool] of Object.entries(pools)) {
      const { got } = await roundTrip(`max-pool-${name}`, trace(pool)(x), [x]);
      const want = pool(x);
      expect(Array.from(got[0]!.concreteData())).toEqual(Array.from(want.concreteData()));
      expect(Array.from(want.concreteData()).some(Number.isNaN)).toBe(true);
      const weights = seeded(want.shape, 8, "float32");
      const back = (v: Tensor): Tensor => np.sum(pool(v).mul(weights));
      const { got: gotGrad } = await roundTrip(`max-pool-${name}-grad`, trace(grad(back))(x), [x]);
      expect(Array.from(gotGrad[0]!.concreteData())).toEqual(Array.from(grad(back)(x).concreteData()));
    }
    // The 2×2 windows' selections, by hand: (0,1) of the tie 3 = 3, (0,3) after the NaN, (2,1) of three 5s, (2,2) of two 4s.
    const w = seeded([1, 2, 2, 1], 8, "float32").concreteData();
    const expected = new Array<number>(16).fill(0);
    [[1, 0], [3, 1], [9, 2], [10, 3]].forEach(([at, k]) => (expected[at!] = w[k!]!));
    const back = (v: Tensor): Tensor => np.sum(pools.valid(v).mul(np.reshape(np.array(Array.from(w), { dtype: "float32" }), [1, 2, 2, 1])));
    const { got } = await roundTrip("max-pool-valid-by-hand", trace(grad(back))(x), [x]);
    expect(Array.from(got[0]!.concreteData())).toEqual(expected);
  });

  it("selects as the reference kernel does wherever NaNs stand in a window (select_and_gather_add, select_and_scatter_add)", async () => {
    // Windows of 3 taps (dilated by 2 on one dim) over padding too; every placement of NaN among
    // five elements, over values with ties and infinities, for both selectors of both primitives.
    const geometry = { windowDimensions: [3, 2], windowStrides: [1, 1], padding: [[1, 1], [1, 0]] as [number, number][], baseDilation: [1, 1], windowDilation: [1, 2] };
    const windows = [6, 1];
    const f = (t: Tensor, x: Tensor, s: Tensor): Tensor[] =>
      (["ge", "le"] as const).flatMap((selectPrim) => [
        selectAndGatherAdd(t, x, { ...geometry, selectPrim }),
        selectAndScatterAdd(s, x, { ...geometry, selectPrim }),
      ]);
    const t = seeded([6, 2], 9, "float64");
    const s = seeded(windows, 10, "float64");
    const base = [2, -Infinity, 2, Infinity, -1, 2, 0, 5, 2, -Infinity, 1, 1];
    const g = trace(f)(t, np.reshape(np.array(base, { dtype: "float64" }), [6, 2]), s);
    const bytes = onnx.exportGraph(g);
    exported.push(["select-nan", bytes]);
    const session = await ORT.InferenceSession.create(bytes);
    for (let mask = 0; mask < 32; mask++) {
      const values = base.map((v, i) => ([0, 3, 5, 8, 11].some((at, k) => at === i && (mask >> k) & 1) ? NaN : v));
      const x = np.reshape(np.array(values, { dtype: "float64" }), [6, 2]);
      const feeds = Object.fromEntries(session.inputNames.map((n, k) => [n, toOrt(ORT, [t, x, s][k]!, "select-nan")]));
      const result = await session.run(feeds);
      const want = evaluate(g, t, x, s) as Tensor[];
      session.outputNames.forEach((n, k) => {
        const got = fromOrt(result[n]!, g.outputs[k]!.aval, n);
        expect(Array.from(got.concreteData()), `output ${k}, NaN mask ${mask}`).toEqual(Array.from(want[k]!.concreteData()));
      });
    }
  });

  it("reduces integer windows exactly: uint32 above 2³¹, int32 and uint32 sums wrapping", async () => {
    const geometry = { windowDimensions: [1, 2, 1], windowStrides: [1, 1, 1], padding: [[0, 0], [0, 1], [0, 0]] as [number, number][], baseDilation: [1, 1, 1], windowDilation: [1, 1, 1] };
    const big = [0, 4294967295, 2147483648, 3000000000, 1, 2147483647, 7, 4294967294, 5, 0, 3, 2];
    for (const dtype of ["uint32", "int32"] as const) {
      const values = dtype === "uint32" ? big : big.map((v) => v | 0);
      const x = np.reshape(np.array([...values, ...values.reverse()], { dtype }), [2, 3, 4]);
      const f = (v: Tensor): Tensor[] => (["reduce_window_min", "reduce_window_max", "reduce_window_sum"] as const).map((name) => reduceWindow(name, v, geometry));
      const g = trace(f)(x);
      const { got } = await roundTrip(`integer-windows-${dtype}`, g, [x]);
      const want = evaluate(g, x) as Tensor[];
      got.forEach((t, k) => expect(Array.from(t.concreteData()), `${dtype} output ${k}`).toEqual(Array.from(want[k]!.concreteData())));
    }
  });

  afterAll(() => {
    const checked = checkModels(exported, "conv");
    if (checked !== undefined) expect(checked.accepted).toBe(exported.length);
  }, 120_000);
});
